"""Approval forms that administrators build in the Wagtail admin, without code."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField
from wagtail.fields import RichTextField, StreamField

from forms.admin_forms import ApprovalFormPageForm
from forms.builder import FIELD_CHOICES, PortalFormBuilder
from forms.naming import field_name
from forms.policy.blocks import POLICY_BLOCKS


class FormField(AbstractFormField):
    """A field the administrator adds; ``file`` is the portal's own attachment type."""

    page = ParentalKey("ApprovalFormPage", on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(_("loại trường"), max_length=16, choices=FIELD_CHOICES)
    max_size_mb = models.PositiveSmallIntegerField(
        _("dung lượng tối đa (MB)"), default=10, help_text=_("Chỉ dùng cho trường tệp đính kèm.")
    )
    allowed_types = models.CharField(
        _("loại tệp được phép"),
        max_length=255,
        default="pdf,jpg,png,docx,xlsx",
        help_text=_("Phân cách bằng dấu phẩy; kiểm tra theo nội dung tệp, không theo tên."),
    )

    panels = AbstractFormField.panels + [
        FieldRowPanel([FieldPanel("max_size_mb"), FieldPanel("allowed_types")]),
    ]

    def get_field_clean_name(self):
        return field_name(self.label)

    class Meta(AbstractFormField.Meta):
        verbose_name = _("trường")
        verbose_name_plural = _("trường")


class ApprovalFormPage(AbstractForm):
    """A form whose submissions go through the approval chain of its policy."""

    kind = "generic"
    form_builder = PortalFormBuilder
    # Checks the inline fields being edited, which the model's clean() cannot see yet.
    base_form_class = ApprovalFormPageForm

    intro = RichTextField(_("giới thiệu"), blank=True)
    thank_you_text = RichTextField(
        _("lời cảm ơn"), blank=True, help_text=_("Hiện cho người nộp sau khi gửi đơn.")
    )
    open_to_all = models.BooleanField(
        _("mọi cán bộ được nộp"),
        default=True,
        help_text=_("Bỏ chọn để chỉ cho các đơn vị hoặc chức vụ chọn dưới đây."),
    )
    allowed_units = ParentalManyToManyField(
        "org.Unit", blank=True, related_name="+", verbose_name=_("đơn vị được nộp")
    )
    allowed_positions = ParentalManyToManyField(
        "org.Position", blank=True, related_name="+", verbose_name=_("chức vụ được nộp")
    )
    viewer_groups = ParentalManyToManyField(
        Group,
        blank=True,
        related_name="+",
        verbose_name=_("nhóm được xem mọi đơn"),
        help_text=_("Ví dụ Văn phòng theo dõi mọi đơn của biểu mẫu này."),
    )
    document_template = models.ForeignKey(
        "documents.DocumentTemplate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mẫu văn bản"),
        help_text=_("Đơn được phê duyệt thành văn bản PDF có chữ ký số theo mẫu này."),
    )
    approval_policy = StreamField(
        POLICY_BLOCKS,
        blank=True,
        verbose_name=_("quy trình phê duyệt"),
        help_text=_(
            "Các quy tắc được xét từ trên xuống; quy tắc đầu tiên khớp được áp dụng. "
            "Quy tắc cuối không có điều kiện áp dụng cho mọi trường hợp còn lại."
        ),
    )

    content_panels = AbstractForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Trường của biểu mẫu")),
        FieldPanel("thank_you_text"),
    ]
    audience_panels = [
        MultiFieldPanel(
            [
                FieldPanel("open_to_all"),
                FieldPanel("allowed_units"),
                FieldPanel("allowed_positions"),
                FieldPanel("viewer_groups"),
            ],
            heading=_("Ai được nộp, ai được xem"),
        )
    ]
    policy_panels = [FieldPanel("approval_policy"), FieldPanel("document_template")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Nội dung")),
            ObjectList(audience_panels, heading=_("Người nộp")),
            ObjectList(policy_panels, heading=_("Quy trình phê duyệt")),
            ObjectList(AbstractForm.promote_panels, heading=_("Quảng bá")),
            ObjectList(AbstractForm.settings_panels, heading=_("Cài đặt")),
        ]
    )
    template = "forms/approval_form_page.html"
    landing_page_template = "forms/approval_form_page.html"

    class Meta:
        verbose_name = _("biểu mẫu phê duyệt")
        verbose_name_plural = _("biểu mẫu phê duyệt")

    # Core fields are the fixed part of a specific form (leave, trip…); the generic form has none.
    def core_form_fields(self) -> dict:
        return {}

    def get_form_class(self):
        form_class = super().get_form_class()
        core = self.core_form_fields()
        if not core:
            return form_class
        page = self

        class CoreForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                page.prepare_core_form(form=self)

            def clean(self):
                cleaned = super().clean()
                return page.clean_core(form=self, cleaned_data=cleaned)

        CoreForm.base_fields = {**core, **form_class.base_fields}
        CoreForm.__name__ = form_class.__name__
        return CoreForm

    def prepare_core_form(self, *, form) -> None:
        """Adjust a bound form for its user (``form.user``) — choices that depend on him."""

    def clean_core(self, *, form, cleaned_data: dict) -> dict:
        """Check the core fields together and add computed values (the leave's ``days``)."""
        return cleaned_data

    def submission_check(self, *, data: dict, requester, submission=None) -> None:
        """Checks against other records, run in the transaction that stores the submission
        (``submission`` is the one being resubmitted); raise SubmissionError to refuse."""

    def submission_detail_context(self, *, request, submission) -> dict:
        """Extra context for the submission page; ``extra_template`` adds a block to it."""
        return {}

    def policy_values(self, data: dict) -> dict:
        """The values a policy rule may test: every submitted value, by field name."""
        return dict(data)

    def submission_title(self, *, data: dict, requester) -> str:
        return f"{self.title} — {requester.get_full_name() or requester.username}"

    def clean(self):
        super().clean()
        from forms.policy.engine import policy_problems

        names = [field_name(f.label) for f in self.form_fields.all()]
        duplicated = {n for n in names if names.count(n) > 1}
        if duplicated:
            raise ValidationError(
                _("Hai trường trùng tên: %(names)s.") % {"names": ", ".join(sorted(duplicated))}
            )
        # Only errors block the save; warnings (a vacant post today) are shown in the preview.
        errors, _warnings = policy_problems(policy=self.approval_policy)
        if errors:
            raise ValidationError({"approval_policy": errors})

    def serve(self, request, *args, **kwargs):
        from forms.views import serve_form_page

        return serve_form_page(self, request)
