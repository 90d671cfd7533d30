"""Anonymous visitors get the board, public items and regulations from the cache.

``serve_with_cache`` (called by those pages' ``serve``) stores a page; on the next visit
``AnonymousPageCacheMiddleware`` answers from the cache before Wagtail routes the request, so
a hit costs no database query at all.

Every entry carries the generation counter it was stored under, read with it in one round
trip: publishing, unpublishing, moving or deleting a page (or changing a restriction or a
document) bumps the counter, and every older entry is simply never used again. Logged-in
visitors, restricted pages, previews and requests carrying flash messages are never cached.
The CSRF token in cached forms (language switch) and the Content-Security-Policy nonce of
inline scripts and styles are replaced per visitor.
"""

import hashlib
import re

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

GENERATION_KEY = "disclosure:generation"
CSRF_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_PLACEHOLDER = "__DISCLOSURE_CSRF__"
NONCE_ATTR = re.compile(r'(\snonce=")[^"]*(")')
NONCE_PLACEHOLDER = "__DISCLOSURE_NONCE__"


def cache_seconds() -> int:
    return int(getattr(settings, "DISCLOSURE_CACHE_SECONDS", 600))


def cache_generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, None)


def cache_invalidate() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def _key(request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    # The day is in the key: "đang niêm yết" changes at midnight without any publish.
    day = timezone.localdate().isoformat()
    return f"disclosure:page:{language}:{day}:{path}"


def _cacheable(request, page) -> bool:
    user = getattr(request, "user", None)
    return (
        request.method in ("GET", "HEAD")
        and not (user is not None and user.is_authenticated)
        and not getattr(request, "is_preview", False)
        and not len(get_messages(request))
        and not page.get_view_restrictions().exists()
    )


def _from_cache(request, key: str) -> HttpResponse | None:
    # One round trip for the page and the generation it must have been stored under.
    found = cache.get_many([key, GENERATION_KEY])
    stored = found.get(key)
    if stored is None or stored[0] != found.get(GENERATION_KEY, 1):
        return None
    _generation, content, content_type = stored
    content = content.replace(CSRF_PLACEHOLDER, get_token(request))
    if NONCE_PLACEHOLDER in content:
        # Reading the nonce is what makes the CSP middleware put it in this response's header.
        content = content.replace(NONCE_PLACEHOLDER, str(request.csp_nonce))
    response = HttpResponse(content, content_type=content_type)
    response["X-Disclosure-Cache"] = "hit"
    return response


def serve_with_cache(request, page, serve) -> HttpResponse:
    if not _cacheable(request, page):
        return serve()
    key = _key(request)
    response = _from_cache(request, key)
    if response is not None:
        return response
    # Read before rendering: a publish while rendering leaves this copy under the old number.
    generation = cache_generation()
    response = serve()
    if hasattr(response, "render"):
        response.render()
    if response.status_code == 200 and not response.streaming:
        content = CSRF_FIELD.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", response.content.decode())
        content = NONCE_ATTR.sub(rf"\g<1>{NONCE_PLACEHOLDER}\g<2>", content)
        cache.set(key, (generation, content, response["Content-Type"]), cache_seconds())
        response["X-Disclosure-Cache"] = "miss"
    return response


class AnonymousPageCacheMiddleware:
    """Serves a cached page before any routing or query when the visitor is certainly
    anonymous (no session cookie) and has no flash message waiting (no messages cookie).

    Only what ``serve_with_cache`` stored can be found here, so a restricted page, a logged-in
    view or a preview is never answered from the cache. Placed after the CSRF middleware (the
    cached language form gets this visitor's token) and inside the CSP middleware (the nonce).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
            and not request.path.startswith(("/admin/", "/api/", "/accounts/"))
        ):
            response = _from_cache(request, _key(request))
            if response is not None:
                return response
        return self.get_response(request)
