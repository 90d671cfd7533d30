"""Who must use a second factor: anyone who approves or administers."""

from django.core.cache import cache

from portal.accounts.models import User

CACHE_SECONDS = 60


def user_requires_mfa(*, user: User) -> bool:
    """Leaders, functional roles and administrators (org rules) and anyone with open work
    routed to them (a named person in a policy, a delegate, a group member)."""
    if not user.is_authenticated:
        return False
    key = f"mfa-required:{user.pk}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    from flows.selectors import user_has_open_steps
    from portal.org.selectors import user_requires_mfa as org_requires_mfa

    required = org_requires_mfa(user=user) or user_has_open_steps(user=user)
    # Role changes take effect within a minute; the check runs on every request otherwise.
    cache.set(key, required, CACHE_SECONDS)
    return required
