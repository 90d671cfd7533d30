"""The handlers' daily digest of new feedback (run by ``run_timers``).

A notice sent the moment a case arrives would carry the time of the sending; a digest sent
once a day by the timer carries only the day, as the case itself does.
"""

from collections import Counter

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from portal.calendar.services import is_working_day
from portal.notifications.models import Notification
from portal.notifications.services import notify

from .handling import handlers_for
from .models import FeedbackCase


@transaction.atomic
def feedback_digest_send(*, today=None) -> int:
    """Tell each recipient's handlers how many cases arrived since the last digest."""
    today = today or timezone.localdate()
    if not is_working_day(day=today):
        return 0
    fresh = list(FeedbackCase.objects.select_for_update().filter(handlers_told_on__isnull=True))
    counts = Counter(case.recipient for case in fresh)
    for recipient, count in counts.items():
        notify(
            users=handlers_for(recipient=recipient),
            verb=Notification.Verb.ASSIGNED,
            title=ngettext(
                "Có %(count)s góp ý, kiến nghị, phản ánh mới cần xử lý",
                "Có %(count)s góp ý, kiến nghị, phản ánh mới cần xử lý",
                count,
            )
            % {"count": count},
            url=reverse("feedback_handling:list"),
        )
    FeedbackCase.objects.filter(pk__in=[c.pk for c in fresh]).update(handlers_told_on=today)
    return len(fresh)
