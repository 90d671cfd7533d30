"""The flow's process row held locked (``SELECT … FOR UPDATE`` in another connection) for
longer than the portal waits for it: the approver is told "busy, try again", not a 500, and
his retry succeeds once the lock is gone.

``flows.locks.portal_lock`` is viewflow's ``select_for_update_lock``: ``NOWAIT`` with five
attempts and a growing pause in between (about 6 to 10 seconds in all), then
``FlowLockFailed``; the wait is bounded, never a hang.
"""

import threading

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from flows.models import ApprovalProcess
from flows.services import BUSY
from forms.models import ApprovalStep, SubmissionEvent
from portal.accounts.services import api_token_issue
from tests.factories import approval_form, login_with_mfa
from tests.flows.support import rule, step, submit

from .conftest import postgresql_only

pytestmark = [pytest.mark.django_db(transaction=True), postgresql_only]

State = ApprovalStep.State


@pytest.fixture
def opinion(org):
    """chuyenvien's request, waiting for his unit head's opinion (then the director)."""
    page = approval_form(
        title="Giấy đề nghị",
        slug="de-nghi",
        policy=rule(step("opinion", "unit_head"), step("decision", "director")),
    )
    submission = submit(page, org["chuyenvien"])
    return submission.steps.get(order=1)


class HeldLock:
    """Another connection (its own thread) holding the process row until ``release()``."""

    def __init__(self, process_pk: int):
        self.held, self.released = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._hold, args=(process_pk,))

    def _hold(self, process_pk):
        try:
            with transaction.atomic():
                ApprovalProcess.objects.select_for_update().filter(pk=process_pk).exists()
                self.held.set()
                self.released.wait(timeout=300)
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        assert self.held.wait(timeout=60), "the lock holder never got the lock"
        return self

    def release(self):
        self.released.set()
        self.thread.join(timeout=60)
        assert not self.thread.is_alive()

    def __exit__(self, *exc):
        self.release()


def assert_still_open(step_):
    step_.refresh_from_db()
    assert step_.state == State.ACTIVE and not step_.decision
    assert not SubmissionEvent.objects.filter(step=step_).exists()


def approver_client(user) -> Client:
    return login_with_mfa(Client(), user)


def test_the_task_page_says_busy_while_the_process_is_locked_and_the_retry_succeeds(org, opinion):
    client = approver_client(org["truongphong"])
    url = reverse("flows:task", args=[opinion.pk])

    with HeldLock(opinion.task.process_id) as lock:
        response = client.post(url, {"decision": "approve"}, follow=True)
        assert response.status_code == 200
        assert str(BUSY) in response.content.decode()
        assert_still_open(opinion)
        lock.release()

        response = client.post(url, {"decision": "approve"}, follow=True)
    assert response.status_code == 200
    assert "Đã ghi nhận ý kiến xử lý." in response.content.decode()
    opinion.refresh_from_db()
    assert opinion.state == State.DONE and opinion.decided_by == org["truongphong"]
    assert SubmissionEvent.objects.filter(step=opinion).count() == 1


def test_the_api_answers_409_busy_while_the_process_is_locked_and_the_retry_succeeds(org, opinion):
    _token, raw = api_token_issue(user=org["truongphong"])
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = f"/api/v1/tasks/{opinion.pk}/decision/"
    body = {"decision": "approve", "comment": ""}

    with HeldLock(opinion.task.process_id) as lock:
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 409
        assert response.json() == {"detail": str(BUSY)}
        assert_still_open(opinion)
        lock.release()

        response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["steps"][0]["decision"] == "approved"
    assert SubmissionEvent.objects.filter(step=opinion).count() == 1
