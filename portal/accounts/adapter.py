from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter


class AccountAdapter(DefaultAccountAdapter):
    """No public sign-up: accounts come from administrators or the staff import."""

    def is_open_for_signup(self, request) -> bool:
        return False


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        from portal.org.selectors import user_requires_mfa

        # Approvers and administrators may replace their authenticator, never go without one.
        if authenticator.type == authenticator.Type.TOTP and user_requires_mfa(
            user=authenticator.user
        ):
            return False
        return super().can_delete_authenticator(authenticator)
