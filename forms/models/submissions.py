"""What staff submit and what happens to it: submissions, attachments, approval steps, events."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

FORM_KINDS = [
    ("leave", _("Nghỉ phép")),
    ("leave_cancel", _("Hủy nghỉ phép")),
    ("overtime", _("Làm ngoài giờ")),
    ("trip", _("Đi công tác")),
    ("trip_report", _("Báo cáo kết quả công tác")),
    ("feedback", _("Góp ý, kiến nghị, phản ánh")),
    ("generic", _("Biểu mẫu khác")),
]


class Submission(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Đang xử lý")
        RETURNED = "returned", _("Trả lại để bổ sung")
        APPROVED = "approved", _("Đã phê duyệt")
        REJECTED = "rejected", _("Không phê duyệt")
        WITHDRAWN = "withdrawn", _("Đã rút")
        RECORDED = "recorded", _("Đã ghi nhận")
        CANCELLED = "cancelled", _("Đã hủy")

    form_page = models.ForeignKey(
        "forms.ApprovalFormPage",
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("biểu mẫu"),
    )
    # The form as it was when this round was submitted, so later edits never break it.
    form_revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    form_snapshot = models.JSONField(default=list)
    kind = models.CharField(_("loại"), max_length=20, choices=FORM_KINDS, default="generic")
    title = models.CharField(_("tiêu đề"), max_length=255)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("người đề nghị"),
    )
    requester_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requester_position = models.ForeignKey(
        "org.Position", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(_("nội dung"), default=dict)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    round = models.PositiveSmallIntegerField(_("lần nộp"), default=1)
    rule_name = models.CharField(_("quy tắc áp dụng"), max_length=255, blank=True)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True)
    created_at = models.DateTimeField(_("ngày nộp"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(_("ngày có kết quả"), null=True, blank=True)

    class Meta:
        verbose_name = _("đơn")
        verbose_name_plural = _("đơn")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "idempotency_key"], name="submission_idempotent_per_requester"
            )
        ]
        indexes = [models.Index(fields=["requester", "status"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    # Groups of statuses the modules ask about: a request waiting for a decision (or for its
    # requester's correction), one granted, and one that stands (either).
    WAITING = (Status.PENDING, Status.RETURNED)
    GRANTED = (Status.APPROVED, Status.RECORDED)
    STANDING = WAITING + GRANTED

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RETURNED)


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Never keep the uploader's file name on disk: it may carry path tricks or identity.
    return f"attachments/{instance.uid.hex[:2]}/{instance.uid.hex}"


class Attachment(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, null=True, related_name="attachments"
    )
    field_name = models.CharField(max_length=255)
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.original_name


class ApprovalStep(models.Model):
    """One step of one round of a submission's chain, as the policy resolved it."""

    class Kind(models.TextChoices):
        OPINION = "opinion", _("Cho ý kiến")
        DECISION = "decision", _("Phê duyệt")
        NOTICE = "notice", _("Thông báo")

    class State(models.TextChoices):
        WAITING = "waiting", _("Chờ đến lượt")
        ACTIVE = "active", _("Đang chờ xử lý")
        DONE = "done", _("Đã xử lý")
        CANCELLED = "cancelled", _("Đã hủy")

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Đồng ý")
        REJECTED = "rejected", _("Không đồng ý")
        RETURNED = "returned", _("Trả lại để bổ sung")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="steps")
    round = models.PositiveSmallIntegerField(default=1)
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(_("loại bước"), max_length=10, choices=Kind.choices)
    resolver = models.CharField(max_length=30, blank=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approval_steps",
        verbose_name=_("người xử lý"),
    )
    group = models.ForeignKey(
        "auth.Group", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The delegate who acts for ``approver`` (ủy quyền); the record keeps both names.
    acting = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="acting_steps",
        verbose_name=_("người được ủy quyền"),
    )
    note = models.CharField(max_length=255, blank=True)
    signer_title = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    deadline_days = models.PositiveSmallIntegerField(default=2)
    due_date = models.DateField(_("hạn xử lý"), null=True, blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, null=True, blank=True)
    comment = models.TextField(_("ý kiến"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    task = models.OneToOneField(
        "viewflow.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="step"
    )
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("bước phê duyệt")
        verbose_name_plural = _("bước phê duyệt")
        ordering = ["round", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "round", "order"], name="step_unique_order"
            )
        ]
        indexes = [
            models.Index(fields=["state", "due_date"]),
            models.Index(fields=["acting", "state"]),
            models.Index(fields=["approver", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}/{self.round}.{self.order} {self.get_kind_display()}"

    @property
    def group_label(self) -> str:
        """The functional group in the reader's language (group names are Vietnamese data)."""
        from portal.org.roles import GROUP_LABELS, GROUP_NAMES

        if not self.group_id:
            return ""
        code = next((c for c, n in GROUP_NAMES.items() if n == self.group.name), None)
        return str(GROUP_LABELS[code]) if code else self.group.name

    @property
    def actor(self):
        """Who works this step now: the delegate when there is one."""
        return self.acting or self.approver


class SubmissionEvent(models.Model):
    """The timeline: every submit, resubmit, decision and withdrawal, round by round."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Nộp đơn")
        RESUBMITTED = "resubmitted", _("Nộp lại")
        RECORDED = "recorded", _("Ghi nhận")
        APPROVED = "approved", _("Đồng ý")
        REJECTED = "rejected", _("Không đồng ý")
        RETURNED = "returned", _("Trả lại để bổ sung")
        NOTIFIED = "notified", _("Đã thông báo")
        WITHDRAWN = "withdrawn", _("Rút đơn")
        COMPLETED = "completed", _("Hoàn tất phê duyệt")
        CANCELLED = "cancelled", _("Hủy sau khi đã duyệt")
        SHORTENED = "shortened", _("Rút ngắn thời gian")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    round = models.PositiveSmallIntegerField(default=1)
    step = models.ForeignKey(
        ApprovalStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("diễn biến")
        verbose_name_plural = _("diễn biến")

    def __str__(self) -> str:
        return f"{self.submission_id} {self.action}"
