"""Writing checked rows to the database; the caller wraps it in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import F

from portal.accounts.models import User

from .. import roles
from ..models import Membership, Unit
from .sheets import (
    UNIT_COLUMNS,
    UNIT_SHEET,
    RowError,
    StaffImportError,
    _label,
    _names,
    users_by_lower,
)


@dataclass
class ImportResult:
    units_created: int = 0
    units_updated: int = 0
    users_created: int = 0
    users_updated: int = 0
    memberships_created: int = 0
    memberships_updated: int = 0
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return any(v for k, v in vars(self).items() if k != "dry_run")


# --- writing -------------------------------------------------------------------------------


def _assign(instance, values: dict) -> list[str]:
    changed = [k for k, v in values.items() if getattr(instance, k) != v]
    for key in changed:
        setattr(instance, key, values[key])
    return changed


def _write(units: list[dict], staff: list[dict]) -> ImportResult:
    result = ImportResult()
    by_code = {u.code.upper(): u for u in Unit.objects.all()}
    created, updated = set(), set()
    for row in units:
        values = {k: row[k] for k in ("code", "name", "kind", "short_name") if k in row}
        unit = by_code.get(row["code"])
        if unit is None:
            by_code[row["code"]] = Unit.objects.create(**values)
            created.add(row["code"])
        elif changed := _assign(unit, values):
            unit.save(update_fields=changed)
            updated.add(row["code"])

    users = {}
    for row in staff:
        user, values, changed = row["user"], {"email": row["email"]} | _names(row), []
        if user is None:
            user = User(username=row["username"], **values)
            # No password: new staff set their own through "Quên mật khẩu".
            user.set_unusable_password()
            user.save()
            result.users_created += 1
        elif changed := _assign(user, values):
            user.save(update_fields=changed)
        users[user.username.lower()] = user
        wanted = {Group.objects.get_or_create(name=roles.GROUP_NAMES[c])[0] for c in row["groups"]}
        # Groups are only added: other admin groups and hand-given roles stay.
        if missing := wanted - set(user.groups.all()):
            user.groups.add(*missing)
        result.users_updated += bool(row["user"] and (changed or missing))

    overseers = users_by_lower(
        "username", {r["overseer"].lower() for r in units if r.get("overseer")}
    )
    for row in units:
        unit, values = by_code[row["code"]], {}
        if "parent" in row:
            values["parent_id"] = by_code[row["parent"]].pk if row["parent"] else None
        if "overseer" in row:
            name = row["overseer"].lower()
            values["overseer_id"] = (users.get(name) or overseers[name]).pk if name else None
        if changed := _assign(unit, values):
            unit.save(update_fields=changed)
            updated.add(row["code"])
    for row in units:
        try:
            by_code[row["code"]].clean()
        except ValidationError as exc:
            errors = [
                RowError(UNIT_SHEET, row["row"], _label(UNIT_COLUMNS, "parent"), m)
                for m in exc.messages
            ]
            raise StaffImportError(errors) from exc
    result.units_created, result.units_updated = len(created), len(updated - created)

    for row in staff:
        if not row["unit"]:
            continue
        user, unit = users[row["username"].lower()], by_code[row["unit"]]
        values = {"start_date": row["start_date"]}
        if "is_primary" in row:
            values["is_primary"] = row["is_primary"]
        membership = (
            Membership.objects.filter(user=user, unit=unit, position=row["position"])
            .order_by(F("end_date").desc(nulls_first=True), "-start_date")
            .first()
        )
        if membership is None:
            Membership.objects.create(user=user, unit=unit, position=row["position"], **values)
            result.memberships_created += 1
        elif changed := _assign(membership, values):
            membership.save(update_fields=changed)
            result.memberships_updated += 1
    return result
