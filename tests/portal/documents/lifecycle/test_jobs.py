"""The document job: off the request path, retried after a failure, resumed after a dead worker."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal.documents.models import Document
from portal.documents.services import STALE_AFTER
from portal.documents.tasks import documents_resume
from tests.forms.leave.support import apply, grant

NEXT_WEEK = datetime.date(2026, 11, 30)


@pytest.fixture
def no_auto_certificates(settings):
    settings.DOCUMENTS_AUTO_ISSUE_CERTIFICATES = False


def test_a_failed_signature_is_recorded_and_retried_until_it_succeeds(
    org, leave_page, settings, time_machine, no_auto_certificates, apply_and_grant, commit
):
    # The unit head has no certificate and none may be issued automatically: signing fails.
    submission = apply_and_grant(leave_page, org["chuyenvien"], NEXT_WEEK)
    document = Document.objects.get(submission=submission)
    assert document.status == Document.Status.FAILED
    assert document.last_error and document.retry_at and document.job_started_at is None
    assert not document.signatures.exists()

    # Not yet due: nothing happens.
    assert documents_resume() == 0
    settings.DOCUMENTS_AUTO_ISSUE_CERTIFICATES = True
    time_machine.shift(datetime.timedelta(minutes=30))
    commit(call_command, "run_timers", stdout=io.StringIO())
    document.refresh_from_db()
    assert document.status == Document.Status.ISSUED
    assert document.signatures.count() == 4
    assert document.last_error == "" and document.attempts == 0


def test_a_job_left_running_by_a_dead_worker_is_run_again(org, leave_page, time_machine, commit):
    submission = commit(apply, leave_page, org["chuyenvien"], NEXT_WEEK)
    document = Document.objects.get(submission=submission)
    # The worker took the first signature's job, then died before doing anything.
    Document.objects.filter(pk=document.pk).update(job_started_at=timezone.now())
    commit(grant, submission)
    document.refresh_from_db()
    assert document.signatures.count() == 0  # every later job saw it busy

    time_machine.shift(STALE_AFTER + datetime.timedelta(minutes=1))
    assert commit(documents_resume) == 1
    document.refresh_from_db()
    assert document.status == Document.Status.ISSUED
    assert document.signatures.count() == 4


def test_the_database_backend_result_of_a_dead_worker_is_marked_failed(db, time_machine):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    result = DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now(),
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="portal.documents.tasks.document_sync_task",
        backend_name="default",
        run_after=timezone.now(),
    )
    time_machine.shift(STALE_AFTER + datetime.timedelta(minutes=1))
    documents_resume()
    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED


def test_the_requester_sees_the_document_and_strangers_do_not(
    org, leave_page, client, apply_and_grant
):
    from tests.factories import UserFactory

    submission = apply_and_grant(leave_page, org["chuyenvien"], NEXT_WEEK)
    document = Document.objects.get(submission=submission)
    url = reverse("documents:download", args=[document.uid])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(org["chuyenvien"])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(UserFactory(username="nguoila"))
    assert client.get(url).status_code == 404
    assert client.get(reverse("documents:state", args=[document.uid])).status_code == 404


def test_the_submission_page_shows_the_document_and_its_state(org, leave_page, client, commit):
    submission = commit(apply, leave_page, org["chuyenvien"], NEXT_WEEK)
    document = Document.objects.get(submission=submission)
    client.force_login(org["chuyenvien"])
    page = client.get(reverse("forms:submission_detail", args=[submission.pk])).content.decode()
    assert "Văn bản đang chờ ký theo quy trình." in page
    assert reverse("documents:download", args=[document.uid]) in page
    state = client.get(reverse("documents:state", args=[document.uid])).json()
    assert state["status"] == "signing" and state["ready"] and not state["working"]

    # A document whose job has not run yet reads "being made" and has no link.
    Document.objects.filter(pk=document.pk).update(file="", status=Document.Status.RENDERING)
    page = client.get(reverse("forms:submission_detail", args=[submission.pk])).content.decode()
    assert "Đang tạo văn bản…" in page
    state = client.get(reverse("documents:state", args=[document.uid])).json()
    assert state["working"] and not state["url"]


def test_after_its_first_document_a_worker_leaves_its_settled_heap_out_of_collections(
    monkeypatch, settings
):
    import gc

    from portal.documents import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    collections = []
    monkeypatch.setattr(tasks, "_heap_settled", False)
    monkeypatch.setattr(tasks.gc, "collect", lambda *a: collections.append(a) or 0)
    try:
        tasks._heap_settle()
        frozen = gc.get_freeze_count()
        tasks._heap_settle()
    finally:
        gc.unfreeze()

    assert frozen > 0
    assert len(collections) == 1  # once per process, not once per document


def test_a_document_made_inside_a_request_leaves_the_collector_alone(monkeypatch):
    import gc

    from portal.documents import tasks

    monkeypatch.setattr(tasks, "_heap_settled", False)
    frozen = gc.get_freeze_count()

    tasks._heap_settle()  # the immediate backend, as in development and in tests

    assert gc.get_freeze_count() == frozen
