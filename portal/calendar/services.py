"""Working days. Until the holiday calendar of issue [4/12] lands, weekends are the days off."""

from datetime import date, timedelta


def is_working_day(*, day: date) -> bool:
    return day.weekday() < 5


def add_working_days(*, start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(day=current):
            remaining -= 1
    return current
