"""Approval forms in the Wagtail admin: the chain preview, reached from the page's actions."""

from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.ui.menus.pages import PageMenuItem

from . import admin_views
from .models import ApprovalFormPage


class ChainPreviewButton(PageMenuItem):
    label = _("Xem trước chuỗi phê duyệt")
    icon_name = "list-ol"
    url_name = "forms_preview_chain"

    def is_shown(self, user):
        page_class = self.page.specific_class
        return (
            page_class is not None
            and issubclass(page_class, ApprovalFormPage)
            and admin_views.can_preview(user=user, page=self.page)
        )


@hooks.register("register_admin_urls")
def register_chain_preview_url():
    # Wagtail wraps these in require_admin_access; the view checks the page's edit permission.
    # Under pages/ so that the sidebar marks "Trang" (not Wagtail's "Forms" submissions list).
    return [
        path(
            "pages/<int:page_id>/preview-chain/",
            admin_views.preview_chain,
            name="forms_preview_chain",
        )
    ]


# The "…" actions menu beside the title of the edit page (and of the page explorer).
@hooks.register("register_page_header_buttons")
def chain_preview_header_button(page, user, view_name, next_url=None):
    yield ChainPreviewButton(page=page, priority=12)


# The "…" menu of each row in the page explorer.
@hooks.register("register_page_listing_more_buttons")
def chain_preview_listing_button(page, user, next_url=None):
    yield ChainPreviewButton(page=page, priority=3)


# Counts the policy's errors in the tab badges (see the script for why).
@hooks.register("insert_editor_js")
def editor_js():
    return format_html('<script src="{}"></script>', versioned_static("forms/admin/editor.js"))
