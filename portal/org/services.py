"""Business steps for the organisation."""

from datetime import date

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User

from . import roles
from .defaults import DEFAULT_POSITIONS
from .models import Delegation, Position


def _overlapping(delegation: Delegation, *, delegator_id: int):
    qs = Delegation.objects.filter(
        delegator_id=delegator_id,
        revoked_at__isnull=True,
        start_date__lte=delegation.end_date,
        end_date__gte=delegation.start_date,
    )
    if delegation.scope:
        qs = qs.filter(Q(scope="") | Q(scope=delegation.scope))
    if delegation.pk:
        qs = qs.exclude(pk=delegation.pk)
    return qs


def delegation_validate(*, delegation: Delegation) -> None:
    """Refuse a delegation that is empty, to oneself, overlapping another, or circular."""
    if delegation.revoked_at is not None:
        return
    errors: dict[str, list[str]] = {}
    if (
        delegation.start_date
        and delegation.end_date
        and delegation.end_date < delegation.start_date
    ):
        errors.setdefault("end_date", []).append(_("Ngày kết thúc không được trước ngày bắt đầu."))
    if delegation.delegator_id and delegation.delegator_id == delegation.delegate_id:
        errors.setdefault("delegate", []).append(_("Không thể tự ủy quyền cho chính mình."))
    if delegation.delegate_id and not delegation.delegate.is_active:
        errors.setdefault("delegate", []).append(
            _("Người được ủy quyền không còn hoạt động trên cổng.")
        )
    if errors or not (delegation.delegator_id and delegation.start_date and delegation.end_date):
        if errors:
            raise ValidationError(errors)
        return

    clash = _overlapping(delegation, delegator_id=delegation.delegator_id).first()
    if clash is not None:
        raise ValidationError(
            _(
                "%(delegator)s đã ủy quyền cho %(delegate)s từ %(start)s đến %(end)s; "
                "hai lần ủy quyền cùng phạm vi không được trùng thời gian."
            )
            % {
                "delegator": delegation.delegator,
                "delegate": clash.delegate,
                "start": formats.date_format(clash.start_date, "SHORT_DATE_FORMAT"),
                "end": formats.date_format(clash.end_date, "SHORT_DATE_FORMAT"),
            }
        )
    back = _overlapping(delegation, delegator_id=delegation.delegate_id).filter(
        delegate_id=delegation.delegator_id
    )
    if back.exists():
        raise ValidationError(
            {
                "delegate": _(
                    "%(delegate)s đang ủy quyền lại cho %(delegator)s trong thời gian này: "
                    "ủy quyền vòng tròn không được phép."
                )
                % {"delegate": delegation.delegate, "delegator": delegation.delegator}
            }
        )


@transaction.atomic
def delegation_create(
    *,
    delegator: User,
    delegate: User,
    start_date: date,
    end_date: date,
    reason: str,
    scope: str = "",
    created_by: User | None = None,
) -> Delegation:
    # Serialise delegations of one person so two overlapping ones cannot both pass the check.
    User.objects.select_for_update().filter(pk=delegator.pk).first()
    delegation = Delegation(
        delegator=delegator,
        delegate=delegate,
        start_date=start_date,
        end_date=end_date,
        reason=reason,
        scope=scope,
        created_by=created_by,
    )
    delegation.full_clean()
    delegation.save()
    return delegation


def delegation_revoke(*, delegation: Delegation) -> Delegation:
    if delegation.revoked_at is None:
        delegation.revoked_at = timezone.now()
        delegation.save(update_fields=["revoked_at"])
    return delegation


def role_groups_ensure() -> dict[str, Group]:
    """Create the functional-role groups and their admin permissions (idempotent)."""
    groups = {}
    for code, name in roles.GROUP_NAMES.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = roles.ROLE_PERMISSIONS.get(code, [])
        if wanted:
            query = Q()
            for app_label, codename in wanted:
                query |= Q(content_type__app_label=app_label, codename=codename)
            group.permissions.add(*Permission.objects.filter(query))
        groups[code] = group
    return groups


def positions_ensure_defaults() -> None:
    """Create the standard positions that are missing; never overwrite an edited one."""
    for code, name, level, rank in DEFAULT_POSITIONS:
        Position.objects.get_or_create(
            code=code, defaults={"name": name, "level": level, "rank": rank}
        )
