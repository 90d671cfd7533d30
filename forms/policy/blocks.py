"""StreamField blocks in which administrators write an approval policy (a decision table).

A policy is a list of rules; the first rule that matches the requester applies. A rule with
no positions, no units and no conditions matches everyone and belongs at the end.
"""

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from portal.org import roles
from portal.org.models import Position, Unit

from .rules import DEFAULT_DEADLINE_DAYS, OPERATORS, RESOLVERS, STEP_KINDS

FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


# Choices are read when the form is rendered, so positions and units added in the admin
# appear without a deploy. Module-level functions keep migrations able to reference them.
def position_choices() -> list[tuple[str, str]]:
    return [(p.code, p.name) for p in Position.objects.order_by("rank", "name")]


def unit_choices() -> list[tuple[str, str]]:
    units = list(Unit.objects.filter(is_active=True).order_by("sort_order", "name"))
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    known = {unit.pk for unit in units}
    choices: list[tuple[str, str]] = []

    def walk(parent_id, depth):
        for unit in children.get(parent_id, []):
            choices.append((unit.code, f"{'— ' * depth}{unit.name} ({unit.code})"))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    # Units whose parent is inactive would otherwise vanish from the list.
    for unit in units:
        if unit.parent_id is not None and unit.parent_id not in known:
            choices.append((unit.code, f"{unit.name} ({unit.code})"))
    return choices


class CodeChoiceBlock(blocks.MultipleChoiceBlock):
    """Codes are plain strings: skip Wagtail's per-value lookup of the choice list."""

    def to_python(self, value):
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def normalize(self, value):
        return self.to_python(value)


class ConditionBlock(blocks.StructBlock):
    field = blocks.CharBlock(
        label=_("trường"),
        help_text=_("Tên trường trong đơn, ví dụ days (số ngày nghỉ) hoặc scope."),
    )
    operator = blocks.ChoiceBlock(choices=OPERATORS, default="lte", label=_("phép so sánh"))
    value = blocks.CharBlock(label=_("giá trị"), help_text=_("Ví dụ 0.5, 1 hoặc a,b,c."))

    class Meta:
        label = _("điều kiện")
        icon = "filter"

    def clean(self, value):
        value = super().clean(value)
        if value["field"] and not FIELD_NAME.match(value["field"].strip()):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "field": ValidationError(
                        _("Tên trường chỉ gồm chữ cái không dấu, chữ số và dấu gạch dưới.")
                    )
                }
            )
        return value


class StepBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=STEP_KINDS, default="decision", label=_("loại bước"))
    resolver = blocks.ChoiceBlock(choices=RESOLVERS, default="unit_head", label=_("người xử lý"))
    group = blocks.ChoiceBlock(
        choices=list(roles.GROUP_LABELS.items()),
        required=False,
        label=_("nhóm chức năng"),
        help_text=_("Chỉ dùng khi người xử lý là nhóm chức năng."),
    )
    person = blocks.CharBlock(
        required=False,
        label=_("tên đăng nhập"),
        help_text=_("Chỉ dùng khi người xử lý là một người cụ thể."),
    )
    deadline_days = blocks.IntegerBlock(
        default=DEFAULT_DEADLINE_DAYS, min_value=0, label=_("thời hạn (ngày làm việc)")
    )
    signer_title = blocks.CharBlock(
        required=False,
        label=_("chức danh ký"),
        help_text=_("Dùng khi in văn bản, ví dụ KT. GIÁM ĐỐC."),
    )

    class Meta:
        label = _("bước")
        icon = "user"

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        resolver = value["resolver"]
        # Saving a draft may leave the target for later; publishing may not.
        if resolver == "group" and not value["group"] and not self.is_deferred_validation:
            errors["group"] = ValidationError(_("Chọn nhóm chức năng xử lý bước này."))
        if resolver == "person":
            username = (value["person"] or "").strip()
            if not username and not self.is_deferred_validation:
                errors["person"] = ValidationError(_("Nhập tên đăng nhập của người xử lý."))
            elif (
                username
                and not get_user_model().objects.filter(username=username, is_active=True).exists()
            ):
                errors["person"] = ValidationError(
                    _("Không có người dùng đang hoạt động với tên đăng nhập “%(username)s”.")
                    % {"username": username}
                )
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value


class RuleBlock(blocks.StructBlock):
    name = blocks.CharBlock(
        label=_("tên quy tắc"), help_text=_("Ví dụ: Chuyên viên nghỉ trên 1 ngày.")
    )
    positions = CodeChoiceBlock(
        choices=position_choices,
        required=False,
        search_index=False,
        label=_("chức vụ"),
        help_text=_("Để trống: mọi chức vụ."),
    )
    units = CodeChoiceBlock(
        choices=unit_choices,
        required=False,
        search_index=False,
        label=_("đơn vị"),
        help_text=_("Một đơn vị gồm cả các đơn vị cấp dưới. Để trống: mọi đơn vị."),
    )
    # No condition by default: a new rule starts as a catch-all, not with an empty condition.
    conditions = blocks.ListBlock(
        ConditionBlock(),
        default=[],
        label=_("điều kiện"),
        help_text=_("Mọi điều kiện phải cùng đúng."),
    )
    steps = blocks.ListBlock(
        StepBlock(),
        label=_("các bước"),
        help_text=_("Không có bước ý kiến hay phê duyệt nào: đơn được ghi nhận ngay."),
    )

    class Meta:
        label = _("quy tắc")
        icon = "list-ol"
        form_classname = "policy-rule"


POLICY_BLOCKS = [("rule", RuleBlock())]
