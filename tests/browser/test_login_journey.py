import pytest

from tests.factories import home_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "mat-khau-2026"


def login(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Tên đăng nhập hoặc email").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_staff_member_logs_in_and_sees_the_portal_in_vietnamese(
    live_server, org, page_factory, screenshot
):
    home_page()
    user = org["chuyenvien"]
    user.set_password(PASSWORD)
    user.save()

    page = page_factory()
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", level=1).inner_text() == "Cổng biểu mẫu và phê duyệt điện tử"
    screenshot(page, "home-anonymous-desktop")

    login(page, live_server.url, "chuyenvien")
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("button", name="Đăng xuất").is_visible()
    assert user.get_full_name() in page.locator("header").inner_text()
    screenshot(page, "home-staff-desktop")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"


def test_leader_is_taken_to_mfa_setup_after_login(live_server, org, page_factory, screenshot):
    home_page()
    user = org["truongphong"]
    user.set_password(PASSWORD)
    user.save()

    page = page_factory()
    login(page, live_server.url, "truongphong")
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    assert page.locator("svg").count() >= 1  # the QR code to scan
    screenshot(page, "mfa-setup-desktop")


def test_menu_collapses_behind_a_button_on_a_phone(live_server, db, page_factory, screenshot):
    home_page()
    page = page_factory(width=390, height=844)
    page.goto(live_server.url + "/")
    toggle = page.get_by_role("button", name="Menu")
    assert toggle.is_visible()
    login_link = page.get_by_role("link", name="Đăng nhập", exact=True)
    assert not login_link.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert login_link.is_visible()
    screenshot(page, "home-phone-menu-open")
