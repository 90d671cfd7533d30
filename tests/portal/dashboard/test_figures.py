"""Each figure against the values worked out by hand in conftest.py."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from forms.feedback.handling import overdue_count
from forms.leave.models import LeaveSettings
from portal.dashboard import selectors
from portal.dashboard.access import DashboardAccess, dashboard_scope
from portal.dashboard.period import period_parse
from portal.dashboard.report import dashboard_figures
from portal.dashboard.stats import percentile
from portal.org.selectors import unit_tree

from .conftest import TODAY, full_name

pytestmark = pytest.mark.django_db


def scope_of(unit_code=""):
    return dashboard_scope(
        access=DashboardAccess(everything=True), tree=unit_tree(), unit_code=unit_code
    )


@pytest.fixture
def period(now):
    return period_parse(start=None, end=None)


def test_default_period_runs_from_new_year_to_today(period):
    assert (period.start, period.end, period.today) == (datetime.date(2026, 1, 1), TODAY, TODAY)
    assert period.week == (datetime.date(2026, 3, 16), datetime.date(2026, 3, 22))
    assert period.month == (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))


def test_open_and_overdue_tasks_per_unit(world):
    rows = {
        r["unit_id"]: (r["open"], r["overdue"])
        for r in selectors.tasks_by_unit(scope=scope_of(), today=TODAY)
    }
    assert rows == {world["cn"].pk: (1, 1), world["kh"].pk: (1, 0), world["tt_th"].pk: (1, 1)}


def test_tasks_of_a_unit_include_its_sub_units_only(world):
    rows = selectors.tasks_by_unit(scope=scope_of("TTKC"), today=TODAY)
    assert [(r["unit_id"], r["open"], r["overdue"]) for r in rows] == [(world["tt_th"].pk, 1, 1)]


def test_open_and_overdue_tasks_per_person(world):
    rows = {
        r["name"]: (r["open"], r["overdue"])
        for r in selectors.tasks_by_person(scope=scope_of(), today=TODAY)
    }
    assert rows == {
        full_name(world["pgd1"]): (1, 1),
        full_name(world["phophong"]): (1, 0),
        "Nhóm Văn phòng": (1, 1),
    }


@pytest.mark.parametrize("in_database", [False, True], ids=["python", "database"])
def test_decision_time_per_form(world, period, in_database):
    if in_database and connection.vendor != "postgresql":
        pytest.skip("percentile_cont needs PostgreSQL")
    rows = selectors.decision_time_by_form(scope=scope_of(), period=period, in_database=in_database)
    # S3 took 48 h and S4 12 h (S5 was decided before the period): median 30, p90 12 + 0.9 × 36.
    assert [(r["form"], r["count"], r["median_hours"], r["p90_hours"]) for r in rows] == [
        ("Giấy đề nghị", 2, 30.0, 44.4)
    ]
    qlcn = selectors.decision_time_by_form(
        scope=scope_of("QLCN"), period=period, in_database=in_database
    )
    assert [(r["count"], r["median_hours"], r["p90_hours"]) for r in qlcn] == [(1, 48.0, 48.0)]


@pytest.mark.parametrize("in_database", [False, True], ids=["python", "database"])
def test_decision_time_per_month(world, period, in_database):
    from portal.dashboard.trends import decision_time_by_month

    if in_database and connection.vendor != "postgresql":
        pytest.skip("percentile_cont needs PostgreSQL")
    rows = decision_time_by_month(scope=scope_of(), period=period, in_database=in_database)
    # S3 (48 h) and S4 (12 h) were both decided in March 2026; S5 in December 2025, before.
    assert [(r["month"], r["count"], r["median_hours"], r["p90_hours"]) for r in rows] == [
        (datetime.date(2026, 3, 1), 2, 30.0, 44.4)
    ]


@pytest.mark.parametrize("in_database", [False, True], ids=["python", "database"])
def test_decision_time_per_step(world, period, in_database):
    if in_database and connection.vendor != "postgresql":
        pytest.skip("percentile_cont needs PostgreSQL")
    rows = selectors.decision_time_by_step(scope=scope_of(), period=period, in_database=in_database)
    assert [
        (r["order"], r["kind"], r["count"], r["median_hours"], r["p90_hours"]) for r in rows
    ] == [
        (1, "decision", 1, 12.0, 12.0),  # S4
        (1, "opinion", 2, 7.0, 9.4),  # S1 4 h, S3 10 h
        (2, "decision", 1, 38.0, 38.0),  # S3
    ]


def test_percentile_interpolates_like_percentile_cont():
    assert percentile([], 0.5) is None
    assert percentile([5.0], 0.9) == 5.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([10.0, 0.0, 20.0, 30.0, 40.0], 0.9) == pytest.approx(36.0)


def test_overdue_trip_reports(world):
    rows = selectors.overdue_trip_reports(scope=scope_of(), today=TODAY)
    assert [(r["name"], r["unit_id"], r["report_due"], r["days_late"]) for r in rows] == [
        (full_name(world["chuyenvien"]), world["cn"].pk, datetime.date(2026, 3, 11), 7)
    ]
    assert selectors.overdue_trip_reports(scope=scope_of("TTKC"), today=TODAY) == []


def test_overdue_feedback_is_counted_per_recipient_without_content(world):
    figure = selectors.overdue_feedback(scope=scope_of(), today=TODAY)
    assert figure == {"total": 2, "by_recipient": {"director": 1, "union": 1}}
    assert figure["total"] == overdue_count(today=TODAY)


def test_overdue_feedback_is_not_given_to_a_unit_head(world):
    head = dashboard_scope(
        access=DashboardAccess(everything=False, unit_id=world["cn"].pk), tree=unit_tree()
    )
    assert selectors.overdue_feedback(scope=head, today=TODAY) is None


def test_away_today_and_this_week(world, period):
    figures = dashboard_figures(scope=scope_of(), period=period, tree=unit_tree())
    today = {(r["name"], r["reason"]) for r in figures["away_today"]}
    assert today == {
        (full_name(world["chuyenvien"]), "leave"),
        (full_name(world["truongphong"]), "trip"),
    }
    week = {(r["name"], r["reason"]) for r in figures["away_week"]}
    assert week == today | {(full_name(world["chuyenvien_kh"]), "leave")}


def test_overtime_this_month_against_the_caps(world, period):
    figure = selectors.overtime_this_month(scope=scope_of(), period=period)
    assert figure["max_month"] == Decimal(40)
    # 3 h planned + 2.5 h confirmed actual (4 h planned) this month; 3 h in February too.
    assert [
        (r["name"], r["month_hours"], r["year_hours"], r["over_month_cap"])
        for r in figure["people"]
    ] == [(full_name(world["chuyenvien"]), Decimal("5.5"), Decimal("8.5"), False)]
    assert selectors.overtime_this_month(scope=scope_of("KHTC"), period=period)["people"] == []


def test_leave_taken_and_remaining_per_unit(world):
    # 12 days a year, plus one per 5 full years since 01/01/2015 (11 years on 01/01/2026).
    settings = LeaveSettings.load()
    annual = settings.annual_days + 11 // settings.seniority_years
    assert annual == 14
    rows = {r["unit_id"]: r for r in selectors.leave_by_unit(scope=scope_of("QLCN"), year=2026)}
    assert list(rows) == [world["cn"].pk]
    qlcn = rows[world["cn"].pk]
    assert qlcn["people"] == 3  # truongphong, phophong, chuyenvien
    assert qlcn["entitlement"] == 3 * annual
    assert qlcn["used"] == Decimal(2)
    assert qlcn["pending"] == Decimal(0)
    assert qlcn["available"] == 3 * annual - 2


def test_submissions_per_month(world, period):
    rows = selectors.submissions_by_month(scope=scope_of(), period=period)
    # February: 12 supporting rows (4 trips, 1 report, 3 leaves, 4 overtime);
    # March: S1, S2, S3, S4, S6, of which S3 and S4 are decided.
    assert [(r["month"], r["submitted"], r["decided"]) for r in rows] == [
        (datetime.date(2026, 2, 1), 12, 0),
        (datetime.date(2026, 3, 1), 5, 2),
    ]


def test_cards_add_up_the_tables(world, period):
    figures = dashboard_figures(scope=scope_of(), period=period, tree=unit_tree())
    assert (figures["open_tasks"], figures["overdue_tasks"]) == (3, 2)
    assert len(figures["overdue_trip_reports"]) == 1
