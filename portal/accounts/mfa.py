"""Who must use a second factor (anyone who approves or administers), and whether this
session has used one."""

from typing import NamedTuple

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef

from portal.accounts.models import User

CACHE_SECONDS = 60


class MfaStatus(NamedTuple):
    required: bool
    enrolled: bool


def session_used_mfa(*, request) -> bool:
    """allauth records each way the session's user proved who they are; "mfa" is there after
    the TOTP or recovery code at login, at reauthentication, and at TOTP setup (signals)."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def mfa_status(*, user: User) -> MfaStatus:
    """Leaders, functional roles and administrators (org rules), anyone with open work routed
    to them by name (a policy's person, a delegate), and whether they have an authenticator:
    one query, kept a minute because the middleware asks on every request of a session that has
    not used MFA (role changes take effect within that minute)."""
    if not user.is_authenticated:
        return MfaStatus(False, False)
    key = f"mfa-status:{user.pk}"
    cached = cache.get(key)
    if cached is not None:
        return MfaStatus(*cached)
    from flows.selectors import has_open_steps
    from portal.org.selectors import approves_or_administers

    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            required=ExpressionWrapper(
                approves_or_administers() | has_open_steps(), output_field=BooleanField()
            ),
            enrolled=Exists(Authenticator.objects.filter(user=OuterRef("pk"))),
        )
        .values_list("required", "enrolled")
        .first()
    )
    status = MfaStatus(bool(row and row[0] and user.is_active), bool(row and row[1]))
    cache.set(key, tuple(status), CACHE_SECONDS)
    return status


def user_requires_mfa(*, user: User) -> bool:
    return mfa_status(user=user).required


def mfa_status_forget(*, user_id: int) -> None:
    cache.delete(f"mfa-status:{user_id}")


def _authenticator_saved(sender, instance, created: bool, **kwargs) -> None:
    """Setting up TOTP means typing a code from the new device: that is using MFA, so the
    session that did it goes on without being asked for a code again.

    On the row's save rather than allauth's ``authenticator_added``, which is sent after
    commit and so, in a test's transaction, after the session has been saved."""
    mfa_status_forget(user_id=instance.user_id)
    if not created or instance.type != Authenticator.Type.TOTP:
        return
    from allauth.account.internal.flows.login import record_authentication
    from allauth.core import context

    request = context.request
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.pk != instance.user_id:
        return  # made by someone else (an administrator, a command) or outside a request
    record_authentication(request, user, "mfa", id=instance.pk, type=instance.type, activated=True)


def _authenticator_deleted(sender, instance, **kwargs) -> None:
    mfa_status_forget(user_id=instance.user_id)


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_authenticator_saved, sender=Authenticator, dispatch_uid="portal-mfa-saved")
    post_delete.connect(
        _authenticator_deleted, sender=Authenticator, dispatch_uid="portal-mfa-deleted"
    )
