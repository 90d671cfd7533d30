"""The template's preview in the Wagtail admin: an HTML page with the warnings and the PDF."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from portal.documents.models import DocumentTemplate

from .placeholders import PlaceholderSyntaxError, placeholders_check
from .preview import available_names, preview_content, preview_submission, template_preview
from .values import BUILTINS


def _template_for(request, pk: int) -> DocumentTemplate:
    # The same right as editing the snippet: the preview shows real submissions' data.
    if not request.user.has_perm("documents.change_documenttemplate"):
        raise PermissionDenied
    return get_object_or_404(DocumentTemplate, pk=pk)


# Shown in the preview page's frame, so the same origin may frame it (not others).
@xframe_options_sameorigin
def template_preview_pdf_view(request, pk: int):
    template = _template_for(request, pk)
    rendered = template_preview(template=template)
    response = HttpResponse(rendered.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="mau-{template.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class TemplatePreviewView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "documents/admin/template_preview.html"
    header_icon = "doc-full"
    page_title = gettext_lazy("Xem trước mẫu văn bản")

    def dispatch(self, request, *args, **kwargs):
        self.template_obj = _template_for(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.template_obj.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailsnippets_documents_documenttemplate:list"),
                "label": _("Mẫu văn bản"),
            },
            {"url": self.edit_url, "label": self.template_obj.name},
            {"url": "", "label": _("Xem trước")},
        ]

    @property
    def edit_url(self) -> str:
        return reverse(
            "wagtailsnippets_documents_documenttemplate:edit", args=[self.template_obj.pk]
        )

    @property
    def header_buttons(self):
        return [HeaderButton(_("Quay lại chỉnh sửa"), url=self.edit_url, icon_name="edit")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        template = self.template_obj
        submission = preview_submission(template=template)
        errors = []
        for label, text in ((_("Trích yếu"), template.summary), (_("Nội dung"), template.body)):
            try:
                placeholders_check(text)
            except PlaceholderSyntaxError as error:
                errors.append(f"{label}: {error}")
        content = preview_content(template=template, submission=submission)
        context.update(
            template_obj=template,
            submission=submission,
            errors=errors,
            unknown=content.unknown,
            fields=available_names(template=template, submission=submission),
            builtins=BUILTINS,
            pdf_url=reverse("documents_template_preview_pdf", args=[template.pk]),
            edit_url=self.edit_url,
        )
        return context


template_preview_view = TemplatePreviewView.as_view()
