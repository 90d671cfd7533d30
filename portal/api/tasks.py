"""My open tasks and deciding them."""

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from viewflow.workflow.exceptions import FlowLockFailed

from flows.selectors import open_steps_for, step_can_act
from flows.services import (
    BUSY,
    CONNECTION_LOST,
    AlreadyHandled,
    DecisionError,
    NotYourTask,
    task_decide,
)
from forms.models import ApprovalStep

from .schemas import DecisionIn, Detail, SubmissionOut, TaskOut
from .serializers import submission_to_api, task_to_api

router = Router(tags=["Việc cần xử lý"])


@router.get("/", response=list[TaskOut], summary="Việc cần xử lý của tôi")
def list_tasks(
    request,
    response: HttpResponse,
    limit: int = Query(50, ge=1, le=500, description="Số việc tối đa trả về"),
    offset: int = Query(0, ge=0, description="Bỏ qua bao nhiêu việc đầu danh sách"),
):
    """The most overdue first, one slice at a time; `X-Total-Count` says how many there are."""
    steps = open_steps_for(user=request.auth)
    response["X-Total-Count"] = str(steps.count())
    return [task_to_api(step) for step in steps[offset : offset + limit]]


@router.post(
    "/{int:pk}/decision/",
    response={
        200: SubmissionOut,
        400: Detail,
        403: Detail,
        404: Detail,
        409: Detail,
        503: Detail,
    },
    summary="Cho ý kiến hoặc quyết định",
)
def decide(request, pk: int, payload: DecisionIn):
    step = get_object_or_404(ApprovalStep.objects.select_related("submission"), pk=pk)
    if not step_can_act(step=step, user=request.auth):
        return Status(403, {"detail": str(NotYourTask())})
    if "\x00" in payload.comment:
        # PostgreSQL cannot store NUL in a text column; refuse it as a bad request.
        return Status(400, {"detail": _("Ý kiến chứa ký tự không hợp lệ.")})
    try:
        submission = task_decide(
            step=step, user=request.auth, decision=payload.decision, comment=payload.comment
        )
    except DecisionError as exc:
        return Status(400, {"detail": str(exc)})
    except NotYourTask as exc:
        return Status(403, {"detail": str(exc)})
    except AlreadyHandled as exc:
        return Status(409, {"detail": str(exc)})
    except FlowLockFailed:
        return Status(409, {"detail": str(BUSY)})
    except (OperationalError, InterfaceError):
        # The connection broke mid-decision: the transaction is gone, nothing was kept.
        return Status(503, {"detail": str(CONNECTION_LOST)})
    return submission_to_api(submission)
