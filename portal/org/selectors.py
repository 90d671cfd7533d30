"""Read-only questions about the organisation, used by routing, MFA and the admin."""

from datetime import date

from django.contrib.auth.models import Group, Permission
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from portal.accounts.models import User
from portal.memo import request_memo

from . import roles
from .models import Delegation, Membership, Position, Unit

MAX_DELEGATION_HOPS = 5


def active_memberships(*, user: User, on: date | None = None):
    return (
        Membership.objects.active(on)
        .filter(user=user)
        .select_related("unit", "position")
        .order_by("-is_primary", "position__rank")
    )


def primary_membership(*, user: User, on: date | None = None) -> Membership | None:
    """Asked up to four times per submission (form, checks, the chain): once per request."""
    on = on or timezone.localdate()
    return request_memo(
        ("primary-membership", user.pk, on), lambda: active_memberships(user=user, on=on).first()
    )


def _holders(unit: Unit, level: str, on: date | None):
    return (
        Membership.objects.active(on)
        .filter(unit=unit, position__level=level, user__is_active=True)
        .select_related("user")
        .order_by("position__rank", "start_date")
    )


def user_post(*, user: User) -> dict | None:
    """In one query: ``office``, ``security`` and ``clerk`` (in Văn phòng, Bảo vệ, Văn thư),
    and the primary membership's ``level``, ``unit`` id and ``unit_parent`` id (None for the
    Sở itself).

    The menu asks it several times on every page (away calendar, dashboard, desk, registry,
    the heads' admin access): once per request (portal/memo.py)."""
    return request_memo(("user-post", user.pk), lambda: _user_post(user))


def _user_post(user: User) -> dict | None:
    # Ordered as primary_membership orders it.
    primary = (
        Membership.objects.active()
        .filter(user=OuterRef("pk"))
        .order_by("-is_primary", "position__rank", "pk")
    )

    def in_group(code: str) -> Exists:
        return Exists(Group.objects.filter(user=OuterRef("pk"), name=roles.GROUP_NAMES[code]))

    return (
        User.objects.filter(pk=user.pk)
        .annotate(
            office=in_group(roles.OFFICE),
            security=in_group(roles.SECURITY),
            clerk=in_group(roles.CLERK),
            level=Subquery(primary.values("position__level")[:1]),
            unit=Subquery(primary.values("unit_id")[:1]),
            unit_parent=Subquery(primary.values("unit__parent_id")[:1]),
        )
        .values("office", "security", "clerk", "level", "unit", "unit_parent")
        .first()
    )


def user_is_head(*, user: User, on: date | None = None) -> bool:
    """Whether the person's primary position is a head's (Trưởng phòng, Giám đốc…)."""
    membership = primary_membership(user=user, on=on)
    return membership is not None and membership.position.level == Position.Level.HEAD


def unit_head(*, unit: Unit, on: date | None = None) -> User | None:
    membership = _holders(unit, Position.Level.HEAD, on).first()
    return membership.user if membership else None


def unit_deputies(*, unit: Unit, on: date | None = None) -> list[User]:
    return [m.user for m in _holders(unit, Position.Level.DEPUTY, on)]


def effective_unit_head(*, unit: Unit, on: date | None = None) -> User | None:
    """The unit's head, or for a unit without one the nearest head above it."""
    for node in unit.ancestors(include_self=True):
        head = unit_head(unit=node, on=on)
        if head is not None:
            return head
    return None


def root_unit() -> Unit | None:
    return Unit.objects.filter(parent__isnull=True, is_active=True).order_by("sort_order").first()


def department_director(*, on: date | None = None) -> User | None:
    """Giám đốc Sở: the head of the root unit."""
    root = root_unit()
    return unit_head(unit=root, on=on) if root else None


def unit_overseer(*, unit: Unit, on: date | None = None) -> User | None:
    """Lãnh đạo Sở phụ trách: set on the unit or inherited; the director otherwise."""
    for node in unit.ancestors(include_self=True):
        if node.overseer_id and node.overseer.is_active:
            return node.overseer
    return department_director(on=on)


def centre_of(*, unit: Unit) -> Unit | None:
    for node in unit.ancestors(include_self=True):
        if node.kind == Unit.Kind.CENTRE:
            return node
    return None


def office_head(*, on: date | None = None) -> User | None:
    """Chánh Văn phòng: the head of the Văn phòng Sở."""
    office = Unit.objects.filter(kind=Unit.Kind.OFFICE, is_active=True).first()
    return unit_head(unit=office, on=on) if office else None


def role_group(code: str) -> Group:
    return Group.objects.get(name=roles.GROUP_NAMES[code])


def role_members(*, code: str):
    return User.objects.filter(is_active=True, groups__name=roles.GROUP_NAMES[code])


def user_has_role(*, user: User, code: str) -> bool:
    return user.is_authenticated and user.groups.filter(name=roles.GROUP_NAMES[code]).exists()


def delegations_in_force(*, on: date | None = None):
    on = on or timezone.localdate()
    return Delegation.objects.filter(revoked_at__isnull=True, start_date__lte=on, end_date__gte=on)


def active_delegate(*, user: User, on: date | None = None, kind: str = "") -> User | None:
    """Who acts for ``user`` on ``on`` for work of ``kind``, following chains of absence."""
    current, seen = user, {user.pk}
    for _hop in range(MAX_DELEGATION_HOPS):
        delegation = (
            delegations_in_force(on=on)
            .filter(delegator=current, delegate__is_active=True)
            .filter(Q(scope="") | Q(scope=kind))
            .select_related("delegate")
            # A delegation for this kind of work beats a general one.
            .order_by("-scope", "-start_date")
            .first()
        )
        if delegation is None or delegation.delegate_id in seen:
            break
        current = delegation.delegate
        seen.add(current.pk)
    return None if current.pk == user.pk else current


def approves_or_administers(*, on: date | None = None) -> Q:
    """Anyone who approves or administers, as a condition on ``User`` rows, so that the MFA
    check asks it in the same query as the other reasons (see portal.accounts.mfa)."""
    on = on or timezone.localdate()
    person = OuterRef("pk")
    admin_access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    return (
        Q(is_superuser=True)
        | Q(is_staff=True)
        | Exists(admin_access.filter(user=person))
        | Exists(admin_access.filter(group__user=person))
        | Exists(
            Membership.objects.active(on).filter(
                user=person, position__level__in=[Position.Level.HEAD, Position.Level.DEPUTY]
            )
        )
        | Exists(
            Group.objects.filter(
                user=person, name__in=[roles.GROUP_NAMES[c] for c in roles.APPROVING_ROLES]
            )
        )
        | Exists(Unit.objects.filter(overseer=person))
        | Exists(
            Delegation.objects.filter(delegate=person, revoked_at__isnull=True, end_date__gte=on)
        )
    )


def user_role_codes(*, user: User) -> list[str]:
    names = set(user.groups.values_list("name", flat=True))
    return [code for code, name in roles.GROUP_NAMES.items() if name in names]


def unit_tree() -> list[tuple[Unit, int]]:
    """Every unit with its depth, each parent followed by its children (sort order, name).

    One query; a unit whose parent is missing is taken as a root, and a cycle (which the admin
    refuses anyway) never loops.
    """
    units = list(Unit.objects.order_by("sort_order", "name"))
    known = {unit.pk for unit in units}
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id if unit.parent_id in known else None, []).append(unit)
    ordered, seen = [], set()
    stack = [(unit, 0) for unit in reversed(children.get(None, []))]
    while stack:
        unit, depth = stack.pop()
        if unit.pk in seen:
            continue
        seen.add(unit.pk)
        ordered.append((unit, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(unit.pk, [])))
    return ordered


def unit_subtree(tree: list[tuple[Unit, int]], unit_id: int) -> list[tuple[Unit, int]]:
    """The unit and its descendants: the run of deeper rows that follows it in ``tree``."""
    for index, (unit, depth) in enumerate(tree):
        if unit.pk == unit_id:
            rows = [(unit, depth)]
            for other, other_depth in tree[index + 1 :]:
                if other_depth <= depth:
                    break
                rows.append((other, other_depth))
            return rows
    return []
