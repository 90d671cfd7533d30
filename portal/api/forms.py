"""Forms and submitting them: GET /forms/, GET /forms/{slug}/, POST /forms/{slug}/submissions/."""

import hashlib
import json

from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from ninja import Header, Router, Status

from forms.fielddefs import build_form, describe_form
from forms.models import ApprovalFormPage
from forms.selectors import forms_for_user, user_may_submit
from forms.services import SubmissionError, submission_create

from .schemas import Detail, FieldErrors, FormDetail, FormSummary, SubmissionOut
from .serializers import submission_to_api

router = Router(tags=["Biểu mẫu"])


# The submitted values are read by the page's own Django form, not by a ninja schema, so the
# OpenAPI document describes the body here.
SUBMISSION_BODY = {
    "requestBody": {
        "required": True,
        "description": (
            "Giá trị các trường của biểu mẫu theo tên (`fields[].name`); "
            "gửi multipart/form-data khi có tệp đính kèm."
        ),
        "content": {
            "application/json": {"schema": {"type": "object", "additionalProperties": True}},
            "multipart/form-data": {"schema": {"type": "object", "additionalProperties": True}},
        },
    }
}
IDEMPOTENCY_KEY_MAX = 64  # Submission.idempotency_key


def idempotency_key_of(raw: str | None) -> str | None:
    """The stored form of a client's Idempotency-Key.

    A short printable key is kept as it is; anything else (too long, or with characters a
    database column may refuse, such as NUL on PostgreSQL) is stored as its SHA-256, so two
    long keys sharing a prefix stay two keys.
    """
    key = (raw or "").strip()
    if not key:
        return None
    if len(key) <= IDEMPOTENCY_KEY_MAX and key.isprintable() and key.isascii():
        return key
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def form_page_for(request, slug: str) -> ApprovalFormPage:
    if "\x00" in slug:
        raise Http404  # PostgreSQL refuses NUL in a query: no page has such a slug anyway
    page = get_object_or_404(ApprovalFormPage.objects.live().specific(), slug=slug)
    if not user_may_submit(user=request.auth, page=page):
        # The same answer as for a missing form: who may submit what is not public.
        raise Http404
    return page


def form_payload(request) -> tuple[QueryDict | None, dict, dict | None]:
    """The submitted values as form data: a JSON object, or multipart with files."""
    if request.content_type.startswith("multipart/"):
        if request.method == "POST":
            return request.POST, request.FILES, None
        # Django parses multipart bodies of POST only; a resubmission is a PUT. Parse the
        # stream (not request.body, which would hold every attachment in memory).
        data, files = request.parse_file_upload(request.META, request)
        return data, files, None
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return (
            None,
            {},
            {"errors": {"__all__": [_("Nội dung gửi lên phải là một đối tượng JSON.")]}},
        )
    data = QueryDict(mutable=True)
    for key, value in body.items():
        values = value if isinstance(value, list) else [value]
        data.setlist(key, [_as_form_value(v) for v in values])
    return data, {}, None


def _as_form_value(value) -> str:
    """A JSON value as the text a browser would post: Django's form fields expect strings
    (a date field given the number 5 would fail with AttributeError, not a field error)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def form_errors(form) -> dict:
    return {
        "errors": {
            f: [e["message"] for e in errs] for f, errs in form.errors.get_json_data().items()
        }
    }


@router.get("/", response=list[FormSummary], summary="Các biểu mẫu tôi được nộp")
def list_forms(request):
    return [
        {"slug": p.slug, "title": p.title, "kind": p.kind}
        for p in forms_for_user(user=request.auth)
    ]


@router.get(
    "/{slug}/", response={200: FormDetail, 404: Detail}, summary="Một biểu mẫu và các trường"
)
def form_detail(request, slug: str):
    page = form_page_for(request, slug)
    return {
        "slug": page.slug,
        "title": page.title,
        "kind": page.kind,
        "intro": strip_tags(page.intro),
        "fields": describe_form(build_form(page, user=request.auth)),
    }


@router.post(
    "/{slug}/submissions/",
    response={201: SubmissionOut, 400: FieldErrors, 404: Detail},
    summary="Nộp đơn",
    openapi_extra=SUBMISSION_BODY,
)
def submit(request, slug: str, idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    page = form_page_for(request, slug)
    data, files, problem = form_payload(request)
    if problem:
        return Status(400, problem)
    form = build_form(page, data, files, user=request.auth)
    if not form.is_valid():
        return Status(400, form_errors(form))
    try:
        submission = submission_create(
            page=page,
            requester=request.auth,
            cleaned_data=form.cleaned_data,
            idempotency_key=idempotency_key_of(idempotency_key),
        )
    except SubmissionError as exc:
        return Status(400, {"errors": {"__all__": [str(exc)]}})
    return Status(201, submission_to_api(submission))
