"""The public pages in Chromium, on a desktop and a phone: the công khai board and an item,
a regulation with its table of contents, and the site search from the header box — first as
an anonymous visitor, then as a member of staff who also sees internal items and confirms
reading one. Screenshots go to test-artifacts/cong-khai-*, quy-che-*, tim-kiem-*."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.disclosure.demo import disclosure_demo_ensure
from portal.disclosure.models import Acknowledgement
from portal.regulations.demo import regulations_demo_ensure
from tests.browser.conftest import ARTIFACTS
from tests.browser.journeys.support import PASSWORD, log_in
from tests.factories import UserFactory, home_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PUBLIC_CURRENT = [
    "Công khai dự toán ngân sách nhà nước năm 2026",
    "Kế hoạch công tác năm 2026 của Trung tâm",
]
PUBLIC_EXPIRED = "Kế hoạch mua sắm tài sản công quý III/2026"
INTERNAL_CURRENT = [
    "Quy chế chi tiêu nội bộ năm 2026",
    "Kết quả đánh giá, xếp loại viên chức năm 2025",
]
INTERNAL_EXPIRED = "Thông báo kết quả kiểm tra nội bộ năm 2026"
REGULATION_ARTICLE = "dieu-9"
DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")


@pytest.fixture
def demo(db):
    home = home_page()
    disclosure = disclosure_demo_ensure(home=home)
    regulation = regulations_demo_ensure(home=home)
    items = {item.title: item for item in disclosure["items"]}
    return {"items": items, "regulation_url": regulation["regulation_page_url"]}


def assert_fits(page, what: str) -> None:
    """Nothing sticks out sideways: a phone must not scroll horizontally."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{what}: the page is {overflow}px wider than the screen"


def assert_header_clear(page) -> None:
    """The header's parts (brand, menu button or menu, search box) neither overlap nor touch."""
    boxes = page.evaluate(
        """() => [".brand", ".menu-toggle", ".main-nav", ".search-box"].map((sel) => {
             const el = document.querySelector(sel);
             if (!el || el.offsetParent === null) return null;
             const r = el.getBoundingClientRect();
             return {sel, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
           }).filter(Boolean)"""
    )
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            # Side by side they need air between them (a menu glued to the brand reads as
            # one line of text); one above the other, not touching is enough.
            apart = (
                a["right"] + 16 <= b["left"]
                or b["right"] + 16 <= a["left"]
                or a["bottom"] <= b["top"] + 1
                or b["bottom"] <= a["top"] + 1
            )
            assert apart, f"header: {a['sel']} touches {b['sel']}: {a} {b}"


def assert_focus_ring(page) -> None:
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert ring[0] != "none" and ring[1] >= 2, ring


def viewport_shot(page, name: str) -> None:
    """The regulation runs to many screens: what the visitor sees is the useful picture."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def board_titles(page) -> list[str]:
    return page.locator(".disclosure-list h2").all_inner_texts()


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_visitors_read_the_board_an_item_a_regulation_and_search(
    live_server, page_factory, screenshot, demo, width
):
    base = live_server.url
    height = 844 if width == 390 else 900
    phone = width == 390
    page = page_factory(width=width, height=height)

    # The board: public items being posted now, no internal ones.
    page.goto(f"{base}/cong-khai/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Công khai")
    titles = board_titles(page)
    assert sorted(titles) == sorted(PUBLIC_CURRENT)
    expect(
        page.get_by_text("Nội dung công khai nội bộ chỉ hiển thị khi bạn đăng nhập.")
    ).to_be_visible()
    assert_fits(page, "board")
    assert_header_clear(page)
    screenshot(page, f"cong-khai-bang-{width}")

    # One item: its badge, dates dd/mm/yyyy and the attachment link.
    page.get_by_role("link", name=PUBLIC_CURRENT[0]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PUBLIC_CURRENT[0])
    expect(page.locator(".disclosure-badges")).to_contain_text("Đang niêm yết")
    item = demo["items"][PUBLIC_CURRENT[0]]
    period = page.locator("dt", has_text="Thời hạn niêm yết").locator("xpath=following-sibling::dd")
    expect(period).to_have_text(f"Từ {item.posted_from:%d/%m/%Y} đến {item.posted_until:%d/%m/%Y}")
    for text in page.locator(".summary-list time").all_inner_texts():
        assert DATE.match(text), text
    attachment = page.get_by_role(
        "link", name="Dự toán ngân sách năm 2026 của Trung tâm (bản công khai)"
    )
    expect(attachment).to_be_visible()
    expect(page.locator(".attachment-list")).to_contain_text(re.compile(r"\(PDF, [\d,]+\sKB\)"))
    response = page.request.get(base + attachment.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert_fits(page, "item")
    screenshot(page, f"cong-khai-muc-{width}")

    # The archive: expired public items only.
    page.goto(f"{base}/cong-khai/")
    page.get_by_role("link", name="Lưu trữ (hết thời hạn niêm yết)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Công khai — Lưu trữ")
    assert board_titles(page) == [PUBLIC_EXPIRED]
    expect(page.locator(".disclosure-list .badge").first).to_have_text("Hết thời hạn niêm yết")
    screenshot(page, f"cong-khai-luu-tru-{width}")

    # An internal item's address sends the visitor to the login page.
    internal = demo["items"][INTERNAL_CURRENT[0]]
    page.goto(f"{base}{internal.url}")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    expect(page.get_by_text(internal.title)).to_have_count(0)

    # The regulation: table of contents (folded on a phone), a link lands on its article.
    page.goto(f"{base}{demo['regulation_url']}")
    toc = page.locator("details[data-reg-toc]")
    summary = toc.locator("summary")
    expect(summary).to_have_text("Mục lục")
    toc_link = toc.get_by_role("link", name=re.compile(r"^Điều 9\. "))
    if phone:
        expect(toc).not_to_have_attribute("open", re.compile(".*"))
        expect(toc_link).to_be_hidden()
        viewport_shot(page, f"quy-che-muc-luc-dong-{width}")
        summary.focus()
        page.keyboard.press("Enter")
        expect(toc).to_have_attribute("open", "")
        expect(toc_link).to_be_visible()
        page.keyboard.press("Tab")  # the first entry, with a visible focus ring
        expect(toc.get_by_role("link").first).to_be_focused()
        assert_focus_ring(page)
    else:
        expect(toc_link).to_be_visible()
    assert_fits(page, "regulation")
    assert_header_clear(page)
    viewport_shot(page, f"quy-che-{width}")
    toc_link.click()
    expect(page).to_have_url(re.compile(rf"#{REGULATION_ARTICLE}$"))
    heading = page.locator(f"#{REGULATION_ARTICLE} h3")
    expect(heading).to_contain_text("Điều 9.")
    expect(heading).to_be_in_viewport()
    viewport_shot(page, f"quy-che-dieu-9-{width}")

    # Search from the header box: highlighted results, the regulation first, nothing internal.
    if phone:
        expect(page.locator("#main-nav")).to_be_hidden()  # the box stays out of the menu
    box = page.get_by_role("searchbox", name="Tìm kiếm trên cổng")
    box.fill("dan chu")
    box.press("Enter")
    page.wait_for_url("**/search/?q=dan+chu")
    results = page.locator(".search-result")
    expect(results).to_have_count(1 + len(PUBLIC_CURRENT) + 1)  # regulation + public items
    regulation_link = results.first.locator("h2 a")
    assert regulation_link.get_attribute("href").endswith(demo["regulation_url"])
    first_title = results.first.locator("h2").inner_text()
    assert "dân chủ" in first_title.lower()
    expect(results.first.locator("h2 mark").first).to_be_visible()
    expect(results.first.locator(".badge").first).to_have_text("Quy chế")
    assert results.locator("mark").count() >= 2
    found = results.locator("h2").all_inner_texts()
    for title in [*INTERNAL_CURRENT, INTERNAL_EXPIRED]:
        assert title not in found
    expect(page.locator(".badge-internal")).to_have_count(0)
    assert_fits(page, "search")
    screenshot(page, f"tim-kiem-{width}")


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_staff_find_internal_items_and_confirm_reading_one(
    live_server, page_factory, screenshot, demo, width
):
    base = live_server.url
    staff = UserFactory(username="nhanvien", last_name="Trần Thị", first_name="Bình")
    staff.set_password(PASSWORD)
    staff.save()
    page = page_factory(width=width, height=844 if width == 390 else 900)
    log_in(page, base, staff.username, next_url="/cong-khai/")

    assert sorted(board_titles(page)) == sorted(PUBLIC_CURRENT + INTERNAL_CURRENT)
    assert_fits(page, "board, logged in")
    assert_header_clear(page)
    if width == 390:
        # The long staff menu opens between the brand and the search box.
        page.get_by_role("button", name="Menu").click()
        expect(page.get_by_role("link", name="Việc cần xử lý")).to_be_visible()
        assert_header_clear(page)
        viewport_shot(page, f"cong-khai-menu-dang-nhap-{width}")
        page.get_by_role("button", name="Menu").click()
    screenshot(page, f"cong-khai-bang-dang-nhap-{width}")

    box = page.get_by_role("searchbox", name="Tìm kiếm trên cổng")
    box.focus()
    assert_focus_ring(page)
    box.fill("dan chu")
    box.press("Enter")
    page.wait_for_url("**/search/?q=dan+chu")
    found = page.locator(".search-result h2").all_inner_texts()
    assert INTERNAL_CURRENT[0] in found
    internal_result = page.locator(".search-result", has_text=INTERNAL_CURRENT[0])
    expect(internal_result.locator(".badge-internal")).to_have_text("Nội bộ")
    assert_fits(page, "search, logged in")
    assert_header_clear(page)
    screenshot(page, f"tim-kiem-dang-nhap-{width}")

    internal_result.get_by_role("link", name=INTERNAL_CURRENT[0]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(INTERNAL_CURRENT[0])
    expect(page.locator(".disclosure-badges")).to_contain_text("Nội bộ")
    button = page.get_by_role("button", name="Tôi đã đọc")
    expect(button).to_be_visible()
    button.click()
    expect(page.get_by_text("Đã ghi nhận bạn đã đọc nội dung này.")).to_be_visible()
    today = timezone.localdate().strftime("%d/%m/%Y")
    confirmation = page.locator(".disclosure-ack")
    expect(confirmation).to_contain_text(f"Bạn đã xác nhận đọc lúc {today}")
    expect(page.get_by_role("button", name="Tôi đã đọc")).to_have_count(0)
    screenshot(page, f"cong-khai-da-doc-{width}")
    page.reload()
    expect(confirmation).to_contain_text(f"Bạn đã xác nhận đọc lúc {today}")
    expect(page.get_by_role("button", name="Tôi đã đọc")).to_have_count(0)
    assert (
        Acknowledgement.objects.filter(user=staff, page=demo["items"][INTERNAL_CURRENT[0]]).count()
        == 1
    )
