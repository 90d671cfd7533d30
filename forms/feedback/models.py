"""Feedback cases, their messages and attachments — with dates, never times (see __init__)."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="comment")
class FeedbackSettings(BaseGenericSetting):
    director_unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị của “Giám đốc”"),
        help_text=_(
            "Góp ý gửi “Giám đốc” đến trưởng đơn vị này (ví dụ Trung tâm); để trống là Giám đốc Sở."
        ),
    )

    class Meta:
        verbose_name = _("cài đặt góp ý, kiến nghị")


class Recipient(models.TextChoices):
    DIRECTOR = "director", _("Giám đốc")
    UNION = "union", _("Công đoàn")
    INSPECTION_BOARD = "inspection_board", _("Ban Thanh tra nhân dân")


class FeedbackCategory(models.Model):
    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    answer_days = models.PositiveSmallIntegerField(
        _("hạn trả lời (ngày làm việc)"), default=10, validators=[MinValueValidator(1)]
    )
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
        FieldRowPanel(
            [FieldPanel("answer_days"), FieldPanel("sort_order"), FieldPanel("is_active")]
        ),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("loại góp ý")
        verbose_name_plural = _("loại góp ý")

    def __str__(self) -> str:
        return self.name


class FeedbackCase(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("Mới nhận")
        ACCEPTED = "accepted", _("Đang xử lý")
        OUT_OF_SCOPE = "out_of_scope", _("Không thuộc phạm vi")
        ANSWERED = "answered", _("Đã trả lời")
        CLOSED = "closed", _("Đã kết thúc")

    recipient = models.CharField(_("gửi đến"), max_length=20, choices=Recipient.choices)
    category = models.ForeignKey(
        FeedbackCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("loại")
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    content = models.TextField(_("nội dung"))
    anonymous = models.BooleanField(_("ẩn danh"), default=True)
    # Only for named feedback; an anonymous case has no link to any account.
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người gửi"),
    )
    receipt_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    received_on = models.DateField(_("ngày nhận"))
    due_on = models.DateField(_("hạn trả lời"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    answer = models.TextField(_("trả lời"), blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    # Why it was left out of scope, or where it was forwarded from.
    handling_note = models.TextField(_("ghi chú xử lý"), blank=True)
    # Handlers hear of new cases in a daily digest, so no notice's time betrays the sending.
    handlers_told_on = models.DateField(null=True, blank=True)
    # A named sender's consent to post the feedback and its answer on the board, without his
    # name; never set for an anonymous case (there is nobody to ask).
    publish_consent = models.BooleanField(_("đồng ý đăng công khai"), default=False)
    # The board item made from the answer (a draft until the board's workflow approves it).
    published_page = models.ForeignKey(
        "disclosure.DisclosureItemPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nội dung công khai"),
    )

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("góp ý, kiến nghị, phản ánh")
        verbose_name_plural = _("góp ý, kiến nghị, phản ánh")

    def __str__(self) -> str:
        return self.title


class FeedbackMessage(models.Model):
    """The dialogue after the first message: the sender's replies and the handlers' ones."""

    case = models.ForeignKey(FeedbackCase, on_delete=models.CASCADE, related_name="messages")
    from_sender = models.BooleanField(default=False)
    # A handler's own name may be shown; a sender's never is stored here.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("nội dung"))
    on = models.DateField(_("ngày"))

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.case_id}/{self.pk}"


def _attachment_path(instance, filename: str) -> str:
    return f"feedback/{instance.uid.hex}"


class FeedbackAttachment(models.Model):
    """Stored after its metadata (EXIF, author) was stripped; its name is the sender's only."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(FeedbackCase, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        FeedbackMessage, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to=_attachment_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.original_name


class IdentityView(models.Model):
    """Every time a handler is shown who sent a named case."""

    case = models.ForeignKey(FeedbackCase, on_delete=models.CASCADE, related_name="identity_views")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    where = models.CharField(max_length=100)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.viewer_id}"
