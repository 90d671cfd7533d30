"""My submissions: list, read, withdraw, resubmit a returned one."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status
from viewflow.workflow.exceptions import FlowLockFailed

from flows.services import BUSY, NotYourTask
from forms.fielddefs import attachments_keep, build_form
from forms.models import Submission
from forms.selectors import my_submissions, submissions_visible_to
from forms.services import SubmissionError, submission_resubmit, submission_withdraw

from .forms import SUBMISSION_BODY, form_errors, form_payload
from .schemas import Detail, FieldErrors, SubmissionOut, SubmissionStatus, SubmissionSummary
from .serializers import API_STATUS, api_kind, api_status, submission_to_api

router = Router(tags=["Đơn"])


def visible_submission(request, pk: int) -> Submission:
    return get_object_or_404(
        submissions_visible_to(user=request.auth).select_related("form_page", "requester"), pk=pk
    )


@router.get("/", response=list[SubmissionSummary], summary="Đơn của tôi")
def list_submissions(request, status: SubmissionStatus | None = None):
    submissions = my_submissions(user=request.auth)
    if status:
        statuses = [status, *(k for k, v in API_STATUS.items() if v == status)]
        submissions = submissions.filter(status__in=statuses)
    return [
        {
            "id": s.pk,
            "form": s.form_page.slug,
            "kind": api_kind(s.kind),
            "title": s.title,
            "status": api_status(s.status),
            "created_at": s.created_at,
        }
        for s in submissions
    ]


@router.get("/{int:pk}/", response={200: SubmissionOut, 404: Detail}, summary="Một đơn")
def submission_detail(request, pk: int):
    return submission_to_api(visible_submission(request, pk))


@router.post(
    "/{int:pk}/withdraw/",
    response={200: SubmissionOut, 403: Detail, 404: Detail, 409: Detail},
    summary="Rút đơn",
)
def withdraw(request, pk: int):
    submission = visible_submission(request, pk)
    try:
        submission = submission_withdraw(submission=submission, user=request.auth)
    except NotYourTask as exc:
        return Status(403, {"detail": str(exc)})
    except SubmissionError as exc:
        return Status(409, {"detail": str(exc)})
    except FlowLockFailed:
        return Status(409, {"detail": str(BUSY)})
    return submission_to_api(submission)


@router.put(
    "/{int:pk}/",
    response={200: SubmissionOut, 400: FieldErrors, 403: Detail, 404: Detail, 409: Detail},
    summary="Nộp lại đơn đã bị trả lại",
    openapi_extra=SUBMISSION_BODY,
)
def resubmit(request, pk: int):
    submission = visible_submission(request, pk)
    if submission.requester_id != request.auth.pk:
        return Status(403, {"detail": str(NotYourTask())})
    if submission.status != Submission.Status.RETURNED:
        return Status(409, {"detail": _("Chỉ nộp lại được đơn đã bị trả lại để bổ sung.")})
    data, files, problem = form_payload(request)
    if problem:
        return Status(400, problem)
    form = build_form(submission.form_page.specific, data, files, user=request.auth)
    attachments_keep(form, submission.data)
    if not form.is_valid():
        return Status(400, form_errors(form))
    try:
        submission = submission_resubmit(
            submission=submission, user=request.auth, cleaned_data=form.cleaned_data
        )
    except SubmissionError as exc:
        return Status(409, {"detail": str(exc)})
    return submission_to_api(submission)
