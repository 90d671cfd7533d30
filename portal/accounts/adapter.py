import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.utils import is_mfa_enabled


class AccountAdapter(DefaultAccountAdapter):
    """No public sign-up: accounts come from administrators or the staff import."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        required = super().is_reauthentication_required(app=app, **kwargs)
        request = getattr(self, "request", None) or context.request
        if not required or app != "allauth.mfa" or request is None:
            return required
        # Someone sent to MFA setup straight after logging in has just typed the password;
        # asking for it again would only be friction. Changing an existing MFA still asks.
        user = request.user
        if is_mfa_enabled(user):
            return True
        records = get_authentication_records(request, user)
        fresh = (
            records and time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT
        )
        return not fresh

    def get_reauthentication_methods(self, user) -> list[dict]:
        methods = super().get_reauthentication_methods(user)
        request = getattr(self, "request", None) or context.request
        # Sent to the code form by RequireMfaMiddleware: only a code makes this session one
        # that used MFA, so the password is not offered as another way.
        if getattr(request, "portal_mfa_pending", False):
            return [m for m in methods if m["id"] != "reauthenticate"]
        return methods


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        from .mfa import user_requires_mfa

        # Approvers and administrators may replace their authenticator, never go without one.
        if authenticator.type == authenticator.Type.TOTP and user_requires_mfa(
            user=authenticator.user
        ):
            return False
        return super().can_delete_authenticator(authenticator)
