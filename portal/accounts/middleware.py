from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .mfa import mfa_status, session_used_mfa
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
    """Approvers and administers must have used MFA in their session: those without an
    authenticator are sent to set one up, those with one to type a code, before anything else.

    A session that used MFA costs no query; any other costs one a minute per person."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed = None

    def allowed_prefixes(self) -> dict[bool, tuple[str, ...]]:
        """What stays reachable, by whether the person has an authenticator already."""
        if self._allowed is None:
            common = (
                reverse("account_logout"),
                reverse("set_language"),
                "/static/",
                "/favicon.ico",
            )
            self._allowed = {
                False: (
                    *common,
                    reverse("mfa_index"),
                    # allauth asks for the password again before MFA setup after a while.
                    reverse("account_reauthenticate"),
                ),
                # Only the code form: the rest of the MFA pages manage the device itself.
                True: (*common, reverse("mfa_reauthenticate")),
            }
        return self._allowed

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(request, "api_token", None) is None
            and not session_used_mfa(request=request)
        ):
            status = mfa_status(user=user)
            if status.required:
                if not request.path.startswith(self.allowed_prefixes()[status.enrolled]):
                    return self.refuse(request, enrolled=status.enrolled)
                # The code form then offers no way round it (AccountAdapter).
                request.portal_mfa_pending = status.enrolled
        return self.get_response(request)

    def refuse(self, request, *, enrolled: bool):
        if enrolled:
            message = _("Hãy nhập mã xác thực hai lớp để tiếp tục.")
        else:
            message = _(
                "Tài khoản của bạn có quyền phê duyệt hoặc quản trị: hãy thiết lập "
                "xác thực hai lớp trước khi tiếp tục."
            )
        if request.path.startswith(API_PREFIX):
            return JsonResponse({"detail": message}, status=403)
        from django.contrib import messages

        messages.warning(request, message, fail_silently=True)
        if enrolled:
            return redirect_to_login(
                request.get_full_path(), reverse("mfa_reauthenticate"), REDIRECT_FIELD_NAME
            )
        return redirect("mfa_activate_totp")
