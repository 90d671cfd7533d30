"""Business steps of trips and their reports.

``trip_clean`` / ``report_clean`` check the forms and add the policy's variables (``days``
of the trip, and for a report the ``scope`` of its trip); ``trip_sync`` keeps the ``Trip``
row, its report deadline, the head's delegation and the vehicle notice in step with the
submission; ``report_sync`` links a report to its trip while it stands.
"""

import datetime

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from forms.absence import absence_delegation_create
from forms.models import Submission
from portal.accounts.models import User
from portal.calendar.services import add_working_days
from portal.notifications.models import Notification
from portal.notifications.services import notify
from portal.org import roles
from portal.org.models import Position
from portal.org.selectors import user_is_head
from portal.org.services import delegation_revoke

from .models import Scope, Trip, TripSettings

GRANTED, STANDING = Submission.GRANTED, Submission.STANDING
# A unit head away longer than this names who runs the unit (domain.md §4).
HEAD_AWAY_DAYS = 2


def dmy(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _check_dates(form, cleaned_data: dict) -> int | None:
    start, end = cleaned_data.get("start_date"), cleaned_data.get("end_date")
    if start is None or end is None:
        return None
    if end < start:
        form.add_error("end_date", _("Ngày về không được trước ngày đi."))
        return None
    return (end - start).days + 1


def trip_clean(*, form, cleaned_data: dict) -> dict:
    days = _check_dates(form, cleaned_data)
    if days is None:
        return cleaned_data
    if cleaned_data["start_date"] < timezone.localdate():
        form.add_error(
            "start_date",
            _(
                "Ngày đi đã qua. Chuyến công tác đã đi mà chưa đăng ký thì nộp báo cáo kết "
                "quả công tác kèm thông tin chuyến đi."
            ),
        )
        return cleaned_data
    if cleaned_data.get("private") and cleaned_data.get("scope") != Scope.ABROAD:
        form.add_error("private", _("Chỉ chọn “việc riêng” cho chuyến đi nước ngoài."))
    handover = cleaned_data.get("handover_to") or ""
    if form.user is not None:
        if form.user.username in (cleaned_data.get("participants") or []):
            form.add_error("participants", _("Người đăng ký đã là người đi, không cần chọn lại."))
        if handover == form.user.username:
            form.add_error("handover_to", _("Không thể giao điều hành đơn vị cho chính mình."))
        elif (
            not handover
            and "handover_to" not in form.errors
            and days > HEAD_AWAY_DAYS
            and user_is_head(user=form.user)
        ):
            form.add_error(
                "handover_to",
                _("Trưởng đơn vị đi công tác trên 2 ngày phải chọn người điều hành đơn vị."),
            )
    cleaned_data["days"] = days
    return cleaned_data


def report_clean(*, form, cleaned_data: dict) -> dict:
    """A report names its trip, or carries the trip's own fields when it was not requested."""
    if "trip" in form.errors:
        return cleaned_data  # a trip that is not the user's to report: that error is enough
    trip_id = cleaned_data.get("trip")
    if trip_id:
        trip = Trip.objects.filter(submission_id=trip_id).first()
        if trip is None:
            return cleaned_data
        cleaned_data["trip"] = trip.pk
        cleaned_data.update(
            destination=trip.destination,
            scope=trip.scope,
            start_date=trip.start_date,
            end_date=trip.end_date,
            purpose=trip.submission.data.get("purpose", ""),
            days=trip.days,
        )
        return cleaned_data
    cleaned_data["trip"] = None
    for name in ("destination", "scope", "start_date", "end_date"):
        if not cleaned_data.get(name) and name not in form.errors:
            form.add_error(
                name, _("Báo cáo cho chuyến đi không đăng ký trên cổng cần thông tin này.")
            )
    days = _check_dates(form, cleaned_data)
    if days is not None:
        if cleaned_data["start_date"] > timezone.localdate():
            form.add_error("start_date", _("Chỉ báo cáo chuyến đi đã bắt đầu."))
        cleaned_data["days"] = days
    return cleaned_data


def trip_sync(*, submission: Submission) -> Trip | None:
    data = submission.data or {}
    if not all(data.get(k) for k in ("destination", "scope", "start_date", "end_date")):
        return None
    handover = None
    if data.get("handover_to"):
        handover = User.objects.filter(username=data["handover_to"]).first()
    trip, _created = Trip.objects.update_or_create(
        submission=submission,
        defaults={
            "user": submission.requester,
            "unit": submission.requester_unit,
            "destination": data["destination"][:255],
            "scope": data["scope"],
            "start_date": datetime.date.fromisoformat(data["start_date"]),
            "end_date": datetime.date.fromisoformat(data["end_date"]),
            "vehicle": bool(data.get("vehicle")),
            "private": bool(data.get("private")),
            "handover_to": handover,
        },
    )
    granted = submission.status in GRANTED
    if granted and trip.report_due is None:
        days = TripSettings.load().report_working_days
        trip.report_due = add_working_days(start=trip.end_date, days=days)
        trip.save(update_fields=["report_due"])
    elif not granted and trip.report_due is not None:
        trip.report_due = None
        trip.save(update_fields=["report_due"])
    _delegation_sync(trip, granted=granted)
    if granted and trip.vehicle and trip.vehicle_notified_at is None:
        _vehicle_notice(trip)
    return trip


def _delegation_sync(trip: Trip, *, granted: bool) -> None:
    submission = trip.submission
    head = (
        submission.requester_position is not None
        and submission.requester_position.level == Position.Level.HEAD
    )
    wanted = granted and head and trip.handover_to is not None and trip.days > HEAD_AWAY_DAYS
    if trip.delegation is not None:
        if not wanted and trip.delegation.revoked_at is None:
            delegation_revoke(delegation=trip.delegation)
        return
    if not wanted:
        return
    trip.delegation = absence_delegation_create(
        submission=submission,
        delegator=trip.user,
        delegate=trip.handover_to,
        start_date=trip.start_date,
        end_date=trip.end_date,
        reason=_("Đi công tác %(destination)s từ %(start)s đến %(end)s")
        % {
            "destination": trip.destination,
            "start": dmy(trip.start_date),
            "end": dmy(trip.end_date),
        },
        failure_title=_("Chưa tạo được ủy quyền trong thời gian đi công tác: %(title)s")
        % {"title": submission.title},
    )
    if trip.delegation is not None:
        trip.save(update_fields=["delegation"])


def _vehicle_notice(trip: Trip) -> None:
    group = Group.objects.filter(name=roles.GROUP_NAMES[roles.OFFICE]).first()
    users = list(group.user_set.filter(is_active=True)) if group else []
    notify(
        users=users,
        verb=Notification.Verb.NOTICE,
        title=_("Cần bố trí xe: %(title)s (%(start)s–%(end)s)")
        % {
            "title": trip.submission.title,
            "start": dmy(trip.start_date),
            "end": dmy(trip.end_date),
        },
        url=reverse("forms:submission_detail", args=[trip.submission_id]),
    )
    trip.vehicle_notified_at = timezone.now()
    trip.save(update_fields=["vehicle_notified_at"])


def report_sync(*, submission: Submission) -> None:
    """A standing report is its trip's report; a withdrawn or rejected one is not."""
    trip_id = (submission.data or {}).get("trip")
    if not trip_id:
        return
    trip = Trip.objects.filter(submission_id=trip_id).first()
    if trip is None:
        return
    if submission.status in STANDING:
        if trip.report_id != submission.pk:
            trip.report = submission
            trip.save(update_fields=["report"])
    elif trip.report_id == submission.pk:
        trip.report = None
        trip.save(update_fields=["report"])


def report_check(*, data: dict, requester: User, submission: Submission | None = None) -> None:
    """One standing report per trip, filed by the person who went."""
    from forms.services import SubmissionError

    trip_id = data.get("trip")
    if not trip_id:
        return
    trip = Trip.objects.select_for_update().filter(submission_id=trip_id).first()
    if trip is None or trip.user_id != requester.pk or trip.submission.status not in GRANTED:
        raise SubmissionError(_("Chỉ báo cáo được chuyến công tác đã được duyệt của chính bạn."))
    other = trip.report_id and trip.report_id != getattr(submission, "pk", None)
    if other and trip.report.status in STANDING:
        raise SubmissionError(
            _("Chuyến công tác này đã có báo cáo (đơn số %(id)s).") % {"id": trip.report_id}
        )
