import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from portal.accounts.mfa import user_requires_mfa
from portal.org import roles
from portal.org.services import delegation_create
from tests.factories import UserFactory, add_to_role, login_with_mfa, with_totp

pytestmark = pytest.mark.django_db

SETUP_URL = "/accounts/2fa/totp/activate/"


@pytest.mark.parametrize("who", ["giamdoc", "pgd1", "truongphong", "phophong", "giamdoc_tt"])
def test_leaders_are_sent_to_mfa_setup_before_anything_else(client, org, who):
    client.force_login(org[who])
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == SETUP_URL
    # The admin is guarded too, not only the site.
    assert client.get("/admin/")["Location"] == SETUP_URL


def test_setup_page_itself_and_logout_stay_reachable(client, org):
    user = org["truongphong"]
    user.set_password("mat-khau-2026")
    user.save()
    client.post(reverse("account_login"), {"login": "truongphong", "password": "mat-khau-2026"})
    assert client.get(SETUP_URL).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_stale_login_can_reauthenticate_on_the_way_to_setup(client, org):
    client.force_login(org["truongphong"])
    response = client.get(SETUP_URL)
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get(response["Location"]).status_code == 200


def test_plain_staff_member_is_not_forced(client, org):
    client.force_login(org["chuyenvien"])
    assert client.get("/").status_code == 200
    assert not user_requires_mfa(user=org["chuyenvien"])


@pytest.mark.parametrize(
    "role", [roles.OFFICE, roles.CLERK, roles.UNION, roles.INSPECTION_BOARD, roles.FORM_ADMINS]
)
def test_functional_roles_that_act_on_others_work_need_mfa(org, role):
    user = org["chuyenvien"]
    add_to_role(user, role)
    assert user_requires_mfa(user=user)


def test_security_guard_role_alone_does_not_need_mfa(org):
    add_to_role(org["chuyenvien"], roles.SECURITY)
    assert not user_requires_mfa(user=org["chuyenvien"])


def test_a_delegate_needs_mfa_while_the_delegation_lasts(org):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    delegation_create(
        delegator=org["truongphong"],
        delegate=org["chuyenvien"],
        start_date=today,
        end_date=today + datetime.timedelta(days=3),
        reason="Trưởng phòng đi công tác",
    )
    assert user_requires_mfa(user=org["chuyenvien"])


def test_superuser_needs_mfa(db):
    admin = UserFactory(username="quantri", is_superuser=True, is_staff=True)
    assert user_requires_mfa(user=admin)


def test_leader_whose_session_used_mfa_goes_straight_in(client, org):
    login_with_mfa(client, org["truongphong"])
    assert client.get("/").status_code == 200


def test_a_session_that_used_mfa_is_let_through_without_a_query(client, org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login_with_mfa(client, org["truongphong"])
    with CaptureQueriesContext(connection) as ctx:
        client.get("/")
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "mfa_authenticator" not in sql
    assert "org_delegation" not in sql


def test_leader_with_a_device_but_a_session_without_mfa_is_asked_for_the_code(client, org):
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    user = with_totp(org["truongphong"])
    # A second browser still signed in from before the device was set up, say.
    client.force_login(user)
    response = client.get("/viec-can-xu-ly/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/reauthenticate/?next=/viec-can-xu-ly/"
    # Only the code form stays open, not the pages that manage the device.
    assert client.get("/accounts/2fa/")["Location"].startswith("/accounts/2fa/reauthenticate/")
    api = client.get("/api/v1/tasks/")
    assert api.status_code == 403
    assert "mã xác thực hai lớp" in api.json()["detail"]

    # Only the code will do: the form offers no password way round it.
    form = client.get(response["Location"])
    assert form.status_code == 200
    assert reverse("account_reauthenticate") not in form.content.decode()

    code = format_hotp_value(hotp_value("JBSWY3DPEHPK3PXP", next(yield_hotp_counters_from_time())))
    response = client.post(response["Location"], {"code": code})
    assert response.status_code == 302
    assert response["Location"] == "/viec-can-xu-ly/"
    assert client.get("/viec-can-xu-ly/").status_code == 200


def test_plain_staff_with_a_device_is_not_asked_again(client, org):
    client.force_login(with_totp(org["chuyenvien"]))
    assert client.get("/").status_code == 200


def test_who_needs_mfa_and_who_has_it_is_one_query(org, django_assert_num_queries):
    from portal.accounts.mfa import mfa_status

    with django_assert_num_queries(1):
        assert mfa_status(user=org["truongphong"]) == (True, False)
    with django_assert_num_queries(0):
        assert mfa_status(user=org["truongphong"]) == (True, False)
    staff = with_totp(org["chuyenvien"])
    with django_assert_num_queries(1):
        assert mfa_status(user=staff) == (False, True)


def test_leader_cannot_remove_the_only_authenticator(client, org):
    from allauth.mfa.adapter import get_adapter

    user = with_totp(org["truongphong"])
    authenticator = Authenticator.objects.get(user=user)
    assert not get_adapter().can_delete_authenticator(authenticator)


def test_login_asks_a_leader_with_mfa_for_the_code(client, org):
    user = with_totp(org["truongphong"])
    user.set_password("mat-khau-2026")
    user.save()
    response = client.post(
        reverse("account_login"), {"login": "truongphong", "password": "mat-khau-2026"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_leader_sets_up_totp_after_login_and_then_reaches_the_portal(client, org):
    from allauth.mfa.totp.internal.auth import (
        SECRET_SESSION_KEY,
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )
    from allauth.mfa.utils import is_mfa_enabled

    user = org["giamdoc"]
    user.set_password("mat-khau-2026")
    user.save()
    response = client.post(
        reverse("account_login"), {"login": "giamdoc", "password": "mat-khau-2026"}, follow=True
    )
    assert response.redirect_chain[-1][0] == SETUP_URL
    assert response.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    # Typing the new device's code counts as using MFA: no second code on the way in.
    response = client.post(SETUP_URL, {"code": code})
    assert response.status_code == 302
    assert is_mfa_enabled(user)
    assert client.get("/").status_code == 200


def test_a_named_approver_with_open_work_needs_mfa(org):
    from forms.services import submission_create
    from tests.factories import approval_form

    policy = [
        {
            "type": "rule",
            "value": {
                "name": "Chuyên viên KH-TC cho ý kiến",
                "positions": [],
                "units": [],
                "conditions": [],
                "steps": [
                    {
                        "kind": "decision",
                        "resolver": "person",
                        "group": "",
                        "person": "chuyenvien_kh",
                        "deadline_days": 2,
                        "signer_title": "",
                    },
                ],
            },
        }
    ]
    page = approval_form(title="Đề nghị thanh toán", slug="thanh-toan", policy=policy)
    assert not user_requires_mfa(user=org["chuyenvien_kh"])
    submission_create(page=page, requester=org["chuyenvien"], cleaned_data={})
    from django.core.cache import cache

    cache.clear()
    assert user_requires_mfa(user=org["chuyenvien_kh"])
