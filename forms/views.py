"""Thin views for staff: Biểu mẫu, the form page itself, Đơn của tôi, attachments."""

import contextlib
import datetime
import uuid
from urllib.parse import urlencode

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from viewflow.workflow.exceptions import FlowLockFailed

from flows.selectors import step_can_act
from flows.services import BUSY, NotYourTask
from portal.documents.selectors import document_for_page

from .fielddefs import attachments_keep, build_form
from .models import Attachment, Submission
from .selectors import (
    forms_for_user,
    my_submissions,
    submission_fields,
    submission_return_step,
    submission_visible_to,
    user_may_submit,
)
from .services import SubmissionError, submission_create, submission_resubmit, submission_withdraw

TOKEN_FIELD = "submission_token"
PER_PAGE = 25


def serve_form_page(page, request):
    """GET shows the form; POST stores the submission once and redirects to it."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not user_may_submit(user=request.user, page=page):
        return TemplateResponse(request, "forms/not_allowed.html", {"page": page}, status=403)
    if request.method == "POST":
        form = build_form(page, request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                submission = submission_create(
                    page=page,
                    requester=request.user,
                    cleaned_data=form.cleaned_data,
                    idempotency_key=request.POST.get(TOKEN_FIELD, "")[:64] or None,
                )
            except SubmissionError as exc:
                form.add_error(None, str(exc))
            else:
                thanks = strip_tags(page.thank_you_text).strip()
                messages.success(
                    request, thanks or _("Đã gửi đơn. Bạn có thể theo dõi tiến trình ở đây.")
                )
                return redirect("forms:submission_detail", submission.pk)
        token = request.POST.get(TOKEN_FIELD) or uuid.uuid4().hex
    else:
        # A link may choose what to report on (Việc cần xử lý → ?trip=<id>); any other form
        # just has no such field, and a value outside a field's choices selects nothing.
        initial = {"trip": request.GET["trip"]} if request.GET.get("trip") else None
        form = build_form(page, user=request.user, initial=initial)
        token = uuid.uuid4().hex
    context = page.get_context(request)
    context.update(form=form, submission_token=token, token_field=TOKEN_FIELD)
    return TemplateResponse(request, page.get_template(request), context)


@login_required
def form_index(request):
    return render(request, "forms/index.html", {"forms": forms_for_user(user=request.user)})


@login_required
def submission_list(request):
    status = request.GET.get("status") or None
    if status not in dict(Submission.Status.choices):
        status = None
    page_obj = Paginator(my_submissions(user=request.user, status=status), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "forms/submission_list.html",
        {
            "submissions": page_obj,
            "page_obj": page_obj,
            "query": urlencode({"status": status}) if status else "",
            "status": status,
            "statuses": Submission.Status.choices,
        },
    )


def _visible_submission(request, pk: int) -> Submission:
    submission = get_object_or_404(
        Submission.objects.select_related("form_page", "requester", "requester_unit"), pk=pk
    )
    # 404, not 403: a stranger must not learn that the submission exists.
    if not submission_visible_to(user=request.user, submission=submission):
        raise Http404
    return submission


@login_required
def submission_detail(request, pk: int):
    submission = _visible_submission(request, pk)
    steps = list(submission.steps.select_related("approver", "acting", "group", "decided_by"))
    my_step = next(
        (s for s in steps if s.state == s.State.ACTIVE and step_can_act(step=s, user=request.user)),
        None,
    )
    extra = submission.form_page.specific.submission_detail_context(
        request=request, submission=submission
    )
    return render(
        request,
        "forms/submission_detail.html",
        {
            **extra,
            "submission": submission,
            "steps": steps,
            "chain": [s for s in steps if s.round == submission.round],
            "fields": submission_fields(submission=submission),
            "events": submission.events.select_related(
                "actor", "on_behalf_of", "step__approver", "step__group"
            ),
            "attachments": submission.attachments.all(),
            "is_requester": submission.requester_id == request.user.pk,
            "my_step": my_step,
            "document": document_for_page(submission=submission),
        },
    )


@login_required
@require_POST
def submission_withdraw_view(request, pk: int):
    submission = _visible_submission(request, pk)
    try:
        submission_withdraw(submission=submission, user=request.user)
    except (SubmissionError, NotYourTask) as exc:
        messages.error(request, str(exc))
    except FlowLockFailed:
        messages.warning(request, BUSY)
    else:
        messages.success(request, _("Đã rút đơn."))
    return redirect("forms:submission_detail", pk)


@login_required
def submission_resubmit_view(request, pk: int):
    submission = _visible_submission(request, pk)
    if submission.requester_id != request.user.pk:
        raise Http404
    page = submission.form_page.specific
    if request.method == "POST":
        form = build_form(page, request.POST, request.FILES, user=request.user)
    else:
        initial = {k: v for k, v in submission.data.items() if not isinstance(v, dict)}
        form = build_form(page, initial=initial, user=request.user)
        # Dates are stored as ISO text; as dates the widget shows them dd/mm/yyyy, as typed.
        for name, field in form.fields.items():
            if isinstance(field, djforms.DateField) and isinstance(form.initial.get(name), str):
                with contextlib.suppress(ValueError):
                    form.initial[name] = datetime.date.fromisoformat(form.initial[name])
    # On GET too, or the browser would insist on a new file because of the required attribute.
    attachments_keep(form, submission.data)
    for name, field in form.fields.items():
        stored = submission.data.get(name)
        if getattr(field, "kept", False):
            field.help_text = _("Đã có tệp «%(name)s»; chỉ chọn tệp mới nếu muốn thay.") % {
                "name": stored.get("name", "")
            } + (f" {field.help_text}" if field.help_text else "")
    if request.method == "POST" and form.is_valid():
        try:
            submission_resubmit(
                submission=submission, user=request.user, cleaned_data=form.cleaned_data
            )
        except (SubmissionError, NotYourTask) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã nộp lại đơn."))
            return redirect("forms:submission_detail", pk)
    return render(
        request,
        "forms/submission_resubmit.html",
        {
            "submission": submission,
            "form": form,
            "return_step": submission_return_step(submission=submission),
        },
    )


@login_required
def attachment_download(request, pk: int):
    attachment = get_object_or_404(Attachment.objects.select_related("submission"), pk=pk)
    if attachment.submission is None or not submission_visible_to(
        user=request.user, submission=attachment.submission
    ):
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
