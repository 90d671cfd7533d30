from collections.abc import Iterable

from django.db import transaction

from portal.accounts.models import User

from .models import Notification


def notify(
    *, users: Iterable[User], verb: str, title: str, body: str = "", url: str = ""
) -> list[Notification]:
    """Bell notices now; e-mails off the request path once the transaction commits."""
    from .tasks import notification_email_send

    created = [
        Notification.objects.create(user=user, verb=verb, title=title, body=body, url=url)
        for user in {u.pk: u for u in users if u is not None and u.is_active}.values()
    ]
    for notification in created:
        transaction.on_commit(
            lambda pk=notification.pk: notification_email_send.enqueue(pk), robust=True
        )
    return created


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    from django.utils import timezone

    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
