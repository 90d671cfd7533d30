"""Arithmetic of overtime: cutting a span at midnight, the kind of each day, office hours."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.calendar.services import holiday_name, is_working_day, office_hours_on

WORKING, DAY_OFF, HOLIDAY = "working", "day_off", "holiday"
DAY_KINDS = {
    WORKING: gettext_lazy("Ngày làm việc"),
    DAY_OFF: gettext_lazy("Ngày nghỉ hằng tuần"),
    HOLIDAY: gettext_lazy("Ngày lễ, Tết"),
}
HOUR = Decimal(3600)


def tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def span_of(day: datetime.date, start: datetime.time, end: datetime.time):
    """The aware (start, end) of a registration; an end not after the start is the next day."""
    begin = datetime.datetime.combine(day, start, tzinfo=tz())
    finish = datetime.datetime.combine(day, end, tzinfo=tz())
    if finish <= begin:
        finish += datetime.timedelta(days=1)
    return begin, finish


def hours_between(start: datetime.datetime, end: datetime.datetime) -> Decimal:
    return (Decimal(int((end - start).total_seconds())) / HOUR).quantize(Decimal("0.01"))


def split_by_day(start: datetime.datetime, end: datetime.datetime):
    """[(date, hours)] of a span cut at each local midnight: each part is paid by its day."""
    start, end = start.astimezone(tz()), end.astimezone(tz())
    parts = []
    while start < end:
        midnight = datetime.datetime.combine(
            start.date() + datetime.timedelta(days=1), datetime.time(0), tzinfo=tz()
        )
        stop = min(end, midnight)
        parts.append((start.date(), hours_between(start, stop)))
        start = stop
    return parts


def day_kind(day: datetime.date) -> str:
    if is_working_day(day=day):
        return WORKING
    return HOLIDAY if holiday_name(day=day) else DAY_OFF


def normal_hours(day: datetime.date) -> Decimal:
    """Office hours of a working day (0 on a day off)."""
    if not is_working_day(day=day):
        return Decimal(0)
    return Decimal(office_hours_on(day=day).minutes) / 60


def office_clash(start: datetime.datetime, end: datetime.datetime):
    """The first working day whose office hours the span enters, with those hours, or None."""
    start, end = start.astimezone(tz()), end.astimezone(tz())
    day = start.date()
    while day <= end.date():
        if is_working_day(day=day):
            hours = office_hours_on(day=day)
            for begin, finish in (hours.morning, hours.afternoon):
                session = (
                    datetime.datetime.combine(day, begin, tzinfo=tz()),
                    datetime.datetime.combine(day, finish, tzinfo=tz()),
                )
                if start < session[1] and session[0] < end:
                    return day, hours
        day += datetime.timedelta(days=1)
    return None


def office_hours_text(hours) -> str:
    def pair(p):
        return f"{p[0]:%H:%M}–{p[1]:%H:%M}"

    return _("%(morning)s và %(afternoon)s (%(season)s)") % {
        "morning": pair(hours.morning),
        "afternoon": pair(hours.afternoon),
        "season": hours.season,
    }
