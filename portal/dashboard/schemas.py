"""The JSON of GET /api/v1/dashboard/. The names of the issue's contract are kept exactly:
``open_tasks``, ``overdue_tasks``, ``overdue_trip_reports``, ``overdue_feedback``,
``away_today`` and ``decision_time``; the rest is what the page shows besides."""

from datetime import date
from decimal import Decimal

from ninja import Schema


class PeriodOut(Schema):
    start: date
    end: date
    today: date


class UnitRef(Schema):
    code: str
    name: str


class DecisionTimeOut(Schema):
    form_id: int
    form: str
    count: int
    median_hours: float | None
    p90_hours: float | None


class StepTimeOut(Schema):
    form: str
    order: int
    kind: str
    count: int
    median_hours: float | None
    p90_hours: float | None


class UnitTasksOut(Schema):
    unit: UnitRef | None
    open: int
    overdue: int


class PersonTasksOut(Schema):
    name: str
    open: int
    overdue: int


class TripReportOut(Schema):
    submission_id: int
    name: str
    unit: UnitRef | None
    destination: str
    end_date: date
    report_due: date
    days_late: int


class AwayOut(Schema):
    name: str
    unit: UnitRef | None
    reason: str  # "leave" or "trip"
    start_date: date
    end_date: date


class OvertimeOut(Schema):
    name: str
    unit: UnitRef | None
    month_hours: Decimal
    year_hours: Decimal
    over_month_cap: bool
    over_year_cap: bool


class OvertimeSummary(Schema):
    month_start: date
    max_month: Decimal
    max_year: Decimal
    people: list[OvertimeOut]


class LeaveUnitOut(Schema):
    unit: UnitRef | None
    people: int
    entitlement: Decimal
    used: Decimal
    pending: Decimal
    available: Decimal


class MonthOut(Schema):
    month: date
    submitted: int
    decided: int


class DashboardOut(Schema):
    period: PeriodOut
    unit: UnitRef | None
    open_tasks: int
    overdue_tasks: int
    overdue_trip_reports: int
    # Null for a unit head: feedback goes to the Sở's handlers, not to a unit.
    overdue_feedback: int | None
    away_today: list[AwayOut]
    decision_time: list[DecisionTimeOut]
    decision_time_by_step: list[StepTimeOut]
    tasks_by_unit: list[UnitTasksOut]
    tasks_by_person: list[PersonTasksOut]
    overdue_trip_report_list: list[TripReportOut]
    away_this_week: list[AwayOut]
    overtime: OvertimeSummary
    leave: list[LeaveUnitOut]
    submissions_by_month: list[MonthOut]
