"""Headless API v1 (django-ninja). Authentication: session with CSRF, or a Bearer token.

The Bearer token itself is checked by BearerTokenMiddleware; here it only names the scheme
in the OpenAPI document and lets token calls skip the session's CSRF check.
"""

from django.http import Http404
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from portal.org import selectors as org


class BearerAuth(HttpBearer):
    def authenticate(self, request, token):
        api_token = getattr(request, "api_token", None)
        return api_token.user if api_token is not None else None


class SessionAuth(NinjaSessionAuth):
    """The session, with django-ninja's CSRF check for unsafe methods (the class name is the
    security scheme's name in the OpenAPI document).

    A caller without a session is simply not authenticated (401 "log in"), rather than
    failing the CSRF check first (403), which would send API clients looking in the wrong place.
    """

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


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


@api.exception_handler(RawPostDataException)
def _body_already_read(request, exc):
    # A form-encoded POST with a session: the CSRF check read the stream as a form, so a
    # JSON body can no longer be parsed. A client error, not a 500.
    return api.create_response(request, {"detail": _("Nội dung gửi lên phải là JSON.")}, status=400)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(request, {"detail": _("Bạn cần đăng nhập.")}, status=401)


def _ninja_messages() -> dict[str, str]:
    # django-ninja raises these in English; the portal answers in the visitor's language.
    return {
        "CSRF check Failed": _(
            "Thiếu hoặc sai mã chống giả mạo (CSRF); hãy tải lại trang rồi thử lại."
        ),
        "Cannot parse request body": _("Nội dung gửi lên không phải JSON hợp lệ."),
    }


@api.exception_handler(HttpError)
def _http_error(request, exc):
    message = str(exc)
    message = _ninja_messages().get(message.split(" (", 1)[0], message)
    return api.create_response(request, {"detail": message}, status=exc.status_code)


def _validation_message(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("Trường này là bắt buộc.")
    if kind.startswith("string_"):
        return _("Giá trị phải là một chuỗi ký tự.")
    if kind.startswith("int_"):
        return _("Giá trị phải là một số nguyên.")
    if kind in ("enum", "literal_error"):
        return _("Giá trị không nằm trong các lựa chọn cho phép.")
    if kind in ("model_attributes_type", "model_type", "dict_type"):
        return _("Nội dung gửi lên phải là một đối tượng JSON.")
    return _("Giá trị không hợp lệ.")


def validation_errors(errors: list[dict]) -> dict[str, list[str]]:
    """Pydantic's errors (English, by location) as the portal's ``{field: [messages]}``."""
    by_field: dict[str, list[str]] = {}
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        # ("body", "payload", "comment") → "comment"; ("query", "status") → "status".
        if loc[:1] == ["body"]:
            loc = loc[2:]
        elif loc:
            loc = loc[1:]
        field = ".".join(loc) or "__all__"
        message = _validation_message(error)
        if message not in by_field.setdefault(field, []):
            by_field[field].append(message)
    return by_field


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return api.create_response(
        request,
        {"detail": _("Dữ liệu gửi lên không hợp lệ."), "errors": validation_errors(exc.errors)},
        status=422,
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
    from . import dashboard, feedback, forms, submissions, tasks

    api.add_router("/dashboard/", dashboard.router)
    api.add_router("/feedback/", feedback.router)
    api.add_router("/forms/", forms.router)
    api.add_router("/submissions/", submissions.router)
    api.add_router("/tasks/", tasks.router)


_mount_routers()
