"""Overdue reminders, sent by ``manage.py run_timers`` from cron."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forms.models import ApprovalStep
from portal.calendar.services import is_working_day
from portal.notifications.models import Notification
from portal.notifications.services import notify

from .selectors import step_recipients
from .services import task_url

State = ApprovalStep.State


@transaction.atomic
def overdue_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind the actor of each overdue step once a day; safe to run every few minutes."""
    today = today or timezone.localdate()
    if not is_working_day(day=today):
        return 0  # nobody reads work mail on a day off; Monday's run catches up
    sent = 0
    overdue = ApprovalStep.objects.filter(state=State.ACTIVE, due_date__lt=today).exclude(
        reminded_on=today
    )
    for step in overdue.select_related("submission"):
        # The conditional update claims the reminder, so two timer runs never both send it.
        if (
            ApprovalStep.objects.filter(pk=step.pk)
            .exclude(reminded_on=today)
            .update(reminded_on=today)
        ):
            notify(
                users=step_recipients(step),
                verb=Notification.Verb.OVERDUE,
                title=_("Quá hạn xử lý (%(due)s): %(title)s")
                % {"due": step.due_date.strftime("%d/%m/%Y"), "title": step.submission.title},
                url=task_url(step),
            )
            sent += 1
    return sent
