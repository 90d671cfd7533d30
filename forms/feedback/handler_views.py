"""Thin views for the handlers: their cases, one case, and its steps."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.disclosure.models import Audience

from . import handling, publication
from .forms import ConsentForm
from .models import FeedbackAttachment, FeedbackCase, Recipient
from .services import ConsentError, case_consent_set


class StepForm(forms.Form):
    text = forms.CharField(required=False, max_length=20000, widget=forms.Textarea)
    recipient = forms.ChoiceField(
        required=False, choices=[("", "—"), *Recipient.choices], label=gettext_lazy("Chuyển đến")
    )


class PublishForm(forms.Form):
    """The texts to post, as the handler leaves them once identifying details are removed."""

    audience = forms.ChoiceField(
        label=gettext_lazy("Đối tượng xem"),
        choices=Audience.choices,
        initial=Audience.INTERNAL,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=gettext_lazy("Tiêu đề sẽ đăng"), max_length=230)
    content = forms.CharField(
        label=gettext_lazy("Nội dung góp ý sẽ đăng"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    answer = forms.CharField(
        label=gettext_lazy("Câu trả lời sẽ đăng"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
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
    case = get_object_or_404(
        FeedbackCase.objects.select_related("category", "published_page"), pk=pk
    )
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
            **_publication_context(case),
        },
    )


def _publication_context(case: FeedbackCase) -> dict:
    page = case.published_page
    if page is not None:
        return {
            "published": page,
            "published_admin_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        }
    if case.status not in publication.PUBLISHABLE or not case.answer:
        return {}
    refusal = publication.publication_refusal(case=case)
    initial = {"title": case.title, "content": case.content, "answer": case.answer}
    # Its own ids: the answer step on the same page already has "id_answer".
    form = None if refusal else PublishForm(initial=initial, auto_id="id_publish_%s")
    return {"publish_refusal": refusal, "publish_form": form}


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
@require_POST
def case_publish(request, pk: int):
    """Đăng lên bảng công khai: one draft item, submitted to the board's moderation."""
    case = _case(request, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn đối tượng xem và nhập đủ tiêu đề, nội dung, trả lời."))
        return redirect("feedback_handling:detail", pk)
    try:
        done = publication.case_publish(case=case, user=request.user, **form.cleaned_data)
    except handling.HandlingError as exc:
        messages.error(request, str(exc))
    else:
        if done.created:
            messages.success(
                request,
                _("Đã tạo bản nháp trên bảng công khai và gửi Văn phòng hoặc lãnh đạo duyệt đăng."),
            )
        else:
            messages.info(request, _("Góp ý này đã có trên bảng công khai; không tạo thêm."))
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
        .select_related("category", "published_page")
        .prefetch_related("messages")
    )
    return render(request, "feedback/my_cases.html", {"cases": cases})


@login_required
@require_POST
def my_consent(request, pk: int):
    """The named sender gives or withdraws his consent to post the case on the board."""
    case = get_object_or_404(FeedbackCase, pk=pk, sender=request.user, anonymous=False)
    form = ConsentForm(request.POST)
    form.is_valid()  # a lone checkbox: always valid, unticked is a withdrawal
    try:
        case = case_consent_set(
            case=case, user=request.user, consent=form.cleaned_data["publish_consent"]
        )
    except ConsentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Đã ghi nhận: bạn đồng ý đăng công khai.")
            if case.publish_consent
            else _("Đã ghi nhận: bạn không đồng ý đăng công khai."),
        )
    return redirect(f"{reverse('feedback:mine')}#case-{case.pk}")
