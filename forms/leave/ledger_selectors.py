"""Queries of the leave ledger's admin pages: who is listed, and everyone's figures at once.

``balances_for`` computes the figures of every row from three queries (memberships, first
days of service, the year's entries), with the same rules as ``ledger.leave_balance``; a test
keeps the two in step.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Min, Sum
from django.utils.translation import gettext as _

from portal.org.models import Membership, Unit
from portal.org.selectors import unit_tree

from .ledger import ZERO, Balance, full_years_between, leave_settings
from .models import LedgerEntry

Kind = LedgerEntry.Kind


def staff_memberships(*, units: set[int] | None = None) -> list[Membership]:
    """Each active person's primary membership today, in the order of the organisation."""
    memberships = (
        Membership.objects.active()
        .filter(user__is_active=True)
        .select_related("user", "unit", "position")
        .order_by("user_id", "-is_primary", "position__rank")
    )
    primary: dict[int, Membership] = {}
    for membership in memberships:
        primary.setdefault(membership.user_id, membership)
    rows = [m for m in primary.values() if units is None or m.unit_id in units]
    order = {unit.pk: index for index, (unit, _depth) in enumerate(unit_tree())}
    return sorted(
        rows,
        key=lambda m: (
            order.get(m.unit_id, len(order)),
            m.position.rank,
            m.user.last_name,
            m.user.first_name,
        ),
    )


def balances_for(*, user_ids: list[int], year: int) -> dict[int, Balance]:
    """``leave_balance`` of many people at once, without writing their allocations.

    ``leave_balance`` first brings the stored allocation in line with the entitlement, so
    its figure is always the entitlement worked out now: the same is computed here.
    """
    settings = leave_settings()
    starts = dict(
        Membership.objects.filter(user_id__in=user_ids)
        .values("user")
        .annotate(first=Min("start_date"))
        .values_list("user", "first")
    )
    sums: dict[int, dict[str, Decimal]] = defaultdict(dict)
    rows = (
        LedgerEntry.objects.filter(user_id__in=user_ids, year=year)
        .exclude(kind=Kind.ALLOCATION)
        .values("user", "kind")
        .annotate(total=Sum("days"))
        .values_list("user", "kind", "total")
    )
    for user_id, kind, total in rows:
        sums[user_id][kind] = total or ZERO
    jan_first = date(year, 1, 1)
    balances = {}
    for user_id in user_ids:
        start = starts.get(user_id)
        years = full_years_between(start, jan_first) if start else 0
        entitled = settings.annual_days + Decimal(years // settings.seniority_years)
        own = sums.get(user_id, {})
        adjustments = own.get(Kind.ADJUSTMENT, ZERO)
        used = -(own.get(Kind.DEDUCTION, ZERO) + own.get(Kind.REFUND, ZERO))
        pending = -(own.get(Kind.RESERVATION, ZERO) + own.get(Kind.RELEASE, ZERO))
        balances[user_id] = Balance(
            year=year,
            entitlement=entitled,
            adjustments=adjustments,
            used=used,
            pending=pending,
            available=entitled + adjustments - used - pending,
        )
    return balances


def unit_choices() -> list[tuple[int, str]]:
    """The units for a select, indented by their depth in the tree."""
    choices = []
    for unit, depth in unit_tree():
        label = "\u2003" * depth + unit.name
        if not unit.is_active:
            label += " " + _("(ngừng hoạt động)")
        choices.append((unit.pk, label))
    return choices


def unit_and_below(unit: Unit) -> set[int]:
    parents = dict(Unit.objects.values_list("pk", "parent_id"))
    found, changed = {unit.pk}, True
    while changed:
        changed = False
        for pk, parent_id in parents.items():
            if parent_id in found and pk not in found:
                found.add(pk)
                changed = True
    return found
