"""axe-core on the portal's pages, at desktop and phone widths, on the demo Sở.

Every page is checked against the WCAG 2.0/2.1 A and AA rules; a serious or critical
violation fails its page's test with the rule, the elements and the help link. The leave form
is also walked with the keyboard and sent empty, to see that the errors are tied to their
fields. Screenshots go to test-artifacts/a11y-*.

The demo takes tens of seconds to load, so it is loaded once for the file, with one live
server, and the tests only read it: pytest-django's ``live_server`` fixture (and
``transaction=True``) would flush the database after every page. People log in once, through
the real login and TOTP forms, and each page's browser context gets their session cookie.
Everything is flushed at the end, as after a transactional test.
"""

import datetime
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from forms.leave.models import LeaveFormPage
from forms.models import ApprovalStep
from portal.accounts.models import User
from portal.calendar.services import is_working_day
from portal.demo.services import demo_data_load
from portal.disclosure.models import DisclosureItemPage
from portal.documents.models import Document
from tests.browser.journeys.support import PASSWORD, log_in, with_totp
from tests.forms.leave.support import apply, grant

# Each test only reads what the module fixture committed; the mark gets the test database made
# (and wraps the test in a transaction that the live server, on PostgreSQL, never sees).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

STAFF = "chuyenvien_cn"
APPROVER = "truongphong_cn"  # decides chuyenvien_cn's half day of leave
OFFICE = "chanhvanphong"
ISSUED_REQUESTER = "chuyenvien_tm"
MFA_PEOPLE = (APPROVER, OFFICE)
PUBLIC_ITEM = "Công khai dự toán ngân sách nhà nước năm 2026"  # with a PDF attached
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


@dataclass
class Site:
    url: str
    pages: dict[str, tuple[str | None, str]]
    cookies: dict[str, list] = field(default_factory=dict)


def next_free_tuesday(after: int) -> datetime.date:
    day = timezone.localdate() + datetime.timedelta(days=after)
    while day.weekday() != 1 or not is_working_day(day=day):
        day += datetime.timedelta(days=1)
    return day


def in_worker_thread(fn):
    """Run ``fn`` away from the Playwright event loop of this thread: pyhanko signs the PDF
    with asyncio.run(), which refuses to start inside a running loop. An in-memory SQLite
    database exists only on this thread's connection, so it is lent to the worker."""
    connection = connections["default"]
    shared = connection.vendor == "sqlite" and connection.is_in_memory_db()

    def run():
        if shared:
            connections["default"] = connection
        try:
            return fn()
        finally:
            if not shared:
                connections.close_all()

    if shared:
        connection.inc_thread_sharing()
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(run).result()
    finally:
        if shared:
            connection.dec_thread_sharing()


def demo_prepare() -> dict[str, tuple[str | None, str]]:
    """The demo, people able to log in, a task waiting for its approver and an issued PDF;
    returns each page's name → (who looks at it, address)."""
    demo = demo_data_load(password=PASSWORD, content=True)
    for username in MFA_PEOPLE:
        with_totp(User.objects.get(username=username))
    leave = LeaveFormPage.objects.get(slug="nghi-phep")
    day = next_free_tuesday(after=14)
    pending = apply(leave, User.objects.get(username=STAFF), day, end_session="morning")
    step = pending.steps.get(state=ApprovalStep.State.ACTIVE)
    assert step.actor.username == APPROVER, step.actor
    approved = grant(
        apply(leave, User.objects.get(username=ISSUED_REQUESTER), day, end_session="morning")
    )
    document = Document.objects.get(submission=approved)
    assert document.status == Document.Status.ISSUED, (document.status, document.last_error)
    item = DisclosureItemPage.objects.get(title=PUBLIC_ITEM)
    return {
        "trang-chu": (None, "/"),
        "trang-chu-dang-nhap": (STAFF, "/"),
        "don-nghi-phep": (STAFF, demo["leave_page_url"]),
        "don-ngoai-gio": (STAFF, demo["overtime_page_url"]),
        "gop-y": (STAFF, "/gop-y/"),
        "viec-can-xu-ly": (APPROVER, "/viec-can-xu-ly/"),
        "viec": (APPROVER, f"/viec-can-xu-ly/viec/{step.pk}/"),
        "don-cua-toi": (STAFF, "/bieu-mau/don-cua-toi/"),
        "don": (ISSUED_REQUESTER, f"/bieu-mau/don/{approved.pk}/"),
        "cong-khai": (STAFF, demo["disclosure_page_url"]),
        "cong-khai-muc": (None, item.url),
        "quy-che": (None, demo["regulation_page_url"]),
        "tim-kiem": (STAFF, "/search/?q=nghi+phep"),
        "dang-nhap": (None, "/accounts/login/"),
        "xac-thuc-hai-lop": (APPROVER, "/accounts/2fa/authenticate/"),  # reached by logging in
        "theo-doi": (OFFICE, "/theo-doi/"),
        "xac-minh": (None, f"/xac-minh/{document.verify_code}/"),
    }


PAGE_NAMES = [
    "trang-chu",
    "trang-chu-dang-nhap",
    "don-nghi-phep",
    "don-ngoai-gio",
    "gop-y",
    "viec-can-xu-ly",
    "viec",
    "don-cua-toi",
    "don",
    "cong-khai",
    "cong-khai-muc",
    "quy-che",
    "tim-kiem",
    "dang-nhap",
    "xac-thuc-hai-lop",
    "theo-doi",
    "xac-minh",
]


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, browser, tmp_path_factory):
    media = tmp_path_factory.mktemp("a11y-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        server = LiveServer("localhost")
        try:
            result = Site(url=server.url, pages=in_worker_thread(demo_prepare))
            assert set(result.pages) == set(PAGE_NAMES)
            for username in (STAFF, APPROVER, OFFICE, ISSUED_REQUESTER):
                context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
                log_in(context.new_page(), server.url, username, totp=username in MFA_PEOPLE)
                result.cookies[username] = context.cookies()
                context.close()
            yield result
        finally:
            server.stop()
            # What pytest-django does after a transactional test, so that later tests start
            # from the same empty database.
            call_command("flush", verbosity=0, interactive=False)


def open_page(page_factory, site: Site, name: str, width: str):
    who, path = site.pages[name]
    w, h = WIDTHS[width]
    page = page_factory(width=w, height=h)
    if name == "xac-thuc-hai-lop":
        # The code form is only shown half-way through a login; stop there.
        page.goto(f"{site.url}/accounts/login/?next=/")
        page.get_by_label("Tên đăng nhập hoặc email").fill(who)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"**{path}")
    else:
        if who:
            page.context.add_cookies(site.cookies[who])
        response = page.goto(f"{site.url}{path}")
        assert response.ok, f"{name}: {path} answered {response.status}"
    return page


def violations_report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  - {', '.join(map(str, node['target']))}")
            lines.append(f"    {node.get('failureSummary', '').replace(chr(10), ' ')}")
    return "\n".join(lines)


def assert_no_serious_violations(page, what: str) -> None:
    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
    )
    # axe answers with the rules it ran; none at all would mean it never looked at the page.
    assert results.response["passes"], f"{what}: axe ran no rule"
    found = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not found, f"{what}:\n{violations_report(found)}"


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_the_page_has_no_serious_accessibility_violations(
    site, page_factory, screenshot, name, width
):
    page = open_page(page_factory, site, name, width)
    screenshot(page, f"a11y-{name}-{width}")
    assert_no_serious_violations(page, f"{name} ({width})")


FOCUSED = """() => {
  const el = document.activeElement;
  return el && el.closest("form.portal-form") ? (el.name || el.textContent.trim()) : null;
}"""
CONTROLS = """() => [...document.querySelectorAll(
    "form.portal-form input:not([type=hidden]), form.portal-form select,"
    + " form.portal-form textarea, form.portal-form button")]
  .filter((el) => !el.disabled && el.offsetParent !== null)
  .map((el) => el.name || el.textContent.trim())"""


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_keyboard_reaches_every_control_of_the_leave_form_up_to_send(site, page_factory, width):
    page = open_page(page_factory, site, "don-nghi-phep", width)
    controls = page.evaluate(CONTROLS)
    assert "Gửi đơn" in controls and "reason" in controls, controls
    reached = []
    for _press in range(80):  # the skip link, the header and the search box come first
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused and focused not in reached:
            reached.append(focused)
        if focused == "Gửi đơn":
            break
    expected = controls[: controls.index("Gửi đơn") + 1]
    assert reached == expected, f"Tab went through {reached}, the form has {expected}"


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_leave_form_sent_empty_ties_each_error_to_its_field(
    site, page_factory, screenshot, width
):
    page = open_page(page_factory, site, "don-nghi-phep", width)
    page.get_by_role("button", name="Gửi đơn").click()
    page.wait_for_load_state()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Chưa gửi được, vui lòng kiểm tra lại")
    for label in ("Loại nghỉ", "Từ ngày", "Đến hết ngày", "Lý do"):
        control = page.get_by_label(label)
        expect(control).to_have_attribute("aria-invalid", "true")
        described = control.get_attribute("aria-describedby") or ""
        messages = [page.locator(f"[id='{ref}']").inner_text() for ref in described.split()]
        assert "Trường này là bắt buộc." in " ".join(messages), (label, described, messages)
        # The summary's link for the field leads to it.
        link = summary.get_by_role("link", name=f"{label}: Trường này là bắt buộc.")
        assert link.get_attribute("href") == f"#{control.get_attribute('id')}"
    screenshot(page, f"a11y-don-nghi-phep-loi-{width}")
    assert_no_serious_violations(page, f"leave form with errors ({width})")
