"""Journey 4: a logged-in member of staff sends anonymous feedback to the Giám đốc and keeps
the receipt; the handler the demo routes it to answers it without ever learning who sent it;
later the sender, in a fresh browser with nobody logged in, reads the answer by the receipt.

What the product promises (forms/feedback): anonymous feedback keeps no link to the account,
so the handler's pages never name the sender, "Góp ý có ghi tên của tôi" lists named
feedback only, and the receipt page names no handler ("Người xử lý" answers for the recipient).
"""

import re

import pytest
from playwright.sync_api import expect

from forms.feedback.defaults import categories_ensure
from forms.feedback.handling import handlers_for
from forms.feedback.models import FeedbackCase, Recipient
from portal.accounts.models import User
from portal.demo.services import demo_data_load
from tests.browser.journeys.support import PASSWORD, log_in, with_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Đề nghị bố trí lại lịch trực bảo vệ cuối tuần"
CONTENT = (
    "Lịch trực hiện nay dồn vào một số người trong nhiều tuần liền. Đề nghị xếp lịch luân "
    "phiên và công bố trước một tháng."
)
ANSWER = "Văn phòng sẽ xếp lịch trực luân phiên từ tháng sau và niêm yết trước ngày 25 hằng tháng."


def test_anonymous_feedback_is_answered_and_read_by_receipt_without_naming_the_sender(
    live_server, page_factory, screenshot
):
    base = live_server.url
    demo_data_load(password=PASSWORD, content=False)
    categories_ensure()  # the migration's rows, flushed by earlier transactional tests
    sender = User.objects.get(username="chuyenvien_cn")
    # With no FeedbackSettings, "Giám đốc" is the head of the root unit: the Giám đốc Sở.
    handler = User.objects.get(username="giamdoc")
    assert handlers_for(recipient=Recipient.DIRECTOR) == [handler]
    with_totp(handler)

    # --- The sender, logged in, sends anonymous feedback (the box is ticked by default).
    page = page_factory()
    log_in(page, base, sender.username, next_url="/gop-y/")
    expect(page.get_by_role("heading", name="Góp ý, kiến nghị, phản ánh", level=1)).to_be_visible()
    page.get_by_role("radio", name="Giám đốc").check()
    page.get_by_role("combobox", name="Loại góp ý").select_option(label="Kiến nghị")
    page.get_by_role("textbox", name="Tiêu đề").fill(TITLE)
    page.get_by_role("textbox", name="Nội dung").fill(CONTENT)
    expect(page.get_by_role("checkbox", name="Gửi ẩn danh")).to_be_checked()
    # The consent to publish is asked of named senders only.
    expect(page.get_by_role("checkbox", name=re.compile("^Tôi đồng ý"))).to_be_hidden()
    screenshot(page, "journey4-feedback-form")
    page.get_by_role("button", name="Gửi góp ý").click()
    expect(page.get_by_role("heading", name="Đã gửi góp ý ẩn danh", level=1)).to_be_visible()
    receipt_box = page.get_by_role("region", name="Mã tra cứu của bạn")
    receipt = receipt_box.locator("code").inner_text().strip()
    assert len(receipt) >= 24
    assert receipt not in page.url
    screenshot(page, "journey4-receipt")

    case = FeedbackCase.objects.get(title=TITLE)
    assert case.anonymous and case.sender_id is None

    # His own page lists named feedback only: this case is not there.
    page.goto(f"{base}/gop-y/cua-toi/")
    expect(page.get_by_role("heading", name="Góp ý có ghi tên của tôi", level=1)).to_be_visible()
    expect(page.get_by_text("Bạn chưa gửi góp ý có ghi tên nào.")).to_be_visible()
    expect(page.get_by_text(TITLE)).to_have_count(0)

    # --- The Giám đốc Sở, with his second factor, handles it from his list.
    desk = page_factory()
    log_in(desk, base, handler.username, next_url="/gop-y/xu-ly/", totp=True)
    row = desk.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("ẩn danh")
    expect(row).to_contain_text("Mới nhận")
    assert_sender_unnamed(desk, sender)
    screenshot(desk, "journey4-handler-list")
    row.get_by_role("link", name=TITLE).click()
    desk.wait_for_url(f"{base}/gop-y/xu-ly/{case.pk}/")
    details = desk.locator(".summary-list")
    expect(details.locator("div", has_text="Người gửi")).to_contain_text("Ẩn danh")
    expect(desk.get_by_role("link", name=re.compile("Xem người gửi"))).to_have_count(0)
    assert_sender_unnamed(desk, sender)
    desk.get_by_role("button", name="Tiếp nhận").click()
    expect(desk.get_by_text("Đã lưu.")).to_be_visible()
    expect(details.locator("div", has_text="Trạng thái")).to_contain_text("Đang xử lý")
    desk.get_by_role("textbox", name="Trả lời (giải trình)").fill(ANSWER)
    desk.get_by_role("button", name="Lưu trả lời").click()
    expect(desk.get_by_text("Đã lưu.")).to_be_visible()
    expect(details.locator("div", has_text="Trạng thái")).to_contain_text("Đã trả lời")
    expect(desk.get_by_role("region", name="Trả lời")).to_contain_text(ANSWER)
    assert_sender_unnamed(desk, sender)
    screenshot(desk, "journey4-handler-answered")

    # --- Later, on a browser where nobody is logged in, the sender looks the receipt up.
    visitor = page_factory()
    visitor.goto(f"{base}/gop-y/tra-cuu/")
    expect(visitor.get_by_role("link", name="Đăng nhập")).to_be_visible()
    visitor.get_by_role("textbox", name="Mã tra cứu").fill(receipt)
    visitor.get_by_role("button", name="Tra cứu").click()
    expect(visitor.get_by_role("heading", name=TITLE, level=2)).to_be_visible()
    expect(visitor.locator(".submission-status")).to_have_text("Đã trả lời")
    answer = visitor.get_by_role("region", name="Trả lời")
    expect(answer).to_contain_text(ANSWER)
    expect(answer).to_contain_text(re.compile(r"Giám đốc trả lời ngày \d{2}/\d{2}/\d{4}"))
    # The answer is given for the recipient: the handler is not named to whoever holds the code.
    expect(visitor.locator("main")).not_to_contain_text(handler.get_full_name())
    assert receipt not in visitor.url
    screenshot(visitor, "journey4-receipt-lookup")


def assert_sender_unnamed(page, sender: User) -> None:
    main = page.locator("main")
    for identity in (sender.get_full_name(), sender.username, sender.email):
        expect(main).not_to_contain_text(identity)
