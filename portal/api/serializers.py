"""Plain dicts for the API; the shapes are a contract with other front ends."""

from django.conf import settings
from django.urls import reverse

from forms.models import ApprovalStep, Submission
from forms.trips.models import Trip
from forms.trips.selectors import STANDING as REPORT_STANDING

# Values the v1 contract does not list, reported as the nearest value it does.
API_KIND = {"leave_cancel": "leave"}
API_STATUS = {Submission.Status.CANCELLED: Submission.Status.WITHDRAWN}


def api_kind(kind: str) -> str:
    return API_KIND.get(kind, kind)


def api_status(status: str) -> str:
    return str(API_STATUS.get(status, status))


def _username(user) -> str | None:
    return user.username if user else None


def step_to_api(step: ApprovalStep) -> dict:
    return {
        "kind": step.kind,
        "approver": _username(step.approver),
        "group": step.group.name if step.group_id else None,
        "acting": _username(step.acting),
        "decision": step.decision or None,
        "comment": step.comment,
        "decided_at": step.decided_at,
        "due": step.due_date,
        "state": step.state,
        "round": step.round,
    }


def trip_to_api(submission: Submission) -> dict:
    """``report_due`` (set once the trip is approved) and ``report`` (the id of its standing
    report) of a trip request; both null for every other kind of submission."""
    trip = None
    if submission.kind == "trip":
        trip = Trip.objects.filter(submission=submission).select_related("report").first()
    if trip is None:
        return {"report_due": None, "report": None}
    standing = trip.report is not None and trip.report.status in REPORT_STANDING
    return {"report_due": trip.report_due, "report": trip.report_id if standing else None}


def document_to_api(submission: Submission) -> dict | None:
    """The issued document of the submission (null until it has its number and seal)."""
    from portal.documents.models import Document

    document = (
        submission.documents.filter(status=Document.Status.ISSUED).order_by("-version").first()
    )
    if document is None:
        return None
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return {
        "number": document.number_text,
        "pdf_url": base + reverse("documents:download", args=[document.uid]),
        "verify_url": base + reverse("documents:short", args=[document.verify_code]),
    }


def submission_to_api(submission: Submission) -> dict:
    steps = submission.steps.select_related("approver", "acting", "group").order_by(
        "round", "order"
    )
    return {
        "id": submission.pk,
        "form": submission.form_page.slug,
        "kind": api_kind(submission.kind),
        "title": submission.title,
        "status": api_status(submission.status),
        "round": submission.round,
        "requester": _username(submission.requester),
        "data": submission.data,
        "created_at": submission.created_at,
        "decided_at": submission.decided_at,
        "steps": [step_to_api(step) for step in steps],
        "document": document_to_api(submission),
        **trip_to_api(submission),
    }


def task_to_api(step: ApprovalStep) -> dict:
    submission = step.submission
    return {
        "id": step.pk,
        "submission": submission.pk,
        "form": submission.form_page.slug,
        "kind": api_kind(submission.kind),
        "step_kind": step.kind,
        "requester": _username(submission.requester),
        "due": step.due_date,
        "acting_for": _username(step.approver) if step.acting_id else None,
    }
