"""Guessing is slowed down, second factors are single use, and a disabled account is out.

- Wrong passwords or MFA codes lock the account (and, in bulk, the address) for a while,
  the right password included; password reset requests are limited too.
- A TOTP code accepted once is refused the second time in its window (allauth marks used
  codes in the shared cache); a recovery code works once.
- Disabling a user (a service, the Wagtail admin edit form or its bulk action) or giving
  them a new password deletes their sessions at once, with every session engine.
"""

import datetime
from importlib import import_module

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal.accounts.services import api_token_issue
from tests.factories import TOTP_SECRET, UserFactory, login_with_mfa, with_totp

pytestmark = pytest.mark.django_db

PASSWORD = "pass-1234"  # UserFactory's password
SECRET = TOTP_SECRET  # the device with_totp() gives
START = datetime.datetime(2026, 3, 18, 8, 0, 0, tzinfo=datetime.UTC)
LOCKED = "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau."
LOGIN = "/accounts/login/"
MFA = "/accounts/2fa/authenticate/"


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


def code_at(moment: datetime.datetime) -> str:
    return format_hotp_value(hotp_value(SECRET, int(moment.timestamp()) // 30))


def try_login(client, login, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"login": login, "password": password}, REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# Wrong passwords ---------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one_until_the_window_ends(
    clock,
):
    UserFactory(username="chuyenvien_a")
    client = Client()
    for _ in range(5):
        response = try_login(client, "chuyenvien_a", "sai-mat-khau")
        assert LOCKED not in response.content.decode()

    response = try_login(client, "chuyenvien_a", PASSWORD)
    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert not logged_in(client)

    clock.shift(datetime.timedelta(minutes=4))
    assert LOCKED in try_login(client, "chuyenvien_a", PASSWORD).content.decode()

    clock.shift(datetime.timedelta(minutes=1, seconds=1))
    response = try_login(client, "chuyenvien_a", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_the_lock_is_per_account_so_a_colleague_still_logs_in(clock):
    UserFactory(username="chuyenvien_a")
    UserFactory(username="chuyenvien_b")
    for _ in range(6):
        try_login(Client(), "chuyenvien_a", "sai-mat-khau")

    client = Client()
    assert try_login(client, "chuyenvien_b", PASSWORD).status_code == 302


def test_many_failures_from_one_address_lock_that_address_only(clock):
    users = [UserFactory(username=f"nv{i}") for i in range(21)]
    for user in users[:20]:
        try_login(Client(), user.username, "sai-mat-khau", ip="10.0.0.9")

    blocked = Client()
    response = try_login(blocked, users[20].username, PASSWORD, ip="10.0.0.9")
    assert LOCKED in response.content.decode() and not logged_in(blocked)
    elsewhere = Client()
    assert try_login(elsewhere, users[20].username, PASSWORD, ip="10.0.0.10").status_code == 302


def test_password_reset_requests_for_one_address_are_limited_with_a_vietnamese_page(clock):
    UserFactory(username="chuyenvien_a", email="a@example.gov.vn")
    client = Client()
    url = reverse("account_reset_password")
    for _ in range(3):
        assert client.post(url, {"email": "a@example.gov.vn"}).status_code == 302

    response = client.post(url, {"email": "a@example.gov.vn"})
    assert response.status_code == 429
    assert "Bạn đã gửi quá nhiều yêu cầu" in response.content.decode()
    assert len(mail.outbox) == 3


# The MFA step ------------------------------------------------------------------------------


def test_wrong_codes_lock_the_mfa_step_even_for_the_right_code(clock):
    with_totp(UserFactory(username="truongphong_a"))
    client = Client()
    assert try_login(client, "truongphong_a", PASSWORD)["Location"] == MFA
    for wrong in ("000000", "111111", "222222", "333333", "444444"):
        assert "Mã không đúng." in client.post(MFA, {"code": wrong}).content.decode()

    response = client.post(MFA, {"code": code_at(START)})
    assert LOCKED in response.content.decode()
    assert not logged_in(client)


def test_a_totp_code_cannot_be_used_twice_in_its_window(clock):
    with_totp(UserFactory(username="truongphong_a"))
    first = Client()
    try_login(first, "truongphong_a", PASSWORD)
    assert first.post(MFA, {"code": code_at(START)}).status_code == 302
    assert logged_in(first)

    # Someone who saw the code (over the shoulder, a phishing page) tries it at once.
    clock.shift(datetime.timedelta(seconds=10))
    second = Client()
    try_login(second, "truongphong_a", PASSWORD)
    response = second.post(MFA, {"code": code_at(START)})
    assert "Mã không đúng." in response.content.decode()
    assert not logged_in(second)

    # The next window's code works.
    clock.shift(datetime.timedelta(seconds=30))
    now = START + datetime.timedelta(seconds=40)
    assert second.post(MFA, {"code": code_at(now)}).status_code == 302
    assert logged_in(second)


def test_a_recovery_code_works_once(clock):
    user = with_totp(UserFactory(username="truongphong_a"))
    code = RecoveryCodes.activate(user).get_unused_codes()[0]

    first = Client()
    try_login(first, "truongphong_a", PASSWORD)
    assert first.post(MFA, {"code": code}).status_code == 302

    second = Client()
    try_login(second, "truongphong_a", PASSWORD)
    assert "Mã không đúng." in second.post(MFA, {"code": code}).content.decode()
    assert not logged_in(second)


# Ending sessions ---------------------------------------------------------------------------

ENGINES = [
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
    "django.contrib.sessions.backends.cache",
]


def signed_in(user, count=2) -> list[Client]:
    clients = []
    for _ in range(count):
        client = Client()
        client.force_login(user)
        assert client.get("/bieu-mau/").status_code == 200
        clients.append(client)
    return clients


def assert_signed_out(clients, user):
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for client in clients:
        # Deleted, whatever the engine keeps them in, not merely ignored.
        assert not store().exists(client.cookies[settings.SESSION_COOKIE_NAME].value)
        response = client.get("/bieu-mau/")
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(user.pk) for s in Session.objects.all()
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_disabling_a_user_in_a_service_ends_every_session_and_token(settings, engine):
    settings.SESSION_ENGINE = engine
    user = UserFactory(username="chuyenvien_a")
    other = UserFactory(username="chuyenvien_b")
    clients = signed_in(user)
    bystander = signed_in(other, count=1)[0]
    _token, raw = api_token_issue(user=user)

    user.is_active = False
    user.save()

    assert_signed_out(clients, user)
    response = Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert bystander.get("/bieu-mau/").status_code == 200


@pytest.mark.parametrize("engine", ENGINES)
def test_a_new_password_set_by_an_administrator_ends_the_sessions(settings, engine):
    settings.SESSION_ENGINE = engine
    user = UserFactory(username="chuyenvien_a")
    clients = signed_in(user)

    user.set_password("mat-khau-moi-2026")
    user.save()

    assert_signed_out(clients, user)
    fresh = Client()
    assert try_login(fresh, "chuyenvien_a", "mat-khau-moi-2026").status_code == 302


def test_logging_in_again_keeps_the_other_sessions():
    user = UserFactory(username="chuyenvien_a")
    clients = signed_in(user)
    assert try_login(Client(), "chuyenvien_a", PASSWORD).status_code == 302
    assert all(client.get("/bieu-mau/").status_code == 200 for client in clients)


@pytest.fixture
def admin_client():
    admin = UserFactory(username="quantri", is_superuser=True, is_staff=True)
    return login_with_mfa(Client(), admin)


def test_disabling_a_user_in_the_wagtail_admin_ends_their_sessions(admin_client):
    user = UserFactory(username="chuyenvien_a", email="a@example.gov.vn")
    clients = signed_in(user)

    response = admin_client.post(
        reverse("wagtailusers_users:edit", args=[user.pk]),
        {
            "username": user.username,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "password1": "",
            "password2": "",
            # is_active left unticked
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    user.refresh_from_db()
    assert not user.is_active
    assert_signed_out(clients, user)


def test_disabling_users_with_the_wagtail_bulk_action_ends_their_sessions(admin_client):
    user = UserFactory(username="chuyenvien_a")
    clients = signed_in(user)

    url = (
        reverse("wagtail_bulk_action", args=["accounts", "user", "set_active_state"])
        + f"?next=/admin/users/&id={user.pk}"
    )
    response = admin_client.post(url, {"mark_as_active": "False"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    assert_signed_out(clients, user)
