"""Admin menu item "Nhập quy chế" for those who may add pages under a regulation listing."""

from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


class RegulationUploadMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(admin_views.import_parents(request.user))


@hooks.register("register_admin_urls")
def register_regulation_upload_urls():
    # Wagtail wraps these in require_admin_access; the view checks page permissions.
    return [path("quy-che/nhap/", admin_views.regulation_upload, name="regulations_upload")]


@hooks.register("register_admin_menu_item")
def register_regulation_upload_menu_item():
    return RegulationUploadMenuItem(
        _("Nhập quy chế"),
        reverse_lazy("regulations_upload"),
        name="regulations-upload",
        icon_name="upload",
        order=400,
    )
