"""What every journey needs: people with a password and an authenticator, and a real login.

Each person logs in through the real login form (and the TOTP form when they have MFA) in their
own browser context, as on their own computer.
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)

PASSWORD = "mat-khau-2026"
SECRET = "JBSWY3DPEHPK3PXP"


def totp_code(secret: str = SECRET) -> str:
    """The code an authenticator app shows right now for the secret."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def with_totp(user, secret: str = SECRET):
    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": secret}}
    )
    return user


def with_password(user, password: str = PASSWORD):
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


def log_in(page, base_url: str, username: str, *, next_url: str = "/", totp: bool = False):
    page.goto(f"{base_url}/accounts/login/?next={next_url}")
    page.get_by_label("Tên đăng nhập hoặc email").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    if totp:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        # A code typed as the 30-second window turns is refused; the next one is not.
        for _attempt in range(2):
            page.get_by_role("textbox", name="Mã").fill(totp_code())
            page.get_by_role("button", name="Đăng nhập").click()
            page.wait_for_load_state()
            if "/accounts/2fa/authenticate/" not in page.url:
                break
    page.wait_for_url(f"{base_url}{next_url}")
