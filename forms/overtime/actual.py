"""Actual hours: the participant or the head confirms when the overtime really ran.

The form is pre-filled with what the security desk recorded (or the planned times). Once
confirmed, ``OvertimeEntry.effective_span`` — hence the caps and the monthly sheet — uses the
actual times. The participant confirms his own row; the head (the approver of the
registration's decision step, or the head of the requester's unit) confirms anyone's and may
correct a participant's confirmation, not the other way round.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forms.models import ApprovalStep, Submission
from forms.selectors import submission_visible_to
from portal.accounts.models import User
from portal.org.selectors import unit_head

from .hours import tz
from .models import OvertimeEntry

CONFIRM_STATUSES = (Submission.Status.APPROVED, Submission.Status.RECORDED)


class ActualError(Exception):
    """Times that cannot be confirmed; the message is for the person confirming."""


def head_ids(*, submission: Submission) -> set[int]:
    """Who decided (or decides) the registration, and the head of the requester's unit."""
    ids = set()
    steps = submission.steps.filter(round=submission.round, kind=ApprovalStep.Kind.DECISION)
    for step in steps:
        ids.update(pk for pk in (step.approver_id, step.acting_id, step.decided_by_id) if pk)
    if submission.requester_unit_id:
        head = unit_head(unit=submission.requester_unit)
        if head is not None:
            ids.add(head.pk)
    return ids


def may_confirm(*, user: User, entry: OvertimeEntry, heads: set[int] | None = None) -> bool:
    if not user.is_authenticated:
        return False
    if user.pk == entry.user_id:
        return True
    return user.pk in (heads if heads is not None else head_ids(submission=entry.submission))


def confirm_opens(*, entry: OvertimeEntry, now: datetime.datetime | None = None) -> bool:
    """Granted, and the planned start has passed."""
    return entry.submission.status in CONFIRM_STATUSES and (now or timezone.now()) >= entry.start


def locked_for(*, user: User, entry: OvertimeEntry) -> bool:
    """The head confirmed the participant's times: the participant may no longer change them."""
    head_confirmed = entry.confirmed_by_id not in (None, entry.user_id)
    return head_confirmed and user.pk == entry.user_id


def actual_span(*, entry: OvertimeEntry, arrived: datetime.time, left: datetime.time):
    """Aware (arrival, departure): the arrival nearest the planned start (a late arrival after
    midnight is the next day), the departure the first ``left`` after it."""
    planned = timezone.localtime(entry.start, tz())
    candidates = [
        datetime.datetime.combine(planned.date() + datetime.timedelta(days=d), arrived, tz())
        for d in (-1, 0, 1)
    ]
    begin = min(candidates, key=lambda c: abs(c - planned))
    finish = datetime.datetime.combine(begin.date(), left, tzinfo=tz())
    if finish <= begin:
        finish += datetime.timedelta(days=1)
    return begin, finish


def actual_confirm(
    *,
    entry_id: int,
    user: User,
    arrived: datetime.time,
    left: datetime.time,
    now: datetime.datetime | None = None,
) -> OvertimeEntry:
    now = now or timezone.now()
    with transaction.atomic():
        entry = (
            OvertimeEntry.objects.select_for_update()
            .select_related("submission", "user")
            .get(pk=entry_id)
        )
        if not may_confirm(user=user, entry=entry):
            raise Http404
        if entry.submission.status not in CONFIRM_STATUSES:
            raise ActualError(_("Chỉ xác nhận giờ thực tế của đăng ký đã được duyệt."))
        if now < entry.start:
            raise ActualError(
                _("Chưa đến giờ bắt đầu (%(start)s): chỉ xác nhận sau khi đã làm.")
                % {"start": f"{timezone.localtime(entry.start, tz()):%H:%M %d/%m/%Y}"}
            )
        if arrived == left:
            raise ActualError(_("Giờ về phải khác giờ đến."))
        if locked_for(user=user, entry=entry):
            raise ActualError(
                _("Trưởng đơn vị đã xác nhận giờ thực tế; muốn sửa, hãy đề nghị trưởng đơn vị.")
            )
        begin, finish = actual_span(entry=entry, arrived=arrived, left=left)
        if finish > now:
            raise ActualError(
                _("Giờ về %(left)s chưa đến: chỉ xác nhận giờ đã qua.")
                % {"left": f"{timezone.localtime(finish, tz()):%H:%M %d/%m/%Y}"}
            )
        entry.arrived_at, entry.left_at = begin, finish
        entry.confirmed_at, entry.confirmed_by = now, user
        entry.save(update_fields=["arrived_at", "left_at", "confirmed_at", "confirmed_by"])
    return entry


class ActualForm(forms.Form):
    arrived = forms.TimeField(
        label=gettext_lazy("Giờ đến thực tế"),
        input_formats=["%H:%M"],
        help_text=gettext_lazy("Dạng HH:MM, ví dụ 17:05."),
        widget=forms.TimeInput(
            format="%H:%M", attrs={"placeholder": "HH:MM", "inputmode": "numeric", "size": 6}
        ),
    )
    left = forms.TimeField(
        label=gettext_lazy("Giờ về thực tế"),
        input_formats=["%H:%M"],
        help_text=gettext_lazy("Sớm hơn giờ đến là sang ngày hôm sau."),
        widget=forms.TimeInput(
            format="%H:%M", attrs={"placeholder": "HH:MM", "inputmode": "numeric", "size": 6}
        ),
    )


def actual_form(entry: OvertimeEntry, data=None) -> ActualForm:
    """Pre-filled with the desk's times, else the planned ones; one prefix per row."""
    initial = {
        "arrived": timezone.localtime(entry.arrived_at or entry.start, tz()).time(),
        "left": timezone.localtime(entry.left_at or entry.end, tz()).time(),
    }
    return ActualForm(data, initial=initial, prefix=f"gio-{entry.pk}")


def duration_text(start: datetime.datetime, end: datetime.datetime) -> str:
    minutes = max(int((end - start).total_seconds()) // 60, 0)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return _("%(hours)s giờ %(minutes)s phút") % {"hours": hours, "minutes": minutes}
    if hours:
        return _("%(hours)s giờ") % {"hours": hours}
    return _("%(minutes)s phút") % {"minutes": minutes}


@dataclass
class ActualRow:
    entry: OvertimeEntry
    name: str
    planned: str  # "3 giờ 30 phút"
    actual: str  # "" until both times are known
    may_confirm: bool
    opens: bool  # the planned start has passed
    locked: bool  # confirmed by the head: the participant may not change it
    form: ActualForm | None


def actual_rows(*, user: User, entries, now=None) -> list[ActualRow]:
    now = now or timezone.now()
    rows, heads = [], {}
    for entry in entries:
        if entry.submission_id not in heads:
            heads[entry.submission_id] = head_ids(submission=entry.submission)
        allowed = may_confirm(user=user, entry=entry, heads=heads[entry.submission_id])
        locked = allowed and locked_for(user=user, entry=entry)
        opens = confirm_opens(entry=entry, now=now)
        both = entry.arrived_at and entry.left_at
        rows.append(
            ActualRow(
                entry=entry,
                name=entry.user.get_full_name() or entry.user.username,
                planned=duration_text(entry.start, entry.end),
                actual=duration_text(entry.arrived_at, entry.left_at) if both else "",
                may_confirm=allowed,
                opens=opens,
                locked=locked,
                form=actual_form(entry) if allowed and opens and not locked else None,
            )
        )
    return rows


def actual_detail_context(*, user: User, submission: Submission) -> dict:
    """The block of the submission page (``ApprovalFormPage.submission_detail_context``)."""
    entries = submission.overtime_entries.select_related(
        "user", "submission", "recorded_by", "confirmed_by"
    )
    return {
        "extra_template": "overtime/confirm.html",
        "overtime_rows": actual_rows(user=user, entries=entries),
        "overtime_granted": submission.status in CONFIRM_STATUSES,
    }


def _back(request, entry: OvertimeEntry) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    if submission_visible_to(user=request.user, submission=entry.submission):
        return reverse("forms:submission_detail", args=[entry.submission_id])
    return reverse("overtime:confirm", args=[entry.pk])


@login_required
def confirm_view(request, pk: int):
    """GET: the form alone (participants who did not file the registration cannot open the
    submission page). POST: confirm, then back to where the form was."""
    entry = get_object_or_404(
        OvertimeEntry.objects.select_related("submission", "user", "recorded_by", "confirmed_by"),
        pk=pk,
    )
    # 404, not 403: a stranger must not learn whose overtime this is.
    if not may_confirm(user=request.user, entry=entry):
        raise Http404
    form = None
    if request.method == "POST":
        form = actual_form(entry, request.POST)
        if form.is_valid():
            try:
                actual_confirm(
                    entry_id=entry.pk,
                    user=request.user,
                    arrived=form.cleaned_data["arrived"],
                    left=form.cleaned_data["left"],
                )
            except ActualError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Đã xác nhận giờ làm thêm thực tế của %(name)s.")
                    % {"name": entry.user.get_full_name() or entry.user.username},
                )
                return redirect(_back(request, entry))
    (row,) = actual_rows(user=request.user, entries=[entry])
    if form is not None:
        row.form = form
    return render(
        request,
        "overtime/confirm_page.html",
        {
            "overtime_rows": [row],
            "overtime_granted": entry.submission.status in CONFIRM_STATUSES,
            "submission": entry.submission,
            "can_see_submission": submission_visible_to(
                user=request.user, submission=entry.submission
            ),
            "next": request.POST.get("next", ""),
        },
        status=400 if form is not None else 200,
    )
