"""Document templates in the Wagtail admin ("Mẫu văn bản") with their PDF preview."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets.button import HeaderButton
from wagtail.admin.widgets.button import MenuItem as ListMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from .models import DocumentTemplate
from .rendering import admin_views


def _preview_url(template: DocumentTemplate) -> str:
    return reverse("documents_template_preview", args=[template.pk])


class TemplateEditView(EditView):
    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(_("Xem trước PDF"), url=_preview_url(self.object), icon_name="doc-full"),
        ]


class TemplateIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            ListMenuItem(
                _("Xem trước PDF"), url=_preview_url(instance), icon_name="doc-full", priority=15
            ),
        ]


class DocumentTemplateViewSet(SnippetViewSet):
    model = DocumentTemplate
    icon = "doc-full"
    menu_label = _("Mẫu văn bản")
    menu_order = 170
    add_to_admin_menu = True
    search_fields = ["name", "code", "document_type"]
    list_display = ["name", "code", "document_type", "symbol", "updated_at"]
    list_filter = ["issuer", "numbering"]
    edit_view_class = TemplateEditView
    index_view_class = TemplateIndexView


register_snippet(DocumentTemplateViewSet)


@hooks.register("register_admin_urls")
def register_template_preview_urls():
    return [
        path(
            "mau-van-ban/<int:pk>/xem-truoc/",
            admin_views.template_preview_view,
            name="documents_template_preview",
        ),
        path(
            "mau-van-ban/<int:pk>/xem-truoc.pdf",
            admin_views.template_preview_pdf_view,
            name="documents_template_preview_pdf",
        ),
    ]
