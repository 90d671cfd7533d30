"""Bảng tổng hợp giờ làm thêm: choose a month and a unit, see the figures, download .xlsx.

Văn phòng (role OFFICE) and superusers choose any unit or the whole Sở; the head of a unit
(HEAD-level position in his primary membership) sees his unit and the units under it, and
asking for any other unit is refused (403), never silently replaced. Everybody else gets 403.

The month defaults to the previous one until the 5th (the sheet is made for payroll just after
the month ends), to the current one afterwards.
"""

import datetime
import re
from calendar import monthrange
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from forms.models import Submission
from portal.accounts.models import User
from portal.calendar.services import holiday_name
from portal.org import roles
from portal.org.models import Membership, Position, Unit
from portal.org.selectors import (
    primary_membership,
    root_unit,
    unit_subtree,
    unit_tree,
    user_has_role,
)

from .hours import HOLIDAY, day_kind, split_by_day, tz
from .models import OvertimeEntry
from .sheet import MonthSheet, Part, PersonRow, build_workbook

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
LAST_DAY_FOR_PREVIOUS_MONTH = 5
COUNTED = (Submission.Status.APPROVED, Submission.Status.RECORDED)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=tz())


def month_sheet(
    *,
    first: datetime.date,
    unit_ids,
    agency: str,
    unit_name: str,
    made_on: datetime.date,
    unit_order: dict[int, int] | None = None,
) -> MonthSheet:
    """The month's figures for the people of ``unit_ids`` (None: every unit).

    Approved or recorded registrations count, with the confirmed actual times when there are
    some (``effective_span``); each part of a span cut at midnight counts for its own day, by
    that day's kind, and in its own month. People are listed by unit (``unit_order``, e.g. the
    tree's order), position rank and name; one row per person and unit.
    """
    unit_order = unit_order or {}
    first = first.replace(day=1)
    last = first.replace(day=monthrange(first.year, first.month)[1])
    begin, finish = _midnight(first), _midnight(last + datetime.timedelta(days=1))
    rows = OvertimeEntry.objects.filter(submission__status__in=COUNTED).filter(
        Q(start__lt=finish, end__gt=begin) | Q(arrived_at__lt=finish, left_at__gt=begin)
    )
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=list(unit_ids))
    rows = list(rows.select_related("user", "unit").order_by("start", "pk"))
    positions = {}
    on = min(last, made_on)
    for m in (
        Membership.objects.active(on)
        .filter(user__in={r.user_id for r in rows})
        .select_related("position")
        .order_by("-is_primary", "position__rank", "pk")
    ):
        positions.setdefault(m.user_id, m.position)
    people: dict[tuple, PersonRow] = {}
    parts: list[Part] = []
    for entry in rows:
        start, end = (t.astimezone(tz()) for t in entry.effective_span)
        for day, hours in split_by_day(start, end):
            if not first <= day <= last or not hours:
                continue
            key = (entry.user_id, entry.unit_id)
            person = people.get(key)
            if person is None:
                user, position = entry.user, positions.get(entry.user_id)
                person = people[key] = PersonRow(
                    name=user.get_full_name() or user.username,
                    unit=entry.unit.name,
                    position=position.name if position else "",
                    sort_key=(
                        unit_order.get(entry.unit_id, len(unit_order)),
                        entry.unit.sort_order,
                        entry.unit.name,
                        position.rank if position else 10**6,
                        user.first_name,
                        user.last_name,
                        user.pk,
                    ),
                )
            kind = day_kind(day)
            person.hours[kind] += hours
            parts.append(
                Part(
                    day=day,
                    start=max(start, _midnight(day)),
                    end=min(end, _midnight(day + datetime.timedelta(days=1))),
                    hours=hours,
                    kind=kind,
                    actual=entry.actual,
                    submission_id=entry.submission_id,
                    person=person,
                    holiday=(holiday_name(day=day) or "") if kind == HOLIDAY else "",
                )
            )
    ordered = sorted(people.values(), key=lambda p: p.sort_key)
    rank = {id(p): i for i, p in enumerate(ordered)}
    parts.sort(key=lambda part: (rank[id(part.person)], part.start))
    return MonthSheet(first, agency, unit_name, made_on, ordered, parts)


@dataclass(frozen=True)
class SheetAccess:
    everything: bool  # Văn phòng or superuser
    unit: Unit | None = None  # otherwise the unit the user heads


def sheet_access(*, user: User) -> SheetAccess | None:
    if not user.is_authenticated:
        return None
    if user.is_superuser or user_has_role(user=user, code=roles.OFFICE):
        return SheetAccess(everything=True)
    membership = primary_membership(user=user)
    if membership is not None and membership.position.level == Position.Level.HEAD:
        return SheetAccess(everything=False, unit=membership.unit)
    return None


def default_month(today: datetime.date) -> datetime.date:
    first = today.replace(day=1)
    if today.day <= LAST_DAY_FOR_PREVIOUS_MONTH:
        return (first - datetime.timedelta(days=1)).replace(day=1)
    return first


def parse_month(value: str | None, today: datetime.date) -> datetime.date:
    match = MONTH.match(value or "")
    if match:
        year, month = int(match[1]), int(match[2])
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return datetime.date(year, month, 1)
    return default_month(today)


@dataclass
class Choice:
    first: datetime.date
    units: list[tuple[Unit, int]]  # what the user may choose
    chosen: Unit | None  # None: the whole Sở
    whole: bool  # the whole Sở (no unit filter)


def _refuse(request, *, other_unit: bool = False) -> HttpResponse:
    """The friendly 403 (the same template, without figures)."""
    return render(
        request, "overtime/sheet.html", {"refused": True, "other_unit": other_unit}, status=403
    )


def _choose(request, access: SheetAccess) -> Choice | HttpResponse:
    first = parse_month(request.GET.get("thang"), timezone.localdate())
    tree = unit_tree()
    units = tree if access.everything else unit_subtree(tree, access.unit.pk)
    code = (request.GET.get("don_vi") or "").strip()
    if not code:
        chosen = None if access.everything else access.unit
    else:
        chosen = next((u for u, _d in units if u.code == code), None)
        if chosen is None:
            if access.everything or not Unit.objects.filter(code=code).exists():
                raise Http404
            return _refuse(request, other_unit=True)
    whole = chosen is None or chosen.parent_id is None
    return Choice(first, units, chosen, whole)


def _sheet(choice: Choice, tree_units):
    root = root_unit()
    agency = root.name if root else ""
    if choice.whole:
        unit_ids, unit_name = None, ""
    else:
        unit_ids = [u.pk for u, _d in unit_subtree(tree_units, choice.chosen.pk)]
        unit_name = choice.chosen.name
    return month_sheet(
        first=choice.first,
        unit_ids=unit_ids,
        agency=agency,
        unit_name=unit_name,
        made_on=timezone.localdate(),
        unit_order={u.pk: i for i, (u, _d) in enumerate(tree_units)},
    )


def _query(choice: Choice) -> str:
    params = {"thang": f"{choice.first:%Y-%m}"}
    if choice.chosen is not None:
        params["don_vi"] = choice.chosen.code
    return urlencode(params)


def _gate(request):
    access = sheet_access(user=request.user)
    if access is None:
        return None, _refuse(request)
    choice = _choose(request, access)
    if isinstance(choice, HttpResponse):
        return None, choice
    return choice, None


@login_required
@require_GET
def sheet_view(request):
    choice, refused = _gate(request)
    if refused is not None:
        return refused
    sheet = _sheet(choice, choice.units)
    return render(
        request,
        "overtime/sheet.html",
        {
            "sheet": sheet,
            "choice": choice,
            "month_value": f"{choice.first:%Y-%m}",
            "unit_options": unit_options(choice),
            "query": _query(choice),
        },
    )


def unit_options(choice: Choice) -> list[tuple[str, str, bool]]:
    """(value, label, selected) for the unit filter; the root unit is "Toàn Sở"."""
    top = choice.units[0][1] if choice.units else 0
    options = []
    for unit, depth in choice.units:
        if unit.parent_id is None:
            options.append(("", _("Toàn Sở"), choice.whole))
        else:
            label = "— " * (depth - top) + unit.name
            options.append((unit.code, label, not choice.whole and choice.chosen == unit))
    return options


def sheet_filename(choice: Choice) -> str:
    code = "toan-so" if choice.whole else re.sub(r"[^A-Za-z0-9-]", "", choice.chosen.code)
    return f"lam-them-{choice.first:%Y-%m}-{code or 'don-vi'}.xlsx"


@login_required
@require_GET
def sheet_download(request):
    choice, refused = _gate(request)
    if refused is not None:
        return refused
    buffer = BytesIO()
    build_workbook(_sheet(choice, choice.units)).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{sheet_filename(choice)}"'
    response["Cache-Control"] = "private, no-store"
    return response
