from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Vietnamese first: the language is the visitor's explicit choice (the language switch
    sets a cookie), never the browser's Accept-Language, so staff whose browser prefers
    English still get the Vietnamese portal until they ask for English."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with one policy per area: the strict ``CONTENT_SECURITY_POLICY`` for the
    portal's own pages, and the looser policies of ``PORTAL_CSP_PATH_POLICIES`` for areas
    whose third-party code needs them (the Wagtail admin's inline scripts and styles, the
    API docs' Swagger UI). PDFs get ``PORTAL_CSP_PDF_POLICY``: a browser's PDF viewer is a
    plugin, which ``object-src 'none'`` would refuse to show."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if getattr(request, "is_dummy", False):
            # Wagtail's preview renders a page through the middleware with the page's own
            # path and shows it in a frame of the admin: the page's policy, framed by us.
            parts.config = {
                **settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
                "frame-ancestors": ["'self'"],
            }
            return parts
        if response.get("Content-Type", "").startswith("application/pdf"):
            parts.config = settings.PORTAL_CSP_PDF_POLICY
            return parts
        for prefix, policy in settings.PORTAL_CSP_PATH_POLICIES:
            if request.path_info.startswith(prefix):
                parts.config = policy
                break
        return parts


class PermissionsPolicyMiddleware:
    """Turns off browser features the portal never uses, so injected code cannot use them
    either; Django has no setting for this header."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response
