"""Filling in the leave form as a requester would, and taking a request to its end."""

import datetime

from flows.services import task_decide
from forms.fielddefs import build_form
from forms.models import ApprovalStep, Submission
from forms.services import submission_create


def leave_data(start, end=None, *, start_session="morning", end_session="afternoon", **extra):
    end = end or start
    return {
        "leave_type": "annual",
        "start_date": start.isoformat() if isinstance(start, datetime.date) else start,
        "start_session": start_session,
        "end_date": end.isoformat() if isinstance(end, datetime.date) else end,
        "end_session": end_session,
        "reason": "Việc gia đình",
        **extra,
    }


def leave_form_for(page, user, data, files=None):
    return build_form(page, data, files or {}, user=user)


def apply(page, user, start, end=None, files=None, **kwargs) -> Submission:
    """Submit a leave request through the form; the form must accept it."""
    form = leave_form_for(page, user, leave_data(start, end, **kwargs), files)
    assert form.is_valid(), form.errors
    return submission_create(page=page, requester=user, cleaned_data=form.cleaned_data)


def grant(submission: Submission) -> Submission:
    """Every step of the round decided in favour by whoever it falls to."""
    while True:
        step = submission.steps.filter(
            round=submission.round, state=ApprovalStep.State.ACTIVE
        ).first()
        if step is None:
            submission.refresh_from_db()
            return submission
        submission = task_decide(step=step, user=step.actor, decision="approve")


def decide(submission: Submission, decision: str, comment: str = "Không phù hợp") -> Submission:
    step = submission.steps.get(round=submission.round, state=ApprovalStep.State.ACTIVE)
    return task_decide(step=step, user=step.actor, decision=decision, comment=comment)
