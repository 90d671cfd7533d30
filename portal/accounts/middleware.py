from allauth.mfa.utils import is_mfa_enabled
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .services import api_token_authenticate

API_PREFIX = "/api/"


class BearerTokenMiddleware:
    """Authenticates API calls that carry ``Authorization: Bearer <token>``.

    Tokens work only under /api/: they skip the MFA step, so they must never open the
    admin or the HTML pages.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        request.api_token = None
        if request.path.startswith(API_PREFIX) and header[:7].lower() == "bearer ":
            token = api_token_authenticate(raw=header[7:].strip())
            if token is None:
                return JsonResponse(
                    {"detail": _("Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi.")},
                    status=401,
                )
            request.user = token.user
            request.api_token = token
            # A bearer token is not sent automatically by browsers, so CSRF cannot apply.
            request._dont_enforce_csrf_checks = True
        return self.get_response(request)


class RequireMfaMiddleware:
    """Sends approvers and administrators to MFA setup before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed = None

    def allowed_prefixes(self) -> tuple[str, ...]:
        if self._allowed is None:
            self._allowed = (
                reverse("mfa_index"),
                # allauth asks for the password again before MFA setup after a while.
                reverse("account_reauthenticate"),
                reverse("account_logout"),
                reverse("set_language"),
                "/static/",
                "/favicon.ico",
            )
        return self._allowed

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(request, "api_token", None) is None
            and not request.path.startswith(self.allowed_prefixes())
        ):
            from .mfa import user_requires_mfa

            if not is_mfa_enabled(user) and user_requires_mfa(user=user):
                message = _(
                    "Tài khoản của bạn có quyền phê duyệt hoặc quản trị: hãy thiết lập "
                    "xác thực hai lớp trước khi tiếp tục."
                )
                if request.path.startswith(API_PREFIX):
                    return JsonResponse({"detail": message}, status=403)
                from django.contrib import messages

                messages.warning(request, message, fail_silently=True)
                return redirect("mfa_activate_totp")
        return self.get_response(request)
