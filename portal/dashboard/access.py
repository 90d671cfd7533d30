"""Who may open the dashboard, and which units each viewer sees.

Văn phòng, the Sở's leaders (heads and deputies of the root unit) and superusers see every
unit and may narrow the view to any one of them; the head of any other unit sees that unit and
the units under it; nobody else opens the dashboard at all.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.org.models import Position, Unit
from portal.org.selectors import unit_subtree, user_post

LEADERS = (Position.Level.HEAD, Position.Level.DEPUTY)


@dataclass(frozen=True)
class DashboardAccess:
    everything: bool  # Văn phòng, Lãnh đạo Sở, superuser
    unit_id: int | None = None  # otherwise the unit the viewer heads


@dataclass(frozen=True)
class Scope:
    """The units a figure covers (``None``: every unit, the Sở-wide view) and its label."""

    unit_ids: frozenset[int] | None
    unit: Unit | None  # the unit chosen (or the head's own); None for the whole Sở
    everything: bool  # the viewer may pick any unit (and sees Sở-wide figures like feedback)

    def covers_all(self) -> bool:
        return self.unit_ids is None


class ScopeRefused(Exception):
    """The viewer asked for a unit outside what he may see."""


class UnknownUnit(Exception):
    """No unit has the code asked for."""


def dashboard_access(*, user: User) -> DashboardAccess | None:
    """The viewer's reach, in one query (the menu asks on every page)."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return DashboardAccess(everything=True)
    row = user_post(user=user)
    if row is None:
        return None
    if row["office"]:
        return DashboardAccess(everything=True)
    if row["unit"] is None:
        return None
    # No parent: the unit is the Sở itself.
    if row["unit_parent"] is None and row["level"] in LEADERS:
        return DashboardAccess(everything=True)
    if row["level"] == Position.Level.HEAD:
        return DashboardAccess(everything=False, unit_id=row["unit"])
    return None


def may_see_dashboard(user: User) -> bool:
    """For the menu (``portal/context_processors.py``): one query."""
    return dashboard_access(user=user) is not None


def dashboard_scope(
    *, access: DashboardAccess, tree: list[tuple[Unit, int]], unit_code: str = ""
) -> Scope:
    """The units to count for ``access`` and the unit asked for (by code, may be empty).

    Raises ``UnknownUnit`` for a code nobody has and ``ScopeRefused`` for a unit outside the
    viewer's reach; ``tree`` is ``unit_tree()`` (the caller reuses it for names).
    """
    code = (unit_code or "").strip()
    unit = None
    if code:
        unit = next((u for u, _depth in tree if u.code.casefold() == code.casefold()), None)
        if unit is None:
            raise UnknownUnit(_("Không có đơn vị mã “%(code)s”.") % {"code": code[:30]})
    if access.everything:
        if unit is None:
            return Scope(unit_ids=None, unit=None, everything=True)
        ids = frozenset(u.pk for u, _depth in unit_subtree(tree, unit.pk))
        return Scope(unit_ids=ids, unit=unit, everything=True)
    own = frozenset(u.pk for u, _depth in unit_subtree(tree, access.unit_id))
    if unit is not None and unit.pk not in own:
        raise ScopeRefused(_("Bạn chỉ được xem số liệu của đơn vị mình và các đơn vị trực thuộc."))
    chosen = unit or next((u for u, _depth in tree if u.pk == access.unit_id), None)
    ids = frozenset(u.pk for u, _depth in unit_subtree(tree, chosen.pk)) if chosen else own
    return Scope(unit_ids=ids, unit=chosen, everything=False)
