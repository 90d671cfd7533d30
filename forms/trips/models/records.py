"""A trip's record beside its submission (dates, report deadline), the vehicle order, settings."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


class Scope(models.TextChoices):
    IN_PROVINCE = "in_province", _("Trong tỉnh")
    OUT_OF_PROVINCE = "out_of_province", _("Ngoài tỉnh")
    ABROAD = "abroad", _("Nước ngoài")


@register_setting(icon="site")
class TripSettings(BaseGenericSetting):
    report_working_days = models.PositiveSmallIntegerField(
        _("hạn nộp báo cáo (ngày làm việc sau ngày về)"),
        default=2,
        validators=[MinValueValidator(1)],
        help_text=_("Quy chế: báo cáo kết quả trong 2 ngày làm việc sau khi kết thúc chuyến đi."),
    )

    class Meta:
        verbose_name = _("cài đặt đi công tác")


class Trip(models.Model):
    """One requested trip: what calendars, deadlines and reminders read."""

    submission = models.OneToOneField(
        "forms.Submission", on_delete=models.CASCADE, primary_key=True, related_name="trip"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="trips"
    )
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    destination = models.CharField(_("nơi đến"), max_length=255)
    scope = models.CharField(_("phạm vi"), max_length=20, choices=Scope.choices)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    vehicle = models.BooleanField(_("cần xe cơ quan"), default=False)
    private = models.BooleanField(_("việc riêng"), default=False)
    handover_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    delegation = models.ForeignKey(
        "org.Delegation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set once the trip is approved: the last day to file the report.
    report_due = models.DateField(_("hạn nộp báo cáo"), null=True, blank=True)
    report = models.ForeignKey(
        "forms.Submission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_trips",
        verbose_name=_("báo cáo"),
    )
    vehicle_notified_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    overdue_notified_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["report_due"]), models.Index(fields=["user", "end_date"])]
        verbose_name = _("chuyến công tác")
        verbose_name_plural = _("chuyến công tác")

    def __str__(self) -> str:
        return f"{self.destination} {self.start_date:%d/%m/%Y}–{self.end_date:%d/%m/%Y}"

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class VehicleOrder(models.Model):
    """Lệnh điều xe: Văn phòng records the car and driver given to a trip."""

    trip = models.OneToOneField(Trip, on_delete=models.CASCADE, related_name="vehicle_order")
    number = models.CharField(_("số lệnh"), max_length=50, blank=True)
    vehicle = models.CharField(_("xe (biển số)"), max_length=50)
    driver = models.CharField(_("lái xe"), max_length=120)
    note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lệnh điều xe")
        verbose_name_plural = _("lệnh điều xe")

    def __str__(self) -> str:
        return f"{self.vehicle} — {self.driver}"
