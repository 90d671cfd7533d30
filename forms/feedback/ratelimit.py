"""Rate limits for the open feedback box, without keeping anybody's address.

A counter is kept per *scope* and per client, only in the cache and only for its window
(an hour). The client is named by an HMAC of its address with ``SECRET_KEY`` and a random
salt of the day; the salt itself lives only in the cache too and expires the next day, so
once it is gone nothing left (not even with ``SECRET_KEY``) turns a counter back into an
address. Nothing here is written to the database or to the logs.

The address is the one django-allauth uses for its login limits (``REMOTE_ADDR``, or the
proxy header set by ``ALLAUTH_TRUSTED_PROXY_COUNT`` / ``ALLAUTH_TRUSTED_CLIENT_IP_HEADER``),
so one proxy setting serves both. An IPv6 address counts by its /64 network: a single
machine usually has a whole one.
"""

import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


# Per client address. Overridable by ``FEEDBACK_RATE_LIMITS = {"submit": (10, 3600), …}``.
DEFAULT_LIMITS = {
    # Anonymous feedback, from the web form and the API together.
    "submit": Limit(10, 60 * 60),
    # Receipts that matched no case (a guessed or mistyped code).
    "receipt": Limit(20, 60 * 60),
    # Replies added through a receipt.
    "reply": Limit(20, 60 * 60),
    # Files checked on the public document verification page (each costs a validation).
    "verify": Limit(30, 60 * 60),
}
SALT_SECONDS = 26 * 60 * 60  # a day, and a little more for the requests around midnight


def limit_of(scope: str) -> Limit:
    configured = getattr(settings, "FEEDBACK_RATE_LIMITS", {}).get(scope)
    return Limit(*configured) if configured else DEFAULT_LIMITS[scope]


def _client_address(request) -> str:
    try:
        from allauth.account.adapter import get_adapter

        address = get_adapter(request).get_client_ip(request)
    except Exception:  # a proxy header that does not match the configuration, or none at all
        address = request.META.get("REMOTE_ADDR") or ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:100]
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _daily_salt() -> str:
    key = f"feedback:rl:salt:{timezone.localdate().isoformat()}"
    cache.add(key, secrets.token_hex(16), SALT_SECONDS)
    # Another process may have added it first; a cache that lost it starts a new one.
    return cache.get(key) or ""


def _counter_key(request, scope: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode("utf-8"),
        f"{_daily_salt()}|{_client_address(request)}".encode(),
        hashlib.sha256,
    ).hexdigest()
    return f"feedback:rl:{scope}:{digest}"


def is_limited(request, scope: str) -> bool:
    """Whether the client has used up the scope's allowance (without counting this call)."""
    return (cache.get(_counter_key(request, scope)) or 0) >= limit_of(scope).count


def count(request, scope: str) -> None:
    """Count one use; the window starts at the first use and ends ``seconds`` later."""
    key = _counter_key(request, scope)
    limit = limit_of(scope)
    cache.add(key, 0, limit.seconds)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, limit.seconds)


def limited_message(scope: str) -> str:
    if scope == "receipt":
        return _(
            "Bạn đã nhập sai mã tra cứu quá nhiều lần. Vui lòng thử lại sau một giờ "
            "và kiểm tra kỹ mã đã lưu."
        )
    if scope == "verify":
        return _("Bạn đã kiểm tra quá nhiều tệp. Vui lòng thử lại sau một giờ.")
    if scope == "reply":
        return _("Bạn đã gửi quá nhiều ý kiến bổ sung. Vui lòng thử lại sau một giờ.")
    return _("Đã có quá nhiều góp ý gửi từ địa chỉ mạng này. Vui lòng thử lại sau một giờ.")
