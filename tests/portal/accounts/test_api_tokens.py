import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import APIToken

from portal.accounts.services import api_token_authenticate, api_token_issue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_command_prints_a_token_that_opens_the_api(client, org, capsys):
    call_command("issue_api_token", "chuyenvien")
    raw = capsys.readouterr().out.strip()
    response = client.get("/api/v1/me/", **bearer(raw))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "chuyenvien"
    assert body["memberships"][0]["unit_code"] == "QLCN"


def test_token_is_stored_only_as_a_hash(org):
    token, raw = api_token_issue(user=org["chuyenvien"])
    stored = APIToken.objects.get(pk=token.pk)
    assert raw not in (stored.key_hash, stored.prefix, stored.name)
    assert stored.key_hash == APIToken.hash_token(raw)


def test_token_of_a_leader_needs_no_mfa_step(client, org):
    _token, raw = api_token_issue(user=org["truongphong"])
    assert client.get("/api/v1/me/", **bearer(raw)).status_code == 200


def test_token_does_not_open_html_pages_or_the_admin(client, org):
    _token, raw = api_token_issue(user=UserFactory(username="qt", is_superuser=True, is_staff=True))
    response = client.get("/admin/", **bearer(raw))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_expired_token_is_refused_with_a_vietnamese_message(client, org):
    token, raw = api_token_issue(user=org["chuyenvien"], days=1)
    token.expiry.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    token.expiry.save()
    response = client.get("/api/v1/me/", **bearer(raw))
    assert response.status_code == 401
    assert "hết hạn" in response.json()["detail"]


def test_token_without_own_expiry_follows_the_default_lifetime(org, settings):
    settings.API_TOKEN_DEFAULT_DAYS = 30
    token, raw = APIToken.create_token(user=org["chuyenvien"], name="từ trang quản trị")
    assert api_token_authenticate(raw=raw) == token
    APIToken.objects.filter(pk=token.pk).update(
        created=timezone.now() - datetime.timedelta(days=31)
    )
    assert api_token_authenticate(raw=raw) is None


def test_revoked_token_and_disabled_user_are_refused(client, org):
    token, raw = api_token_issue(user=org["chuyenvien"])
    token.revoke()
    assert client.get("/api/v1/me/", **bearer(raw)).status_code == 401
    _token, raw2 = api_token_issue(user=org["vienchuc"])
    org["vienchuc"].is_active = False
    org["vienchuc"].save()
    assert client.get("/api/v1/me/", **bearer(raw2)).status_code == 401


def test_token_never_expires_when_issued_for_zero_days(org):
    token, raw = api_token_issue(user=org["chuyenvien"], days=0)
    assert token.expiry.expires_at is None
    assert api_token_authenticate(raw=raw) == token


def test_garbage_token_is_refused(client, db):
    assert client.get("/api/v1/me/", **bearer("wagtail_notatoken")).status_code == 401


def test_api_without_credentials_says_login_is_needed(client, db):
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Bạn cần đăng nhập."


def test_session_api_call_needs_csrf_for_unsafe_methods_but_token_does_not(org):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(org["chuyenvien"])
    assert csrf_client.get("/api/v1/me/").status_code == 200


def test_command_refuses_unknown_or_disabled_users(org):
    with pytest.raises(CommandError, match="Không có người dùng"):
        call_command("issue_api_token", "khongco")
    org["vienchuc"].is_active = False
    org["vienchuc"].save()
    with pytest.raises(CommandError, match="bị khóa"):
        call_command("issue_api_token", "vienchuc")


def test_openapi_document_is_served(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/me/" in response.json()["paths"]
