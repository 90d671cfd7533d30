"""Queries of the overtime module."""

from portal.accounts.models import User
from portal.org.models import Membership
from portal.org.selectors import primary_membership


def participant_choices(*, user: User) -> list[tuple[str, str]]:
    """The requester and the people of his unit, who may work overtime with him."""
    membership = primary_membership(user=user)
    if membership is None:
        return [(user.username, user.get_full_name() or user.username)]
    rows = (
        Membership.objects.active()
        .filter(unit=membership.unit, user__is_active=True)
        .select_related("user", "position")
        .order_by("position__rank", "user__last_name", "user__first_name")
    )
    seen, choices = set(), []
    for m in rows:
        if m.user_id not in seen:
            seen.add(m.user_id)
            choices.append((m.user.username, m.user.get_full_name() or m.user.username))
    return choices
