"""The "Chữ ký số" admin: listing without key material, revoke, no editing."""

import pytest

from portal.documents.signing.models import SigningCertificate
from portal.documents.signing.services import signer_for_user
from tests.factories import UserFactory, login_with_mfa


def _login(client, user):
    # Administrators must have passed MFA, or the MFA middleware sends them to type a code.
    return login_with_mfa(client, user)


@pytest.fixture
def admin_client(client, db):
    return _login(client, UserFactory(username="admin", is_superuser=True, is_staff=True))


def test_certificates_are_listed_without_keys_and_cannot_be_added(admin_client, ca, person):
    cert = signer_for_user(user=person("a", "An")).certificate

    page = admin_client.get("/admin/snippets/signing/signingcertificate/")
    inspect = admin_client.get(f"/admin/snippets/signing/signingcertificate/inspect/{cert.pk}/")

    assert page.status_code == 200 and "Nguyễn Văn An" in page.content.decode()
    assert "Thu hồi" in page.content.decode()
    assert "PRIVATE KEY" not in page.content.decode() + inspect.content.decode()
    assert admin_client.get("/admin/snippets/signing/signingcertificate/add/").status_code in (
        302,
        403,
    )


def test_revoke_from_the_admin(admin_client, ca, person):
    cert = signer_for_user(user=person("a", "An")).certificate
    url = f"/admin/chu-ky-so/thu-hoi/{cert.pk}/"

    assert "Thu hồi chứng thư của" in admin_client.get(url).content.decode()
    response = admin_client.post(url, {"reason": "key_compromise"})

    assert response.status_code == 302
    cert = SigningCertificate.objects.get(pk=cert.pk)
    assert cert.revoked_at and cert.revocation_reason == "key_compromise"


def test_staff_without_permission_cannot_revoke(client, ca, person):
    cert = signer_for_user(user=person("a", "An")).certificate
    from django.contrib.auth.models import Permission

    staff = UserFactory(username="editor", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    _login(client, staff)

    response = client.post(f"/admin/chu-ky-so/thu-hoi/{cert.pk}/", {"reason": "superseded"})

    assert response.status_code in (302, 403)  # Wagtail sends a refused admin home
    assert not SigningCertificate.objects.get(pk=cert.pk).revoked_at
