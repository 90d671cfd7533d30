"""Journey 2: an overtime registration is returned, fixed, approved and reaches the guard.

The demo organisation is loaded as ``load_demo_data`` does. A chuyên viên of Phòng Quản lý
công nghiệp (``chuyenvien_cn``) registers overtime on the demo «Đăng ký làm ngoài giờ» page;
her Trưởng phòng (``truongphong_cn``, with TOTP) returns it because it is longer than needed,
she shortens it and sends it again, he approves, and the bảo vệ (``baove``) finds her on the
security desk.

Why real time and not ``time_machine``: the desk lists what touches *today* (00:00 until
06:00 tomorrow, local time) and the form accepts only work that has not started yet, so the
registration is for this evening — 18:00, or later when the test runs after about 17:15 —
which is what a person would register on the day. Travelling in time would move the live
server's clock but not Chromium's, nor the certificates the document is signed with.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from forms.models import Submission
from forms.overtime.hours import tz
from forms.overtime.models import OvertimeEntry
from portal.accounts.models import User
from portal.demo.services import demo_data_load
from tests.browser.journeys.support import PASSWORD, log_in, with_totp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

REQUESTER = "chuyenvien_cn"
HEAD = "truongphong_cn"
GUARD = "baove"
RETURN_COMMENT = "Việc này chỉ cần 2 giờ, đề nghị đăng ký lại đến "


def this_evening() -> datetime.datetime:
    """18:00 today, local time, or the next half hour at least 45 minutes away if later:
    always after office hours, not yet started, and on today's (or tonight's) desk."""
    now = timezone.localtime(timezone.now(), tz()).replace(second=0, microsecond=0)
    soon = now + datetime.timedelta(minutes=45)
    soon += datetime.timedelta(minutes=(30 - soon.minute % 30) % 30)
    evening = datetime.datetime.combine(now.date(), datetime.time(18, 0), tzinfo=tz())
    return max(evening, soon)


def open_task(page, base_url, *, title: str):
    page.goto(f"{base_url}/viec-can-xu-ly/")
    page.get_by_role("link", name=title).click()
    box = page.get_by_role("region", name="Phê duyệt đơn")
    expect(box).to_be_visible()
    return box


def test_a_returned_overtime_is_fixed_approved_and_shown_to_the_guard(
    live_server, page_factory, screenshot
):
    demo_data_load(password=PASSWORD, content=False)
    with_totp(User.objects.get(username=HEAD))
    requester = User.objects.get(username=REQUESTER)
    start = this_evening()
    first_end, fixed_end = start + datetime.timedelta(hours=3), start + datetime.timedelta(hours=2)
    base = live_server.url

    # The chuyên viên registers three hours from this evening.
    staff = page_factory()
    log_in(staff, base, REQUESTER, next_url="/lam-ngoai-gio/")
    staff.get_by_label("Ngày làm").fill(start.strftime("%d/%m/%Y"))
    staff.get_by_label("Từ giờ").fill(start.strftime("%H:%M"))
    staff.get_by_label("Đến giờ").fill(first_end.strftime("%H:%M"))
    staff.get_by_label("Địa điểm, phòng làm việc").fill("Phòng 205, nhà B")
    staff.get_by_label("Nội dung công việc").fill("Hoàn thiện hồ sơ thẩm định dự án điện mặt trời")
    screenshot(staff, "journey2-form-filled")
    staff.get_by_role("button", name="Gửi đơn").click()
    staff.wait_for_url("**/bieu-mau/don/*/")
    submission = Submission.objects.get(requester=requester)
    assert submission.status == Submission.Status.PENDING

    # The Trưởng phòng returns it with a comment.
    head = page_factory()
    log_in(head, base, HEAD, next_url="/viec-can-xu-ly/", totp=True)
    box = open_task(head, base, title=submission.title)
    comment = RETURN_COMMENT + fixed_end.strftime("%H:%M") + "."
    box.get_by_label("Ý kiến").fill(comment)
    screenshot(head, "journey2-task-return")
    box.get_by_role("button", name="Trả lại để bổ sung").click()
    head.wait_for_url(f"{base}/viec-can-xu-ly/")
    expect(head.get_by_text("Đã ghi nhận ý kiến xử lý.")).to_be_visible()

    # She reads why, shortens the work and sends it again.
    staff.goto(f"{base}/bieu-mau/don/{submission.pk}/")
    returned = staff.get_by_role("heading", name="Đơn được trả lại để bổ sung").locator("..")
    expect(returned).to_contain_text(comment)
    screenshot(staff, "journey2-submission-returned")
    staff.get_by_role("link", name="Sửa và nộp lại").click()
    staff.wait_for_url(f"{base}/bieu-mau/don/{submission.pk}/nop-lai/")
    expect(staff.get_by_role("blockquote")).to_have_text(comment)
    expect(staff.get_by_label("Ngày làm")).to_have_value(start.strftime("%d/%m/%Y"))
    expect(staff.get_by_label("Đến giờ")).to_have_value(first_end.strftime("%H:%M"))
    staff.get_by_label("Đến giờ").fill(fixed_end.strftime("%H:%M"))
    screenshot(staff, "journey2-resubmit")
    staff.get_by_role("button", name="Nộp lại").click()
    staff.wait_for_url(f"{base}/bieu-mau/don/{submission.pk}/")
    expect(staff.get_by_text("Đã nộp lại đơn.")).to_be_visible()
    submission.refresh_from_db()
    assert (submission.status, submission.round) == (Submission.Status.PENDING, 2)
    # The title, which names the hours, follows the correction.
    fixed_hours = f"{start:%H:%M}–{fixed_end:%H:%M}"
    expect(staff.get_by_role("heading", level=1)).to_contain_text(fixed_hours)

    # The Trưởng phòng approves the new round.
    box = open_task(head, base, title=submission.title)
    screenshot(head, "journey2-task-approve")
    box.get_by_role("button", name="Đồng ý", exact=True).click()
    head.wait_for_url(f"{base}/viec-can-xu-ly/")
    expect(head.get_by_text("Đã ghi nhận ý kiến xử lý.")).to_be_visible()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
    entry = OvertimeEntry.objects.get(submission=submission)
    assert (entry.start, entry.end) == (start, fixed_end)

    # The guard sees her on tonight's desk, with the corrected hours, waiting to arrive.
    guard = page_factory()
    log_in(guard, base, GUARD, next_url="/ngoai-gio/bao-ve/")
    name = requester.get_full_name()
    row = guard.get_by_role("row", name=name)
    expect(row).to_contain_text(start.strftime("%H:%M"))
    expect(row).to_contain_text(fixed_end.strftime("%H:%M"))
    expect(row).not_to_contain_text(first_end.strftime("%H:%M"))
    expect(row.get_by_role("button", name=f"Ghi giờ đến của {name}")).to_be_visible()
    screenshot(guard, "journey2-security-desk")
