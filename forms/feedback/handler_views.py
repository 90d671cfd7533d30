"""Thin views for the handlers: their cases, one case, and its steps."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import handling
from .models import FeedbackAttachment, FeedbackCase, Recipient


class StepForm(forms.Form):
    text = forms.CharField(required=False, max_length=20000, widget=forms.Textarea)
    recipient = forms.ChoiceField(
        required=False, choices=[("", "—"), *Recipient.choices], label=gettext_lazy("Chuyển đến")
    )


@login_required
def case_list(request):
    cases = handling.cases_for_handler(user=request.user)
    if not handling.recipients_handled_by(user=request.user):
        return render(request, "feedback/handler_not_allowed.html", status=403)
    return render(
        request,
        "feedback/handler_list.html",
        {"cases": cases, "today": timezone.localdate()},
    )


def _case(request, pk: int) -> FeedbackCase:
    case = get_object_or_404(FeedbackCase.objects.select_related("category"), pk=pk)
    # 404, not 403: whether a case exists is nobody else's business.
    if not handling.may_handle(user=request.user, case=case):
        raise Http404
    return case


@login_required
def case_detail(request, pk: int):
    case = _case(request, pk)
    sender = None
    if request.GET.get("hien-nguoi-gui") == "1":
        sender = handling.identity_reveal(case=case, viewer=request.user, where="case page")
    return render(
        request,
        "feedback/handler_detail.html",
        {
            "case": case,
            "sender": sender,
            "messages_list": case.messages.select_related("author"),
            "attachments": case.attachments.all(),
            "form": StepForm(),
            "today": timezone.localdate(),
            "recipients": Recipient.choices,
        },
    )


STEPS = {
    "accept": lambda case, user, data: handling.case_accept(case=case, user=user),
    "forward": lambda case, user, data: handling.case_forward(
        case=case, user=user, recipient=data["recipient"], note=data["text"]
    ),
    "out_of_scope": lambda case, user, data: handling.case_out_of_scope(
        case=case, user=user, reason=data["text"]
    ),
    "answer": lambda case, user, data: handling.case_answer(
        case=case, user=user, answer=data["text"]
    ),
    "message": lambda case, user, data: handling.case_message(
        case=case, user=user, body=data["text"]
    ),
    "close": lambda case, user, data: handling.case_close(case=case, user=user),
}


@login_required
@require_POST
def case_step(request, pk: int, step: str):
    case = _case(request, pk)
    form = StepForm(request.POST)
    if step not in STEPS or not form.is_valid():
        raise Http404
    try:
        STEPS[step](case, request.user, form.cleaned_data)
    except handling.HandlingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã lưu."))
    if step == "forward" and not handling.may_handle(user=request.user, case=case):
        return redirect("feedback_handling:list")
    return redirect("feedback_handling:detail", pk)


@login_required
def attachment(request, pk: int):
    item = get_object_or_404(FeedbackAttachment.objects.select_related("case"), pk=pk)
    if not handling.may_handle(user=request.user, case=item.case):
        raise Http404
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def my_named_cases(request):
    """Góp ý có tên của tôi: a named sender follows his own cases (anonymous ones are
    followed by receipt only — nothing ties them to the account)."""
    cases = (
        FeedbackCase.objects.filter(sender=request.user, anonymous=False)
        .select_related("category")
        .prefetch_related("messages")
    )
    return render(request, "feedback/my_cases.html", {"cases": cases})
