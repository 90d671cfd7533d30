"""Journey 3: on the demo Sở, the administrator builds a form for the Trung tâm only, with a
two-step approval policy, entirely in the Wagtail admin; a viên chức of the Trung tâm uses it,
the Giám đốc Trung tâm gives his opinion, the Phó Giám đốc Sở in charge decides, and the
viên chức reads the decision in "Đơn của tôi".

Unlike tests/browser/test_admin_builds_form.py (a factory organisation, a form open to all,
the unit head then the overseer) this one restricts who may submit in the *Người nộp* tab and
routes through the Trung tâm's own director, on the real demo organisation and accounts.
"""

import re

import pytest
from playwright.sync_api import expect

from forms.models import ApprovalFormPage, Submission
from portal.accounts.models import User
from portal.demo.services import demo_data_load
from portal.home.models import HomePage
from tests.browser.journeys.support import PASSWORD, log_in, with_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Đề nghị mua văn phòng phẩm"
CENTRE = "Trung tâm Khuyến công và Xúc tiến thương mại"
FIELDS = [("Nội dung đề nghị", "Multi-line text"), ("Số tiền dự kiến", "Number")]
OPINION = "Cần thiết cho công tác hội chợ tháng 12, đề nghị Sở xem xét."
DECISION = "Đồng ý, mua theo dự toán đã giao."


def build_form(page, base: str, home: HomePage) -> None:
    """The administrator's clicks: the page and its fields, who may submit, the two steps."""
    page.goto(f"{base}/admin/pages/{home.pk}/")
    page.get_by_role("link", name="Add child page").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/add_subpage/"))
    page.get_by_role("link", name="Biểu mẫu phê duyệt", exact=True).click()
    expect(page.get_by_role("heading", name="Mới: Biểu mẫu phê duyệt", level=1)).to_be_attached()
    page.get_by_role("textbox", name="Tiêu đề").fill(TITLE)
    for number, (label, kind) in enumerate(FIELDS, start=1):
        page.get_by_role("button", name="Thêm Trường của biểu mẫu").click()
        field = page.get_by_role("region", name=f"Trường của biểu mẫu {number}", exact=True)
        field.get_by_role("textbox", name="Label").fill(label)
        field.get_by_role("combobox", name="Loại trường").select_option(label=kind)

    # Người nộp: only the Trung tâm (and the units below it) may use the form.
    page.get_by_role("tab", name="Người nộp").click()
    audience = page.get_by_role("tabpanel", name="Người nộp")
    audience.get_by_role("checkbox", name="mọi cán bộ được nộp").uncheck()
    audience.get_by_role("listbox", name="Đơn vị được nộp").select_option(label=CENTRE)

    page.get_by_role("tab", name="Quy trình phê duyệt").click()
    policy = page.get_by_role("tabpanel", name="Quy trình phê duyệt")
    policy.get_by_role("button", name="Insert a block").click()
    rule = policy.get_by_role("region", name=re.compile(r"^quy tắc"))
    rule.get_by_role("textbox", name="tên quy tắc").fill("Mua sắm của Trung tâm")
    steps = rule.get_by_role("region", name=re.compile(r"^bước"))
    steps.nth(0).get_by_role("combobox", name="loại bước").select_option(label="Cho ý kiến")
    steps.nth(0).get_by_role("combobox", name="người xử lý").select_option(
        label="Giám đốc Trung tâm"
    )
    rule.get_by_role("button", name="Thêm", exact=True).last.click()
    expect(steps).to_have_count(2)
    steps.nth(1).get_by_role("combobox", name="loại bước").select_option(label="Phê duyệt")
    steps.nth(1).get_by_role("combobox", name="người xử lý").select_option(
        label="Lãnh đạo Sở phụ trách"
    )
    steps.nth(1).get_by_role("spinbutton", name="thời hạn (ngày làm việc)").fill("3")
    page.set_viewport_size({"width": 1280, "height": 2000})

    footer = page.get_by_role("navigation", name="Actions (footer)")
    footer.get_by_role("button", name="More actions").click()
    footer.get_by_role("button", name="Xuất bản").click()
    page.wait_for_url(f"{base}/admin/pages/{home.pk}/")
    page.set_viewport_size({"width": 1280, "height": 1000})


def approve(page_factory, base: str, approver: User, submission: Submission, comment: str):
    page = page_factory()
    log_in(page, base, approver.username, next_url="/viec-can-xu-ly/", totp=True)
    page.get_by_role("link", name=submission.title).click()
    page.wait_for_url(re.compile(rf"/bieu-mau/don/{submission.pk}/"))
    decision = page.get_by_role("region", name=re.compile("Cho ý kiến|Phê duyệt đơn"))
    decision.get_by_role("textbox", name="Ý kiến").fill(comment)
    decision.get_by_role("button", name="Đồng ý", exact=True).click()
    page.wait_for_url(f"{base}/viec-can-xu-ly/")
    expect(page.get_by_role("status")).to_contain_text("Đã ghi nhận ý kiến xử lý")
    expect(page.get_by_role("link", name=submission.title)).to_have_count(0)
    return page


def test_an_admin_built_form_for_the_centre_is_approved_in_two_steps(
    live_server, page_factory, screenshot, settings
):
    base = live_server.url
    # Wagtail 8 autosaves the editor half a second after each change, and on the create view
    # the autosave itself creates the draft page. A publish clicked while one is in flight
    # races it; on SQLite the live server's threads share one in-memory connection and the
    # race ends in "database table is locked". The admin's clicks are the same without it.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    demo_data_load(password=PASSWORD, content=False)
    people = {u.username: u for u in User.objects.all()}
    for username in ("admin", "giamdoc_tt", "phogiamdoc2"):
        with_totp(people[username])
    requester, centre_head, overseer = (
        people["vienchuc_tt"],
        people["giamdoc_tt"],
        people["phogiamdoc2"],
    )

    admin_page = page_factory(height=1000)
    log_in(admin_page, base, "admin", next_url="/admin/", totp=True)
    build_form(admin_page, base, HomePage.objects.get())

    form_page = ApprovalFormPage.objects.get(title=TITLE)
    assert form_page.live and not form_page.open_to_all
    assert [u.name for u in form_page.allowed_units.all()] == [CENTRE]
    assert [f.label for f in form_page.form_fields.all()] == [label for label, _ in FIELDS]
    steps = form_page.approval_policy.raw_data[0]["value"]["steps"]
    assert [(s["value"]["kind"], s["value"]["resolver"]) for s in steps] == [
        ("opinion", "centre_head"),
        ("decision", "overseer"),
    ]
    admin_page.goto(f"{base}/admin/pages/{form_page.pk}/edit/")
    admin_page.get_by_role("tab", name="Quy trình phê duyệt").click()
    admin_page.set_viewport_size({"width": 1280, "height": 2600})
    screenshot(admin_page, "journey3-admin-policy")

    # A chuyên viên of a Sở phòng is outside the audience: the form is not offered to him.
    outsider_page = page_factory()
    log_in(outsider_page, base, "chuyenvien_cn", next_url="/bieu-mau/")
    expect(outsider_page.get_by_role("link", name="Giấy đề nghị")).to_be_visible()
    expect(outsider_page.get_by_role("link", name=TITLE)).to_have_count(0)

    # The viên chức of the Trung tâm submits it.
    staff_page = page_factory()
    log_in(staff_page, base, requester.username, next_url="/bieu-mau/")
    staff_page.get_by_role("link", name=TITLE).click()
    staff_page.get_by_label("Nội dung đề nghị").fill("Mua giấy in, bìa hồ sơ cho hội chợ.")
    staff_page.get_by_label("Số tiền dự kiến").fill("4500000")
    screenshot(staff_page, "journey3-staff-form")
    staff_page.get_by_role("button", name="Gửi đơn").click()
    staff_page.wait_for_url(re.compile(r"/bieu-mau/don/\d+/$"))
    expect(staff_page.get_by_role("status")).to_contain_text("Đã gửi đơn")
    submission = Submission.objects.get(requester=requester, form_page=form_page)

    # The Giám đốc Trung tâm gives his opinion, then the Phó Giám đốc Sở decides.
    head_page = approve(page_factory, base, centre_head, submission, OPINION)
    screenshot(head_page, "journey3-opinion-given")
    approve(page_factory, base, overseer, submission, DECISION)

    staff_page.goto(f"{base}/bieu-mau/don-cua-toi/")
    row = staff_page.get_by_role("row").filter(has_text=submission.title)
    expect(row).to_contain_text("Đã phê duyệt")
    row.get_by_role("link", name=submission.title).click()
    expect(staff_page.get_by_role("heading", name=submission.title, level=1)).to_be_visible()
    timeline = staff_page.get_by_role("region", name="Diễn biến")
    expect(timeline).to_contain_text(centre_head.get_full_name())
    expect(timeline).to_contain_text(OPINION)
    expect(timeline).to_contain_text(overseer.get_full_name())
    expect(timeline).to_contain_text(DECISION)
    screenshot(staff_page, "journey3-decision-seen")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
