"""An administrator builds an approval form in the Wagtail admin; staff use it end to end.

The administrator and the two approvers log in through the real login form with their TOTP
code; the staff member needs no second factor. Each person has their own browser context.
"""

import re

import pytest
from playwright.sync_api import expect

from forms.models import ApprovalFormPage, Submission
from tests.browser.journeys.support import PASSWORD, log_in, with_totp
from tests.factories import UserFactory, approval_form, home_page, two_step_policy

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

TITLE = "Đề nghị mua sắm"
FIELD = ("Số tiền", "number", True)


def build_form_in_admin(page, base_url: str, home) -> None:
    """Create the page with two fields and a two-step policy, then publish it."""
    page.goto(f"{base_url}/admin/pages/{home.pk}/")
    page.get_by_role("link", name="Add child page").click()
    # Wagtail skips the page type chooser when only one type may be added here.
    page.wait_for_url(re.compile(r"/admin/pages/(\d+/add_subpage|add/forms/approvalformpage/\d+)/"))
    if "/add_subpage/" in page.url:
        page.get_by_role("link", name="Biểu mẫu phê duyệt", exact=True).click()
    expect(page.get_by_role("heading", name="Mới: Biểu mẫu phê duyệt", level=1)).to_be_attached()

    page.get_by_role("textbox", name="Tiêu đề").fill(TITLE)

    for number, (label, kind) in enumerate(
        [("Nội dung mua sắm", "Multi-line text"), ("Số tiền", "Number")], start=1
    ):
        page.get_by_role("button", name="Thêm Trường của biểu mẫu").click()
        field = page.get_by_role("region", name=f"Trường của biểu mẫu {number}", exact=True)
        field.get_by_role("textbox", name="Label").fill(label)
        field.get_by_role("combobox", name="Loại trường").select_option(label=kind)
        expect(field.get_by_role("checkbox", name="Bắt buộc")).to_be_checked()

    page.get_by_role("tab", name="Quy trình phê duyệt").click()
    policy = page.get_by_role("tabpanel", name="Quy trình phê duyệt")
    # The StreamField has a single block type, so "+" inserts a rule straight away.
    policy.get_by_role("button", name="Insert a block").click()
    rule = policy.get_by_role("region", name=re.compile(r"^quy tắc"))
    rule.get_by_role("textbox", name="tên quy tắc").fill("Mọi trường hợp")
    # A new rule starts with no condition, as a catch-all rule.
    expect(rule.get_by_role("region", name=re.compile(r"^điều kiện"))).to_have_count(0)

    steps = rule.get_by_role("region", name=re.compile(r"^bước"))
    first = steps.nth(0)
    first.get_by_role("combobox", name="loại bước").select_option(label="Cho ý kiến")
    first.get_by_role("combobox", name="người xử lý").select_option(
        label="Trưởng đơn vị của người đề nghị"
    )
    # The "+" under the last step adds the next one.
    rule.get_by_role("button", name="Thêm", exact=True).last.click()
    expect(steps).to_have_count(2)
    second = steps.nth(1)
    second.get_by_role("combobox", name="loại bước").select_option(label="Phê duyệt")
    second.get_by_role("combobox", name="người xử lý").select_option(label="Lãnh đạo Sở phụ trách")

    footer = page.get_by_role("navigation", name="Actions (footer)")
    footer.get_by_role("button", name="More actions").click()
    footer.get_by_role("button", name="Xuất bản").click()
    page.wait_for_url(f"{base_url}/admin/pages/{home.pk}/")


def test_admin_builds_a_form_and_staff_get_it_approved(live_server, org, page_factory, screenshot):
    base = live_server.url
    home = home_page()
    admin = UserFactory(
        username="quantri",
        last_name="Lê Thị",
        first_name="Quản Trị",
        is_superuser=True,
        is_staff=True,
    )
    requester, head, deputy_director = org["chuyenvien"], org["truongphong"], org["pgd1"]
    for user in (admin, requester, head, deputy_director):
        user.set_password(PASSWORD)
        user.save()
    for user in (admin, head, deputy_director):
        with_totp(user)

    # --- The administrator builds and publishes the form.
    admin_page = page_factory(height=1000)
    log_in(admin_page, base, "quantri", next_url="/admin/", totp=True)
    build_form_in_admin(admin_page, base, home)

    form_page = ApprovalFormPage.objects.get(title=TITLE)
    assert form_page.live
    assert [f.label for f in form_page.form_fields.all()] == ["Nội dung mua sắm", "Số tiền"]
    steps = form_page.approval_policy.raw_data[0]["value"]["steps"]
    assert [(s["value"]["kind"], s["value"]["resolver"]) for s in steps] == [
        ("opinion", "unit_head"),
        ("decision", "overseer"),
    ]

    admin_page.get_by_role("link", name=TITLE).first.click()
    admin_page.wait_for_url(f"{base}/admin/pages/{form_page.pk}/edit/")
    admin_page.get_by_role("tab", name="Quy trình phê duyệt").click()
    admin_page.set_viewport_size({"width": 1280, "height": 2200})
    screenshot(admin_page, "admin-form-policy")
    admin_page.set_viewport_size({"width": 1280, "height": 1000})

    # --- ... and checks who would act, from the page's actions menu.
    admin_page.get_by_role("button", name="Actions", exact=True).click()
    admin_page.get_by_role("link", name="Xem trước chuỗi phê duyệt").click()
    admin_page.wait_for_url(f"{base}/admin/pages/{form_page.pk}/preview-chain/")
    admin_page.get_by_role("combobox", name="Người đề nghị").select_option(
        label=f"{requester.get_full_name()} — Chuyên viên (chuyenvien)"
    )
    admin_page.get_by_role("button", name="Xem trước").click()
    result = admin_page.get_by_role("region", name="Chuỗi phê duyệt")
    expect(result).to_contain_text("Quy tắc áp dụng: số 1 — Mọi trường hợp")
    rows = result.get_by_role("row")
    expect(rows).to_have_count(3)  # the header and two steps
    expect(rows.nth(1)).to_contain_text("Cho ý kiến")
    expect(rows.nth(1)).to_contain_text(head.get_full_name())
    expect(rows.nth(1)).to_contain_text("Trưởng phòng, Phòng Quản lý công nghiệp")
    expect(rows.nth(2)).to_contain_text("Phê duyệt")
    expect(rows.nth(2)).to_contain_text(deputy_director.get_full_name())
    admin_page.set_viewport_size({"width": 1280, "height": 1400})
    screenshot(admin_page, "admin-chain-preview")

    # --- A staff member fills the form in and submits it.
    staff_page = page_factory()
    log_in(staff_page, base, "chuyenvien", next_url="/bieu-mau/")
    staff_page.get_by_role("link", name=TITLE).click()
    staff_page.get_by_label("Nội dung mua sắm").fill("Mua 02 máy in laser cho phòng.")
    staff_page.get_by_label("Số tiền").fill("12000000")
    screenshot(staff_page, "staff-form-filled")
    staff_page.get_by_role("button", name="Gửi đơn").click()
    staff_page.wait_for_url(re.compile(r"/bieu-mau/don/\d+/$"))
    expect(staff_page.get_by_role("status")).to_contain_text("Đã gửi đơn")
    submission = Submission.objects.get(requester=requester)

    # --- The Trưởng phòng gives his opinion, then the Lãnh đạo Sở phụ trách decides.
    for approver, shot in ((head, "inbox-head"), (deputy_director, None)):
        approver_page = page_factory()
        log_in(approver_page, base, approver.username, next_url="/viec-can-xu-ly/", totp=True)
        expect(approver_page.get_by_role("heading", name="Việc cần xử lý", level=1)).to_be_visible()
        if shot:
            screenshot(approver_page, shot)
        approver_page.get_by_role("link", name=submission.title).click()
        approver_page.wait_for_url(re.compile(rf"/bieu-mau/don/{submission.pk}/"))
        decision = approver_page.get_by_role("region", name=re.compile("Cho ý kiến|Phê duyệt đơn"))
        decision.get_by_role("textbox", name="Ý kiến").fill("Đồng ý, đề nghị mua theo dự toán.")
        decision.get_by_role("button", name="Đồng ý", exact=True).click()
        approver_page.wait_for_url(f"{base}/viec-can-xu-ly/")
        expect(approver_page.get_by_role("status")).to_contain_text("Đã ghi nhận ý kiến xử lý")
        expect(approver_page.get_by_role("link", name=submission.title)).to_have_count(0)

    # --- The requester sees the result.
    staff_page.goto(f"{base}/bieu-mau/don-cua-toi/")
    row = staff_page.get_by_role("row").filter(has_text=submission.title)
    expect(row).to_contain_text("Đã phê duyệt")
    row.get_by_role("link", name=submission.title).click()
    expect(staff_page.get_by_role("heading", name=submission.title, level=1)).to_be_visible()
    expect(staff_page.locator("main")).to_contain_text("Đã phê duyệt")
    screenshot(staff_page, "submission-approved")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED


def test_admin_sees_why_a_policy_is_refused(live_server, org, page_factory, screenshot):
    base = live_server.url
    form_page = approval_form(
        title=TITLE, slug="de-nghi-mua-sam", policy=two_step_policy(), fields=[FIELD]
    )
    revisions = form_page.revisions.count()
    admin = UserFactory(username="quantri", is_superuser=True, is_staff=True)
    admin.set_password(PASSWORD)
    admin.save()
    with_totp(admin)

    page = page_factory(height=1000)
    log_in(page, base, "quantri", next_url="/admin/", totp=True)
    page.goto(f"{base}/admin/pages/{form_page.pk}/edit/")
    page.get_by_role("tab", name="Quy trình phê duyệt").click()
    policy = page.get_by_role("tabpanel", name="Quy trình phê duyệt")
    # A second catch-all rule after the first can never apply.
    rule = policy.get_by_role("region", name=re.compile(r"^quy tắc")).first
    rule.get_by_role("button", name="Duplicate").first.click()
    expect(policy.get_by_role("region", name=re.compile(r"^quy tắc"))).to_have_count(2)
    page.get_by_role("tab", name="Nội dung").click()
    page.get_by_role("button", name="Save draft").click()

    # The tab carries an error badge even though the error is drawn by the StreamField.
    policy_tab = page.get_by_role("tab", name=re.compile(r"^Quy trình phê duyệt \(1"))
    expect(policy_tab).to_be_visible()
    policy_tab.click()
    expect(policy).to_contain_text(
        "Quy tắc 2 đứng sau quy tắc mặc định 1 nên không bao giờ được áp dụng."
    )
    screenshot(page, "admin-policy-refused")
    assert form_page.revisions.count() == revisions
