"""Read-only questions about công khai items and who has read them."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone

from .models import Acknowledgement, DisclosureIndexPage, DisclosureItemPage


def first_board() -> DisclosureIndexPage | None:
    return DisclosureIndexPage.objects.live().order_by("path").first()


def visible_items(*, user, board=None):
    """Live items the person may open: restricted ones only for logged-in users."""
    items = DisclosureItemPage.objects.live()
    if board is not None:
        items = items.child_of(board)
    if not (user is not None and user.is_authenticated):
        items = items.public()
    return items.select_related("category")


def posted_on(items, *, on: date | None = None):
    on = on or timezone.localdate()
    return items.filter(posted_from__lte=on).filter(
        Q(posted_until__isnull=True) | Q(posted_until__gte=on)
    )


def expired_on(items, *, on: date | None = None):
    return items.filter(posted_until__lt=on or timezone.localdate())


def public_feed_items(*, limit: int = 30):
    items = DisclosureItemPage.objects.live().public().select_related("category")
    return items.filter(posted_from__lte=timezone.localdate()).order_by(
        "-posted_from", "-first_published_at"
    )[:limit]


def acknowledgement_of(*, page, user) -> Acknowledgement | None:
    if user is None or not user.is_authenticated:
        return None
    return Acknowledgement.objects.filter(page=page, user=user).first()


def items_requiring_acknowledgement():
    return (
        DisclosureItemPage.objects.live()
        .filter(requires_acknowledgement=True)
        .select_related("category")
        .order_by("-posted_from", "title")
    )


@dataclass
class UnitReaders:
    unit: object  # portal.org.models.Unit, or None for people without a unit
    depth: int = 0
    read: list = field(default_factory=list)  # (user, read_at)
    unread: list = field(default_factory=list)  # users

    @property
    def total(self) -> int:
        return len(self.read) + len(self.unread)


def staff_by_unit(*, on: date | None = None) -> dict[int, object]:
    """Every active person with an active membership, keyed by user id, with the unit of
    their primary membership (one query)."""
    from portal.org.models import Membership

    rows = (
        Membership.objects.active(on)
        .filter(user__is_active=True)
        .select_related("user", "unit")
        .order_by("user_id", "-is_primary", "position__rank")
    )
    people: dict[int, tuple] = {}
    for membership in rows:
        people.setdefault(membership.user_id, (membership.user, membership.unit))
    return people


def readers_by_unit(*, page) -> list[UnitReaders]:
    """Per unit (in the organisation's tree order), who has and has not read the item."""
    from portal.org.selectors import unit_tree

    people = staff_by_unit()
    read = {
        ack.user_id: ack for ack in Acknowledgement.objects.filter(page=page).select_related("user")
    }
    groups: dict[int | None, UnitReaders] = {
        unit.pk: UnitReaders(unit=unit, depth=depth) for unit, depth in unit_tree()
    }
    outsiders = UnitReaders(unit=None)
    for user_id, (user, unit) in people.items():
        group = groups.get(unit.pk, outsiders)
        if user_id in read:
            group.read.append((user, read[user_id].read_at))
        else:
            group.unread.append(user)
    for user_id, ack in read.items():
        if user_id not in people:
            outsiders.read.append((ack.user, ack.read_at))
    rows = [group for group in groups.values() if group.total]
    if outsiders.total:
        rows.append(outsiders)
    for group in rows:
        group.read.sort(key=lambda pair: pair[1])
        group.unread.sort(key=lambda user: (user.last_name, user.first_name, user.username))
    return rows


def acknowledgement_counts(*, pages) -> dict[int, tuple[int, int]]:
    """page id → (people who read it among current staff, current staff)."""
    people = staff_by_unit()
    counts = {}
    for page in pages:
        readers = set(Acknowledgement.objects.filter(page=page).values_list("user_id", flat=True))
        counts[page.pk] = (len(readers & people.keys()), len(people))
    return counts
