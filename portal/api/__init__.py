"""Headless API v1 (django-ninja). Authentication: session with CSRF, or a Bearer token.

The Bearer token itself is checked by BearerTokenMiddleware; here it only names the scheme
in the OpenAPI document and lets token calls skip the session's CSRF check.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth

from portal.org import selectors as org


class BearerAuth(HttpBearer):
    def authenticate(self, request, token):
        api_token = getattr(request, "api_token", None)
        return api_token.user if api_token is not None else None


api = NinjaAPI(
    title="Cổng biểu mẫu — API",
    version="1",
    description="API cho ứng dụng di động và hệ thống điện tử của tỉnh.",
    urls_namespace="api-v1",
    auth=[BearerAuth(), SessionAuth()],
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": _("Không tìm thấy.")}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(request, {"detail": _("Bạn cần đăng nhập.")}, status=401)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return api.create_response(
        request, {"detail": _("Dữ liệu gửi lên không hợp lệ."), "errors": exc.errors}, status=422
    )


class MembershipOut(Schema):
    unit_code: str
    unit: str
    position: str
    level: str
    primary: bool


class MeOut(Schema):
    username: str
    full_name: str
    email: str
    memberships: list[MembershipOut]
    roles: list[str]


@api.get("/me/", response=MeOut, summary="Người dùng hiện tại")
def me(request):
    user = request.auth
    memberships = [
        {
            "unit_code": m.unit.code,
            "unit": m.unit.name,
            "position": m.position.name,
            "level": m.position.level,
            "primary": m.is_primary,
        }
        for m in org.active_memberships(user=user)
    ]
    return {
        "username": user.username,
        "full_name": user.get_full_name(),
        "email": user.email,
        "memberships": memberships,
        "roles": org.user_role_codes(user=user),
    }


def _mount_routers() -> None:
    from . import forms, submissions, tasks

    api.add_router("/forms/", forms.router)
    api.add_router("/submissions/", submissions.router)
    api.add_router("/tasks/", tasks.router)


_mount_routers()
