"""Business steps of a leave: check the form, check against other leaves, keep records.

``leave_clean`` runs in the form (the browser and the API get field errors), ``leave_check``
in the transaction that stores the submission, under a lock on the requester, so two
requests sent at once cannot overlap or spend the same days. ``leave_sync`` follows every
change of the submission (signal ``forms.signals.submission_changed``).
"""

import datetime
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from forms.absence import absence_delegation_create
from forms.models import Submission
from forms.services import SubmissionError
from portal.accounts.models import User
from portal.calendar.services import Session, count_working_days
from portal.org.models import Position
from portal.org.selectors import user_is_head
from portal.org.services import delegation_revoke

from .ledger import DEDUCTING, leave_balance, leave_settings, ledger_sync
from .models import Leave, LeaveType
from .selectors import leave_type_by_code, leaves_overlapping

ORDER = {Session.MORNING: 0, Session.AFTERNOON: 1}
CORE = ("leave_type", "start_date", "start_session", "end_date", "end_session")
# The longest span one request may cover (calendar days, both ends included).
MAX_SPAN_DAYS = 366


def dmy(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def days_text(days: Decimal) -> str:
    return formats.number_format(days.normalize() if days else 0)


def leave_clean(*, form, cleaned_data: dict) -> dict:
    """Check the leave fields together and add ``days``, the working days taken."""
    # Left out (an API client), the sessions mean whole days: from the morning, to the evening.
    for name, default in (("start_session", Session.MORNING), ("end_session", Session.AFTERNOON)):
        if not cleaned_data.get(name) and name not in form.errors:
            cleaned_data[name] = default.value
    if any(cleaned_data.get(name) in (None, "") for name in CORE):
        return cleaned_data  # a missing field already has its own error
    leave_type = leave_type_by_code(cleaned_data["leave_type"])
    start = (cleaned_data["start_date"], ORDER[cleaned_data["start_session"]])
    end = (cleaned_data["end_date"], ORDER[cleaned_data["end_session"]])
    if end < start:
        form.add_error("end_date", _("Thời điểm kết thúc nghỉ không được trước thời điểm bắt đầu."))
        return cleaned_data
    if (end[0] - start[0]).days >= MAX_SPAN_DAYS:
        # Counting working days walks every day: 0001 → 9999 kept a worker busy for minutes.
        form.add_error(
            "end_date",
            _("Một đơn nghỉ không được dài quá %(days)s ngày; hãy kiểm tra lại ngày nghỉ.")
            % {"days": MAX_SPAN_DAYS},
        )
        return cleaned_data
    days = count_working_days(
        start_date=start[0],
        start_session=cleaned_data["start_session"],
        end_date=end[0],
        end_session=cleaned_data["end_session"],
    )
    if days == 0:
        form.add_error(
            "start_date",
            _(
                "Từ %(start)s đến %(end)s không có ngày làm việc nào (chỉ có ngày nghỉ, lễ, "
                "Tết), nên không cần xin nghỉ."
            )
            % {"start": dmy(start[0]), "end": dmy(end[0])},
        )
        return cleaned_data
    if leave_type.max_days is not None and days > leave_type.max_days:
        form.add_error(
            "end_date",
            _(
                "%(type)s được nghỉ tối đa %(max)s ngày làm việc; khoảng thời gian đã chọn "
                "là %(days)s ngày."
            )
            % {
                "type": leave_type.name,
                "max": days_text(leave_type.max_days),
                "days": days_text(days),
            },
        )
    attachment = form.fields.get("attachment")
    kept = getattr(attachment, "kept", False)
    if leave_type.requires_attachment and not cleaned_data.get("attachment") and not kept:
        form.add_error(
            "attachment",
            _("%(type)s cần đính kèm giấy tờ chứng minh.") % {"type": leave_type.name},
        )
    handover = cleaned_data.get("handover_to") or ""
    if form.user is not None:
        if handover == form.user.username:
            form.add_error("handover_to", _("Không thể bàn giao công việc cho chính mình."))
        elif (
            not handover
            and "handover_to" not in form.errors
            and days >= 1
            and user_is_head(user=form.user)
        ):
            form.add_error(
                "handover_to",
                _("Trưởng đơn vị nghỉ từ 1 ngày trở lên phải chọn người nhận bàn giao công việc."),
            )
    cleaned_data["days"] = days
    return cleaned_data


def _span(data: dict) -> tuple[tuple, tuple]:
    return (
        (datetime.date.fromisoformat(data["start_date"]), ORDER[data["start_session"]]),
        (datetime.date.fromisoformat(data["end_date"]), ORDER[data["end_session"]]),
    )


def leave_check(*, data: dict, requester: User, submission: Submission | None = None) -> None:
    """Refuse a leave overlapping another standing one, or beyond the annual balance."""
    # Serialise one person's requests: the second waits, then sees the first's reservation.
    User.objects.select_for_update().filter(pk=requester.pk).first()
    span = _span(data)
    clash = next(iter(leaves_overlapping(user=requester, span=span, exclude=submission)), None)
    if clash is not None:
        raise SubmissionError(
            _(
                "Bạn đã có đơn nghỉ từ %(start)s đến %(end)s (%(status)s) trùng với thời gian "
                "này. Hãy chọn thời gian khác hoặc rút đơn kia trước."
            )
            % {
                "start": dmy(clash.start_date),
                "end": dmy(clash.end_date),
                "status": clash.submission.get_status_display().lower(),
            }
        )
    leave_type = leave_type_by_code(data["leave_type"])
    if leave_type is None:
        raise LeaveType.DoesNotExist(data["leave_type"])
    if not leave_type.uses_balance:
        return
    days = Decimal(str(data["days"]))
    year = span[0][0].year
    balance = leave_balance(user=requester, year=year, exclude=submission)
    allowance = leave_settings().negative_allowance
    if balance.available - days < -allowance:
        message = _(
            "Không đủ ngày phép năm %(year)s: bạn còn %(left)s ngày, đơn này cần %(days)s ngày."
        ) % {"year": year, "left": days_text(balance.available), "days": days_text(days)}
        if allowance:
            message += " " + _("Được nghỉ trước tối đa %(n)s ngày.") % {"n": days_text(allowance)}
        raise SubmissionError(message)


def leave_sync(*, submission: Submission) -> Leave | None:
    """Keep the leave's dates, its balance holds and the head's delegation in step."""
    data = submission.data or {}
    leave_type = leave_type_by_code(data.get("leave_type"))
    if leave_type is None or any(not data.get(name) for name in CORE) or "days" not in data:
        return None
    span = _span(data)
    handover = None
    if data.get("handover_to"):
        handover = User.objects.filter(username=data["handover_to"]).first()
    leave, _created = Leave.objects.update_or_create(
        submission=submission,
        defaults={
            "user": submission.requester,
            "unit": submission.requester_unit,
            "leave_type": leave_type,
            "start_date": span[0][0],
            "start_session": data["start_session"],
            "end_date": span[1][0],
            "end_session": data["end_session"],
            "days": Decimal(str(data["days"])),
            "handover_to": handover,
        },
    )
    ledger_sync(leave=leave)
    _delegation_sync(leave)
    return leave


def _delegation_sync(leave: Leave) -> None:
    submission = leave.submission
    head = (
        submission.requester_position is not None
        and submission.requester_position.level == Position.Level.HEAD
    )
    wanted = submission.status in DEDUCTING and head and leave.handover_to is not None
    delegation = leave.delegation
    if delegation is not None and delegation.revoked_at is None:
        if not wanted:
            delegation_revoke(delegation=delegation)
        elif delegation.end_date != leave.end_date:
            delegation.end_date = leave.end_date  # the leave was shortened
            delegation.save(update_fields=["end_date"])
        return
    if not wanted or delegation is not None:
        return
    leave.delegation = absence_delegation_create(
        submission=submission,
        delegator=leave.user,
        delegate=leave.handover_to,
        start_date=leave.start_date,
        end_date=leave.end_date,
        reason=_("Nghỉ phép từ %(start)s đến %(end)s")
        % {"start": dmy(leave.start_date), "end": dmy(leave.end_date)},
        failure_title=_("Chưa tạo được ủy quyền trong thời gian nghỉ: %(title)s")
        % {"title": submission.title},
    )
    if leave.delegation is not None:
        leave.save(update_fields=["delegation"])
