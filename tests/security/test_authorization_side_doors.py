"""Password-only login forms that the URL conf still mounts next to allauth's login.

The authorization matrix found them: Wagtail's admin login (/admin/login/) and its page
login (/_util/login/) answer 200 to anyone. The portal's MFA middleware only asks whether a
user *has* TOTP, not whether this session passed it, so a password alone opens an
approver's account there. portal/urls.py now sends both paths to allauth's ``account_login``.
"""

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from tests.factories import small_organisation

PASSWORD = "pass-1234"  # tests.factories.UserFactory


@pytest.fixture
def director_with_totp(db):
    director = small_organisation()["giamdoc"]
    Authenticator.objects.create(
        user=director, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return director


def _signed_in(client: Client) -> bool:
    return client.get("/viec-can-xu-ly/").status_code == 200


def test_the_allauth_login_asks_an_approver_for_his_totp_code(director_with_totp):
    client = Client()
    response = client.post("/accounts/login/", {"login": "giamdoc", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert not _signed_in(client)


@pytest.mark.parametrize("path", ["/admin/login/", "/_util/login/"])
def test_no_other_login_form_signs_an_approver_in_without_totp(director_with_totp, path):
    client = Client()
    client.post(path, {"username": "giamdoc", "password": PASSWORD})

    assert not _signed_in(client)
