"""Lịch vắng mặt: who is away, day by day, in the units a head or the Văn phòng may see.

A unit head or deputy (by the position of their primary membership) sees their unit and the
units under it; members of the Văn phòng role and superusers see every unit and may pick one.
The same rule decides which unit feeds a person may subscribe to (``ical.py``).
"""

import datetime
import re
from calendar import monthrange
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from forms.overtime.sheet_views import sheet_access
from forms.selectors import submissions_visible_to
from portal.accounts.models import User
from portal.calendar.services import Session, holiday_name, is_working_day
from portal.org.models import Position, Unit
from portal.org.selectors import unit_subtree, unit_tree, user_post

from .models import Leave
from .selectors import away_between

LEADERS = (Position.Level.HEAD, Position.Level.DEPUTY)
MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass(frozen=True)
class AwayAccess:
    everything: bool  # Văn phòng or superuser: every unit
    unit_id: int | None = None  # otherwise the unit a head or deputy leads


def away_access(*, user: User) -> AwayAccess | None:
    """Who may open the away calendar, in one query (the menu asks on every page)."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return AwayAccess(everything=True)
    row = user_post(user=user)
    if row is None:
        return None
    if row["office"]:
        return AwayAccess(everything=True)
    if row["level"] in LEADERS and row["unit"] is not None:
        return AwayAccess(everything=False, unit_id=row["unit"])
    return None


def may_see_away(*, user: User) -> bool:
    return away_access(user=user) is not None


def visible_units(*, user: User, access: AwayAccess | None = None) -> list[tuple[Unit, int]]:
    """The units (with depth) whose people ``user`` may see away; empty for anybody else."""
    access = access or away_access(user=user)
    if access is None:
        return []
    tree = unit_tree()
    if access.everything:
        return tree
    rows = unit_subtree(tree, access.unit_id)
    top = rows[0][1] if rows else 0
    return [(unit, depth - top) for unit, depth in rows]  # the head's unit at depth 0


def parse_month(value: str | None, today: datetime.date) -> datetime.date:
    """The first day of the month asked for (``2026-12``), or of this month."""
    match = MONTH.match(value or "")
    if match:
        year, month = int(match[1]), int(match[2])
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return datetime.date(year, month, 1)
    return today.replace(day=1)


def shift_month(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def away_part(leave: Leave, day: datetime.date) -> str:
    """Session.MORNING or AFTERNOON when the person is away only half of ``day``, else ""."""
    morning = not (day == leave.start_date and leave.start_session == Session.AFTERNOON)
    afternoon = not (day == leave.end_date and leave.end_session == Session.MORNING)
    if morning and afternoon:
        return ""
    return Session.MORNING if morning else Session.AFTERNOON


def month_days(*, first: datetime.date, leaves, today: datetime.date) -> list[dict]:
    """The month's working days with who is away; weekday holidays are listed by name."""
    last = first.replace(day=monthrange(first.year, first.month)[1])
    days = []
    for number in range(first.day, last.day + 1):
        day = first.replace(day=number)
        if not is_working_day(day=day):
            if day.weekday() < 5:
                days.append({"date": day, "off": holiday_name(day=day) or "", "away": []})
            continue
        away = []
        for leave in leaves:
            if leave.start_date <= day <= leave.end_date:
                part = away_part(leave, day)
                away.append(
                    {
                        "leave": leave,
                        "part": part,
                        "part_label": Session(part).label if part else "",
                    }
                )
        days.append({"date": day, "off": None, "away": away, "today": day == today})
    return days


@login_required
@require_GET
def away_view(request):
    access = away_access(user=request.user)
    if access is None:
        return render(request, "leave/away_not_allowed.html", status=403)
    today = timezone.localdate()
    first = parse_month(request.GET.get("thang"), today)
    last = first.replace(day=monthrange(first.year, first.month)[1])
    units = visible_units(user=request.user, access=access)
    code = request.GET.get("don_vi") or ""
    chosen = next((unit for unit, _depth in units if unit.code == code), None)
    shown = unit_subtree(units, chosen.pk) if chosen else units
    leaves = list(away_between(start=first, end=last, units=[unit.pk for unit, _d in shown]))
    linked = set(
        submissions_visible_to(user=request.user)
        .filter(pk__in=[leave.submission_id for leave in leaves])
        .values_list("pk", flat=True)
    )
    for leave in leaves:
        leave.linked = leave.submission_id in linked
    days = month_days(first=first, leaves=leaves, today=today)
    return render(
        request,
        "leave/away.html",
        {
            "first": first,
            "days": days,
            "people": len({leave.user_id for leave in leaves}),
            # The filter, indented by depth: "— Phòng Tổng hợp" under its Trung tâm.
            "units": [(u, "— " * d + u.name) for u, d in units] if len(units) > 1 else [],
            "chosen": chosen,
            "scope_unit": None if access.everything or not units else units[0][0],
            "show_unit": len(shown) > 1,
            "month_value": f"{first:%Y-%m}",
            "prev_month": shift_month(first, -1),
            "next_month": shift_month(first, 1),
            "this_month": today,
            "is_this_month": first == today.replace(day=1),
            "unit_query": "&" + urlencode({"don_vi": chosen.code}) if chosen else "",
            # Heads and Văn phòng also keep the month's overtime sheet.
            "can_see_overtime_sheet": sheet_access(user=request.user) is not None,
        },
    )
