"""The Content-Security-Policy in a real browser: nothing the portal or the Wagtail admin
needs is blocked, and nothing complains in the console.

An init script reports every `securitypolicyviolation` event to the console; the test
collects console errors and warnings and uncaught page errors, page by page, and asserts
there are none. Screenshots: test-artifacts/csp-*.
"""

import datetime

import pytest
from playwright.sync_api import expect

from forms.models import ApprovalStep, Submission
from portal.accounts.models import User
from portal.calendar.services import is_working_day
from portal.demo.services import demo_data_load
from tests.browser.journeys.support import PASSWORD, log_in, with_password, with_totp
from tests.factories import UserFactory, home_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`
    + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""


FAVICON_MISSING = "Failed to load resource: the server responded with a status of 404 (Not Found)"


class Console:
    """Console errors and warnings, CSP reports and page errors, with the page they came from."""

    def __init__(self):
        self.problems: list[str] = []

    def watch(self, page):
        page.add_init_script(REPORT_VIOLATIONS)
        page.on(
            "console",
            lambda msg: (
                msg.type in ("error", "warning")
                and self.problems.append(f"{page.url} [{msg.type}] {msg.text}")
            ),
        )
        page.on("pageerror", lambda error: self.problems.append(f"{page.url} [pageerror] {error}"))
        page.on(
            "response",
            lambda response: (
                response.status >= 400
                and self.problems.append(f"{page.url} [{response.status}] {response.url}")
            ),
        )
        return page

    def report(self) -> list[str]:
        return [p for p in self.problems if not p.endswith(FAVICON_MISSING)]

    def visit(self, page, url: str):
        # "load", not "networkidle": some pages poll (a document being made), so the network
        # never idles; the deferred scripts have all run by the load event.
        page.goto(url, wait_until="load")


def a_free_working_day() -> datetime.date:
    day = datetime.date.today() + datetime.timedelta(days=10)
    while not is_working_day(day=day):
        day += datetime.timedelta(days=1)
    return day


def test_portal_pages_run_under_the_strict_policy_without_a_violation(
    live_server, page_factory, screenshot
):
    demo = demo_data_load(password=PASSWORD, content=True)
    approver = with_totp(User.objects.get(username="truongphong_cn"))
    with_totp(User.objects.get(username="chanhvanphong"))
    base = live_server.url
    console = Console()

    visitor = console.watch(page_factory())
    for url in ("/", demo["regulation_page_url"], "/accounts/login/", "/gop-y/"):
        console.visit(visitor, base + url)

    # A staff member fills in and sends a half day of leave.
    staff = console.watch(page_factory())
    log_in(staff, base, "chuyenvien_cn", next_url=demo["leave_page_url"])
    day = a_free_working_day().strftime("%d/%m/%Y")
    staff.get_by_label("Loại nghỉ").select_option("annual")
    staff.get_by_label("Từ ngày").fill(day)
    staff.get_by_label("Từ buổi").select_option("morning")
    staff.get_by_label("Đến hết ngày").fill(day)
    staff.get_by_label("Đến hết buổi").select_option("morning")
    staff.get_by_label("Lý do").fill("Đưa con đi khám bệnh")
    expect(staff.locator("#leave-days")).to_contain_text("0,5 ngày")
    screenshot(staff, "csp-leave-form")
    staff.get_by_role("button", name="Gửi đơn").click()
    staff.wait_for_url("**/bieu-mau/don/*/")
    for url in ("/", demo["disclosure_page_url"], "/search/?q=nghi+phep", "/bieu-mau/"):
        console.visit(staff, base + url)

    # The approver logs in through the password and TOTP forms and opens the task.
    submission = Submission.objects.get(requester__username="chuyenvien_cn")
    step = submission.steps.get(state=ApprovalStep.State.ACTIVE)
    assert step.actor == approver
    judge = console.watch(page_factory())
    log_in(judge, base, approver.username, next_url="/viec-can-xu-ly/", totp=True)
    console.visit(judge, f"{base}/viec-can-xu-ly/viec/{step.pk}/")
    expect(judge.get_by_role("button", name="Đồng ý", exact=True)).to_be_visible()
    screenshot(judge, "csp-task")

    # Văn phòng's dashboard with its charts.
    office = console.watch(page_factory())
    log_in(office, base, "chanhvanphong", next_url="/theo-doi/", totp=True)
    console.visit(office, f"{base}/theo-doi/")
    expect(office.locator("svg.chart").first).to_be_visible()
    screenshot(office, "csp-dashboard")

    assert console.report() == [], "\n".join(console.problems)


def test_the_admin_page_editor_and_the_api_docs_work_under_their_policies(
    live_server, page_factory, screenshot, settings
):
    # The userbar on the site's pages loads the admin's assets from this base URL.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    home = home_page()
    admin = with_password(with_totp(UserFactory(username="quantri", is_superuser=True)))
    assert admin.is_superuser
    base = live_server.url
    console = Console()

    page = console.watch(page_factory())
    log_in(page, base, "quantri", next_url="/admin/", totp=True)
    console.visit(page, f"{base}/admin/pages/{home.pk}/edit/")
    expect(page.get_by_role("textbox", name="Tiêu đề")).to_be_visible()
    # Open the preview panel: it frames the page inside the admin.
    page.locator('[data-side-panel-toggle="preview"]').click()
    preview = page.frame_locator("iframe#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_contain_text(home.title)
    screenshot(page, "csp-admin-page-editor")

    console.visit(page, f"{base}/")  # the site with the editor's userbar
    console.visit(page, f"{base}/api/v1/docs")
    # Swagger UI draws the page from script after loading the schema: a busy machine is slow.
    expect(page.locator(".swagger-ui .info .title")).to_be_visible(timeout=30_000)
    screenshot(page, "csp-api-docs")

    assert console.report() == [], "\n".join(console.problems)
