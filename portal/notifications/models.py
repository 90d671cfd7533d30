from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An in-app notice (the bell); the same event is also e-mailed after commit."""

    class Verb(models.TextChoices):
        ASSIGNED = "assigned", _("Có việc cần xử lý")
        DECIDED = "decided", _("Có ý kiến xử lý")
        RETURNED = "returned", _("Đơn bị trả lại")
        APPROVED = "approved", _("Đơn đã được phê duyệt")
        REJECTED = "rejected", _("Đơn không được phê duyệt")
        RECORDED = "recorded", _("Đơn đã được ghi nhận")
        NOTICE = "notice", _("Thông báo")
        OVERDUE = "overdue", _("Việc quá hạn")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    verb = models.CharField(max_length=20, choices=Verb.choices)
    title = models.CharField(max_length=255)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")

    def __str__(self) -> str:
        return self.title
