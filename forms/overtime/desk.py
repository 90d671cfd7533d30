"""The security desk (bàn bảo vệ): tonight's approved overtime, with arrival and departure.

Members of the Bảo vệ and Văn phòng groups (and superusers) open ``/ngoai-gio/bao-ve/``. It
lists the participants of approved (or recorded) registrations whose planned time touches
today and tonight — from today 00:00 to tomorrow ``NIGHT_ENDS`` — and those who arrived
yesterday and whose departure is still missing. A guard records the arrival and the departure
(now, or a time he types when he records late); a second click never overwrites a time.
The participant or the head later confirms the actual times (``actual.py``).
"""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forms.models import Submission
from portal.accounts.models import User
from portal.org.selectors import user_post

from .hours import tz
from .models import OvertimeEntry

# "Tonight" ends at this hour of tomorrow morning; later work belongs to tomorrow's list.
NIGHT_ENDS = datetime.time(6, 0)
# An arrival is recorded from this long before the planned start (a tap on the wrong row of
# a later registration is refused rather than stored for good).
EARLY_ARRIVAL = datetime.timedelta(hours=2)
# How far back a started work whose departure was not recorded stays on the list.
OPEN_LOOKBACK = datetime.timedelta(days=1)
DESK_STATUSES = (Submission.Status.APPROVED, Submission.Status.RECORDED)
# The refresh period of the page, in seconds (templates/overtime/desk.html).
REFRESH_SECONDS = 60
ARRIVAL, DEPARTURE = "arrival", "departure"
ARRIVAL_KW, DEPARTURE_KW = {"what": ARRIVAL}, {"what": DEPARTURE}  # for urls.py


class DeskError(Exception):
    """A time the desk refuses to record; the message is for the guard."""


def may_use_desk(*, user: User) -> bool:
    """Bảo vệ, Văn phòng and superusers; asked by the menu on every page, so it reads the
    request's one ``user_post`` answer."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    post = user_post(user=user)
    return post is not None and (post["security"] or post["office"])


def desk_window(*, now: datetime.datetime | None = None):
    """(today 00:00, tomorrow NIGHT_ENDS), local time."""
    today = timezone.localtime(now or timezone.now(), tz()).date()
    start = datetime.datetime.combine(today, datetime.time(0), tzinfo=tz())
    end = datetime.datetime.combine(today + datetime.timedelta(days=1), NIGHT_ENDS, tzinfo=tz())
    return start, end


def desk_entries(*, now: datetime.datetime | None = None):
    """Granted entries touching the window, and yesterday's still open (arrived, not left)."""
    start, end = desk_window(now=now)
    still_open = Q(
        arrived_at__isnull=False,
        left_at__isnull=True,
        start__gte=start - OPEN_LOOKBACK,
        start__lt=end,
    )
    return (
        OvertimeEntry.objects.filter(submission__status__in=DESK_STATUSES)
        .filter(Q(start__lt=end, end__gt=start) | still_open)
        .select_related("user", "unit", "recorded_by")
        .order_by("start", "user__last_name", "user__first_name", "pk")
    )


def clock(moment: datetime.datetime | None, today: datetime.date) -> str:
    """HH:MM, with the day when it is not today: "23:30", "01:00 24/11"."""
    if moment is None:
        return ""
    local = timezone.localtime(moment, tz())
    return f"{local:%H:%M}" if local.date() == today else f"{local:%H:%M %d/%m}"


@dataclass
class DeskRow:
    entry: OvertimeEntry
    name: str
    planned: str
    arrived: str
    left: str
    state: str  # "waiting", "absent" (planned end passed), "working", "overdue", "left"
    from_yesterday: bool


def desk_rows(*, now: datetime.datetime | None = None) -> list[DeskRow]:
    now = now or timezone.now()
    today = timezone.localtime(now, tz()).date()
    rows = []
    for entry in desk_entries(now=now):
        if entry.left_at:
            state = "left"
        elif entry.arrived_at:
            state = "working" if now < entry.end else "overdue"
        else:
            state = "absent" if entry.end <= now else "waiting"
        rows.append(
            DeskRow(
                entry=entry,
                name=entry.user.get_full_name() or entry.user.username,
                planned=f"{clock(entry.start, today)}–{clock(entry.end, today)}",
                arrived=clock(entry.arrived_at, today),
                left=clock(entry.left_at, today),
                state=state,
                from_yesterday=timezone.localtime(entry.start, tz()).date() < today,
            )
        )
    return rows


def typed_moment(text: str, *, now: datetime.datetime) -> datetime.datetime:
    """The last HH:MM not after now (a guard recording late at 00:10 types 23:50)."""
    try:
        typed = datetime.time.fromisoformat(text.strip())
    except ValueError:
        raise DeskError(_("Giờ phải có dạng HH:MM, ví dụ 18:05.")) from None
    local = timezone.localtime(now, tz())
    moment = datetime.datetime.combine(local.date(), typed.replace(second=0), tzinfo=tz())
    if moment > local:
        moment -= datetime.timedelta(days=1)
    return moment


def desk_record(
    *,
    entry_id: int,
    user: User,
    what: str,
    at: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> tuple[OvertimeEntry, bool]:
    """Record an arrival or a departure; (entry, False) when it was recorded already."""
    now = now or timezone.now()
    at = (at or now).replace(second=0, microsecond=0)
    if at > now:
        raise DeskError(_("Không ghi được giờ chưa đến."))
    with transaction.atomic():
        if not desk_entries(now=now).filter(pk=entry_id).exists():
            raise Http404
        entry = OvertimeEntry.objects.select_for_update().select_related("user").get(pk=entry_id)
        name = entry.user.get_full_name() or entry.user.username
        if what == ARRIVAL:
            if entry.arrived_at:
                return entry, False
            if at < entry.start - EARLY_ARRIVAL:
                raise DeskError(
                    _("Chưa đến giờ làm thêm của %(name)s (bắt đầu %(start)s).")
                    % {
                        "name": name,
                        "start": clock(entry.start, timezone.localtime(at, tz()).date()),
                    }
                )
            if entry.left_at and at >= entry.left_at:
                raise DeskError(_("Giờ đến phải trước giờ về đã ghi."))
            entry.arrived_at = at
        else:
            if entry.left_at:
                return entry, False
            if entry.arrived_at is None:
                raise DeskError(
                    _("Chưa ghi giờ đến của %(name)s: hãy ghi giờ đến trước.") % {"name": name}
                )
            if at <= entry.arrived_at:
                raise DeskError(
                    _("Giờ về (%(left)s) phải sau giờ đến (%(arrived)s) của %(name)s.")
                    % {
                        "left": f"{timezone.localtime(at, tz()):%H:%M}",
                        "arrived": f"{timezone.localtime(entry.arrived_at, tz()):%H:%M}",
                        "name": name,
                    }
                )
            entry.left_at = at
        entry.recorded_by = user
        entry.save(update_fields=["arrived_at", "left_at", "recorded_by"])
    return entry, True


def _forbidden(request):
    return render(request, "overtime/desk_not_allowed.html", status=403)


@login_required
def desk_view(request):
    if not may_use_desk(user=request.user):
        return _forbidden(request)
    now = timezone.now()
    start, end = desk_window(now=now)
    return render(
        request,
        "overtime/desk.html",
        {
            "rows": desk_rows(now=now),
            "today": start.date(),
            "night_ends": end,
            "now": now,
            "refresh_seconds": REFRESH_SECONDS,
        },
    )


@login_required
@require_POST
def desk_record_view(request, pk: int, what: str):
    if not may_use_desk(user=request.user):
        return _forbidden(request)
    now = timezone.now()
    try:
        at = typed_moment(request.POST["time"], now=now) if request.POST.get("time") else None
        entry, recorded = desk_record(entry_id=pk, user=request.user, what=what, at=at, now=now)
    except DeskError as exc:
        # To the top, where the message is; after a success the row itself shows the time.
        messages.error(request, str(exc))
        return redirect("overtime:desk")
    moment = entry.arrived_at if what == ARRIVAL else entry.left_at
    values = {
        "name": entry.user.get_full_name() or entry.user.username,
        "time": f"{timezone.localtime(moment, tz()):%H:%M}",
    }
    if what == ARRIVAL:
        done = _("Đã ghi giờ đến của %(name)s: %(time)s.")
        again = _("Giờ đến của %(name)s đã được ghi lúc %(time)s; không ghi lại.")
    else:
        done = _("Đã ghi giờ về của %(name)s: %(time)s.")
        again = _("Giờ về của %(name)s đã được ghi lúc %(time)s; không ghi lại.")
    if recorded:
        messages.success(request, done % values)
    else:
        messages.warning(request, again % values)
    return redirect(f"{reverse('overtime:desk')}#gio-{pk}")
