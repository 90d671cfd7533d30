import datetime
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Page, Revision, Site

from portal.accounts.models import User
from portal.demo import data
from portal.home.models import HomePage
from portal.org import roles
from portal.org.models import Membership, Position, Unit
from portal.org.selectors import (
    department_director,
    effective_unit_head,
    office_head,
    primary_membership,
    unit_head,
    unit_overseer,
)

# The usernames external checks rely on, with their unit code and position code.
CONTRACT = {
    "giamdoc": ("SCT", "giam-doc-so"),
    "phogiamdoc1": ("SCT", "pho-giam-doc-so"),
    "phogiamdoc2": ("SCT", "pho-giam-doc-so"),
    "chanhvanphong": ("VP", "chanh-van-phong"),
    "vanthu": ("VP", "van-thu"),
    "baove": ("VP", "bao-ve"),
    "truongphong_cn": ("QLCN", "truong-phong"),
    "phophong_cn": ("QLCN", "pho-truong-phong"),
    "chuyenvien_cn": ("QLCN", "chuyen-vien"),
    "truongphong_tm": ("QLTM", "truong-phong"),
    "chuyenvien_tm": ("QLTM", "chuyen-vien"),
    "giamdoc_tt": ("TTKC", "giam-doc-trung-tam"),
    "phogiamdoc_tt": ("TTKC", "pho-giam-doc-trung-tam"),
    "vienchuc_tt": ("TTKC-TH", "vien-chuc"),
    "congdoan": ("KHTC", "chuyen-vien"),
    "ttnd": ("TTKC-TH", "vien-chuc"),
}


def load() -> str:
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "units": Unit.objects.count(),
        "memberships": Membership.objects.count(),
        "positions": Position.objects.count(),
        "groups": Group.objects.count(),
        "group_links": User.groups.through.objects.count(),
        "pages": Page.objects.count(),
        "home_pages": HomePage.objects.count(),
        "revisions": Revision.objects.count(),
        "sites": Site.objects.count(),
    }


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def user(username: str) -> User:
    return User.objects.get(username=username)


@pytest.fixture
def demo(db):
    load()


@pytest.mark.django_db
def test_running_twice_changes_nothing_and_keeps_passwords_and_mfa():
    load()
    first = snapshot()
    giamdoc = user("giamdoc")
    giamdoc.set_password("doi-mat-khau-2026")
    giamdoc.save()
    Authenticator.objects.create(
        user=giamdoc, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"}
    )

    output = load()

    assert snapshot() == first
    giamdoc.refresh_from_db()
    assert giamdoc.check_password("doi-mat-khau-2026")
    assert Authenticator.objects.filter(user=giamdoc).count() == 1
    assert "Trang chủ «Cổng biểu mẫu và phê duyệt điện tử» tại /: không thay đổi." in output
    assert "tạo mới: 0" in output


@pytest.mark.django_db
def test_first_run_prints_vietnamese_summary_and_every_account():
    output = load()

    assert "Đã nạp dữ liệu mẫu của Sở Công Thương." in output
    assert f"Tài khoản: {len(data.PEOPLE)} (tạo mới: {len(data.PEOPLE)})" in output
    for username in [*CONTRACT, "admin"]:
        assert f"  {username} " in output
    assert "Giám đốc Sở" in output


@pytest.mark.django_db
def test_edited_home_page_is_put_back_with_one_new_revision(demo):
    home = HomePage.objects.get()
    home.title = "Trang thử"
    home.save_revision().publish()
    revisions = Revision.objects.count()

    assert "đã cập nhật" in load()

    home.refresh_from_db()
    assert home.title == data.HOME_PAGE["title"]
    assert Revision.objects.count() == revisions + 1


@pytest.mark.django_db
def test_contract_accounts_hold_their_unit_and_position(demo):
    for username, (code, position) in CONTRACT.items():
        membership = primary_membership(user=user(username))
        assert membership is not None, username
        assert (membership.unit.code, membership.position.code) == (code, position), username


@pytest.mark.django_db
def test_people_have_vietnamese_names_emails_and_seniority(demo):
    for person in User.objects.filter(username__in=[p.username for p in data.PEOPLE]):
        assert person.last_name and person.first_name, person.username
        assert person.email.endswith("@sct.example.gov.vn"), person.username
        assert not Authenticator.objects.filter(user=person).exists()
    assert user("giamdoc").get_full_name() == "Trần Quốc Hưng"
    ten_years_ago = timezone.localdate() - datetime.timedelta(days=3653)
    starts = sorted(Membership.objects.values_list("start_date", flat=True))
    assert starts[0] < ten_years_ago
    assert starts[-1] > timezone.localdate() - datetime.timedelta(days=5 * 365)


@pytest.mark.django_db
def test_unit_tree(demo):
    root = unit("SCT")
    assert (root.kind, root.parent) == (Unit.Kind.DEPARTMENT, None)
    assert unit("VP").kind == Unit.Kind.OFFICE
    assert unit("TTKC").kind == Unit.Kind.CENTRE
    sub = unit("TTKC-TH")
    assert (sub.kind, sub.parent.code, sub.name) == (
        Unit.Kind.SUB_DIVISION,
        "TTKC",
        "Phòng Tổng hợp và Quản lý cụm công nghiệp",
    )
    for code in ["VP", "TTRA", "KHTC", "QLCN", "QLTM", "TTKC"]:
        assert unit(code).parent == root, code


@pytest.mark.django_db
def test_oversight(demo):
    expected = {
        "VP": "phogiamdoc1",
        "QLCN": "phogiamdoc1",
        "QLTM": "phogiamdoc2",
        "TTKC": "phogiamdoc2",
        "TTKC-TH": "phogiamdoc2",
        "TTRA": "giamdoc",
        "KHTC": "giamdoc",
        "SCT": "giamdoc",
    }
    for code, username in expected.items():
        assert unit_overseer(unit=unit(code)).username == username, code
    # The centre's own phòng inherits rather than naming the deputy twice.
    assert unit("TTKC-TH").overseer is None


@pytest.mark.django_db
def test_heads(demo):
    assert department_director().username == "giamdoc"
    assert office_head().username == "chanhvanphong"
    assert unit_head(unit=unit("QLCN")).username == "truongphong_cn"
    assert unit_head(unit=unit("QLTM")).username == "truongphong_tm"
    assert unit_head(unit=unit("TTKC")).username == "giamdoc_tt"
    assert unit_head(unit=unit("TTKC-TH")) is None
    assert effective_unit_head(unit=unit("TTKC-TH")).username == "giamdoc_tt"


@pytest.mark.django_db
def test_role_groups(demo):
    def members(code):
        return set(
            User.objects.filter(groups__name=roles.GROUP_NAMES[code]).values_list(
                "username", flat=True
            )
        )

    assert members(roles.OFFICE) == {"chanhvanphong", "vanthu"}
    assert members(roles.CLERK) == {"vanthu"}
    assert members(roles.SECURITY) == {"baove"}
    assert members(roles.UNION) == {"congdoan"}
    assert members(roles.INSPECTION_BOARD) == {"ttnd"}
    admin = user("admin")
    assert admin.is_superuser and admin.is_staff
    assert not User.objects.filter(is_superuser=True).exclude(username="admin").exists()


@pytest.mark.django_db
def test_demo_users_log_in_with_demo_password(demo, client):
    for username in [*CONTRACT, "admin"]:
        assert user(username).check_password(settings.DEMO_PASSWORD), username
    assert client.login(username="chuyenvien_cn", password=settings.DEMO_PASSWORD)
    assert not client.login(username="chuyenvien_cn", password="sai-mat-khau")


@pytest.mark.django_db
def test_home_page_replaces_welcome_page_and_is_served(demo, client):
    home = HomePage.objects.get()
    assert home.live and home.slug == "home"
    assert Page.get_first_root_node().get_children().count() == 1
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_page_id) == ("localhost", 80, home.pk)

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Cổng biểu mẫu và phê duyệt điện tử" in html
    assert "nộp đơn xin nghỉ phép" in html
    assert "Bảo mật tài khoản" in html


@pytest.mark.django_db
def test_empty_demo_password_is_refused(settings):
    settings.DEMO_PASSWORD = ""
    with pytest.raises(CommandError, match="DEMO_PASSWORD"):
        load()
    assert not User.objects.filter(username="giamdoc").exists()


@pytest.mark.django_db
def test_generic_form_exists_once_after_two_runs_and_is_published():
    from forms.models import ApprovalFormPage

    first = load()
    second = load()

    page = ApprovalFormPage.objects.get(slug="giay-de-nghi")
    assert ApprovalFormPage.objects.filter(slug="giay-de-nghi").count() == 1
    assert "Biểu mẫu «Giấy đề nghị» tại /giay-de-nghi/: đã tạo." in first
    assert "Biểu mẫu «Giấy đề nghị» tại /giay-de-nghi/: không thay đổi." in second
    assert page.live and not page.has_unpublished_changes
    assert page.get_parent().specific_class is HomePage
    assert page.title == "Giấy đề nghị" and page.open_to_all
    fields = [(f.label, f.field_type, f.required) for f in page.form_fields.all()]
    assert fields == [("Nội dung đề nghị", "multiline", True), ("Tệp kèm theo", "file", False)]
    assert [g.name for g in page.viewer_groups.all()] == [roles.GROUP_NAMES[roles.OFFICE]]
    steps = page.approval_policy.raw_data[0]["value"]["steps"]
    assert [(s["kind"], s["resolver"]) for s in steps] == [
        ("opinion", "unit_head"),
        ("decision", "overseer"),
    ]


@pytest.mark.django_db
def test_edited_generic_form_is_put_back():
    from forms.models import ApprovalFormPage, FormField

    load()
    page = ApprovalFormPage.objects.get(slug="giay-de-nghi")
    page.title = "Đề nghị sửa"
    page.form_fields = [FormField(label="Khác", field_type="singleline", required=False)]
    page.save_revision().publish()

    assert "Biểu mẫu «Giấy đề nghị» tại /giay-de-nghi/: đã cập nhật." in load()

    page = ApprovalFormPage.objects.get(slug="giay-de-nghi")
    assert page.title == "Giấy đề nghị"
    assert [f.label for f in page.form_fields.all()] == ["Nội dung đề nghị", "Tệp kèm theo"]


@pytest.mark.django_db
def test_demo_staff_submits_the_generic_form_to_their_unit_head(client):
    from forms.models import ApprovalFormPage, Submission

    load()
    page = ApprovalFormPage.objects.get(slug="giay-de-nghi")
    client.force_login(user("chuyenvien_cn"))
    content = page.get_form_fields()[0].clean_name

    response = client.post(
        page.url, {content: "Đề nghị cấp 5 ram giấy A4.", "submission_token": "demo-1"}
    )

    submission = Submission.objects.get(requester__username="chuyenvien_cn")
    assert response.status_code == 302
    chain = [(s.kind, s.approver.username) for s in submission.steps.order_by("order")]
    assert chain == [("opinion", "truongphong_cn"), ("decision", "phogiamdoc1")]


def _policy_without_ids(raw) -> list:
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "id"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(list(raw))


@pytest.mark.django_db
def test_leave_form_exists_once_after_two_runs_with_the_an_giang_policy():
    from forms.leave.models import LeaveFormPage
    from forms.policy.demo import AN_GIANG_LEAVE_POLICY
    from portal.demo.services import demo_data_load

    first = demo_data_load(password="mat-khau-demo")
    before = snapshot()
    second = demo_data_load(password="mat-khau-demo")

    assert snapshot() == before
    assert (first["leave_page_status"], second["leave_page_status"]) == ("created", "unchanged")
    assert (second["leave_page_title"], second["leave_page_url"]) == (
        "Đơn xin nghỉ phép",
        "/nghi-phep/",
    )
    page = Page.objects.get(slug="nghi-phep").specific
    assert type(page) is LeaveFormPage
    assert LeaveFormPage.objects.count() == 1
    assert page.live and not page.has_unpublished_changes
    assert page.get_parent().specific_class is HomePage
    assert page.open_to_all
    assert not page.allowed_units.exists() and not page.allowed_positions.exists()
    assert [g.name for g in page.viewer_groups.all()] == [roles.GROUP_NAMES[roles.OFFICE]]
    assert not page.form_fields.exists()  # the leave fields are the page type's own
    assert "ngày làm việc" in page.intro and "buổi sáng hoặc buổi chiều" in page.intro
    assert "Điều 113–115" in page.intro
    assert page.thank_you_text
    assert _policy_without_ids(page.approval_policy.raw_data) == _policy_without_ids(
        AN_GIANG_LEAVE_POLICY
    )


@pytest.mark.django_db
def test_edited_leave_form_is_put_back_to_the_an_giang_policy():
    from forms.leave.models import LeaveFormPage
    from forms.policy.demo import AN_GIANG_LEAVE_POLICY, HAI_DUONG_LEAVE_POLICY
    from portal.demo.services import demo_data_load

    demo_data_load(password="mat-khau-demo")
    page = LeaveFormPage.objects.get(slug="nghi-phep")
    page.approval_policy = HAI_DUONG_LEAVE_POLICY
    page.viewer_groups = []
    page.save_revision().publish()

    assert demo_data_load(password="mat-khau-demo")["leave_page_status"] == "updated"

    page = LeaveFormPage.objects.get(slug="nghi-phep")
    assert _policy_without_ids(page.approval_policy.raw_data) == _policy_without_ids(
        AN_GIANG_LEAVE_POLICY
    )
    assert [g.name for g in page.viewer_groups.all()] == [roles.GROUP_NAMES[roles.OFFICE]]
    assert LeaveFormPage.objects.count() == 1


@pytest.mark.django_db
def test_another_page_at_the_leave_address_is_never_overwritten():
    from forms.models import ApprovalFormPage
    from forms.policy.demo import two_step_policy
    from portal.demo.services import demo_data_load
    from tests.factories import approval_form

    approval_form(title="Nghỉ phép (cũ)", slug="nghi-phep", policy=two_step_policy())

    with pytest.raises(ValueError, match="nghi-phep"):
        demo_data_load(password="mat-khau-demo")
    assert ApprovalFormPage.objects.get(slug="nghi-phep").title == "Nghỉ phép (cũ)"


@pytest.mark.django_db
def test_demo_leave_form_is_served_to_staff(demo, client):
    client.force_login(user("chuyenvien_cn"))

    response = client.get("/nghi-phep/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Đơn xin nghỉ phép" in html
    assert "Điều 113–115" in html


@pytest.mark.django_db
def test_seniority_shows_in_the_demo_annual_leave(demo):
    from forms.leave.ledger import entitlement

    # +1 day for every full 5 years of service by 1 January (BLLĐ Đ114).
    days = {
        username: entitlement(user=user(username), year=2026)
        for username in ("giamdoc", "truongphong_cn", "phophong_cn", "chuyenvien_cn")
    }
    assert days == {"giamdoc": 17, "truongphong_cn": 16, "phophong_cn": 14, "chuyenvien_cn": 12}


@pytest.mark.django_db
def test_overtime_form_exists_once_after_two_runs_with_its_policy():
    from forms.overtime.demo import OVERTIME_POLICY
    from forms.overtime.models import OvertimeFormPage
    from portal.demo.services import demo_data_load

    first = demo_data_load(password="mat-khau-demo")
    second = demo_data_load(password="mat-khau-demo")

    assert (first["overtime_page_status"], second["overtime_page_status"]) == (
        "created",
        "unchanged",
    )
    assert second["overtime_page_url"] == "/lam-ngoai-gio/"
    page = OvertimeFormPage.objects.get()
    assert page.live and page.open_to_all
    assert sorted(g.name for g in page.viewer_groups.all()) == sorted(
        [roles.GROUP_NAMES[roles.OFFICE], roles.GROUP_NAMES[roles.SECURITY]]
    )
    assert "Điều 107" in page.intro
    assert _policy_without_ids(page.approval_policy.raw_data) == _policy_without_ids(
        OVERTIME_POLICY
    )


@pytest.mark.django_db
def test_trip_and_report_forms_exist_once_after_two_runs_with_their_policies():
    from forms.trips.demo import TRIP_POLICY, TRIP_REPORT_POLICY
    from forms.trips.models import TripFormPage, TripReportFormPage
    from portal.demo.services import demo_data_load

    first = demo_data_load(password="mat-khau-demo")
    before = snapshot()
    second = demo_data_load(password="mat-khau-demo")

    assert snapshot() == before
    for key, title, url in (
        ("trip", "Đăng ký đi công tác", "/di-cong-tac/"),
        ("trip_report", "Báo cáo kết quả công tác", "/bao-cao-cong-tac/"),
    ):
        assert (first[f"{key}_page_status"], second[f"{key}_page_status"]) == (
            "created",
            "unchanged",
        )
        assert (second[f"{key}_page_title"], second[f"{key}_page_url"]) == (title, url)
    office = [roles.GROUP_NAMES[roles.OFFICE]]
    for page_class, policy in (
        (TripFormPage, TRIP_POLICY),
        (TripReportFormPage, TRIP_REPORT_POLICY),
    ):
        page = page_class.objects.get()
        assert page.live and not page.has_unpublished_changes and page.open_to_all
        assert page.get_parent().specific_class is HomePage
        assert [g.name for g in page.viewer_groups.all()] == office
        assert not page.form_fields.exists()  # the trip fields are the page types' own
        # The rules the intros cite: 2 working days (AG Đ13.3–13.4, Đ11.5), abroad (HP Đ23.9).
        assert "2 ngày làm việc" in page.intro and "khoản 3–4 Điều 13" in page.intro
        assert "khoản 5 Điều 11" in page.intro and "khoản 9 Điều 23" in page.intro
        assert _policy_without_ids(page.approval_policy.raw_data) == _policy_without_ids(policy)


@pytest.mark.django_db
def test_the_command_names_the_trip_forms(demo):
    output = load()
    assert "Biểu mẫu «Đăng ký đi công tác» tại /di-cong-tac/: không thay đổi." in output
    assert "Biểu mẫu «Báo cáo kết quả công tác» tại /bao-cao-cong-tac/: không thay đổi." in output
