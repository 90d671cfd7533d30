"""The feedback form (web and API alike), the receipt look-up and the sender's reply."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forms.uploads import AttachmentField

from .models import FeedbackCategory, Recipient

ALLOWED_TYPES = ["pdf", "jpg", "png", "docx", "xlsx"]
MAX_FILES = 3
MAX_FILE_MB = 10
CONTENT_MAX = 10000
RECEIPT_MAX = 200  # services.case_by_receipt refuses anything longer


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(AttachmentField):
    """Up to ``max_files`` files in one field; each is checked by its content like any
    attachment of the portal. Cleans to a list (empty when nothing was attached)."""

    widget = MultipleFileInput

    def __init__(self, *, max_files: int, **kwargs):
        self.max_files = max_files
        super().__init__(**kwargs)
        self.help_text = _("Tối đa %(count)s tệp. %(limits)s") % {
            "count": max_files,
            "limits": self.help_text,
        }

    def clean(self, data, initial=None):
        uploads = [u for u in (data if isinstance(data, list | tuple) else [data]) if u]
        if not uploads:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(uploads) > self.max_files:
            raise ValidationError(
                _("Chỉ được đính kèm tối đa %(count)s tệp.") % {"count": self.max_files}
            )
        cleaned, errors = [], []
        for upload in uploads:
            try:
                cleaned.append(_named_as_it_is(super().clean(upload, initial)))
            except ValidationError as exc:
                name = getattr(upload, "name", "")
                errors.extend(f"{name}: {message}" for message in exc.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


def _named_as_it_is(upload):
    """The file's name ends with its real format: the metadata is stripped by the format
    the name says, and a photo named "anh" or "anh.pdf" must not keep its GPS position."""
    real = upload.portal_extension
    name = upload.name or "tep"
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext != real and {ext, real} != {"jpg", "jpeg"}:
        upload.name = f"{name}.{real}"
    return upload


class CategoryField(forms.ModelChoiceField):
    """Chosen by its code (``FeedbackCategory.code``), the value clients post."""

    def to_python(self, value):
        if isinstance(value, str) and "\x00" in value:
            # PostgreSQL refuses NUL in a query; no code has one anyway.
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def attachments_field() -> AttachmentsField:
    return AttachmentsField(
        label=gettext_lazy("Tệp đính kèm"),
        required=False,
        max_files=MAX_FILES,
        max_size_mb=MAX_FILE_MB,
        allowed=ALLOWED_TYPES,
    )


class FeedbackForm(forms.Form):
    """``user`` is the logged-in account, or None. Without one the feedback is always
    anonymous and the form has no "anonymous" field at all."""

    recipient = forms.ChoiceField(
        label=gettext_lazy("Gửi đến"), choices=Recipient.choices, widget=forms.RadioSelect
    )
    category = CategoryField(
        label=gettext_lazy("Loại góp ý"),
        queryset=FeedbackCategory.objects.filter(is_active=True),
        to_field_name="code",
        empty_label=gettext_lazy("— Chọn loại —"),
    )
    title = forms.CharField(label=gettext_lazy("Tiêu đề"), max_length=255)
    content = forms.CharField(
        label=gettext_lazy("Nội dung"),
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    attachments = attachments_field()
    anonymous = forms.BooleanField(
        label=gettext_lazy("Gửi ẩn danh"),
        required=False,
        initial=True,
        help_text=gettext_lazy(
            "Bỏ chọn nếu bạn muốn ghi tên: khi đó chỉ người xử lý của nơi nhận thấy bạn là ai."
        ),
    )
    # Asked of a named sender only (the page hides it while "Gửi ẩn danh" is ticked).
    publish_consent = forms.BooleanField(
        label=gettext_lazy(
            "Tôi đồng ý để nội dung góp ý và câu trả lời được đăng công khai, không kèm tên tôi"
        ),
        required=False,
        initial=False,
        help_text=gettext_lazy(
            "Chỉ áp dụng cho góp ý có ghi tên. Bạn có thể rút lại trong “Góp ý có ghi tên của "
            "tôi” cho đến khi câu trả lời được đưa lên bảng công khai."
        ),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user if user is not None and user.is_authenticated else None
        # Built again for each form: its help text is translated when it is built.
        self.fields["attachments"] = attachments_field()
        if self.user is None:
            del self.fields["anonymous"]
            del self.fields["publish_consent"]

    def clean(self):
        cleaned = super().clean()
        if self.user is None:
            cleaned["anonymous"] = True
        if cleaned.get("anonymous", True):
            # Nobody to ask: an anonymous case never carries a consent.
            cleaned["publish_consent"] = False
        return cleaned


class ConsentForm(forms.Form):
    """A named sender gives or withdraws his consent on /gop-y/cua-toi/."""

    publish_consent = forms.BooleanField(required=False)


class ReplyForm(forms.Form):
    """The sender's reply through the receipt (the API takes the receipt from its path)."""

    body = forms.CharField(
        label=gettext_lazy("Ý kiến bổ sung"),
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = attachments_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built again for each form: its help text is translated when it is built.
        self.fields["attachments"] = attachments_field()


def receipt_field() -> forms.CharField:
    return forms.CharField(
        label=gettext_lazy("Mã tra cứu"),
        max_length=RECEIPT_MAX,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "none",
                "autocorrect": "off",
                "spellcheck": "false",
                "class": "receipt-input",
            }
        ),
    )


class ReceiptForm(forms.Form):
    receipt = receipt_field()

    def clean_receipt(self):
        # Copied codes often come with spaces or line breaks in the middle.
        return "".join(self.cleaned_data["receipt"].split())


class WebReplyForm(ReplyForm):
    receipt = forms.CharField(max_length=RECEIPT_MAX, widget=forms.HiddenInput)

    def clean_receipt(self):
        return "".join(self.cleaned_data["receipt"].split())
