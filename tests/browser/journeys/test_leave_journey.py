"""Journey 1: a two-day leave request travels from the form to a signed, verifiable PDF.

The demo organisation is loaded as ``load_demo_data`` does, so the people are the demo
accounts and the leave form runs the demo An Giang table. For a chuyên viên of Phòng Quản lý
công nghiệp (``chuyenvien_cn``) a leave of more than one day takes the longest staff chain:
the Trưởng phòng's opinion (``truongphong_cn``), the opinion of the Phó Giám đốc in charge of
the phòng (``phogiamdoc1``), then the Giám đốc Sở's decision (``giamdoc``) — see
``tests/flows/test_leave_chains.py``. Each of them works in their own browser, logs in with a
password and a TOTP code, and acts from Việc cần xử lý.

The demo leave template numbers its documents automatically (``numbering="auto"``), so no
văn thư acts: the last approval signs, numbers and seals the PDF at once (the immediate task
backend runs the document job when the live server's transaction commits).
"""

import datetime
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import expect

from forms.models import Submission
from portal.accounts.models import User
from portal.calendar.services import count_working_days, is_working_day
from portal.demo.services import demo_data_load
from portal.documents.models import Document
from portal.documents.signing.validation import document_validate
from tests.browser.journeys.support import PASSWORD, log_in, with_totp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

REQUESTER = "chuyenvien_cn"
# (username, screenshot name, the comment typed in the decision box)
APPROVERS = [
    ("truongphong_cn", "truongphong", "Phòng đã bố trí người làm thay, đề nghị cho nghỉ."),
    ("phogiamdoc1", "phogiamdoc", "Đồng ý với ý kiến của Trưởng phòng."),
    ("giamdoc", "giamdoc", "Đồng ý cho nghỉ."),
]


def two_working_days_ahead() -> tuple[datetime.date, datetime.date]:
    """Two consecutive working days at least a week from today (no weekend, no holiday)."""
    day = datetime.date.today() + datetime.timedelta(days=7)
    while not (is_working_day(day=day) and is_working_day(day=day + datetime.timedelta(days=1))):
        day += datetime.timedelta(days=1)
    return day, day + datetime.timedelta(days=1)


def decide_from_inbox(page, base_url, *, title: str, comment: str, shot: str, screenshot):
    """Open the task from Việc cần xử lý, write an opinion and agree."""
    page.goto(f"{base_url}/viec-can-xu-ly/")
    page.get_by_role("link", name=title).click()
    box = page.get_by_role("region", name="Cho ý kiến về đơn").or_(
        page.get_by_role("region", name="Phê duyệt đơn")
    )
    expect(box).to_be_visible()
    box.get_by_label("Ý kiến").fill(comment)
    screenshot(page, shot)
    box.get_by_role("button", name="Đồng ý", exact=True).click()
    page.wait_for_url(f"{base_url}/viec-can-xu-ly/")
    expect(page.get_by_text("Đã ghi nhận ý kiến xử lý.")).to_be_visible()


def validate_in_thread(pdf: bytes):
    """document_validate in a thread of its own, closing the connection that thread opened."""
    try:
        return document_validate(pdf=pdf)
    finally:
        connections.close_all()


def test_a_two_day_leave_ends_in_a_signed_pdf_anyone_can_verify(
    live_server, page_factory, screenshot, tmp_path: Path
):
    demo_data_load(password=PASSWORD, content=False)
    for username, _shot, _comment in APPROVERS:
        with_totp(User.objects.get(username=username))
    start, end = two_working_days_ahead()
    assert (
        count_working_days(
            start_date=start, start_session="morning", end_date=end, end_session="afternoon"
        )
        == 2
    )
    base = live_server.url

    # The chuyên viên fills in the real leave form.
    staff = page_factory()
    log_in(staff, base, REQUESTER, next_url="/nghi-phep/")
    staff.get_by_label("Loại nghỉ").select_option("annual")
    staff.get_by_label("Từ ngày").fill(start.strftime("%d/%m/%Y"))
    staff.get_by_label("Từ buổi").select_option("morning")
    staff.get_by_label("Đến hết ngày").fill(end.strftime("%d/%m/%Y"))
    staff.get_by_label("Đến hết buổi").select_option("afternoon")
    staff.get_by_label("Lý do").fill("Về quê chăm sóc mẹ ốm")
    expect(staff.locator("#leave-days")).to_contain_text("Số ngày làm việc xin nghỉ: 2 ngày.")
    screenshot(staff, "journey1-form-filled")
    staff.get_by_role("button", name="Gửi đơn").click()
    staff.wait_for_url("**/bieu-mau/don/*/")
    submission = Submission.objects.get(requester__username=REQUESTER)
    assert submission.status == Submission.Status.PENDING
    assert [s.actor.username for s in submission.steps.order_by("order")] == [
        username for username, _shot, _comment in APPROVERS
    ]

    # Each approver, in turn, in their own browser.
    for username, shot, comment in APPROVERS:
        page = page_factory()
        log_in(page, base, username, next_url="/viec-can-xu-ly/", totp=True)
        decide_from_inbox(
            page,
            base,
            title=submission.title,
            comment=comment,
            shot=f"journey1-task-{shot}",
            screenshot=screenshot,
        )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED

    # The requester waits for the document on her submission and downloads it.
    staff.goto(f"{base}/bieu-mau/don/{submission.pk}/")
    document_box = staff.get_by_role("region", name="Văn bản")
    expect(document_box).to_contain_text("ban hành ngày")
    screenshot(staff, "journey1-submission-with-document")
    with staff.expect_download() as download_info:
        document_box.get_by_role("link", name="Tải về (PDF)").click()
    pdf_path = tmp_path / "don-nghi-phep.pdf"
    download_info.value.save_as(pdf_path)
    pdf = pdf_path.read_bytes()

    # Every signature in the file is intact and trusted: the three approvers', then the seal.
    document = Document.objects.get(submission=submission)
    assert document.status == Document.Status.ISSUED
    # pyHanko's synchronous API starts an event loop; Playwright's owns this thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        validation = pool.submit(validate_in_thread, pdf).result()
    assert validation.ok, validation.summary
    assert all(report.intact and report.trusted for report in validation.signatures)
    signers = [report.signer_name for report in validation.signatures]
    approvers = [User.objects.get(username=u).get_full_name() for u, _s, _c in APPROVERS]
    assert signers[:3] == approvers
    assert len(signers) == document.signatures.count() == 4  # the seal signs last

    # Anyone holding the file checks it on the public verification page.
    verify_url = document_box.get_by_role("link", name="Trang xác minh văn bản").get_attribute(
        "href"
    )
    assert verify_url == f"/xac-minh/{document.verify_code}/"
    stranger = page_factory()
    stranger.goto(f"{base}{verify_url}")
    expect(stranger.get_by_role("heading", name="Xác minh văn bản")).to_be_visible()
    stranger.get_by_label("Tệp PDF cần kiểm tra").set_input_files(pdf_path)
    stranger.get_by_role("button", name="Kiểm tra", exact=True).click()
    result = stranger.get_by_role("status").filter(has_text="SHA-256")
    expect(result).to_contain_text(
        "Hợp lệ: đây đúng là tệp đã ban hành và mọi chữ ký số còn nguyên vẹn."
    )
    screenshot(stranger, "journey1-verification-valid")
