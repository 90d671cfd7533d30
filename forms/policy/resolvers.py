"""Who a resolver points at for a unit, and who stands above a person."""

from datetime import date

from django.contrib.auth import get_user_model

from portal.accounts.models import User
from portal.org import selectors
from portal.org.models import MAX_TREE_DEPTH, Membership, Position, Unit


def resolver_targets(
    *, resolver: str, unit: Unit, on: date | None, group: str = "", person: str = ""
) -> list[User | str]:
    """Users (or a group code) a resolver names for ``unit``; empty when nobody is found.

    ``unit_deputy`` returns every deputy: action steps take the first, notices go to all.
    """
    match resolver:
        case "unit_head":
            found = selectors.effective_unit_head(unit=unit, on=on)
        case "unit_deputy":
            return list(selectors.unit_deputies(unit=unit, on=on))
        case "overseer":
            found = selectors.unit_overseer(unit=unit, on=on)
        case "director":
            found = selectors.department_director(on=on)
        case "centre_head":
            centre = selectors.centre_of(unit=unit)
            found = selectors.unit_head(unit=centre, on=on) if centre else None
        case "office_head":
            found = selectors.office_head(on=on)
        case "group":
            return [group] if group else []
        case "person":
            found = (
                get_user_model().objects.filter(username=person, is_active=True).first()
                if person
                else None
            )
        case _:
            found = None
    return [found] if found is not None else []


def _above(*, unit: Unit, user: User, on: date | None) -> User | None:
    """The first person other than ``user`` above the head of ``unit``."""
    node = unit
    for _depth in range(MAX_TREE_DEPTH + 1):
        parent = node.parent
        if parent is None:
            return None
        if parent.parent is None:
            # Units directly under the Sở answer to their Lãnh đạo Sở phụ trách, and the
            # director stands behind him (a deputy may also head a unit himself).
            candidates = [
                selectors.unit_overseer(unit=node, on=on),
                selectors.unit_head(unit=parent, on=on),
            ]
        else:
            candidates = [selectors.unit_head(unit=parent, on=on)]
        for candidate in candidates:
            if candidate is not None and candidate.pk != user.pk:
                return candidate
        node = parent
    return None


def superior_of(*, user: User, membership: Membership, on: date | None = None) -> User | None:
    """The next level up from ``user`` in ``membership``; None for the Giám đốc Sở.

    A head goes to the Lãnh đạo Sở phụ trách when his unit sits directly under the Sở, to the
    head of the parent unit when it sits deeper (a Trung tâm's phòng); anyone else goes to the
    nearest head of his unit, and if that is himself, up as a head.
    """
    unit = membership.unit
    if membership.position.level != Position.Level.HEAD:
        for node in unit.ancestors(include_self=True):
            head = selectors.unit_head(unit=node, on=on)
            if head is None:
                continue
            if head.pk != user.pk:
                return head
            return _above(unit=node, user=user, on=on)
        return None
    return _above(unit=unit, user=user, on=on)
