"""Wagtail admin page showing a year's calendar: holidays, swaps and overrides together."""

from datetime import date

from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.admin.auth import user_passes_test

from .services import calendar_year, working_days_between

MIN_YEAR, MAX_YEAR = 1995, 2100
PERMISSIONS = (
    "workcalendar.view_calendaroverride",
    "workcalendar.add_calendaroverride",
    "workcalendar.change_calendaroverride",
)


def can_view_calendar(user) -> bool:
    return user.is_active and any(user.has_perm(perm) for perm in PERMISSIONS)


def _year(value: str | None) -> int:
    try:
        year = int(value or "")
    except ValueError:
        return timezone.localdate().year
    return min(max(year, MIN_YEAR), MAX_YEAR)


@user_passes_test(can_view_calendar)
def year_overview(request):
    year = _year(request.GET.get("year"))
    days = calendar_year(year=year)
    context = {
        "year": year,
        "previous_year": year - 1 if year > MIN_YEAR else None,
        "next_year": year + 1 if year < MAX_YEAR else None,
        "days": days,
        "working_day_count": len(
            working_days_between(start=date(year, 1, 1), end=date(year, 12, 31))
        ),
        "can_add": request.user.has_perm("workcalendar.add_calendaroverride"),
    }
    return TemplateResponse(request, "workcalendar/admin/year_overview.html", context)
