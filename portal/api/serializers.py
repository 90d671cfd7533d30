"""Plain dicts for the API; the shapes are a contract with other front ends."""

from forms.models import ApprovalStep, Submission

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
        "document": None,
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
