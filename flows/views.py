"""Thin views for approvers: Việc cần xử lý, a task, Đã xử lý, bulk opinions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from viewflow.workflow.exceptions import FlowLockFailed

from forms.models import ApprovalStep
from forms.selectors import submission_visible_to
from forms.trips.reminders import reports_to_file
from forms.trips.selectors import report_page_url

from .selectors import decided_steps_for, open_steps_for, step_can_act
from .services import (
    BUSY,
    CONNECTION_LOST,
    AlreadyHandled,
    DecisionError,
    NotYourTask,
    task_decide,
)

INBOX_PAGE_SIZE = 50


@login_required
def inbox(request):
    # A busy approver may hold hundreds of tasks: one page at a time, the most overdue first.
    page_obj = Paginator(open_steps_for(user=request.user), INBOX_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    steps = list(page_obj)
    today = timezone.localdate()
    # The user's own post-trip reports to file (forms.trips): trip ended, report not filed.
    reports = list(reports_to_file(user=request.user, today=today))
    # The menu's badge counts exactly these (portal.context_processors): no second query.
    request.open_task_count = page_obj.paginator.count + len(reports)
    return render(
        request,
        "flows/inbox.html",
        {
            "steps": steps,
            "page_obj": page_obj,
            "today": today,
            "has_opinions": any(s.kind == ApprovalStep.Kind.OPINION for s in steps),
            "reports": reports,
            "report_url": report_page_url() if reports else "",
        },
    )


@login_required
def done(request):
    page_obj = Paginator(decided_steps_for(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "flows/done.html", {"steps": page_obj, "page_obj": page_obj})


@login_required
def task(request, pk: int):
    step = get_object_or_404(ApprovalStep.objects.select_related("submission"), pk=pk)
    if not submission_visible_to(user=request.user, submission=step.submission):
        raise Http404
    if request.method == "POST":
        try:
            task_decide(
                step=step,
                user=request.user,
                decision=request.POST.get("decision", ""),
                comment=request.POST.get("comment", ""),
            )
        except DecisionError as exc:
            messages.error(request, str(exc))
            return redirect("flows:task", pk)
        except (AlreadyHandled, NotYourTask) as exc:
            messages.warning(request, str(exc))
        except FlowLockFailed:
            messages.warning(request, BUSY)
            return redirect("flows:task", pk)
        except (OperationalError, InterfaceError):
            # The connection broke mid-decision: the transaction is gone, nothing was kept.
            messages.error(request, CONNECTION_LOST)
            return redirect("flows:task", pk)
        else:
            messages.success(request, _("Đã ghi nhận ý kiến xử lý."))
        return redirect("flows:inbox")
    # Links in notifications and e-mails point here: open the submission at its decision box.
    return redirect(reverse("forms:submission_detail", args=[step.submission_id]) + "#xu-ly")


@login_required
@require_POST
def bulk_approve(request):
    """Agree to several opinion steps at once; decisions are always taken one by one."""
    ids = [int(i) for i in request.POST.getlist("steps") if i.isdigit()]
    steps = ApprovalStep.objects.filter(pk__in=ids, kind=ApprovalStep.Kind.OPINION)
    done_count, skipped = 0, 0
    for step in steps:
        if not step_can_act(step=step, user=request.user):
            skipped += 1
            continue
        try:
            task_decide(step=step, user=request.user, decision="approve")
            done_count += 1
        except (AlreadyHandled, NotYourTask, FlowLockFailed):
            skipped += 1
    messages.success(
        request,
        _("Đã cho ý kiến đồng ý %(done)s đơn; bỏ qua %(skipped)s đơn.")
        % {"done": done_count, "skipped": skipped},
    )
    return redirect("flows:inbox")
