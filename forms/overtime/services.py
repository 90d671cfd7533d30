"""Business steps of an overtime registration: check the form, apply the caps, keep rows.

``overtime_clean`` (in the form) keeps the work outside office hours and in the future;
``overtime_check`` (in the storing transaction, participants' rows locked) applies the legal
caps to each participant, counting their pending and approved registrations;
``overtime_sync`` keeps one ``OvertimeEntry`` per participant in step with the submission.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from forms.models import Submission
from forms.services import SubmissionError
from portal.accounts.models import User

from .hours import (
    DAY_OFF,
    HOLIDAY,
    day_kind,
    hours_between,
    normal_hours,
    office_clash,
    office_hours_text,
    span_of,
    split_by_day,
)
from .models import OvertimeEntry, OvertimeSettings

STANDING = Submission.STANDING


def dmy(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def hours_text(hours: Decimal) -> str:
    return formats.number_format(hours.normalize() if hours else 0)


def overtime_clean(*, form, cleaned_data: dict) -> dict:
    """Outside office hours, in advance (or late with a reason when allowed); adds ``hours``."""
    day, start, end = (cleaned_data.get(k) for k in ("date", "start_time", "end_time"))
    if day is None or start is None or end is None:
        return cleaned_data
    if start == end:
        form.add_error("end_time", _("Giờ kết thúc phải khác giờ bắt đầu."))
        return cleaned_data
    begin, finish = span_of(day, start, end)
    clash = office_clash(begin, finish)
    if clash is not None:
        clash_day, hours = clash
        form.add_error(
            "start_time",
            _(
                "Ngày %(day)s là ngày làm việc, giờ hành chính %(hours)s: chỉ đăng ký làm "
                "ngoài giờ ngoài các khoảng này."
            )
            % {"day": dmy(clash_day), "hours": office_hours_text(hours)},
        )
        return cleaned_data
    settings = OvertimeSettings.load()
    if begin < timezone.now():
        if not settings.allow_late:
            form.add_error("start_time", _("Phải đăng ký trước khi làm; thời gian này đã qua."))
            return cleaned_data
        if not (cleaned_data.get("late_reason") or "").strip():
            form.add_error(
                "late_reason", _("Đăng ký cho thời gian đã qua cần ghi lý do đăng ký muộn.")
            )
            return cleaned_data
    participants = cleaned_data.get("participants") or []
    if not participants and form.user is not None:
        participants = [form.user.username]
    cleaned_data["participants"] = list(participants)
    # Stored as the contract writes them: HH:MM.
    cleaned_data["start_time"], cleaned_data["end_time"] = f"{start:%H:%M}", f"{end:%H:%M}"
    each = float(hours_between(begin, finish))
    cleaned_data["hours"] = {username: each for username in participants}
    return cleaned_data


def _used(user: User, exclude: Submission | None):
    """Hours already registered by ``user`` (pending or granted), per day, from his rows."""
    rows = OvertimeEntry.objects.filter(user=user, submission__status__in=STANDING)
    if exclude is not None:
        rows = rows.exclude(submission=exclude)
    per_day: dict[datetime.date, Decimal] = defaultdict(Decimal)
    for row in rows:
        for day, hours in split_by_day(*row.effective_span):
            per_day[day] += hours
    return per_day


def _cap_error(user: User, message: str, **values) -> SubmissionError:
    name = user.get_full_name() or user.username
    return SubmissionError(f"{name}: " + message % values)


def overtime_check(*, data: dict, requester: User, submission: Submission | None = None) -> None:
    """Each participant stays within the day, month and year caps of the settings."""
    usernames = sorted(data.get("participants") or [])
    people = list(User.objects.select_for_update().filter(username__in=usernames).order_by("pk"))
    settings = OvertimeSettings.load()
    begin, finish = span_of(
        datetime.date.fromisoformat(data["date"]),
        datetime.time.fromisoformat(data["start_time"]),
        datetime.time.fromisoformat(data["end_time"]),
    )
    new_parts = split_by_day(begin, finish)
    for person in people:
        used = _used(person, submission)
        for day, hours in new_parts:
            if day_kind(day) in (DAY_OFF, HOLIDAY):
                cap = settings.max_day_off
            else:
                cap = settings.max_working_day_total - normal_hours(day)
            if used[day] + hours > cap:
                raise _cap_error(
                    person,
                    _(
                        "ngày %(day)s chỉ được làm thêm tối đa %(cap)s giờ; đã đăng ký "
                        "%(used)s giờ, đơn này thêm %(hours)s giờ."
                    ),
                    day=dmy(day),
                    cap=hours_text(cap),
                    used=hours_text(used[day]),
                    hours=hours_text(hours),
                )
        periods = (
            (settings.max_month, lambda d: (d.year, d.month), _("tháng %(period)s")),
            (settings.max_year, lambda d: (d.year,), _("năm %(period)s")),
        )
        for cap, key, label in periods:
            for ref in sorted({key(d) for d, _h in new_parts}):
                already = sum((h for d, h in used.items() if key(d) == ref), Decimal(0))
                adding = sum((h for d, h in new_parts if key(d) == ref), Decimal(0))
                if already + adding > cap:
                    period = "/".join(f"{n:02d}" for n in reversed(ref))
                    raise _cap_error(
                        person,
                        _(
                            "%(period)s chỉ được làm thêm tối đa %(cap)s giờ; đã đăng ký "
                            "%(used)s giờ, đơn này thêm %(hours)s giờ."
                        ),
                        period=label % {"period": period},
                        cap=hours_text(cap),
                        used=hours_text(already),
                        hours=hours_text(adding),
                    )


def overtime_sync(*, submission: Submission) -> None:
    """One row per participant, with the registration's planned time and place."""
    data = submission.data or {}
    if not all(data.get(k) for k in ("date", "start_time", "end_time")):
        return
    begin, finish = span_of(
        datetime.date.fromisoformat(data["date"]),
        datetime.time.fromisoformat(data["start_time"]),
        datetime.time.fromisoformat(data["end_time"]),
    )
    people = {u.username: u for u in User.objects.filter(username__in=data.get("participants", []))}
    OvertimeEntry.objects.filter(submission=submission).exclude(
        user__username__in=list(people)
    ).delete()
    for person in people.values():
        entry, created = OvertimeEntry.objects.get_or_create(
            submission=submission,
            user=person,
            defaults={
                "unit": submission.requester_unit,
                "date": begin.date(),
                "start": begin,
                "end": finish,
                "location": data.get("location", "")[:255],
            },
        )
        if not created and (entry.start, entry.end) != (begin, finish):
            entry.date, entry.start, entry.end = begin.date(), begin, finish
            entry.location = data.get("location", "")[:255]
            entry.save(update_fields=["date", "start", "end", "location"])
