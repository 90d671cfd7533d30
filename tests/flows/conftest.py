import pytest

from forms.policy.demo import AN_GIANG_LEAVE_POLICY
from tests.factories import approval_form, login_with_mfa


@pytest.fixture
def leave_form(org):
    return approval_form(title="Đơn xin nghỉ phép", slug="nghi-phep", policy=AN_GIANG_LEAVE_POLICY)


@pytest.fixture
def mfa_client(client):
    """A test client whose users have TOTP set up, so the MFA middleware lets them in."""

    def login(user):
        return login_with_mfa(client, user)

    return login
