"""Cancelling a granted leave: at once before it starts, through a decision once it has.

A leave under way is cut short by a cancellation request (a submission of kind
``leave_cancel``) that goes to the first decision step of the leave's chain; once granted,
the leave ends the day before the return date (or is cancelled whole) and the days not
taken come back to the balance through ``leave_sync``.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from flows.services import NotYourTask, chain_start, submission_url
from forms.models import ApprovalStep, Submission, SubmissionEvent
from forms.policy.engine import Chain, PolicyError, ResolvedStep
from forms.services import SubmissionError
from forms.signals import submission_changed_send
from portal.accounts.models import User
from portal.calendar.services import Session, count_working_days
from portal.notifications.models import Notification
from portal.notifications.services import notify
from portal.org import roles

from .ledger import DEDUCTING, RESERVING
from .models import Leave
from .selectors import cancellation_requests
from .services import dmy

CANCEL_SNAPSHOT = [
    {
        "name": "return_date",
        "label": "Đi làm lại từ ngày",
        "type": "date",
        "required": True,
        "choices": [],
    },
    {"name": "reason", "label": "Lý do", "type": "multiline", "required": True, "choices": []},
]


def _granted_leave(submission: Submission, user: User) -> Leave:
    if submission.requester_id != user.pk:
        raise NotYourTask(_("Chỉ người xin nghỉ mới hủy được đơn nghỉ phép."))
    leave = Leave.objects.filter(submission=submission).first()
    if leave is None or submission.status not in DEDUCTING:
        raise SubmissionError(_("Chỉ hủy được đơn nghỉ phép đã được duyệt hoặc ghi nhận."))
    return leave


def _deciders(submission: Submission) -> list[User]:
    steps = submission.steps.filter(round=submission.round, decided_by__isnull=False)
    return list(User.objects.filter(pk__in=steps.values("decided_by")).distinct())


@transaction.atomic
def leave_cancel(*, submission: Submission, user: User) -> Submission:
    """Cancel a granted leave that has not started: the days come back at once."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    leave = _granted_leave(submission, user)
    if timezone.localdate() >= leave.start_date:
        raise SubmissionError(
            _("Thời gian nghỉ đã bắt đầu; hãy gửi đề nghị hủy phần còn lại để được duyệt.")
        )
    submission.status = Submission.Status.CANCELLED
    submission.save(update_fields=["status", "updated_at"])
    SubmissionEvent.objects.create(
        submission=submission, round=submission.round, action="cancelled", actor=user
    )
    submission_changed_send(submission)
    notify(
        users=_deciders(submission),
        verb=Notification.Verb.NOTICE,
        title=_("Đã hủy: %(title)s") % {"title": submission.title},
        url=submission_url(submission),
    )
    return submission


def _cancel_chain(submission: Submission) -> Chain:
    """The first decision step of the leave's chain again, or nobody (a recorded leave)."""
    step = (
        submission.steps.filter(round=submission.round, kind=ApprovalStep.Kind.DECISION)
        .select_related("approver", "group")
        .order_by("order")
        .first()
    )
    steps = []
    if step is not None:
        code = None
        if step.approver_id is None and step.group_id:
            names = {name: c for c, name in roles.GROUP_NAMES.items()}
            code = names.get(step.group.name)
        steps.append(
            ResolvedStep(
                kind=ApprovalStep.Kind.DECISION,
                resolver=step.resolver,
                approver=step.approver,
                group_code=code,
                deadline_days=step.deadline_days,
            )
        )
    return Chain(rule_index=0, rule_name=_("Hủy nghỉ phép"), steps=steps)


@transaction.atomic
def leave_cancellation_request(
    *, submission: Submission, user: User, return_date: datetime.date, reason: str
) -> Submission:
    """Ask to end a leave under way early; the leave's first decision step decides."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    leave = _granted_leave(submission, user)
    reason = (reason or "").strip()
    if not reason:
        raise SubmissionError(_("Hãy ghi lý do hủy nghỉ."))
    if timezone.localdate() < leave.start_date:
        raise SubmissionError(_("Thời gian nghỉ chưa bắt đầu; bạn có thể hủy đơn ngay."))
    if not leave.start_date <= return_date <= leave.end_date:
        raise SubmissionError(
            _("Ngày đi làm lại phải trong thời gian nghỉ, từ %(start)s đến %(end)s.")
            % {"start": dmy(leave.start_date), "end": dmy(leave.end_date)}
        )
    if cancellation_requests(submission=submission).filter(status__in=RESERVING).exists():
        raise SubmissionError(_("Đơn này đã có một đề nghị hủy đang chờ xử lý."))
    request = Submission.objects.create(
        form_page=submission.form_page,
        form_revision=submission.form_revision,
        form_snapshot=CANCEL_SNAPSHOT,
        kind="leave_cancel",
        title=(_("Đề nghị hủy nghỉ phép — %(title)s") % {"title": submission.title})[:255],
        requester=user,
        requester_unit=submission.requester_unit,
        requester_position=submission.requester_position,
        data={"leave": submission.pk, "return_date": return_date.isoformat(), "reason": reason},
    )
    SubmissionEvent.objects.create(submission=request, action="submitted", actor=user)
    try:
        chain_start(submission=request, values={}, chain=_cancel_chain(submission))
    except PolicyError as exc:
        raise SubmissionError(str(exc)) from exc
    request.refresh_from_db()
    return request


def cancellation_sync(*, request: Submission) -> None:
    """Apply a granted cancellation request to its leave, once."""
    if request.status not in DEDUCTING or request.data.get("applied"):
        return
    original = Submission.objects.select_for_update().get(pk=request.data["leave"])
    leave = Leave.objects.get(submission=original)
    return_date = datetime.date.fromisoformat(request.data["return_date"])
    new_end = return_date - datetime.timedelta(days=1)
    days = 0
    if new_end >= leave.start_date:
        days = count_working_days(
            start_date=leave.start_date,
            start_session=leave.start_session,
            end_date=new_end,
            end_session=Session.AFTERNOON,
        )
    if original.status in DEDUCTING:
        if days == 0:
            original.status = Submission.Status.CANCELLED
            action = "cancelled"
        else:
            data = dict(original.data)
            data.update(end_date=new_end.isoformat(), end_session=Session.AFTERNOON)
            data["days"] = int(days) if days == days.to_integral_value() else float(days)
            original.data = data
            action = "shortened"
        original.save()
        SubmissionEvent.objects.create(
            submission=original,
            round=original.round,
            action=action,
            actor=request.requester,
            comment=_("Đi làm lại từ %(day)s. %(reason)s")
            % {"day": dmy(return_date), "reason": request.data.get("reason", "")},
        )
        submission_changed_send(original)
    request.data = {**request.data, "applied": True}
    request.save(update_fields=["data"])
