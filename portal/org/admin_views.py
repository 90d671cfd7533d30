"""Wagtail admin page for importing units and staff from Excel."""

import io
import logging

from django import forms
from django.core.validators import FileExtensionValidator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.auth import user_passes_test

from .importer import StaffImportError, org_import_template_write, org_import_workbook

logger = logging.getLogger(__name__)

# An .xlsx is a zip: a small upload can still unpack into a lot of memory, so stay modest.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def can_import(user) -> bool:
    return user.is_superuser or user.has_perm("org.add_unit")


class ImportStaffForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx)"),
        validators=[
            FileExtensionValidator(
                ["xlsx"],
                # Django's own message has no Vietnamese translation.
                message=gettext_lazy(
                    "Không nhận tệp có phần mở rộng “%(extension)s”; chỉ nhận: "
                    "%(allowed_extensions)s."
                ),
            )
        ],
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Chỉ kiểm tra"),
        required=False,
        help_text=gettext_lazy("Kiểm tra tệp và cho biết sẽ thay đổi gì, không ghi gì cả."),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn: tối đa 5 MB."))
        return file


@user_passes_test(can_import)
def import_staff(request):
    form = ImportStaffForm(request.POST or None, request.FILES or None)
    result = errors = None
    if request.method == "POST" and form.is_valid():
        try:
            result = org_import_workbook(
                file=form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"]
            )
        except StaffImportError as exc:
            errors = exc.errors
        else:
            logger.info("Staff import by %s: %s", request.user.username, result)
    counts = result and [
        (_("Đơn vị"), result.units_created, result.units_updated),
        (_("Người dùng"), result.users_created, result.users_updated),
        (_("Chức vụ của người"), result.memberships_created, result.memberships_updated),
    ]
    context = {"form": form, "result": result, "counts": counts, "errors": errors}
    return TemplateResponse(request, "org/admin/import_staff.html", context)


@user_passes_test(can_import)
def import_staff_template(request):
    buffer = io.BytesIO()
    org_import_template_write(file=buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-nhan-su.xlsx"'
    return response
