"""A task worker killed (SIGKILL) while it renders or signs a document: after ``run_timers``
a fresh worker finishes the job, with one document, valid signatures and one number.

Real processes: ``manage.py db_worker`` (django-tasks-db, through ``worker.py`` which pauses
it at the fatal moment, see there), ``manage.py run_timers``, both on this test database.

The documents module has no setting for its staleness threshold (``STALE_AFTER``, ten
minutes, a constant), and the subprocesses read the real clock, so time is moved where the
dead worker left it: the document's ``job_started_at`` and the queue row's ``started_at`` (with
``updated_at``) are set back by more than the threshold, which is what ten minutes of waiting
would have left in the database.
"""

import datetime
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db.models import F
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from forms.models import Submission
from portal.calendar.services import add_working_days
from portal.documents.models import Document, NumberCounter
from portal.documents.services import STALE_AFTER
from portal.documents.signing.services import document_validate
from tests.forms.leave.support import apply, grant

from .conftest import postgresql_only, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), postgresql_only]

LATER = STALE_AFTER + datetime.timedelta(minutes=1)


def approved_leave(page, requester) -> Submission:
    """A day of leave next week, approved by the whole chain: every job waits in the queue."""
    day = add_working_days(start=timezone.localdate(), days=5)
    submission = grant(apply(page, requester, day))
    assert submission.status == Submission.Status.APPROVED
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    return submission


def queue_settled() -> bool:
    """Nothing left to pick up, nothing running but the dead worker's job."""
    return not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists() and (
        DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count() <= 1
    )


def ten_minutes_pass(document: Document) -> None:
    Document.objects.filter(pk=document.pk).update(
        job_started_at=F("job_started_at") - LATER, updated_at=F("updated_at") - LATER
    )
    DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).update(
        started_at=F("started_at") - LATER
    )


@pytest.mark.parametrize(
    ("block_at", "signed_before_death"),
    [("render", []), ("sig_step_2", ["sig_step_1"])],
    ids=["killed-while-rendering", "killed-while-signing"],
)
def test_a_worker_killed_mid_job_leaves_one_issued_document_after_run_timers(
    org, leave_page, processes, media, block_at, signed_before_death
):
    submission = approved_leave(leave_page, org["chuyenvien"])
    document = Document.objects.get(submission=submission)

    marker = media / "worker-paused"
    doomed = processes.worker(FAULT_BLOCK_AT=block_at, FAULT_MARKER=str(marker))
    wait_until(marker.exists, what=f"the worker to reach {block_at}", process=doomed)
    processes.kill(doomed)

    document.refresh_from_db()
    assert document.job_started_at is not None and document.status != Document.Status.ISSUED
    assert bool(document.file) == (block_at != "render")
    signed = list(document.signatures.values_list("field_name", flat=True))
    assert signed == signed_before_death
    dead_job = DBTaskResult.objects.get(status=TaskResultStatus.RUNNING)

    # A fresh worker takes the remaining jobs: each finds the document busy and leaves it.
    fresh = processes.worker()
    wait_until(queue_settled, what="the queue to drain", process=fresh)
    document.refresh_from_db()
    assert document.status != Document.Status.ISSUED
    assert list(document.signatures.values_list("field_name", flat=True)) == signed

    ten_minutes_pass(document)
    processes.manage("run_timers")
    dead_job.refresh_from_db()
    assert dead_job.status == TaskResultStatus.FAILED

    def issued():
        return Document.objects.filter(pk=document.pk, status=Document.Status.ISSUED).exists()

    wait_until(issued, what="the document to be issued", process=fresh)
    wait_until(queue_settled, what="the queue to drain", process=fresh)
    processes.kill(fresh)

    documents = Document.objects.filter(submission=submission, version=submission.round)
    assert documents.count() == 1
    document = documents.get()
    assert document.number == 1 and document.last_error == "" and document.attempts == 0
    assert list(NumberCounter.objects.values_list("last_number", flat=True)) == [1]
    fields = sorted(document.signatures.values_list("field_name", flat=True))
    assert fields == ["sig_seal", "sig_step_1", "sig_step_2", "sig_step_3"]
    with document.file.open("rb") as handle:
        pdf = handle.read()
    # pyHanko's synchronous API calls asyncio.run(); in a pytest worker that also ran the
    # browser tests, Playwright's sync API keeps an event loop running in this thread.
    with ThreadPoolExecutor(1) as pool:
        report = pool.submit(document_validate, pdf=pdf).result()
    assert report.ok, report
    assert len(report.signatures) == 4
    assert all(s.intact and s.valid and s.trusted for s in report.signatures)
