"""The working-day calendar behind every deadline, leave count and overtime check.

A day is a working day unless it is a day off, decided in this order:

1. an administrator's ``CalendarOverride`` for that date (``day_off`` or ``working_day``);
2. Vietnam's public holidays from the ``holidays`` package: Tết Dương lịch, Tết Nguyên đán and
   Giỗ Tổ Hùng Vương by the lunar calendar, 30/4, 1/5, Quốc khánh and its extra day, Ngày Văn
   hóa Việt Nam (from 2026), the days in lieu (nghỉ bù) and the government's day swaps the
   package knows (the day off, and the Saturday worked instead);
3. Saturdays and Sundays are off.

Leave is counted in half days: a point in time is a date and a session (morning/afternoon).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

import holidays
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .cache import calendar_cache
from .models import CalendarOverride, OfficeHoursSeason, season_covers

SATURDAY = 5

# No real calendar has a year of days off in a row: past this, the data is wrong.
_MAX_DAYS_OFF_IN_A_ROW = 366

FALLBACK_MORNING = (time(7, 30), time(11, 30))
FALLBACK_AFTERNOON = (time(13, 30), time(17, 0))


class Session(models.TextChoices):
    """Half of a working day, the unit leave is counted in."""

    MORNING = "morning", gettext_lazy("Buổi sáng")
    AFTERNOON = "afternoon", gettext_lazy("Buổi chiều")


_SESSION_ORDER = {Session.MORNING: 0, Session.AFTERNOON: 1}


@dataclass(frozen=True)
class OfficeHours:
    """Office hours of one day: two sessions as (start, end) pairs, and where they come from."""

    season: str
    morning: tuple[time, time]
    afternoon: tuple[time, time]
    is_fallback: bool = False

    @property
    def minutes(self) -> int:
        """Working minutes in the day (both sessions)."""
        return _minutes(self.morning) + _minutes(self.afternoon)

    def session(self, session: str) -> tuple[time, time]:
        return self.morning if _session(session) == Session.MORNING else self.afternoon


@dataclass(frozen=True)
class CalendarDay:
    """A day that differs from the plain weekday/weekend rule, for listings."""

    day: date
    is_working_day: bool
    name: str
    source: str  # "package" or "override"


class _Override(NamedTuple):
    kind: str
    reason: str


class _PackageYear(NamedTuple):
    holidays: MappingProxyType  # date -> Vietnamese name
    weekend_workdays: frozenset[date]


# --- the package's calendar (immutable, cached per year for the life of the process) -----


@lru_cache(maxsize=64)
def _package_year(year: int) -> _PackageYear:
    # Neighbouring years are loaded too: a swap may pair a day of this year with one of the
    # next or previous year (e.g. 31/12/2018 off, 05/01/2019 worked).
    calendar = holidays.country_holidays("VN", years=[year - 1, year, year + 1], language="vi")
    names = {day: name for day, name in calendar.items() if day.year == year}
    workdays = frozenset(day for day in calendar.weekend_workdays if day.year == year)
    return _PackageYear(holidays=MappingProxyType(names), weekend_workdays=workdays)


def package_status(*, day: date) -> tuple[bool, str | None]:
    """(is it a working day, holiday name) by the package and the weekend rule alone."""
    day = _as_date(day)
    package = _package_year(day.year)
    name = package.holidays.get(day)
    if name is not None:
        return False, name
    if day.weekday() >= SATURDAY:
        return day in package.weekend_workdays, None
    return True, None


# --- administrator overrides (cached per year, invalidated on save/delete) ----------------


def _overrides(year: int) -> MappingProxyType:
    return calendar_cache.get(("overrides", year), lambda: _load_overrides(year))


def _load_overrides(year: int) -> MappingProxyType:
    rows = CalendarOverride.objects.filter(date__year=year).values_list("date", "kind", "reason")
    return MappingProxyType({day: _Override(kind, reason) for day, kind, reason in rows})


# --- public services -----------------------------------------------------------------------


def is_working_day(*, day: date) -> bool:
    day = _as_date(day)
    override = _overrides(day.year).get(day)
    if override is not None:
        return override.kind == CalendarOverride.Kind.WORKING_DAY
    return package_status(day=day)[0]


def holiday_name(*, day: date) -> str | None:
    """The holiday's Vietnamese name, or the reason of an administrator's extra day off.

    None for working days and for plain weekends.
    """
    day = _as_date(day)
    override = _overrides(day.year).get(day)
    if override is not None:
        return override.reason if override.kind == CalendarOverride.Kind.DAY_OFF else None
    return _package_year(day.year).holidays.get(day)


def add_working_days(*, start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself not counted).

    ``days=0`` gives ``start`` when it is a working day, otherwise the next working day.
    A negative ``days`` counts backwards (e.g. "submit 2 working days before the deadline").
    """
    current = _as_date(start)
    if days == 0:
        return current if is_working_day(day=current) else next_working_day(day=current)
    step = timedelta(days=1 if days > 0 else -1)
    remaining = abs(days)
    days_off = 0
    while remaining > 0:
        current += step
        if is_working_day(day=current):
            remaining -= 1
            days_off = 0
        else:
            days_off += 1
            _check_days_off(days_off, current)
    return current


def next_working_day(*, day: date) -> date:
    """The first working day strictly after ``day``."""
    return add_working_days(start=day, days=1)


def working_days_between(*, start: date, end: date) -> list[date]:
    """The working days from ``start`` to ``end``, both included."""
    start, end = _as_date(start), _as_date(end)
    if end < start:
        raise ValueError(_("Ngày kết thúc không được trước ngày bắt đầu."))
    days = (start + timedelta(days=offset) for offset in range((end - start).days + 1))
    return [day for day in days if is_working_day(day=day)]


def count_working_days(
    *,
    start_date: date,
    start_session: str = Session.MORNING,
    end_date: date,
    end_session: str = Session.AFTERNOON,
) -> Decimal:
    """Working days from one half day to another, both included, counted in halves.

    Monday morning → Monday afternoon = 1.0; Monday afternoon → Tuesday morning = 1.0;
    Monday afternoon → Monday afternoon = 0.5; Friday afternoon → Monday morning = 1.0.
    Non-working days count for nothing, including a start or end that falls on one.
    """
    start_date, end_date = _as_date(start_date), _as_date(end_date)
    start_session, end_session = _session(start_session), _session(end_session)
    if (end_date, _SESSION_ORDER[end_session]) < (start_date, _SESSION_ORDER[start_session]):
        raise ValueError(_("Thời điểm kết thúc không được trước thời điểm bắt đầu."))
    days = working_days_between(start=start_date, end=end_date)
    halves = 2 * len(days)
    if days and days[0] == start_date and start_session == Session.AFTERNOON:
        halves -= 1  # the morning of the first day is not taken
    if days and days[-1] == end_date and end_session == Session.MORNING:
        halves -= 1  # nor the afternoon of the last
    return Decimal(halves) * Decimal("0.5")


def calendar_year(*, year: int) -> list[CalendarDay]:
    """Every holiday, swap and override of a year, in date order (plain weekends left out)."""
    package = _package_year(year)
    days: dict[date, CalendarDay] = {}
    for day, name in package.holidays.items():
        days[day] = CalendarDay(day=day, is_working_day=False, name=name, source="package")
    for day in package.weekend_workdays:
        days[day] = CalendarDay(
            day=day,
            is_working_day=True,
            name=_("Ngày làm việc bù (theo lịch nghỉ của Chính phủ)"),
            source="package",
        )
    for day, override in _overrides(year).items():
        working = override.kind == CalendarOverride.Kind.WORKING_DAY
        days[day] = CalendarDay(
            day=day, is_working_day=working, name=override.reason, source="override"
        )
    return [days[day] for day in sorted(days)]


def office_hours_on(*, day: date) -> OfficeHours:
    """Office hours on ``day`` by the season covering it, or 07:30–11:30, 13:30–17:00."""
    day = _as_date(day)
    for season in _seasons():
        if season_covers(start=season.start, end=season.end, month_day=(day.month, day.day)):
            return season.hours
    return OfficeHours(
        season=_("Giờ hành chính mặc định"),
        morning=FALLBACK_MORNING,
        afternoon=FALLBACK_AFTERNOON,
        is_fallback=True,
    )


# --- helpers -----------------------------------------------------------------------------


class _Season(NamedTuple):
    start: tuple[int, int]
    end: tuple[int, int]
    hours: OfficeHours


def _seasons() -> tuple[_Season, ...]:
    return calendar_cache.get("seasons", _load_seasons)


def _load_seasons() -> tuple[_Season, ...]:
    return tuple(
        _Season(
            start=(season.start_month, season.start_day),
            end=(season.end_month, season.end_day),
            hours=OfficeHours(
                season=season.name,
                morning=(season.morning_start, season.morning_end),
                afternoon=(season.afternoon_start, season.afternoon_end),
            ),
        )
        for season in OfficeHoursSeason.objects.order_by("start_month", "start_day", "pk")
    )


def _as_date(value: date) -> date:
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if not isinstance(value, date):
        raise TypeError(f"expected a date, got {type(value).__name__}")
    return value


def _session(value: str) -> Session:
    try:
        return Session(value)
    except ValueError:
        raise ValueError(
            _("Buổi không hợp lệ: %(value)s (chỉ nhận “morning” hoặc “afternoon”).")
            % {"value": value}
        ) from None


def _check_days_off(days_off: int, current: date) -> None:
    if days_off > _MAX_DAYS_OFF_IN_A_ROW:
        raise RuntimeError(
            f"More than {_MAX_DAYS_OFF_IN_A_ROW} days off in a row before {current}: "
            "check the calendar overrides."
        )


def _minutes(pair: tuple[time, time]) -> int:
    start, end = pair
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
