"""Ngày phép của tôi: the person's own annual leave for a year, and how it is made up."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.translation import ngettext

from forms.selectors import user_may_submit
from portal.accounts.models import User

from .ledger import full_years_between, leave_balance, leave_settings, service_start
from .models import LeaveFormPage, LeaveSettings, LedgerEntry

MIN_YEAR = 2000
YEAR_PARAM = "nam"


@dataclass(frozen=True)
class EntitlementParts:
    """How the year's allocation is made up: base days + seniority days."""

    base: Decimal
    bonus: int
    step: int  # the full years of service that earn one more day
    service_years: int  # full years of service by 1 January
    start: date | None  # the first day of service


def entitlement_parts(*, user: User, year: int, settings: LeaveSettings | None = None):
    settings = settings or leave_settings()
    start = service_start(user=user)
    years = full_years_between(start, date(year, 1, 1)) if start else 0
    return EntitlementParts(
        base=settings.annual_days,
        bonus=years // settings.seniority_years,
        step=settings.seniority_years,
        service_years=years,
        start=start,
    )


def days_number(days: Decimal) -> str:
    """12 → "12", 1.5 → "1,5" (the reader's decimal separator)."""
    days = Decimal(days)
    return formats.number_format(days.normalize() if days else 0)


def signed_days(days: Decimal) -> str:
    """+3, −1,5 (a real minus sign), 0."""
    days = Decimal(days)
    if days > 0:
        return "+" + days_number(days)
    if days < 0:
        return "\u2212" + days_number(-days)
    return "0"


def entitlement_text(parts: EntitlementParts) -> str:
    """ "12 ngày + 1 ngày thâm niên (đủ 5 năm công tác)", or why there is no such day."""
    if not parts.bonus:
        return ngettext(
            "Chưa có ngày thâm niên (cần đủ %(step)s năm công tác).",
            "Chưa có ngày thâm niên (cần đủ %(step)s năm công tác).",
            parts.step,
        ) % {"step": parts.step}
    return ngettext(
        "%(base)s ngày + %(bonus)s ngày thâm niên (đủ %(years)s năm công tác)",
        "%(base)s ngày + %(bonus)s ngày thâm niên (đủ %(years)s năm công tác)",
        parts.bonus,
    ) % {
        "base": days_number(parts.base),
        "bonus": parts.bonus,
        "years": parts.bonus * parts.step,
    }


def year_from(value, *, default: int | None = None) -> int:
    """The year asked for, kept between MIN_YEAR and next year; this year when unreadable."""
    this_year = timezone.localdate().year
    try:
        year = int(value or "")
    except (TypeError, ValueError):
        return default or this_year
    return min(max(year, MIN_YEAR), this_year + 1)


def year_choices(*, user: User | None = None, around: int) -> list[int]:
    """Years worth offering, newest first: those with entries, this year and the previous."""
    this_year = timezone.localdate().year
    entries = LedgerEntry.objects.all() if user is None else LedgerEntry.objects.filter(user=user)
    years = set(entries.values_list("year", flat=True).distinct())
    years.update({this_year, this_year - 1, around})
    return sorted((y for y in years if MIN_YEAR <= y <= this_year + 1), reverse=True)


def ledger_entries(*, user: User, year: int) -> list[LedgerEntry]:
    """The person's entries of the year, allocation first, then oldest first, ``signed`` added."""
    entries = sorted(
        LedgerEntry.objects.filter(user=user, year=year).select_related(
            "submission", "submission__leave", "created_by"
        ),
        # The allocation heads the year even when written after an early adjustment.
        key=lambda e: (e.kind != LedgerEntry.Kind.ALLOCATION, e.created_at, e.pk),
    )
    for entry in entries:
        entry.signed = signed_days(entry.days)
    return entries


def leave_form_for(user: User) -> LeaveFormPage | None:
    """The live leave form this person may fill in, if there is one."""
    for page in LeaveFormPage.objects.live().order_by("path"):
        if user_may_submit(user=user, page=page):
            return page
    return None


@login_required
def balance(request):
    user = request.user
    year = year_from(request.GET.get(YEAR_PARAM))
    settings = leave_settings()
    figures = leave_balance(user=user, year=year)
    parts = entitlement_parts(user=user, year=year, settings=settings)
    context = {
        "year": year,
        "this_year": timezone.localdate().year,
        "years": year_choices(user=user, around=year),
        "year_param": YEAR_PARAM,
        "balance": figures,
        "adjustments_signed": signed_days(figures.adjustments),
        "parts": parts,
        "entitlement_text": entitlement_text(parts),
        "negative_allowance": settings.negative_allowance,
        "entries": ledger_entries(user=user, year=year),
        "leave_page": leave_form_for(user),
    }
    return TemplateResponse(request, "leave/balance.html", context)
