"""The organisation in the Wagtail admin, under one "Tổ chức" menu."""

from django.urls import path, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
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


class ImportStaffMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_import(request.user)


@hooks.register("register_admin_urls")
def register_import_staff_urls():
    # Wagtail wraps these in require_admin_access; the views add the org.add_unit check.
    return [
        path("org/import-staff/", admin_views.import_staff, name="org_import_staff"),
        path(
            "org/import-staff/template.xlsx",
            admin_views.import_staff_template,
            name="org_import_staff_template",
        ),
    ]


@hooks.register("register_settings_menu_item")
def register_import_staff_menu_item():
    return ImportStaffMenuItem(
        _("Nhập nhân sự từ Excel"),
        reverse_lazy("org_import_staff"),
        name="org-import-staff",
        icon_name="upload",
        order=900,
    )
