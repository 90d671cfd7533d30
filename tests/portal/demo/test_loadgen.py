import datetime

import pytest
from allauth.mfa.models import Authenticator
from django.utils import timezone
from viewflow.workflow.status import STATUS

from flows.selectors import active_step, open_steps_for
from flows.services import task_decide
from forms.fielddefs import build_form
from forms.leave.models import Leave, LeaveFormPage, LedgerEntry
from forms.models import ApprovalStep
from forms.services import submission_create
from portal.demo.loadgen import generated_submissions, load_data_generate
from portal.documents.models import Document, DocumentSignature
from tests.factories import login_with_mfa

pytestmark = pytest.mark.django_db

SIZE = {"staff": 30, "submissions": 80, "open_tasks": 12, "seed": 3}


@pytest.fixture
def generated():
    return load_data_generate(**SIZE, demo_content=False, progress=lambda message: None)


def test_a_tiny_load_set_has_the_requested_numbers_every_kind_and_three_years(generated):
    assert generated == {"submissions": 80, "open_tasks": 12}
    assert generated_submissions().count() == 80
    open_steps = ApprovalStep.objects.filter(
        state=ApprovalStep.State.ACTIVE, submission__in=generated_submissions()
    )
    assert open_steps.count() == 12
    kinds = set(generated_submissions().values_list("kind", flat=True))
    assert kinds == {"generic", "leave", "overtime", "trip", "trip_report"}
    dates = list(generated_submissions().values_list("created_at", flat=True))
    now = timezone.now()
    assert now - datetime.timedelta(days=3 * 365 + 1) < min(dates)
    assert min(dates) < now - datetime.timedelta(days=2 * 365)
    assert max(dates) > now - datetime.timedelta(days=120)
    statuses = set(generated_submissions().values_list("status", flat=True))
    assert {"pending", "approved"} <= statuses
    approved = generated_submissions().filter(status="approved").first()
    actions = list(approved.events.values_list("action", flat=True))
    assert actions[0] == "submitted" and actions[-1] == "completed"
    assert approved.decided_at is not None
    assert not approved.steps.exclude(state="done").exists()


def test_generated_open_tasks_are_in_the_approvers_inbox_and_decided_by_the_service(
    generated, client
):
    step = (
        ApprovalStep.objects.filter(state="active", submission__in=generated_submissions())
        .exclude(approver=None)
        .select_related("task", "approver")
        .order_by("pk")
        .first()
    )
    approver = step.actor
    assert step in open_steps_for(user=approver)
    assert (step.task.status, step.task.owner_id) == (STATUS.ASSIGNED, approver.pk)
    assert Authenticator.objects.filter(user=approver, type="totp").exists()
    login_with_mfa(client, approver)

    response = client.get("/viec-can-xu-ly/")

    assert response.status_code == 200
    assert f"/bieu-mau/don/{step.submission_id}/".encode() in response.content

    submission = task_decide(step=step, user=approver, decision="approve")

    step.refresh_from_db()
    assert step.state == ApprovalStep.State.DONE
    assert step.task.status == STATUS.DONE
    following = submission.steps.filter(state="active").first()
    assert submission.status == "approved" or following.task.status in (
        STATUS.NEW,
        STATUS.ASSIGNED,
    )


def test_a_second_run_adds_nothing_and_reset_replaces_the_generated_requests(generated):
    again = load_data_generate(**SIZE, demo_content=False, progress=lambda message: None)
    assert again == generated
    assert generated_submissions().count() == 80

    smaller = {**SIZE, "submissions": 40, "open_tasks": 5}
    result = load_data_generate(**smaller, reset=True, demo_content=False, progress=print)

    assert result == {"submissions": 40, "open_tasks": 5}
    assert generated_submissions().count() == 40


def test_reset_also_removes_what_the_services_wrote_for_a_generated_request(
    generated, django_capture_on_commit_callbacks
):
    """The bench takes generated people's leave requests to signed documents; a later
    ``--reset`` must clear them with the rest instead of stopping on their foreign keys."""
    page = LeaveFormPage.objects.live().first()
    member = generated_submissions().filter(kind="leave").first().requester
    day = timezone.localdate() + datetime.timedelta(days=70)
    day -= datetime.timedelta(days=day.weekday())
    post = {"leave_type": "annual", "reason": "Việc riêng", "start_session": "morning"}
    post |= {"start_date": day.isoformat(), "end_date": day.isoformat()}
    form = build_form(page, post | {"end_session": "afternoon"}, {}, user=member)
    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=True):  # the document jobs
        submission = submission_create(page=page, requester=member, cleaned_data=form.cleaned_data)
        while (step := active_step(submission=submission)) is not None:
            submission = task_decide(step=step, user=step.actor, decision="approve")
    assert Leave.objects.filter(submission=submission).exists()
    assert DocumentSignature.objects.filter(document__submission=submission).exists()

    load_data_generate(**SIZE, reset=True, demo_content=False, progress=lambda message: None)

    assert generated_submissions().count() == SIZE["submissions"]
    assert not Document.objects.filter(submission__requester=member).exists()
    assert not Leave.objects.filter(submission__pk=submission.pk).exists()
    assert not LedgerEntry.objects.filter(submission__pk=submission.pk).exists()
