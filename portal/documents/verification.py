"""The public check of a PDF against the document the portal issued."""

import hashlib
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD = 20 * 1024 * 1024


class VerifyForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp PDF cần kiểm tra"),
        help_text=_("Tệp không được lưu lại; tối đa 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Tệp lớn hơn 20 MB."))
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("Tệp này không phải là tệp PDF."))
        return upload


@dataclass
class VerificationResult:
    sha256: str
    same_file: bool
    validation: object  # signing.services.DocumentValidation

    @property
    def ok(self) -> bool:
        return self.same_file and self.validation.ok


def verification_check(*, document, upload) -> VerificationResult:
    from .signing.services import document_validate

    data = upload.read()
    digest = hashlib.sha256(data).hexdigest()
    return VerificationResult(
        sha256=digest,
        same_file=digest == document.sha256,
        validation=document_validate(pdf=data),
    )
