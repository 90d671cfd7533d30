"""The annual-leave ledger: entitlement, balance, and keeping a request's holds in step.

A request holds its days twice over its life: as a reservation while it waits (so two
requests filed the same day cannot spend the same days) and as a deduction once approved.
``ledger_sync`` compares what a submission holds now with what its status calls for and
adds the entries that make up the difference, so calling it again changes nothing.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Min, Sum

from forms.models import Submission
from portal.accounts.models import User
from portal.memo import request_memo
from portal.org.models import Membership

from .models import Leave, LeaveSettings, LedgerEntry

Kind = LedgerEntry.Kind
ZERO = Decimal(0)
RESERVING = Submission.WAITING
DEDUCTING = Submission.GRANTED


@dataclass(frozen=True)
class Balance:
    year: int
    entitlement: Decimal
    adjustments: Decimal
    used: Decimal
    pending: Decimal
    # What may still be asked for: entitlement + adjustments − used − pending.
    available: Decimal


def service_start(*, user: User) -> date | None:
    """The first day of service: the earliest start of any of the person's memberships."""
    return request_memo(
        ("service-start", user.pk),
        lambda: Membership.objects.filter(user=user).aggregate(first=Min("start_date"))["first"],
    )


def leave_settings() -> LeaveSettings:
    """The leave settings, read once per request (the check and the ledger both ask)."""
    return request_memo("leave-settings", LeaveSettings.load)


def full_years_between(start: date, end: date) -> int:
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return max(years, 0)


def entitlement(*, user: User, year: int) -> Decimal:
    """12 days (configurable) + 1 for every full N years of service by 1 January."""
    settings = leave_settings()
    start = service_start(user=user)
    years = full_years_between(start, date(year, 1, 1)) if start else 0
    return settings.annual_days + Decimal(years // settings.seniority_years)


def allocation_ensure(*, user: User, year: int) -> LedgerEntry:
    """The year's allocation entry, created or brought in line with the settings."""
    days = entitlement(user=user, year=year)
    entry, created = LedgerEntry.objects.get_or_create(
        user=user,
        year=year,
        kind=Kind.ALLOCATION,
        # No note: the kind says what it is, in the reader's language.
        defaults={"days": days},
    )
    if not created and entry.days != days:
        entry.days = days
        entry.save(update_fields=["days"])
    return entry


def leave_balance(*, user: User, year: int, exclude: Submission | None = None) -> Balance:
    """The person's annual leave for ``year``; ``exclude`` leaves one request's holds out."""
    allocation_ensure(user=user, year=year)
    entries = LedgerEntry.objects.filter(user=user, year=year)
    if exclude is not None:
        entries = entries.exclude(submission=exclude)
    sums = {
        row["kind"]: row["total"] or ZERO
        for row in entries.values("kind").annotate(total=Sum("days"))
    }
    entitled = sums.get(Kind.ALLOCATION, ZERO)
    adjustments = sums.get(Kind.ADJUSTMENT, ZERO)
    used = -(sums.get(Kind.DEDUCTION, ZERO) + sums.get(Kind.REFUND, ZERO))
    pending = -(sums.get(Kind.RESERVATION, ZERO) + sums.get(Kind.RELEASE, ZERO))
    return Balance(
        year=year,
        entitlement=entitled,
        adjustments=adjustments,
        used=used,
        pending=pending,
        available=entitled + adjustments - used - pending,
    )


def _held(entries, take: str, give: str, year: int) -> Decimal:
    return -sum((e.days for e in entries if e.year == year and e.kind in (take, give)), ZERO)


def ledger_sync(*, leave: Leave) -> None:
    """Bring the submission's reservation and deduction in line with its status."""
    submission = leave.submission
    wanted_year = leave.start_date.year
    uses_balance = leave.leave_type.uses_balance
    want_reserved = leave.days if uses_balance and submission.status in RESERVING else ZERO
    want_deducted = leave.days if uses_balance and submission.status in DEDUCTING else ZERO
    entries = list(LedgerEntry.objects.filter(submission=submission))
    years = {e.year for e in entries} | {wanted_year}
    for year in sorted(years):
        reserved = want_reserved if year == wanted_year else ZERO
        deducted = want_deducted if year == wanted_year else ZERO
        if reserved or deducted:
            allocation_ensure(user=leave.user, year=year)
        _settle(leave, year, Kind.RESERVATION, Kind.RELEASE, reserved, entries)
        _settle(leave, year, Kind.DEDUCTION, Kind.REFUND, deducted, entries)


def _settle(leave: Leave, year: int, take: str, give: str, wanted: Decimal, entries) -> None:
    held = _held(entries, take, give, year)
    if held == wanted:
        return
    kind = take if wanted > held else give
    LedgerEntry.objects.create(
        user=leave.user,
        year=year,
        kind=kind,
        days=held - wanted,
        submission=leave.submission,
        note=leave.submission.title[:255],
    )
