"""Thin views of a leave request: the working-day count while filling in, and cancelling."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from flows.services import NotYourTask
from forms.models import Submission
from forms.services import SubmissionError
from portal.calendar.services import Session, count_working_days

from .cancellation import leave_cancel, leave_cancellation_request
from .ledger import leave_balance
from .models import LeaveType
from .services import days_text

_SESSIONS = [(s.value, s.label) for s in Session]


class DaysQuery(forms.Form):
    start_date = forms.DateField()
    start_session = forms.ChoiceField(choices=_SESSIONS, required=False)
    end_date = forms.DateField()
    end_session = forms.ChoiceField(choices=_SESSIONS, required=False)
    leave_type = forms.CharField(required=False)


@login_required
@require_GET
def days_preview(request):
    """How many working days the chosen dates make, shown on the form before it is sent."""
    query = DaysQuery(request.GET)
    if not query.is_valid():
        return JsonResponse({"days": None, "message": _("Chọn ngày bắt đầu và ngày kết thúc.")})
    values = query.cleaned_data
    try:
        days = count_working_days(
            start_date=values["start_date"],
            start_session=values["start_session"] or Session.MORNING,
            end_date=values["end_date"],
            end_session=values["end_session"] or Session.AFTERNOON,
        )
    except ValueError as exc:
        return JsonResponse({"days": None, "message": str(exc)})
    message = _("Số ngày làm việc xin nghỉ: %(days)s ngày.") % {"days": days_text(days)}
    payload = {"days": float(days), "message": message}
    leave_type = LeaveType.objects.filter(code=values["leave_type"]).first()
    if leave_type is not None and leave_type.uses_balance:
        balance = leave_balance(user=request.user, year=values["start_date"].year)
        payload["available"] = float(balance.available)
        payload["message"] += " " + _("Bạn còn %(left)s ngày phép năm %(year)s.") % {
            "left": days_text(balance.available),
            "year": balance.year,
        }
    return JsonResponse(payload)


def _own_submission(request, pk: int) -> Submission:
    submission = get_object_or_404(Submission, pk=pk, kind="leave")
    if submission.requester_id != request.user.pk:
        raise Http404
    return submission


@login_required
@require_POST
def cancel_view(request, pk: int):
    submission = _own_submission(request, pk)
    try:
        leave_cancel(submission=submission, user=request.user)
    except (SubmissionError, NotYourTask) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã hủy đơn nghỉ phép; số ngày phép đã được hoàn lại."))
    return redirect("forms:submission_detail", pk)


class CancellationForm(forms.Form):
    return_date = forms.DateField(label=gettext_lazy("Đi làm lại từ ngày"))
    reason = forms.CharField(label=gettext_lazy("Lý do"), max_length=2000)


@login_required
@require_POST
def cancellation_request_view(request, pk: int):
    submission = _own_submission(request, pk)
    form = CancellationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy nhập ngày đi làm lại và lý do hủy nghỉ."))
        return redirect("forms:submission_detail", pk)
    try:
        created = leave_cancellation_request(
            submission=submission,
            user=request.user,
            return_date=form.cleaned_data["return_date"],
            reason=form.cleaned_data["reason"],
        )
    except (SubmissionError, NotYourTask) as exc:
        messages.error(request, str(exc))
        return redirect("forms:submission_detail", pk)
    messages.success(request, _("Đã gửi đề nghị hủy nghỉ phép."))
    return redirect("forms:submission_detail", created.pk)
