from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestSent(models.Model):
    """One weekly digest per person and week, claimed before it is sent (overlapping timer
    runs never send two)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(_("tuần (thứ Hai)"))
    sent_on = models.DateField(_("ngày gửi"))

    class Meta:
        verbose_name = _("bản tin việc quá hạn")
        verbose_name_plural = _("bản tin việc quá hạn")
        constraints = [models.UniqueConstraint(fields=["user", "week"], name="digest_once_a_week")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.week:%d/%m/%Y}"
