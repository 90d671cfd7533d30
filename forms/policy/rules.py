"""Reading a policy into plain rules and choosing the rule that applies.

Policies arrive either as a Wagtail ``StreamValue`` or as the raw JSON kept in the database
(``[{"type": "rule", "value": {...}}]``); both become the same plain dicts here, so matching
and validation never touch Wagtail block machinery or the database for choices.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

OPINION, DECISION, NOTICE = "opinion", "decision", "notice"
ACTION_KINDS = (OPINION, DECISION)
# Merging two steps keeps the stronger kind.
KIND_STRENGTH = {NOTICE: 0, OPINION: 1, DECISION: 2}

STEP_KINDS = [
    (OPINION, _("Cho ý kiến")),
    (DECISION, _("Phê duyệt")),
    (NOTICE, _("Thông báo")),
]

RESOLVERS = [
    ("unit_head", _("Trưởng đơn vị của người đề nghị")),
    ("unit_deputy", _("Cấp phó của đơn vị")),
    ("overseer", _("Lãnh đạo Sở phụ trách")),
    ("director", _("Giám đốc Sở")),
    ("centre_head", _("Giám đốc Trung tâm")),
    ("office_head", _("Chánh Văn phòng")),
    ("group", _("Nhóm chức năng")),
    ("person", _("Người cụ thể")),
]
RESOLVER_LABELS = dict(RESOLVERS)

OPERATORS = [
    ("lt", "<"),
    ("lte", "≤"),
    ("eq", "="),
    ("ne", "≠"),
    ("gte", "≥"),
    ("gt", ">"),
    ("in", _("thuộc (danh sách, phân cách bằng dấu phẩy)")),
]
OPERATOR_CODES = {code for code, _label in OPERATORS}
NUMERIC_OPERATORS = ("lt", "lte", "gte", "gt")

DEFAULT_DEADLINE_DAYS = 2


def _unwrap(item: Any) -> Any:
    # ListBlock items are stored as {"type": "item", "value": ..., "id": ...} since Wagtail
    # 2.16; older data and hand-written policies hold the bare value.
    if isinstance(item, Mapping) and item.get("type") == "item" and "value" in item:
        return item["value"]
    return item


def _texts(values: Any) -> list[str]:
    if values is None or values == "":
        return []
    if isinstance(values, str):
        values = [values]
    return [str(v).strip() for v in (_unwrap(v) for v in values) if str(v).strip()]


def _condition(raw: Mapping) -> dict:
    return {
        "field": str(raw.get("field") or "").strip(),
        "operator": str(raw.get("operator") or "").strip(),
        "value": str(raw.get("value") if raw.get("value") is not None else "").strip(),
    }


def _deadline(value: Any) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return DEFAULT_DEADLINE_DAYS


def _step(raw: Mapping) -> dict:
    return {
        "kind": str(raw.get("kind") or "").strip(),
        "resolver": str(raw.get("resolver") or "").strip(),
        "group": str(raw.get("group") or "").strip(),
        "person": str(raw.get("person") or "").strip(),
        "deadline_days": _deadline(raw.get("deadline_days")),
        "signer_title": str(raw.get("signer_title") or "").strip(),
    }


def _rule(raw: Mapping) -> dict:
    return {
        "name": str(raw.get("name") or "").strip(),
        "positions": _texts(raw.get("positions")),
        "units": _texts(raw.get("units")),
        "conditions": [_condition(_unwrap(c)) for c in raw.get("conditions") or []],
        "steps": [_step(_unwrap(s)) for s in raw.get("steps") or []],
    }


def policy_rules(*, policy: Any) -> list[dict]:
    """The rules of a policy as plain dicts, in order; other stream block types are ignored."""
    if policy is None:
        return []
    items: Iterable = getattr(policy, "raw_data", policy)
    return [
        _rule(item.get("value") or {})
        for item in items
        if isinstance(item, Mapping) and item.get("type") == "rule"
    ]


def rule_is_default(rule: Mapping) -> bool:
    """A rule that asks nothing of the requester: it matches everyone."""
    return not (rule["positions"] or rule["units"] or rule["conditions"])


def parse_number(value: Any) -> Decimal | None:
    """A finite number from a submission or rule value, or None when it is not one."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal | int):
        number = Decimal(value)
    else:
        text = str(value).strip().replace("\u00a0", "")
        # Vietnamese writes 0,5 for 0.5.
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
    return number if number.is_finite() else None


def _compare(left: Any, operator: str, right: str) -> bool:
    a, b = parse_number(left), parse_number(right)
    if a is None or b is None:
        a, b = str(left).strip(), right.strip()
    match operator:
        case "lt":
            return a < b
        case "lte":
            return a <= b
        case "eq":
            return a == b
        case "ne":
            return a != b
        case "gte":
            return a >= b
        case "gt":
            return a > b
    return False


def condition_holds(condition: Mapping, values: Mapping[str, Any]) -> bool:
    field, operator = condition["field"], condition["operator"]
    if field not in values or values[field] is None:
        return False
    value = values[field]
    if operator == "in":
        options = [o for o in (p.strip() for p in condition["value"].split(",")) if o]
        return any(_compare(value, "eq", option) for option in options)
    return _compare(value, operator, condition["value"])


def policy_match_rule(
    *, rules: list[dict], requester: Any, membership: Any, values: Mapping[str, Any]
) -> tuple[int, dict] | None:
    """The first rule that applies to this requester and these values, with its index.

    Matching reads the membership only; ``requester`` is part of the signature so that rules
    about the person (seniority, roles) can be added without changing callers.
    """
    position_code = membership.position.code
    unit_codes = {unit.code for unit in membership.unit.ancestors(include_self=True)}
    for index, rule in enumerate(rules):
        if rule["positions"] and position_code not in rule["positions"]:
            continue
        if rule["units"] and not unit_codes.intersection(rule["units"]):
            continue
        if all(condition_holds(c, values) for c in rule["conditions"]):
            return index, rule
    return None
