"""Journey 5: an anonymous visitor on a phone, on the demo content (load_demo_data), reads the
công khai board and an item, opens the Trung tâm's democracy regulation and jumps through its
table of contents, finds it again by typing without diacritics in the header's search box —
and never reaches an internal item: not on the board, not in the results, not in the
sitemap, and its address sends him to the login page.

tests/browser/test_public_pages.py checks the same pages in detail on factory content; this is
the visitor's whole path on what an installation shows after ``make run``.
"""

import re
from urllib.parse import urlparse
from xml.etree import ElementTree

import pytest
from playwright.sync_api import expect

from portal.demo.services import demo_data_load
from portal.disclosure.models import Audience, DisclosureItemPage
from tests.browser.conftest import ARTIFACTS
from tests.browser.journeys.support import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def viewport_shot(page, name: str) -> None:
    """The regulation runs to dozens of phone screens: what the phone shows is the picture
    worth looking at (the ``screenshot`` fixture always takes the full page)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def assert_fits(page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url}: {overflow}px wider than the phone"


def test_a_visitor_reads_the_board_and_the_regulation_and_never_an_internal_item(
    live_server, page_factory, screenshot
):
    base = live_server.url
    summary = demo_data_load(password=PASSWORD, content=True)
    regulation_url = summary["regulation_page_url"]
    today_items = [item for item in DisclosureItemPage.objects.live() if item.is_posted()]
    public = sorted(i.title for i in today_items if i.audience == Audience.PUBLIC)
    internal = list(DisclosureItemPage.objects.filter(audience=Audience.INTERNAL))
    assert public and internal

    page = page_factory(**PHONE)
    page.goto(f"{base}/")
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Công khai"
    ).click()
    page.wait_for_url(f"{base}/cong-khai/")

    # --- The board: the public items posted today, no internal one.
    expect(page.get_by_role("heading", level=1)).to_have_text("Công khai")
    titles = page.locator(".disclosure-list h2")
    expect(titles).to_have_count(len(public))
    assert sorted(titles.all_inner_texts()) == public
    expect(
        page.get_by_text("Nội dung công khai nội bộ chỉ hiển thị khi bạn đăng nhập.")
    ).to_be_visible()
    assert_fits(page)
    screenshot(page, "journey5-board-390")

    page.get_by_role("link", name=public[0]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(public[0])
    expect(page.locator(".disclosure-badges")).to_contain_text("Đang niêm yết")
    assert_fits(page)
    screenshot(page, "journey5-item-390")

    # --- The regulation, from the menu's "Quy chế" listing.
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Quy chế"
    ).click()
    page.wait_for_url(f"{base}/quy-che/")
    page.get_by_role("link", name=summary["regulation_page_title"]).click()
    page.wait_for_url(f"{base}{regulation_url}")
    expect(page.get_by_role("heading", level=1)).to_have_text(summary["regulation_page_title"])
    toc = page.get_by_role("navigation", name="Mục lục")
    article = toc.get_by_role("link", name=re.compile(r"^Điều 9\. "))
    # Folded on a phone so that the text comes first; one tap opens it.
    expect(article).to_be_hidden()
    assert_fits(page)
    viewport_shot(page, "journey5-regulation-390")
    toc.get_by_text("Mục lục", exact=True).click()
    expect(article).to_be_visible()
    toc.scroll_into_view_if_needed()
    viewport_shot(page, "journey5-regulation-toc-390")
    article.click()
    expect(page).to_have_url(re.compile(r"#dieu-9$"))
    heading = page.locator("#dieu-9 h3")
    expect(heading).to_contain_text("Điều 9.")
    expect(heading).to_be_in_viewport()
    viewport_shot(page, "journey5-regulation-article-390")

    # --- Typed without diacritics in the header's box, the regulation is found first.
    box = page.get_by_role("searchbox", name="Tìm kiếm trên cổng")
    box.fill("quy che dan chu")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=quy\+che\+dan\+chu$"))
    results = page.locator(".search-result")
    expect(results.first).to_be_visible()
    first = results.first.get_by_role("link").first
    expect(first).to_have_attribute("href", re.compile(re.escape(regulation_url) + "$"))
    expect(results.first.locator("mark").first).to_be_visible()
    found = results.locator("h2").all_inner_texts()
    for item in internal:
        assert item.title not in found
    expect(page.locator(".badge-internal")).to_have_count(0)
    assert_fits(page)
    screenshot(page, "journey5-search-390")

    # --- An internal item's address leads to the login page, and its title shows nowhere.
    secret = internal[0]
    page.goto(f"{base}{secret.url}")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    expect(page.get_by_text(secret.title)).to_have_count(0)
    screenshot(page, "journey5-internal-login-390")

    # --- Nor does the sitemap list it (paths only: the demo site's host is not the test's).
    response = page.request.get(f"{base}/sitemap.xml")
    assert response.ok
    paths = {
        urlparse(loc.text).path
        for loc in ElementTree.fromstring(response.body()).iterfind("sm:url/sm:loc", SITEMAP_NS)
    }
    assert regulation_url in paths
    assert {i.url for i in today_items if i.audience == Audience.PUBLIC} <= paths
    assert not {i.url for i in internal} & paths
