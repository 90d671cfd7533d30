import pytest
from allauth.mfa.models import Authenticator

from forms.policy.demo import AN_GIANG_LEAVE_POLICY
from tests.factories import approval_form


@pytest.fixture
def leave_form(org):
    return approval_form(title="Đơn xin nghỉ phép", slug="nghi-phep", policy=AN_GIANG_LEAVE_POLICY)


@pytest.fixture
def mfa_client(client):
    """A test client whose users have TOTP set up, so the MFA middleware lets them in."""

    def login(user):
        Authenticator.objects.get_or_create(
            user=user,
            type=Authenticator.Type.TOTP,
            defaults={"data": {"secret": "JBSWY3DPEHPK3PXP"}},
        )
        client.force_login(user)
        return client

    return login
