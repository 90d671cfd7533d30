"""The weekly digest (``run_timers``): each head and Văn phòng hear what is overdue in their
scope, on the first working day of the week, once (``DigestSent`` is claimed first).

A digest lists counts and the oldest overdue tasks; feedback stays a count, never a title.
Nobody with nothing overdue gets a digest.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.calendar.services import is_working_day
from portal.notifications.models import Notification
from portal.notifications.services import notify
from portal.org import roles
from portal.org.models import Membership, Position
from portal.org.selectors import unit_tree

from .access import dashboard_access, dashboard_scope
from .models import DigestSent
from .selectors import active_steps, overdue_feedback, overdue_trip_reports

LISTED = 10  # the oldest overdue tasks named in the digest; the dashboard has the rest


def _first_working_day_of_week(today: datetime.date) -> bool:
    monday = today - datetime.timedelta(days=today.weekday())
    day = monday
    while day < today:
        if is_working_day(day=day):
            return False
        day += datetime.timedelta(days=1)
    return is_working_day(day=today)


def digest_recipients() -> list[User]:
    """Văn phòng, the Sở's leaders and every unit head."""
    heads = Membership.objects.active().filter(
        position__level__in=[Position.Level.HEAD, Position.Level.DEPUTY]
    )
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(groups__name=roles.GROUP_NAMES[roles.OFFICE]) | Q(pk__in=heads.values("user_id")))
        .distinct()
    )


def _body(*, steps, count: int, reports: int, feedback: dict | None) -> str:
    lines = [_("Việc quá hạn xử lý: %(count)d.") % {"count": count}]
    for step in steps:
        actor = step.acting or step.approver
        who = (
            (actor.get_full_name() or actor.username)
            if actor
            else (step.group.name if step.group else "—")
        )
        lines.append(
            _("- %(title)s — %(who)s, hạn %(due)s")
            % {
                "title": step.submission.title,
                "who": who,
                "due": step.due_date.strftime("%d/%m/%Y"),
            }
        )
    if count > len(steps):
        lines.append(_("… và %(more)d việc khác.") % {"more": count - len(steps)})
    lines.append(_("Báo cáo kết quả công tác quá hạn: %(count)d.") % {"count": reports})
    if feedback is not None:
        lines.append(
            _("Góp ý, kiến nghị quá hạn trả lời: %(count)d.") % {"count": feedback["total"]}
        )
    return "\n".join(lines)


def dashboard_digest_send(*, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    if not _first_working_day_of_week(today):
        return 0
    week = today - datetime.timedelta(days=today.weekday())
    already = set(DigestSent.objects.filter(week=week).values_list("user_id", flat=True))
    tree = unit_tree()
    sent = 0
    for user in digest_recipients():
        if user.pk in already:
            continue
        access = dashboard_access(user=user)
        if access is None:
            continue  # a deputy of a unit other than the Sở: his head gets it
        scope = dashboard_scope(access=access, tree=tree)
        overdue = active_steps(scope=scope).filter(due_date__lt=today)
        count = overdue.count()
        reports = len(overdue_trip_reports(scope=scope, today=today))
        feedback = overdue_feedback(scope=scope, today=today)
        if not count and not reports and not (feedback and feedback["total"]):
            continue
        steps = list(
            overdue.select_related("submission", "approver", "acting", "group").order_by(
                "due_date", "pk"
            )[:LISTED]
        )
        try:
            with transaction.atomic():
                DigestSent.objects.create(user=user, week=week, sent_on=today)
                notify(
                    users=[user],
                    # Not OVERDUE: that verb is the per-task reminder, this a weekly summary.
                    verb=Notification.Verb.NOTICE,
                    title=_("Việc quá hạn trong tuần %(week)s")
                    % {"week": week.strftime("%d/%m/%Y")},
                    body=_body(steps=steps, count=count, reports=reports, feedback=feedback),
                    url=reverse("dashboard:index"),
                )
        except IntegrityError:
            continue  # another run claimed this person's digest first
        sent += 1
    return sent
