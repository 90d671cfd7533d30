"""PostgreSQL drops the approver's connection in the middle of his decision.

A ``post_save`` receiver on the decision's ``SubmissionEvent`` (written inside
``task_decide``'s transaction, under the flow lock) has a second connection terminate the
request's backend with ``pg_terminate_backend``; the next statement of the decision fails.
The approver gets a clear "connection error, try again" answer, nothing of the decision is
kept (the task stays open: no event, no notice, no document job), and his retry succeeds once.
"""

import threading
from collections import Counter

import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from viewflow.workflow.status import STATUS

from flows.services import CONNECTION_LOST
from forms.models import ApprovalStep, Submission, SubmissionEvent
from portal.accounts.services import api_token_issue
from portal.calendar.services import add_working_days
from portal.notifications.models import Notification
from tests.factories import login_with_mfa
from tests.forms.leave.support import apply

from .conftest import postgresql_only

pytestmark = [pytest.mark.django_db(transaction=True), postgresql_only]

State = ApprovalStep.State


def terminate(pid: int) -> None:
    """``pg_terminate_backend`` from another connection (a thread has its own)."""

    def run():
        try:
            with connection.cursor() as cursor:
                # Wait (up to 10 s) until the backend has really gone.
                cursor.execute("SELECT pg_terminate_backend(%s, 10000)", [pid])
                assert cursor.fetchone()[0] is True
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)


class DropOnDecision:
    """Kill the request's connection right after its decision's event row is written."""

    def __init__(self):
        self.fired = False

    def __call__(self, sender, instance, created, **kwargs):
        if self.fired or not created or instance.action != "approved":
            return
        self.fired = True
        terminate(connection.connection.info.backend_pid)

    def __enter__(self):
        post_save.connect(self, sender=SubmissionEvent, weak=False)
        return self

    def __exit__(self, *exc):
        post_save.disconnect(self, sender=SubmissionEvent)


@pytest.fixture
def first_step(org, leave_page, db_tasks, media):
    """chuyenvien's day of leave, waiting for the unit head; its jobs wait in the queue."""
    day = add_working_days(start=timezone.localdate(), days=5)
    submission = apply(leave_page, org["chuyenvien"], day)
    return submission.steps.get(order=1)


def queued() -> Counter:
    """The jobs in the queue, by task: documents and notification e-mails."""
    paths = DBTaskResult.objects.values_list("task_path", flat=True)
    return Counter(path.rsplit(".", 1)[-1] for path in paths)


def assert_nothing_kept(step: ApprovalStep, jobs: Counter):
    connection.close()  # the test shares the request's (dead) connection: start a new one
    step.refresh_from_db()
    assert step.state == State.ACTIVE and not step.decision and step.decided_by is None
    assert step.task.status in (STATUS.NEW, STATUS.ASSIGNED)
    assert not SubmissionEvent.objects.filter(step=step).exists()
    assert not Notification.objects.filter(verb=Notification.Verb.DECIDED).exists()
    assert step.submission.steps.get(order=2).state == State.WAITING
    assert queued() == jobs


def assert_decided_once(step: ApprovalStep, user, jobs: Counter):
    step.refresh_from_db()
    assert step.state == State.DONE and step.decided_by == user
    assert SubmissionEvent.objects.filter(step=step).count() == 1
    assert Notification.objects.filter(verb=Notification.Verb.DECIDED).count() == 1
    assert step.submission.steps.get(order=2).state == State.ACTIVE
    assert Submission.objects.get(pk=step.submission_id).status == Submission.Status.PENDING
    # The signature's job, queued once.
    assert queued()["document_sync_task"] == jobs["document_sync_task"] + 1


def test_a_dropped_connection_on_the_task_page_keeps_nothing_and_the_retry_succeeds(
    org, first_step
):
    head = org["truongphong"]
    client = login_with_mfa(Client(raise_request_exception=False), head)
    url = reverse("flows:task", args=[first_step.pk])
    jobs = queued()

    with DropOnDecision() as drop:
        response = client.post(url, {"decision": "approve"})
    assert drop.fired
    assert response.status_code == 302 and response.url == url
    assert_nothing_kept(first_step, jobs)
    page = client.get(url, follow=True)
    assert str(CONNECTION_LOST) in page.content.decode()

    response = client.post(url, {"decision": "approve"}, follow=True)
    assert "Đã ghi nhận ý kiến xử lý." in response.content.decode()
    assert_decided_once(first_step, head, jobs)


def test_a_dropped_connection_on_the_api_keeps_nothing_and_the_retry_succeeds(org, first_step):
    head = org["truongphong"]
    _token, raw = api_token_issue(user=head)
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = f"/api/v1/tasks/{first_step.pk}/decision/"
    body = {"decision": "approve", "comment": ""}
    jobs = queued()

    with DropOnDecision() as drop:
        response = client.post(url, body, content_type="application/json")
    assert drop.fired
    assert response.status_code == 503
    assert response.json() == {"detail": str(CONNECTION_LOST)}
    assert_nothing_kept(first_step, jobs)

    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200
    assert_decided_once(first_step, head, jobs)
