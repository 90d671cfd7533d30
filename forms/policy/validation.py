"""Problems in a policy, reported to the administrator when the form page is saved.

Errors make rules wrong or unreachable; warnings are places where today's organisation gives
a resolver nobody to point at, which the administrator may fix in the policy or in the org.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from portal.org import roles, selectors
from portal.org.models import Membership, Position, Unit

from .resolvers import resolver_targets
from .rules import (
    NOTICE,
    NUMERIC_OPERATORS,
    OPERATOR_CODES,
    RESOLVER_LABELS,
    STEP_KINDS,
    parse_number,
    policy_rules,
    rule_is_default,
)

# Resolvers whose answer does not depend on the requester's unit.
GLOBAL_RESOLVERS = ("director", "office_head")
UNIT_RESOLVERS = ("unit_head", "unit_deputy", "overseer", "centre_head")


def _covers(earlier: dict, later: dict) -> bool:
    """Whether every request ``later`` matches is already taken by ``earlier``."""

    def wider(a: list[str], b: list[str]) -> bool:
        return not a or (bool(b) and set(b) <= set(a))

    conditions = {tuple(c.values()) for c in earlier["conditions"]}
    return (
        wider(earlier["positions"], later["positions"])
        and wider(earlier["units"], later["units"])
        and conditions <= {tuple(c.values()) for c in later["conditions"]}
    )


def _rule_errors(number: int, rule: dict, known: dict[str, set[str]]) -> list[str]:
    where = {"rule": number}
    errors = []
    for key, message in (
        ("positions", _("Quy tắc %(rule)s: không có chức vụ mã %(codes)s.")),
        ("units", _("Quy tắc %(rule)s: không có đơn vị mã %(codes)s.")),
    ):
        unknown = [c for c in rule[key] if c not in known[key]]
        if unknown:
            errors.append(message % {**where, "codes": ", ".join(unknown)})
    for index, condition in enumerate(rule["conditions"], start=1):
        if not condition["field"] or condition["operator"] not in OPERATOR_CODES:
            errors.append(
                _("Quy tắc %(rule)s, điều kiện %(index)s: thiếu tên trường hoặc phép so sánh.")
                % {**where, "index": index}
            )
    kinds = {code for code, _label in STEP_KINDS}
    for index, step in enumerate(rule["steps"], start=1):
        at = {**where, "step": index}
        if step["kind"] not in kinds or step["resolver"] not in RESOLVER_LABELS:
            errors.append(
                _("Quy tắc %(rule)s, bước %(step)s: loại bước hoặc người xử lý không hợp lệ.") % at
            )
        elif step["resolver"] == "group" and step["group"] not in roles.GROUP_NAMES:
            errors.append(_("Quy tắc %(rule)s, bước %(step)s: chưa chọn nhóm chức năng.") % at)
        elif step["resolver"] == "person" and step["person"] not in known["usernames"]:
            errors.append(
                _("Quy tắc %(rule)s, bước %(step)s: không có người dùng đang hoạt động “%(user)s”.")
                % {**at, "user": step["person"] or "—"}
            )
    return errors


def _units_in_scope(rule: dict, units: list[Unit], on) -> list[Unit]:
    scope = [
        unit
        for unit in units
        if not rule["units"]
        or any(node.code in rule["units"] for node in unit.ancestors(include_self=True))
    ]
    if rule["positions"]:
        # A rule for some positions can only reach units where someone holds one today.
        held = set(
            Membership.objects.active(on)
            .filter(position__code__in=rule["positions"])
            .values_list("unit_id", flat=True)
        )
        scope = [unit for unit in scope if unit.pk in held]
    return scope


def _nobody_warnings(number: int, rule: dict, units: list[Unit], found) -> list[str]:
    warnings = []
    scope = None
    for index, step in enumerate(rule["steps"], start=1):
        resolver = step["resolver"]
        at = {"rule": number, "step": index, "resolver": RESOLVER_LABELS.get(resolver, "")}
        if resolver in GLOBAL_RESOLVERS and not found(resolver, None):
            warnings.append(
                _('Quy tắc %(rule)s, bước %(step)s: "%(resolver)s" không tìm được ai.') % at
            )
        elif resolver == "group" and step["group"] in roles.GROUP_NAMES:
            if not selectors.role_members(code=step["group"]).exists():
                warnings.append(
                    _('Quy tắc %(rule)s, bước %(step)s: nhóm "%(group)s" chưa có thành viên.')
                    % {**at, "group": roles.GROUP_NAMES[step["group"]]}
                )
        # A unit without deputies is common; a notice to its deputies simply goes nowhere.
        elif resolver in UNIT_RESOLVERS and (resolver, step["kind"]) != ("unit_deputy", NOTICE):
            scope = scope if scope is not None else _units_in_scope(rule, units, None)
            for unit in scope:
                if not found(resolver, unit):
                    warnings.append(
                        _(
                            'Quy tắc %(rule)s, bước %(step)s: "%(resolver)s" không tìm được ai '
                            'cho đơn vị "%(unit)s".'
                        )
                        % {**at, "unit": unit.name}
                    )
    return warnings


def policy_problems(*, policy: Any) -> tuple[list[str], list[str]]:
    """(errors, warnings) in Vietnamese for the administrator."""
    rules = policy_rules(policy=policy)
    if not rules:
        return [_("Chưa có quy tắc nào: không đơn nào tìm được người phê duyệt.")], []
    usernames = {s["person"] for r in rules for s in r["steps"] if s["person"]}
    known = {
        "positions": set(Position.objects.values_list("code", flat=True)),
        "units": set(Unit.objects.values_list("code", flat=True)),
        "usernames": set(
            get_user_model()
            .objects.filter(username__in=usernames, is_active=True)
            .values_list("username", flat=True)
        ),
    }
    units = list(Unit.objects.filter(is_active=True).select_related("parent"))
    cache: dict[tuple, bool] = {}

    def found(resolver: str, unit: Unit | None) -> bool:
        key = (resolver, unit.pk if unit else None)
        if key not in cache:
            anchor = unit or selectors.root_unit()
            cache[key] = bool(anchor and resolver_targets(resolver=resolver, unit=anchor, on=None))
        return cache[key]

    errors: list[str] = []
    warnings: list[str] = []
    default_at = None
    for number, rule in enumerate(rules, start=1):
        errors.extend(_rule_errors(number, rule, known))
        if default_at is not None:
            errors.append(
                _(
                    "Quy tắc %(rule)s đứng sau quy tắc mặc định %(default)s "
                    "nên không bao giờ được áp dụng."
                )
                % {"rule": number, "default": default_at}
            )
            continue
        earlier = next(
            (n for n, r in enumerate(rules[: number - 1], start=1) if _covers(r, rule)), None
        )
        if earlier is not None:
            errors.append(
                _(
                    "Quy tắc %(rule)s có cùng điều kiện (hoặc hẹp hơn) quy tắc %(earlier)s "
                    "nên không bao giờ được áp dụng."
                )
                % {"rule": number, "earlier": earlier}
            )
            continue
        if rule_is_default(rule):
            default_at = number
        for condition in rule["conditions"]:
            numeric = condition["operator"] in NUMERIC_OPERATORS
            if numeric and parse_number(condition["value"]) is None:
                warnings.append(
                    _(
                        'Quy tắc %(rule)s: "%(value)s" không phải là số, '
                        "trường %(field)s sẽ được so sánh như chữ."
                    )
                    % {"rule": number, "value": condition["value"], "field": condition["field"]}
                )
        warnings.extend(_nobody_warnings(number, rule, units, found))
    if default_at is None:
        warnings.append(
            _(
                "Chưa có quy tắc mặc định ở cuối (không chức vụ, không đơn vị, không điều kiện): "
                "người không khớp quy tắc nào sẽ không nộp được đơn."
            )
        )
    return errors, warnings


def policy_validate(*, policy: Any) -> list[str]:
    """Every problem, errors first; an empty list means the policy is sound."""
    errors, warnings = policy_problems(policy=policy)
    return errors + warnings
