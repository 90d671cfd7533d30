from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from .models import Notification


@task()
def notification_email_send(notification_id: int) -> None:
    """Mail one notification once: a retried job finds ``emailed_at`` set and stops."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at or not notification.user.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "notification": notification,
            "user": notification.user,
            "link": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + notification.url,
        }
        body = render_to_string("notifications/email.txt", context)
        send_mail(
            subject=f"[Cổng biểu mẫu] {notification.title}",
            message=body,
            from_email=None,
            recipient_list=[notification.user.email],
        )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
