"""The legal caps as settings, and one row per participant of each registration."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


def _hours(label, default, help_text=""):
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=1,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal(0))],
        help_text=help_text,
    )


@register_setting(icon="time")
class OvertimeSettings(BaseGenericSetting):
    """Caps of BLLĐ 2019 Đ107 and Nghị định 145/2020, editable when a resolution changes them."""

    max_working_day_total = _hours(
        _("giờ làm tối đa trong một ngày làm việc (kể cả giờ hành chính)"),
        12,
        _("Giờ hành chính + giờ làm thêm; mặc định 12 giờ (tức 4 giờ làm thêm cho ngày 8 giờ)."),
    )
    max_day_off = _hours(_("giờ làm thêm tối đa trong một ngày nghỉ"), 12)
    max_month = _hours(_("giờ làm thêm tối đa trong một tháng"), 40)
    max_year = _hours(
        _("giờ làm thêm tối đa trong một năm"), 200, _("300 giờ với các ngành, nghề được phép.")
    )
    allow_late = models.BooleanField(
        _("cho đăng ký muộn"),
        default=False,
        help_text=_("Cho đăng ký cho thời gian đã qua, kèm lý do đăng ký muộn."),
    )

    class Meta:
        verbose_name = _("cài đặt làm ngoài giờ")


class OvertimeEntry(models.Model):
    """One participant of one registration: the planned time and, later, the actual one."""

    submission = models.ForeignKey(
        "forms.Submission", on_delete=models.CASCADE, related_name="overtime_entries"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="overtime_entries",
        verbose_name=_("người làm thêm"),
    )
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("ngày"))
    start = models.DateTimeField(_("từ"))
    end = models.DateTimeField(_("đến"))
    location = models.CharField(_("địa điểm"), max_length=255, blank=True)
    arrived_at = models.DateTimeField(_("giờ đến thực tế"), null=True, blank=True)
    left_at = models.DateTimeField(_("giờ về thực tế"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bảo vệ ghi nhận"),
    )
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người xác nhận"),
    )

    class Meta:
        ordering = ["start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "user"], name="overtime_one_row_each")
        ]
        indexes = [models.Index(fields=["user", "date"]), models.Index(fields=["date"])]
        verbose_name = _("giờ làm thêm")
        verbose_name_plural = _("giờ làm thêm")

    def __str__(self) -> str:
        return f"{self.user} {self.start:%d/%m/%Y %H:%M}–{self.end:%H:%M}"

    @property
    def actual(self) -> bool:
        """The times were confirmed after the work: they replace the planned ones."""
        return bool(self.confirmed_at and self.arrived_at and self.left_at)

    @property
    def effective_span(self):
        return (self.arrived_at, self.left_at) if self.actual else (self.start, self.end)
