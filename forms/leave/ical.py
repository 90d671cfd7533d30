"""iCalendar feeds of leave: a person's own leaves and the leaves of a unit's people.

Calendar apps cannot log in, so the secret token of ``CalendarFeed`` in the address is the
credential: it is looked up in the database (no comparison in Python that could leak its
prefix through timing), and a new token makes the old addresses stop working at once.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from icalendar import Calendar, Event

from portal.calendar.services import Session
from portal.org.selectors import unit_subtree

from .away import away_part, visible_units
from .ledger import DEDUCTING
from .models import CalendarFeed, Leave
from .selectors import STANDING, away_between
from .services import days_text, dmy

TIMEZONE = "Asia/Ho_Chi_Minh"
# How far back a feed reaches; calendar apps keep nothing the feed no longer lists.
PERSONAL_PAST_DAYS = 366
UNIT_PAST_DAYS = 92
FUTURE_YEARS = 3


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _parts(leave: Leave) -> str:
    """The half-day marks: sáng/chiều for one day; từ chiều, đến sáng for a longer leave."""
    if leave.start_date == leave.end_date:
        part = away_part(leave, leave.start_date)
        return {Session.MORNING: _("sáng"), Session.AFTERNOON: _("chiều")}.get(part, "")
    parts = []
    if leave.start_session == Session.AFTERNOON:
        parts.append(_("từ chiều"))
    if leave.end_session == Session.MORNING:
        parts.append(_("đến sáng"))
    return ", ".join(parts)


def event_summary(leave: Leave) -> str:
    values = {
        "name": leave.user.get_full_name() or leave.user.username,
        "type": _lower_first(leave.leave_type.name),
    }
    parts = _parts(leave)
    if parts:
        summary = _("Nghỉ phép (%(part)s): %(name)s (%(type)s)") % {**values, "part": parts}
    else:
        summary = _("Nghỉ phép: %(name)s (%(type)s)") % values
    if leave.submission.status not in DEDUCTING:
        summary = _("[%(status)s] %(summary)s") % {
            "status": leave.submission.get_status_display(),
            "summary": summary,
        }
    return summary


def event_description(leave: Leave, *, url: str, with_unit: bool) -> str:
    sessions = {key: _lower_first(str(label)) for key, label in Session.choices}
    if leave.start_date == leave.end_date:
        part = away_part(leave, leave.start_date)
        when = _("Ngày %(day)s, %(part)s.") % {
            "day": dmy(leave.start_date),
            "part": sessions[part] if part else _("cả ngày"),
        }
    else:
        when = _("Từ %(start_session)s %(start)s đến hết %(end_session)s %(end)s.") % {
            "start_session": sessions[leave.start_session],
            "start": dmy(leave.start_date),
            "end_session": sessions[leave.end_session],
            "end": dmy(leave.end_date),
        }
    lines = [
        when,
        _("Số ngày làm việc: %(days)s.") % {"days": days_text(leave.days)},
        _("Loại nghỉ: %(type)s.") % {"type": leave.leave_type.name},
    ]
    if with_unit:
        lines.append(_("Đơn vị: %(unit)s.") % {"unit": leave.unit.name})
    lines.append(_("Trạng thái: %(status)s.") % {"status": leave.submission.get_status_display()})
    lines.append(_("Xem đơn: %(url)s") % {"url": url})
    return "\n".join(lines)


def uid_host(request) -> str:
    """The portal's own host name, so an event keeps its UID whichever address fetched it."""
    configured = urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").hostname
    return configured or request.get_host().split(":")[0]


def build_calendar(*, request, name: str, leaves, for_others: bool) -> bytes:
    """A VCALENDAR of all-day events, one per leave (DTEND is the day after the last)."""
    calendar = Calendar()
    calendar.add("prodid", "-//So Cong Thuong//Cong bieu mau//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TIMEZONE)
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    host = uid_host(request)
    for leave in leaves:
        submission = leave.submission
        url = request.build_absolute_uri(reverse("forms:submission_detail", args=[submission.pk]))
        event = Event()
        event.add("uid", f"leave-{submission.pk}@{host}")
        event.add("dtstamp", submission.updated_at)
        event.add("last-modified", submission.updated_at)
        event.add("dtstart", leave.start_date)
        event.add("dtend", leave.end_date + datetime.timedelta(days=1))
        event.add("summary", event_summary(leave))
        event.add("description", event_description(leave, url=url, with_unit=for_others))
        event.add("url", url)
        granted = submission.status in DEDUCTING
        event.add("status", "CONFIRMED" if granted else "TENTATIVE")
        # Someone else's leave must not make the subscriber look busy.
        event.add("transp", "TRANSPARENT" if for_others else "OPAQUE")
        calendar.add_component(event)
    return calendar.to_ical()


def _feed_owner(token: str):
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    return feed.user


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # The address is a secret: no shared cache, no search engine, no referrer.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


# Cancelled, withdrawn and rejected leaves are left out rather than sent as STATUS:CANCELLED:
# subscribed calendars are replaced whole on every refresh, so a leave that disappears from
# the feed disappears from the app too, and the feed never has to keep dead leaves forever.
@require_GET
def ical_personal(request, token: str):
    owner = _feed_owner(token)
    since = timezone.localdate() - datetime.timedelta(days=PERSONAL_PAST_DAYS)
    leaves = (
        Leave.objects.filter(user=owner, submission__status__in=STANDING, end_date__gte=since)
        .select_related("user", "unit", "leave_type", "submission")
        .order_by("start_date")
    )
    name = _("Lịch nghỉ của %(name)s") % {"name": owner.get_full_name() or owner.username}
    body = build_calendar(request=request, name=name, leaves=leaves, for_others=False)
    return _ics(body, "ca-nhan.ics")


@require_GET
def ical_unit(request, token: str, code: str):
    owner = _feed_owner(token)
    units = visible_units(user=owner)
    unit = next((unit for unit, _depth in units if unit.code == code), None)
    if unit is None:  # 404, not 403: the address must not tell which units exist
        raise Http404
    today = timezone.localdate()
    leaves = away_between(
        start=today - datetime.timedelta(days=UNIT_PAST_DAYS),
        end=today.replace(year=today.year + FUTURE_YEARS, month=12, day=31),
        units=[node.pk for node, _depth in unit_subtree(units, unit.pk)],
    )
    name = _("Vắng mặt — %(unit)s") % {"unit": unit.name}
    body = build_calendar(request=request, name=name, leaves=leaves, for_others=True)
    return _ics(body, f"{unit.code}.ics")


def webcal(url: str) -> str:
    """The same address as webcal://, which phones open straight in their calendar app."""
    return "webcal://" + url.split("://", 1)[-1]


def feed_for(user) -> CalendarFeed:
    return CalendarFeed.objects.get_or_create(user=user)[0]


def feed_renew(*, user) -> CalendarFeed:
    """A new secret token: every address given out before stops working."""
    feed = feed_for(user)
    feed.token = CalendarFeed._meta.get_field("token").get_default()
    feed.save(update_fields=["token"])
    return feed


@login_required
@require_http_methods(["GET", "POST"])
def feeds_view(request):
    """Lịch của tôi: the addresses to paste into a calendar app, and a new token on demand."""
    if request.method == "POST":
        feed_renew(user=request.user)
        messages.success(request, _("Đã tạo địa chỉ mới. Các địa chỉ cũ không còn dùng được nữa."))
        return redirect("leave:feeds")
    feed = feed_for(request.user)
    personal = request.build_absolute_uri(reverse("leave:ical_personal", args=[feed.token]))
    unit_feeds = [
        {
            "unit": unit,
            "depth": depth,
            "url": request.build_absolute_uri(
                reverse("leave:ical_unit", args=[feed.token, unit.code])
            ),
        }
        for unit, depth in visible_units(user=request.user)
    ]
    return render(
        request,
        "leave/feeds.html",
        {"personal_url": personal, "personal_webcal": webcal(personal), "unit_feeds": unit_feeds},
    )
