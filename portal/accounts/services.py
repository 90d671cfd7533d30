"""Business steps for accounts: personal API tokens.

Tokens are Wagtail's own APIToken (hashed with HMAC, listed and revoked in the admin under
Settings → API tokens); the portal adds an expiry date and the rule that tokens open only
the API.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import APIToken

from .models import ApiTokenExpiry, User

LAST_USED_INTERVAL = timedelta(minutes=1)


def api_token_expires_at(*, token: APIToken) -> datetime | None:
    try:
        return token.expiry.expires_at
    except ApiTokenExpiry.DoesNotExist:
        pass
    days = settings.API_TOKEN_DEFAULT_DAYS
    return token.created + timedelta(days=days) if days > 0 else None


@transaction.atomic
def api_token_issue(*, user: User, days: int | None = None, name: str = "") -> tuple[APIToken, str]:
    """Create a token for ``user``; the plaintext is returned once and never stored."""
    token, plaintext = APIToken.create_token(user=user, name=name or "API")
    lifetime = settings.API_TOKEN_DEFAULT_DAYS if days is None else days
    ApiTokenExpiry.objects.create(
        token=token,
        expires_at=timezone.now() + timedelta(days=lifetime) if lifetime > 0 else None,
    )
    return token, plaintext


def api_token_authenticate(*, raw: str) -> APIToken | None:
    """The usable token for ``raw``, or None (unknown, expired, revoked, user disabled)."""
    if not raw or not APIToken.validate_token_format(raw):
        return None
    token = (
        APIToken.objects.select_related("user", "expiry")
        .filter(key_hash__in=APIToken.candidate_key_hashes(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    expires_at = api_token_expires_at(token=token)
    if expires_at is not None and expires_at <= now:
        return None
    # Touch at most once a minute so that a busy client does not write on every call.
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_INTERVAL:
        APIToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
