"""Queries of the leave module: leave types, colleagues, overlaps, a request's page block."""

from django.db.models import Q
from django.utils import timezone

from forms.models import Submission
from portal.accounts.models import User, full_name
from portal.memo import request_memo
from portal.org.models import Membership
from portal.org.selectors import primary_membership

from .ledger import DEDUCTING, RESERVING, leave_balance
from .models import Leave, LeaveType

# A leave that stands: waiting for a decision, sent back for correction, or granted.
STANDING = Submission.STANDING


def leave_type_choices() -> list[tuple[str, str]]:
    return request_memo(
        "leave-type-choices",
        lambda: list(LeaveType.objects.filter(is_active=True).values_list("code", "name")),
    )


def leave_type_by_code(code: str | None) -> LeaveType | None:
    """The check, the cleaning and the sync of one submission all ask: once per request."""
    return request_memo(("leave-type", code), lambda: LeaveType.objects.filter(code=code).first())


def handover_choices(*, user: User) -> list[tuple[str, str]]:
    """Colleagues of the requester's own unit, by rank: whom work is usually handed to."""
    membership = primary_membership(user=user)
    if membership is None:
        return []
    colleagues = (
        Membership.objects.active()
        .filter(unit=membership.unit, user__is_active=True)
        .exclude(user=user)
        .order_by("position__rank", "user__last_name", "user__first_name")
        .values_list(
            "user_id", "user__username", "user__last_name", "user__first_name", "position__name"
        )
    )
    seen, choices = set(), []
    for user_id, username, last_name, first_name, position in colleagues:
        if user_id not in seen:
            seen.add(user_id)
            name = full_name(last_name=last_name, first_name=first_name) or username
            choices.append((username, f"{name} — {position}"))
    return choices


def leaves_overlapping(*, user: User, span: tuple, exclude: Submission | None = None):
    """The requester's standing leaves sharing at least one half day with ``span``."""
    (start, _s), (end, _e) = span
    candidates = Leave.objects.filter(
        user=user, submission__status__in=STANDING, start_date__lte=end, end_date__gte=start
    ).select_related("submission")
    if exclude is not None:
        candidates = candidates.exclude(submission=exclude)
    return [leave for leave in candidates if leave.span[0] <= span[1] and span[0] <= leave.span[1]]


def cancellation_requests(*, submission: Submission):
    return Submission.objects.filter(kind="leave_cancel", data__leave=submission.pk).order_by(
        "-created_at"
    )


def leave_detail_context(*, user: User, submission: Submission) -> dict:
    """What the submission page shows and offers for a leave or a cancellation request."""
    context = {"extra_template": "leave/submission_leave.html"}
    if submission.kind == "leave_cancel":
        original = Submission.objects.filter(pk=submission.data.get("leave")).first()
        context["cancelled_leave"] = original
        return context
    leave = (
        Leave.objects.filter(submission=submission)
        .select_related("leave_type", "handover_to", "delegation")
        .first()
    )
    context["leave"] = leave
    if leave is None:
        return context
    mine = submission.requester_id == user.pk
    today = timezone.localdate()
    granted = submission.status in DEDUCTING
    open_request = cancellation_requests(submission=submission).filter(status__in=RESERVING).first()
    context.update(
        cancellations=cancellation_requests(submission=submission),
        can_cancel=mine and granted and today < leave.start_date,
        can_request_cancel=(
            mine and granted and leave.start_date <= today <= leave.end_date and not open_request
        ),
        open_cancellation=open_request,
        today=today,
    )
    if mine and leave.leave_type.uses_balance:
        context["balance"] = leave_balance(user=user, year=leave.start_date.year)
    return context


def away_between(*, start, end, units=None):
    """Granted leaves touching [start, end], of people in ``units`` (all when None)."""
    leaves = Leave.objects.filter(
        submission__status__in=DEDUCTING, start_date__lte=end, end_date__gte=start
    ).select_related("user", "unit", "leave_type", "submission")
    if units is not None:
        leaves = leaves.filter(Q(unit__in=units))
    return leaves.order_by("start_date", "user__last_name", "user__first_name")
