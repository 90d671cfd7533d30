"""Wagtail admin: upload a regulation file and see the import report."""

import logging

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.validators import FileExtensionValidator
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import RegulationIndexPage
from .services import RegulationImportError, import_summary_lines, regulation_import

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


def import_parents(user) -> list[RegulationIndexPage]:
    """Regulation listings under which ``user`` may add pages."""
    return [
        page
        for page in RegulationIndexPage.objects.order_by("path")
        if page.permissions_for_user(user).can_add_subpage()
    ]


class RegulationUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp văn bản quy chế (.txt, mã UTF-8)"),
        validators=[
            FileExtensionValidator(
                ["txt", "md"],
                # Django's own message has no Vietnamese translation.
                message=gettext_lazy(
                    "Không nhận tệp có phần mở rộng “%(extension)s”; chỉ nhận: "
                    "%(allowed_extensions)s."
                ),
            )
        ],
    )
    parent = forms.ModelChoiceField(
        label=gettext_lazy("Đăng vào mục"), queryset=RegulationIndexPage.objects.none()
    )
    draft = forms.BooleanField(
        label=gettext_lazy("Chỉ lưu bản nháp"),
        required=False,
        help_text=gettext_lazy("Không xuất bản; xem lại trong trang quản trị rồi xuất bản sau."),
    )

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = RegulationIndexPage.objects.filter(
            pk__in=[p.pk for p in parents]
        )
        if len(parents) == 1:
            self.fields["parent"].initial = parents[0].pk

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn: tối đa 2 MB."))
        return file


def regulation_upload(request):
    parents = import_parents(request.user)
    if not parents:
        raise PermissionDenied
    form = RegulationUploadForm(request.POST or None, request.FILES or None, parents=parents)
    result = error = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = regulation_import(
                data=upload.read(),
                parent=form.cleaned_data["parent"],
                source_name=upload.name,
                draft=form.cleaned_data["draft"],
                user=request.user,
            )
        except RegulationImportError as exc:
            error = exc.message
        else:
            logger.info(
                "Regulation import by %s: page %s %s",
                request.user.username,
                result.page.pk,
                result.status,
            )
    context = {
        "form": form,
        "result": result,
        "summary": result and import_summary_lines(result),
        "error": error,
    }
    return TemplateResponse(request, "regulations/admin/upload.html", context)
