"""Documents issued from approved submissions: templates, the PDF of each round, its
signatures, and the registry's numbers (see docs/architecture.md, "Documents")."""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from .rendering.panels import PlaceholderHelpPanel

VERIFY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def verify_code_new() -> str:
    # Short enough to type from paper, long enough (32^10 ≈ 10^15) not to be guessed.
    return "".join(secrets.choice(VERIFY_CODE_ALPHABET) for _ in range(10))


class DocumentTemplate(models.Model):
    """What the administrator edits: the printed form of one kind of document."""

    class Numbering(models.TextChoices):
        AUTO = "auto", _("Tự động khi có quyết định cuối cùng")
        REGISTRY = "registry", _("Văn thư cấp số")

    class Issuer(models.TextChoices):
        UNIT = "unit", _("Đơn vị trực thuộc của người đề nghị (Trung tâm, Chi cục) hoặc Sở")
        DEPARTMENT = "department", _("Sở")

    code = models.SlugField(
        _("mã mẫu"), max_length=50, unique=True, help_text=_("Ví dụ leave, overtime, trip.")
    )
    name = models.CharField(_("tên mẫu"), max_length=255)
    document_type = models.CharField(
        _("tên loại văn bản"),
        max_length=255,
        help_text=_("In hoa trên văn bản, ví dụ ĐƠN XIN NGHỈ PHÉP."),
    )
    symbol = models.CharField(
        _("ký hiệu loại văn bản"),
        max_length=20,
        help_text=_("Dùng trong số và ký hiệu, ví dụ GNP trong 12/GNP-TTKC."),
    )
    summary = models.CharField(
        _("trích yếu"),
        max_length=500,
        blank=True,
        help_text=_("Có thể dùng chỗ điền, ví dụ Về việc nghỉ phép của {{ nguoi_de_nghi }}."),
    )
    body = models.TextField(
        _("nội dung"),
        help_text=_(
            "Mỗi đoạn cách nhau một dòng trống. Chỗ điền viết {{ tên_trường }}; "
            "danh sách chỗ điền ở bên dưới."
        ),
    )
    recipients = models.TextField(
        _("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận, ví dụ - Lưu: VT.")
    )
    place = models.CharField(
        _("địa danh"), max_length=100, blank=True, help_text=_("Để trống: theo cài đặt chung.")
    )
    issuer = models.CharField(
        _("cơ quan ban hành"), max_length=20, choices=Issuer.choices, default=Issuer.UNIT
    )
    numbering = models.CharField(
        _("cấp số"), max_length=10, choices=Numbering.choices, default=Numbering.AUTO
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
        FieldRowPanel([FieldPanel("document_type"), FieldPanel("symbol")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        PlaceholderHelpPanel(heading=_("Chỗ điền")),
        FieldPanel("recipients"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("place"), FieldPanel("issuer"), FieldPanel("numbering")])],
            heading=_("Ban hành"),
        ),
    ]

    class Meta:
        verbose_name = _("mẫu văn bản")
        verbose_name_plural = _("mẫu văn bản")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        from .rendering.placeholders import PlaceholderSyntaxError, placeholders_check

        errors = {}
        for name in ("summary", "body"):
            try:
                placeholders_check(getattr(self, name))
            except PlaceholderSyntaxError as error:
                errors[name] = str(error)
        if errors:
            raise ValidationError(errors)


class Document(models.Model):
    """The PDF of one round (version) of a submission, from draft to issued."""

    class Status(models.TextChoices):
        RENDERING = "rendering", _("Đang tạo văn bản")
        SIGNING = "signing", _("Đang ký")
        AWAITING_NUMBER = "awaiting_number", _("Chờ văn thư cấp số")
        ISSUED = "issued", _("Đã ban hành")
        VOID = "void", _("Không còn hiệu lực")
        FAILED = "failed", _("Lỗi, đang thử lại")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission = models.ForeignKey(
        "forms.Submission", on_delete=models.CASCADE, related_name="documents"
    )
    version = models.PositiveSmallIntegerField(_("phiên bản"))
    template = models.ForeignKey(
        DocumentTemplate, on_delete=models.PROTECT, related_name="documents"
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.RENDERING
    )
    file = models.FileField(upload_to="documents/%Y/", max_length=255, blank=True)
    # Where the renderer left room for each signature and reserved field (see rendering).
    layout = models.JSONField(default=dict)
    issuing_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, related_name="+"
    )
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    # The counter the number came from, kept here so a later template edit cannot clash.
    number_year = models.PositiveSmallIntegerField(null=True, blank=True)
    number_symbol = models.CharField(max_length=20, blank=True)
    number_text = models.CharField(_("số và ký hiệu"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    numbered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sha256 = models.CharField(max_length=64, blank=True)
    verify_code = models.CharField(max_length=12, unique=True, default=verify_code_new)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # Set while a job works on the document; a value long past means its worker died.
    job_started_at = models.DateTimeField(null=True, blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "version"], name="document_one_per_version"
            ),
            models.UniqueConstraint(
                fields=["issuing_unit", "number_symbol", "number_year", "number"],
                name="document_number_unique",
            ),
        ]
        indexes = [models.Index(fields=["status", "retry_at"])]

    def __str__(self) -> str:
        return self.number_text or f"{self.template} #{self.submission_id}.{self.version}"

    def steps_to_sign(self):
        """The round's opinion and decision steps, in chain order: each signs in turn."""
        from forms.models import ApprovalStep

        return ApprovalStep.objects.filter(
            submission_id=self.submission_id,
            round=self.version,
            kind__in=[ApprovalStep.Kind.OPINION, ApprovalStep.Kind.DECISION],
        ).order_by("order")

    def signatures_complete(self) -> bool:
        from forms.models import Submission

        if self.submission.status not in Submission.GRANTED:
            return False
        signed = set(self.signatures.values_list("field_name", flat=True))
        return all(f"sig_step_{step.order}" in signed for step in self.steps_to_sign())

    @property
    def is_final(self) -> bool:
        return self.status in (self.Status.ISSUED, self.Status.VOID)


class DocumentSignature(models.Model):
    """One signature in the document's PDF, in the order they were applied."""

    class Role(models.TextChoices):
        APPROVER = "approver", _("Người phê duyệt")
        SEAL = "seal", _("Con dấu của cơ quan")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="signatures")
    step = models.OneToOneField(
        "forms.ApprovalStep", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    field_name = models.CharField(max_length=60)
    signer_name = models.CharField(_("người ký"), max_length=255)
    signer_title = models.CharField(_("chức vụ"), max_length=255, blank=True)
    signer_unit = models.CharField(_("đơn vị"), max_length=255, blank=True)
    certificate_serial = models.CharField(max_length=64, blank=True)
    signed_at = models.DateTimeField(_("thời điểm ký"))

    class Meta:
        verbose_name = _("chữ ký")
        verbose_name_plural = _("chữ ký")
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "field_name"], name="signature_one_per_field"
            )
        ]

    def __str__(self) -> str:
        return f"{self.signer_name} — {self.document}"


class NumberCounter(models.Model):
    """The last number given, per year, document type and issuing unit (row-locked)."""

    year = models.PositiveSmallIntegerField()
    symbol = models.CharField(max_length=20)
    issuing_unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "symbol", "issuing_unit"], name="number_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.symbol}-{self.issuing_unit_id}: {self.last_number}"
