"""The dashboard's figures: one aggregate query each, for a scope of units and a period.

A task (an active opinion or decision step) belongs to the unit of the request it is about
(``Submission.requester_unit``) and to the person who must act on it (the delegate when there
is one, else the approver; a group's task to the group). "Overdue" is a due date before today
(Asia/Ho_Chi_Minh) on an active step. Decision times are taken over what was decided within
the period: a step's ``decided_at − activated_at`` and a request's ``decided_at − created_at``.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Case, Count, DurationField, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from forms.feedback.models import FeedbackCase
from forms.leave.ledger_selectors import balances_for, staff_memberships
from forms.leave.models import Leave
from forms.models import ApprovalStep, Submission
from forms.overtime.models import OvertimeEntry, OvertimeSettings
from forms.trips.models import Trip
from forms.trips.selectors import reports_due
from portal.accounts.models import User

from .access import Scope
from .period import Period
from .stats import HOUR, duration, durations_by_group

ACTION_KINDS = (ApprovalStep.Kind.OPINION, ApprovalStep.Kind.DECISION)
FEEDBACK_OPEN = (FeedbackCase.Status.NEW, FeedbackCase.Status.ACCEPTED)
ZERO = Decimal(0)


def _scoped(queryset: QuerySet, field: str, scope: Scope) -> QuerySet:
    if scope.unit_ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": scope.unit_ids})


def _name(first: str | None, last: str | None, username: str | None) -> str:
    # Vietnamese order: family name first.
    return " ".join(p for p in (last, first) if p) or (username or "")


def active_steps(*, scope: Scope) -> QuerySet[ApprovalStep]:
    steps = ApprovalStep.objects.filter(state=ApprovalStep.State.ACTIVE, kind__in=ACTION_KINDS)
    return _scoped(steps, "submission__requester_unit", scope)


def tasks_by_unit(*, scope: Scope, today: datetime.date) -> list[dict]:
    """``[{unit_id, open, overdue}]``, one row per unit that has open tasks."""
    rows = (
        active_steps(scope=scope)
        .order_by()
        .values(unit_id=F("submission__requester_unit"))
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
    )
    return sorted(rows, key=lambda r: (-r["overdue"], -r["open"], r["unit_id"] or 0))


def tasks_by_person(*, scope: Scope, today: datetime.date) -> list[dict]:
    """``[{actor_id, name, group, open, overdue}]``: who must act, most overdue first."""
    rows = list(
        active_steps(scope=scope)
        .order_by()
        .annotate(actor_id=Coalesce("acting", "approver"))
        .values("actor_id", group_name=F("group__name"))
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
    )
    people = {
        u["pk"]: _name(u["first_name"], u["last_name"], u["username"])
        for u in User.objects.filter(pk__in={r["actor_id"] for r in rows if r["actor_id"]}).values(
            "pk", "first_name", "last_name", "username"
        )
    }
    for row in rows:
        row["name"] = people.get(row["actor_id"]) or _("Nhóm %(group)s") % {
            "group": row["group_name"] or "—"
        }
    return sorted(rows, key=lambda r: (-r["overdue"], -r["open"], r["name"]))


def _decided_in(queryset: QuerySet, period: Period) -> QuerySet:
    begin, after = period.bounds()
    return queryset.filter(decided_at__gte=begin, decided_at__lt=after)


def decision_time_by_form(
    *, scope: Scope, period: Period, in_database: bool | None = None
) -> list[dict]:
    """Per form: requests decided in the period, median and p90 hours from submission."""
    submissions = _scoped(
        Submission.objects.filter(decided_at__isnull=False), "requester_unit", scope
    )
    groups = durations_by_group(
        _decided_in(submissions, period),
        keys=["form_page_id", "form_page__title"],
        later="decided_at",
        earlier="created_at",
        in_database=in_database,
    )
    rows = [{"form_id": k[0], "form": k[1], **v} for k, v in groups.items()]
    return sorted(rows, key=lambda r: r["form"])


def decision_time_by_step(
    *, scope: Scope, period: Period, in_database: bool | None = None
) -> list[dict]:
    """Per form and step (its order and kind): median and p90 hours from activation."""
    steps = ApprovalStep.objects.filter(
        kind__in=ACTION_KINDS,
        state=ApprovalStep.State.DONE,
        activated_at__isnull=False,
        decided_at__isnull=False,
    )
    groups = durations_by_group(
        _decided_in(_scoped(steps, "submission__requester_unit", scope), period),
        keys=["submission__form_page__title", "order", "kind"],
        later="decided_at",
        earlier="activated_at",
        in_database=in_database,
    )
    kinds = dict(ApprovalStep.Kind.choices)
    rows = [
        {"form": k[0], "order": k[1], "kind": k[2], "kind_label": str(kinds[k[2]]), **v}
        for k, v in groups.items()
    ]
    return sorted(rows, key=lambda r: (r["form"], r["order"], r["kind"]))


def overdue_trip_reports(*, scope: Scope, today: datetime.date) -> list[dict]:
    """Granted trips past their report deadline with no report standing, oldest first."""
    trips = _scoped(reports_due().filter(report_due__lt=today), "unit", scope)
    rows = trips.values(
        "submission_id",
        "destination",
        "start_date",
        "end_date",
        "report_due",
        "unit_id",
        "user__first_name",
        "user__last_name",
        "user__username",
    )
    return [
        {
            "submission_id": r["submission_id"],
            "name": _name(r["user__first_name"], r["user__last_name"], r["user__username"]),
            "unit_id": r["unit_id"],
            "destination": r["destination"],
            "start_date": r["start_date"],
            "end_date": r["end_date"],
            "report_due": r["report_due"],
            "days_late": (today - r["report_due"]).days,
        }
        for r in rows
    ]


def overdue_feedback(*, scope: Scope, today: datetime.date) -> dict | None:
    """Late answers per recipient — counts only, never a title or a sender.

    Feedback goes to the Sở's handlers, not to a unit, so only the Sở-wide viewers see it.
    """
    if not scope.everything:
        return None
    rows = (
        FeedbackCase.objects.filter(status__in=FEEDBACK_OPEN, due_on__lt=today)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
    )
    by_recipient = {r["recipient"]: r["n"] for r in rows}
    return {"total": sum(by_recipient.values()), "by_recipient": by_recipient}


def away_between(*, scope: Scope, start: datetime.date, end: datetime.date) -> list[dict]:
    """Who is on granted leave or an approved trip on some day of [start, end]."""
    fields = ("start_date", "end_date", "unit_id", "user_id")
    names = ("user__first_name", "user__last_name", "user__username")
    leaves = _scoped(
        Leave.objects.filter(
            submission__status__in=Submission.GRANTED, start_date__lte=end, end_date__gte=start
        ),
        "unit",
        scope,
    ).annotate(reason=Value("leave"))
    trips = _scoped(
        Trip.objects.filter(
            submission__status__in=Submission.GRANTED, start_date__lte=end, end_date__gte=start
        ),
        "unit",
        scope,
    ).annotate(reason=Value("trip"))
    union = leaves.values(*fields, *names, "reason").union(
        trips.values(*fields, *names, "reason"), all=True
    )
    labels = {"leave": _("Nghỉ phép"), "trip": _("Đi công tác")}
    rows = [
        {
            "user_id": r["user_id"],
            "name": _name(r["user__first_name"], r["user__last_name"], r["user__username"]),
            "unit_id": r["unit_id"],
            "reason": r["reason"],
            "reason_label": str(labels[r["reason"]]),
            "start_date": r["start_date"],
            "end_date": r["end_date"],
        }
        for r in union
    ]
    return sorted(rows, key=lambda r: (r["start_date"], r["name"]))


def overtime_this_month(*, scope: Scope, period: Period) -> dict:
    """Each person's registered overtime hours (actual when confirmed) this month and year,
    against the caps of ``OvertimeSettings``; requests pending or granted count."""
    month_start, month_end = period.month
    year_start = datetime.date(period.today.year, 1, 1)
    # OvertimeEntry.effective_span, in SQL: the confirmed actual times replace the planned ones.
    span = Case(
        When(
            confirmed_at__isnull=False,
            arrived_at__isnull=False,
            left_at__isnull=False,
            then=duration("left_at", "arrived_at"),
        ),
        default=duration("end", "start"),
        output_field=DurationField(),
    )
    entries = _scoped(
        OvertimeEntry.objects.filter(
            submission__status__in=Submission.STANDING,
            date__gte=year_start,
            date__lte=month_end,
        ),
        "unit",
        scope,
    )
    rows = (
        entries.order_by()
        .annotate(span=span)
        .values("user_id", "unit_id", "user__first_name", "user__last_name", "user__username")
        .annotate(
            month=Sum("span", filter=Q(date__gte=month_start)),
            year=Sum("span"),
        )
    )
    settings = OvertimeSettings.load()
    people = []
    for r in rows:
        month = _decimal_hours(r["month"])
        year = _decimal_hours(r["year"])
        if not month:
            continue
        people.append(
            {
                "user_id": r["user_id"],
                "name": _name(r["user__first_name"], r["user__last_name"], r["user__username"]),
                "unit_id": r["unit_id"],
                "month_hours": month,
                "year_hours": year,
                "over_month_cap": month > settings.max_month,
                "over_year_cap": year > settings.max_year,
            }
        )
    people.sort(key=lambda r: (-r["month_hours"], r["name"]))
    return {
        "month_start": month_start,
        "max_month": settings.max_month,
        "max_year": settings.max_year,
        "people": people,
    }


def _decimal_hours(value: datetime.timedelta | None) -> Decimal:
    if not value:
        return ZERO
    return (Decimal(value.total_seconds()) / Decimal(HOUR)).quantize(Decimal("0.1"))


def leave_by_unit(*, scope: Scope, year: int) -> list[dict]:
    """Per unit: people, annual leave days entitled, taken, pending and remaining in ``year``.

    The balances come from ``forms.leave.ledger_selectors.balances_for`` (a fixed number of
    queries for everyone at once), summed here per unit.
    """
    units = None if scope.unit_ids is None else set(scope.unit_ids)
    memberships = staff_memberships(units=units)
    balances = balances_for(user_ids=[m.user_id for m in memberships], year=year)
    totals: dict[int, dict] = defaultdict(
        lambda: {"people": 0, "entitlement": ZERO, "used": ZERO, "pending": ZERO, "available": ZERO}
    )
    order: list[int] = []
    for membership in memberships:
        if membership.unit_id not in totals:
            order.append(membership.unit_id)
        row = totals[membership.unit_id]
        balance = balances[membership.user_id]
        row["people"] += 1
        row["entitlement"] += balance.entitlement + balance.adjustments
        row["used"] += balance.used
        row["pending"] += balance.pending
        row["available"] += balance.available
    return [{"unit_id": unit_id, **totals[unit_id]} for unit_id in order]


def submissions_by_month(*, scope: Scope, period: Period) -> list[dict]:
    """Requests submitted per month of the period, and how many of them are decided."""
    begin, after = period.bounds()
    rows = (
        _scoped(
            Submission.objects.filter(created_at__gte=begin, created_at__lt=after),
            "requester_unit",
            scope,
        )
        .order_by()
        .annotate(month=TruncMonth("created_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(submitted=Count("pk"), decided=Count("pk", filter=Q(decided_at__isnull=False)))
        .order_by("month")
    )
    return [
        {
            "month": _as_date(r["month"]),
            "submitted": r["submitted"],
            "decided": r["decided"],
        }
        for r in rows
    ]


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value
