"""Leave types, each leave's dates, the balance ledger and the calendar feeds."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from portal.calendar.services import Session


class LeaveType(models.Model):
    """A kind of leave the law or the unit's rules allow (BLLĐ Đ113–115)."""

    code = models.SlugField(
        _("mã"),
        max_length=40,
        unique=True,
        help_text=_("Giá trị của trường leave_type; quy trình phê duyệt có thể xét theo mã này."),
    )
    name = models.CharField(_("tên"), max_length=120)
    uses_balance = models.BooleanField(
        _("trừ vào ngày phép năm"), default=False, help_text=_("Chọn cho nghỉ phép năm.")
    )
    max_days = models.DecimalField(
        _("số ngày tối đa mỗi lần"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_("Để trống nếu không giới hạn (ví dụ: bản thân kết hôn 3 ngày)."),
    )
    requires_attachment = models.BooleanField(
        _("bắt buộc đính kèm giấy tờ"), default=False, help_text=_("Ví dụ: giấy nghỉ ốm.")
    )
    paid = models.BooleanField(_("hưởng lương"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
        FieldRowPanel([FieldPanel("uses_balance"), FieldPanel("paid")]),
        FieldRowPanel([FieldPanel("max_days"), FieldPanel("requires_attachment")]),
        FieldRowPanel([FieldPanel("sort_order"), FieldPanel("is_active")]),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("loại nghỉ")
        verbose_name_plural = _("loại nghỉ")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        # Submissions and approval policies refer to the code: once used it stays.
        if self.pk:
            stored = LeaveType.objects.filter(pk=self.pk).values_list("code", flat=True).first()
            if stored and stored != self.code and Leave.objects.filter(leave_type=self).exists():
                raise ValidationError(
                    {
                        "code": _(
                            "Đã có đơn nghỉ dùng mã “%(code)s”, không đổi mã được nữa; hãy "
                            "tạo loại nghỉ mới nếu cần."
                        )
                        % {"code": stored}
                    }
                )


@register_setting(icon="date")
class LeaveSettings(BaseGenericSetting):
    annual_days = models.DecimalField(
        _("số ngày phép năm cơ bản"), max_digits=4, decimal_places=1, default=Decimal(12)
    )
    seniority_years = models.PositiveSmallIntegerField(
        _("số năm công tác để được thêm 1 ngày"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("Theo Điều 114 Bộ luật Lao động: cứ đủ 5 năm được thêm 1 ngày."),
    )
    negative_allowance = models.DecimalField(
        _("được nghỉ vượt quá số ngày còn lại"),
        max_digits=4,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Số ngày tối đa được nghỉ trước (số dư âm); 0 là không cho phép."),
    )

    class Meta:
        verbose_name = _("cài đặt nghỉ phép")


class Leave(models.Model):
    """The dates of one leave request, kept beside the submission for calendars and checks."""

    submission = models.OneToOneField(
        "forms.Submission", on_delete=models.CASCADE, primary_key=True, related_name="leave"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="leaves"
    )
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    leave_type = models.ForeignKey(LeaveType, on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField(_("từ ngày"))
    start_session = models.CharField(_("từ buổi"), max_length=10, choices=Session.choices)
    end_date = models.DateField(_("đến ngày"))
    end_session = models.CharField(_("đến buổi"), max_length=10, choices=Session.choices)
    days = models.DecimalField(_("số ngày làm việc"), max_digits=5, decimal_places=1)
    handover_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    delegation = models.ForeignKey(
        "org.Delegation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["user", "start_date", "end_date"])]
        verbose_name = _("ngày nghỉ")
        verbose_name_plural = _("ngày nghỉ")

    def __str__(self) -> str:
        return f"{self.user} {self.start_date:%d/%m/%Y}–{self.end_date:%d/%m/%Y}"

    @property
    def span(self) -> tuple[tuple, tuple]:
        order = {Session.MORNING: 0, Session.AFTERNOON: 1}
        return (
            (self.start_date, order[self.start_session]),
            (self.end_date, order[self.end_session]),
        )


class LedgerEntry(models.Model):
    """One movement of a person's annual leave; the balance is the sum of the entries.

    ``days`` is the effect on the days still available: an allocation adds, a reservation
    (a request waiting for approval) and a deduction take away, a release and a refund give
    back. Entries are only added, never edited, except the year's allocation, which follows
    the settings and the years of service.
    """

    class Kind(models.TextChoices):
        ALLOCATION = "allocation", _("Số ngày được nghỉ trong năm")
        ADJUSTMENT = "adjustment", _("Điều chỉnh")
        RESERVATION = "reservation", _("Tạm giữ (đơn đang xử lý)")
        RELEASE = "release", _("Hoàn tạm giữ")
        DEDUCTION = "deduction", _("Trừ (đơn đã duyệt)")
        REFUND = "refund", _("Hoàn lại")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="leave_ledger",
        verbose_name=_("cán bộ"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    days = models.DecimalField(_("số ngày"), max_digits=5, decimal_places=1)
    submission = models.ForeignKey(
        "forms.Submission",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn"),
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ghi"),
    )

    class Meta:
        ordering = ["year", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "year"],
                condition=models.Q(kind="allocation"),
                name="leave_one_allocation_per_year",
            )
        ]
        verbose_name = _("bút toán ngày phép")
        verbose_name_plural = _("sổ ngày phép")

    def __str__(self) -> str:
        return f"{self.user} {self.year} {self.kind} {self.days}"


def _feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret address of a person's calendar feeds, for calendar apps that cannot log in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leave_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.user)
