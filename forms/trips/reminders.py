"""The post-trip report deadline: what the requester has to file now, and its reminders.

``trip_report_reminders_send`` runs from ``manage.py run_timers`` (cron, every few minutes).
On a working day it reminds the requester of each report due that day, and once a report
is overdue (the first working day after its deadline) it tells the requester, the head of
the trip's unit and Văn phòng (domain.md §4: heads chase their staff's reports, Văn phòng
tracks them). Each notice is claimed by a conditional update of ``Trip.reminded_on`` /
``Trip.overdue_notified_on`` before it is sent, so overlapping runs never send it twice.
A report that stands (pending, returned, granted) stops both; a withdrawn or rejected one
makes the trip due again (``selectors.reports_due``).
"""

import datetime

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forms.selectors import submission_visible_to
from portal.accounts.models import User
from portal.calendar.services import is_working_day
from portal.notifications.models import Notification
from portal.notifications.services import notify
from portal.org import roles
from portal.org.selectors import effective_unit_head

from .models import Trip
from .selectors import reports_due
from .services import dmy


def reports_to_file(*, user: User, today: datetime.date | None = None) -> QuerySet[Trip]:
    """The person's trips that have ended and still wait for their report, soonest due first."""
    today = today or timezone.localdate()
    return reports_due(user=user).filter(end_date__lte=today)


def _trip_url(trip: Trip) -> str:
    return reverse("forms:submission_detail", args=[trip.submission_id])


def _claim(trip: Trip, field: str, today: datetime.date) -> bool:
    """Mark the notice as sent today unless another run already did; True if this run did."""
    unclaimed = Trip.objects.filter(pk=trip.pk)
    if field == "reminded_on":
        unclaimed = unclaimed.exclude(reminded_on=today)
    else:
        unclaimed = unclaimed.filter(overdue_notified_on__isnull=True)
    return bool(unclaimed.update(**{field: today}))


def _office_members() -> list[User]:
    group = Group.objects.filter(name=roles.GROUP_NAMES[roles.OFFICE]).first()
    return list(group.user_set.filter(is_active=True)) if group else []


def _facts(trip: Trip) -> str:
    return _(
        "Người đi công tác: %(name)s (%(unit)s). Chuyến đi %(destination)s từ %(start)s đến "
        "%(end)s. Hạn nộp báo cáo: %(due)s."
    ) % {
        "name": trip.user.get_full_name() or trip.user.username,
        "unit": trip.unit.name,
        "destination": trip.destination,
        "start": dmy(trip.start_date),
        "end": dmy(trip.end_date),
        "due": dmy(trip.report_due),
    }


def _remind_due(trip: Trip) -> None:
    notify(
        users=[trip.user],
        verb=Notification.Verb.NOTICE,
        title=_("Hôm nay là hạn nộp báo cáo kết quả công tác: %(title)s")
        % {"title": trip.submission.title},
        body=_facts(trip),
        url=_trip_url(trip),
    )


def _notify_overdue(trip: Trip, today: datetime.date) -> None:
    title = _("Quá hạn nộp báo cáo kết quả công tác (hạn %(due)s): %(title)s") % {
        "due": dmy(trip.report_due),
        "title": trip.submission.title,
    }
    body = _facts(trip)
    head = effective_unit_head(unit=trip.unit, on=today)
    others = [u for u in [head, *_office_members()] if u is not None and u.pk != trip.user_id]
    # The trip's page is linked for those allowed to open it; the others get the facts alone.
    readers = [trip.user]
    strangers = []
    for user in {u.pk: u for u in others}.values():
        can_read = submission_visible_to(user=user, submission=trip.submission)
        (readers if can_read else strangers).append(user)
    notify(
        users=readers, verb=Notification.Verb.OVERDUE, title=title, body=body, url=_trip_url(trip)
    )
    if strangers:
        notify(users=strangers, verb=Notification.Verb.OVERDUE, title=title, body=body)


@transaction.atomic
def trip_report_reminders_send(*, today: datetime.date | None = None) -> dict:
    """Due-day reminders and overdue notices of post-trip reports; safe to run every few minutes.

    Returns ``{"reminded": …, "overdue": …}``: how many trips got each notice in this run.
    """
    today = today or timezone.localdate()
    counts = {"reminded": 0, "overdue": 0}
    if not is_working_day(day=today):
        return counts  # a deadline on a day off is noticed on the next working day
    due = reports_due()
    for trip in due.filter(report_due=today).exclude(reminded_on=today):
        if _claim(trip, "reminded_on", today):
            _remind_due(trip)
            counts["reminded"] += 1
    for trip in due.filter(report_due__lt=today, overdue_notified_on__isnull=True):
        if _claim(trip, "overdue_notified_on", today):
            _notify_overdue(trip, today)
            counts["overdue"] += 1
    return counts
