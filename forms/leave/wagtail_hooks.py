"""Leave in the Wagtail admin, under one "Nghỉ phép" menu: types, Sổ ngày phép, settings."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.contrib.settings.registry import SettingMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .balance_views import days_number
from .models import Leave, LeaveSettings, LeaveType

SUBMENU_HOOK = "register_leave_menu_item"


def _yes_no(value: bool) -> str:
    return _("Có") if value else _("Không")


class LeaveTypeViewSet(SnippetViewSet):
    model = LeaveType
    icon = "tag"
    menu_label = gettext_lazy("Loại nghỉ")
    search_fields = ["name", "code"]
    list_filter = ["uses_balance", "requires_attachment", "is_active"]
    ordering = ["sort_order", "name"]

    @property
    def list_display(self):
        return [
            "name",
            "code",
            Column(
                "uses_balance",
                label=gettext_lazy("Trừ vào phép năm"),
                accessor=lambda t: _yes_no(t.uses_balance),
            ),
            Column(
                "max_days",
                label=gettext_lazy("Tối đa mỗi lần"),
                accessor=_max_days,
                sort_key="max_days",
            ),
            Column(
                "requires_attachment",
                label=gettext_lazy("Cần giấy tờ"),
                accessor=lambda t: _yes_no(t.requires_attachment),
            ),
            Column(
                "is_active",
                label=gettext_lazy("Đang dùng"),
                accessor=lambda t: _yes_no(t.is_active),
            ),
        ]


def _max_days(leave_type: LeaveType) -> str:
    if leave_type.max_days is None:
        return _("Không giới hạn")
    days = leave_type.max_days
    return ngettext("%(days)s ngày", "%(days)s ngày", int(days) if days == int(days) else 2) % {
        "days": days_number(days)
    }


class LeaveGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Nghỉ phép")
    menu_icon = "calendar-check"
    menu_order = 170
    submenu_hook = SUBMENU_HOOK
    items = (LeaveTypeViewSet,)


register_snippet(LeaveGroup)


class LedgerMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_view_ledger(request.user)


@hooks.register("register_admin_urls")
def register_ledger_urls():
    # Wagtail wraps these in require_admin_access; the views check the ledger permissions.
    return [
        path("nghi-phep/so-phep/", admin_views.ledger_overview, name="leave_ledger"),
        path(
            "nghi-phep/so-phep/<int:user_id>/",
            admin_views.ledger_person,
            name="leave_ledger_person",
        ),
    ]


@hooks.register(SUBMENU_HOOK)
def register_ledger_menu_item():
    return LedgerMenuItem(
        gettext_lazy("Sổ ngày phép"),
        reverse_lazy("leave_ledger"),
        name="leave-ledger",
        icon_name="clipboard-list",
        order=10,
    )


@hooks.register(SUBMENU_HOOK)
def register_leave_settings_menu_item():
    # The same page as Cài đặt → Cài đặt nghỉ phép, kept beside the rest of the leave admin.
    return SettingMenuItem(LeaveSettings, icon="cog", name="leave-settings", order=20)


@hooks.register("before_delete_snippet")
def refuse_deleting_used_leave_type(request, instances):
    """A leave type some leave uses cannot go (PROTECT): explain, and offer "ngừng dùng"."""
    used = [
        instance
        for instance in instances
        if isinstance(instance, LeaveType) and Leave.objects.filter(leave_type=instance).exists()
    ]
    if not used:
        return None
    names = ", ".join(f"“{leave_type.name}”" for leave_type in used)
    messages.error(
        request,
        _(
            "Không xóa được loại nghỉ %(names)s vì đã có đơn nghỉ dùng loại này. "
            "Để không cho chọn loại nghỉ này nữa, hãy mở loại nghỉ, bỏ chọn “Đang dùng” rồi lưu."
        )
        % {"names": names},
    )
    if len(used) == 1:
        return redirect(LeaveType.snippet_viewset.get_url_name("edit"), used[0].pk)
    return redirect(LeaveType.snippet_viewset.get_url_name("list"))
