"""The organisation in the Wagtail admin, under one "Tổ chức" menu."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Delegation, Membership, Position, Unit


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "group"
    menu_label = _("Đơn vị")
    list_display = ["name", "code", "kind", "parent", "overseer", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    ordering = ["sort_order", "name"]


class PositionViewSet(SnippetViewSet):
    model = Position
    icon = "tag"
    menu_label = _("Chức vụ")
    list_display = ["name", "code", "level", "rank"]
    list_filter = ["level"]


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Nhân sự")
    list_display = ["user", "unit", "position", "start_date", "end_date", "is_primary"]
    list_filter = ["unit", "position", "is_primary"]
    search_fields = ["user__username", "user__last_name", "user__first_name"]


class DelegationViewSet(SnippetViewSet):
    model = Delegation
    icon = "resubmit"
    menu_label = _("Ủy quyền")
    list_filter = ["scope"]
    search_fields = ["delegator__username", "delegate__username", "reason"]

    @property
    def list_display(self):
        return [
            "delegator",
            "delegate",
            "start_date",
            "end_date",
            "scope",
            Column("status", label=_("Trạng thái"), accessor=_delegation_status),
        ]


def _delegation_status(delegation: Delegation) -> str:
    today = timezone.localdate()
    if delegation.revoked_at:
        return _("Đã hủy")
    if delegation.end_date < today:
        return _("Đã hết hạn")
    if delegation.start_date > today:
        return _("Sắp hiệu lực")
    return _("Đang hiệu lực")


class OrganisationGroup(SnippetViewSetGroup):
    menu_label = _("Tổ chức")
    menu_icon = "site"
    menu_order = 150
    items = (UnitViewSet, PositionViewSet, MembershipViewSet, DelegationViewSet)


register_snippet(OrganisationGroup)
