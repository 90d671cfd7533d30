"""Forms and submitting them: GET /forms/, GET /forms/{slug}/, POST /forms/{slug}/submissions/."""

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


def form_page_for(request, slug: str) -> ApprovalFormPage:
    page = get_object_or_404(ApprovalFormPage.objects.live().specific(), slug=slug)
    if not user_may_submit(user=request.auth, page=page):
        # The same answer as for a missing form: who may submit what is not public.
        raise Http404
    return page


def form_payload(request) -> tuple[QueryDict | None, dict, dict | None]:
    """The submitted values as form data: a JSON object, or multipart with files."""
    if request.content_type.startswith("multipart/"):
        return request.POST, request.FILES, None
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
        data.setlist(key, ["" if v is None else v for v in values])
    return data, {}, None


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
            idempotency_key=(idempotency_key or "")[:64] or None,
        )
    except SubmissionError as exc:
        return Status(400, {"errors": {"__all__": [str(exc)]}})
    return Status(201, submission_to_api(submission))
