"""Password-only login forms that the URL conf still mounts next to allauth's login.

The authorization matrix found them: Wagtail's admin login (/admin/login/) and its page
login (/_util/login/) answer 200 to anyone, and a password alone signed an approver in
there. portal/urls.py sends both paths to allauth's ``account_login``; and since the MFA
middleware now asks whether the session itself used MFA (not only whether the user has a
device), such a session would be sent to the code form anyway.
"""

import pytest
from django.test import Client

from tests.factories import small_organisation, with_totp

PASSWORD = "pass-1234"  # tests.factories.UserFactory


@pytest.fixture
def director_with_totp(db):
    return with_totp(small_organisation()["giamdoc"])


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
