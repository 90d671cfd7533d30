"""The period a dashboard covers: parsed from the page (dd/mm/yyyy) or the API (yyyy-mm-dd)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

# Beyond this the figures stop meaning much and the queries only get slower.
MAX_DAYS = 366 * 5


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    today: datetime.date

    @property
    def week(self) -> tuple[datetime.date, datetime.date]:
        """Monday to Sunday of the week of ``today``."""
        monday = self.today - datetime.timedelta(days=self.today.weekday())
        return monday, monday + datetime.timedelta(days=6)

    @property
    def month(self) -> tuple[datetime.date, datetime.date]:
        """The calendar month of ``today`` (overtime is capped per month)."""
        first = self.today.replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        return first, following - datetime.timedelta(days=1)

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """[start 00:00, the day after end 00:00) in the portal's time zone, as aware datetimes."""
        tz = timezone.get_current_timezone()
        begin = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=tz)
        after = datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
        )
        return begin, after


class PeriodError(ValueError):
    """A date that cannot be read, or a period that runs backwards or too long."""


def _parse(value: str, label: str) -> datetime.date:
    text = value.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            day = datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if 2000 <= day.year <= 2100:
            return day
    raise PeriodError(
        _("%(label)s không hợp lệ: hãy ghi ngày theo dạng dd/mm/yyyy (hoặc yyyy-mm-dd).")
        % {"label": label}
    )


def period_parse(
    *, start: str | None, end: str | None, today: datetime.date | None = None
) -> Period:
    """From the first of January of this year to today unless told otherwise."""
    today = today or timezone.localdate()
    first = _parse(start, _("Từ ngày")) if start else today.replace(month=1, day=1)
    last = _parse(end, _("Đến ngày")) if end else today
    if first > last:
        raise PeriodError(_("Từ ngày phải trước hoặc bằng đến ngày."))
    if (last - first).days > MAX_DAYS:
        raise PeriodError(_("Khoảng thời gian xem tối đa là 5 năm."))
    return Period(start=first, end=last, today=today)
