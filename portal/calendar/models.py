"""Administrator corrections to the holiday calendar, and office hours by season.

Public holidays come from the ``holidays`` package (see services.py); these tables hold what
the package cannot know: a province's or the government's yearly schedule (an extra day off,
a Saturday made a working day) and the office hours each province sets for summer and winter.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

# Day/month ranges are checked against a leap year so that 29/02 is a valid bound.
_LEAP_YEAR = 2024


class CalendarOverride(models.Model):
    """One date whose status differs from the package's calendar and the weekend rule."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ bổ sung")
        WORKING_DAY = "working_day", _("Ngày làm việc bù")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    reason = models.CharField(
        _("lý do"),
        max_length=255,
        help_text=_(
            "Ví dụ: Nghỉ bù Tết theo Thông báo số …/TB-BNV; làm bù cho ngày 02/01. "
            "Với ngày nghỉ bổ sung, lý do được hiển thị làm tên ngày nghỉ."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("kind")]),
        FieldPanel("reason"),
    ]

    class Meta:
        verbose_name = _("ngày nghỉ / ngày làm bù")
        verbose_name_plural = _("ngày nghỉ / ngày làm bù")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} – {self.get_kind_display()}"

    def clean(self):
        super().clean()
        if self.date is None or not self.kind:
            return
        # Compare with the calendar the override would change, without the override itself.
        from .services import package_status

        working, name = package_status(day=self.date)
        if self.kind == self.Kind.WORKING_DAY and working:
            raise ValidationError(
                {"kind": _("Ngày %(day)s vốn đã là ngày làm việc.") % {"day": _ddmmyyyy(self)}}
            )
        if self.kind == self.Kind.DAY_OFF and not working:
            raise ValidationError(
                {
                    "kind": _("Ngày %(day)s vốn đã là ngày nghỉ (%(name)s).")
                    % {"day": _ddmmyyyy(self), "name": name or _("cuối tuần")}
                }
            )


def _ddmmyyyy(override: CalendarOverride) -> str:
    return override.date.strftime("%d/%m/%Y")


def _day_validators():
    return [MinValueValidator(1), MaxValueValidator(31)]


MONTH_CHOICES = [(month, f"{month:02d}") for month in range(1, 13)]


class OfficeHoursSeason(models.Model):
    """Office hours from one day/month to another, every year (a range may wrap the new year)."""

    name = models.CharField(_("tên mùa"), max_length=100, unique=True)
    start_day = models.PositiveSmallIntegerField(_("từ ngày"), validators=_day_validators())
    start_month = models.PositiveSmallIntegerField(_("tháng"), choices=MONTH_CHOICES)
    end_day = models.PositiveSmallIntegerField(_("đến ngày"), validators=_day_validators())
    end_month = models.PositiveSmallIntegerField(_("tháng"), choices=MONTH_CHOICES)
    morning_start = models.TimeField(_("buổi sáng từ"))
    morning_end = models.TimeField(_("buổi sáng đến"))
    afternoon_start = models.TimeField(_("buổi chiều từ"))
    afternoon_end = models.TimeField(_("buổi chiều đến"))

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_day"), FieldPanel("start_month")]),
                FieldRowPanel([FieldPanel("end_day"), FieldPanel("end_month")]),
            ],
            heading=_("Thời gian áp dụng trong năm"),
            help_text=_("Khoảng có thể vắt qua năm mới, ví dụ từ 01/10 đến 31/03."),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("morning_start"), FieldPanel("morning_end")]),
                FieldRowPanel([FieldPanel("afternoon_start"), FieldPanel("afternoon_end")]),
            ],
            heading=_("Giờ làm việc"),
        ),
    ]

    class Meta:
        verbose_name = _("giờ làm việc theo mùa")
        verbose_name_plural = _("giờ làm việc theo mùa")
        ordering = ["start_month", "start_day"]

    def __str__(self) -> str:
        return f"{self.name} ({self.period_display})"

    @property
    def period_display(self) -> str:
        return (
            f"{self.start_day:02d}/{self.start_month:02d} – {self.end_day:02d}/{self.end_month:02d}"
        )

    @property
    def hours_display(self) -> str:
        return (
            f"{self.morning_start:%H:%M}–{self.morning_end:%H:%M}, "
            f"{self.afternoon_start:%H:%M}–{self.afternoon_end:%H:%M}"
        )

    def covers(self, *, month: int, day: int) -> bool:
        return season_covers(
            start=(self.start_month, self.start_day),
            end=(self.end_month, self.end_day),
            month_day=(month, day),
        )

    def clean(self):
        super().clean()
        errors = {}
        for day_field, month_field in (("start_day", "start_month"), ("end_day", "end_month")):
            day, month = getattr(self, day_field), getattr(self, month_field)
            if day and month:
                try:
                    date(_LEAP_YEAR, month, day)
                except ValueError:
                    errors[day_field] = _("Tháng %(month)02d không có ngày %(day)d.") % {
                        "month": month,
                        "day": day,
                    }
        times = [self.morning_start, self.morning_end, self.afternoon_start, self.afternoon_end]
        if all(times) and not (times[0] < times[1] <= times[2] < times[3]):
            errors["afternoon_end"] = _(
                "Giờ phải theo thứ tự: sáng từ < sáng đến ≤ chiều từ < chiều đến."
            )
        if errors:
            raise ValidationError(errors)
        if not all([self.start_day, self.start_month, self.end_day, self.end_month]):
            return
        for other in OfficeHoursSeason.objects.exclude(pk=self.pk):
            clash = _first_common_day(self, other)
            if clash is not None:
                raise ValidationError(
                    _("Trùng thời gian với “%(other)s” (ví dụ ngày %(day)s).")
                    % {"other": other, "day": f"{clash.day:02d}/{clash.month:02d}"}
                )


def season_covers(
    *, start: tuple[int, int], end: tuple[int, int], month_day: tuple[int, int]
) -> bool:
    """Whether (month, day) lies in the yearly range start..end, both included."""
    if start <= end:
        return start <= month_day <= end
    return month_day >= start or month_day <= end  # wraps the new year


def _first_common_day(a: OfficeHoursSeason, b: OfficeHoursSeason) -> date | None:
    day = date(_LEAP_YEAR, 1, 1)
    while day.year == _LEAP_YEAR:
        if a.covers(month=day.month, day=day.day) and b.covers(month=day.month, day=day.day):
            return day
        day = date.fromordinal(day.toordinal() + 1)
    return None
