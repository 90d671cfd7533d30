"""The document job (Django Tasks) and its recovery from ``manage.py run_timers``."""

import gc

from django.db.models import Q
from django.utils import timezone, translation
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TaskResultStatus

from portal.memo import memo_scope

from .models import Document
from .pipeline import work_due
from .services import STALE_AFTER, document_sync

FORGOTTEN_AFTER = STALE_AFTER / 2
_heap_settled = False


def _heap_settle() -> None:
    """After a process's first document, move what is alive to the permanent generation.

    By then the process holds its long-lived heap: Django, Wagtail, WeasyPrint, pyHanko,
    fonts, templates. Each document makes millions of short-lived objects, and every full
    collection they trigger walked that whole heap again: 100-200 ms, every few documents
    (``make bench``, docs/architecture.md). Frozen objects are left out of collections.

    Only in a worker process: with the immediate backend the job runs inside a web request
    (or a test), whose heap is not the worker's and is better left to the collector.
    """
    global _heap_settled
    if not _heap_settled and not isinstance(document_sync_task.get_backend(), ImmediateBackend):
        _heap_settled = True
        gc.collect()
        gc.freeze()


@task()
def document_sync_task(document_id: int) -> None:
    """Render, sign, number and seal what is due; failures are recorded, not raised, so that
    the retry plan is ours (``Document.retry_at``) whatever the task backend does.

    Documents and their stamps are in Vietnamese whatever language the person whose click
    queued the job reads the site in (the immediate backend runs inside that request). The
    job's memo keeps what its steps ask again and again (the template, the signers' posts,
    the CA) for its length only."""
    with translation.override("vi"), memo_scope():
        document_sync(document_id=document_id)
    _heap_settle()


def _dead_worker_results_fail(*, before) -> int:
    """Mark the database backend's results of our job left RUNNING by a dead worker."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the database backend is optional
        return 0
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        started_at__lt=before,
        task_path__endswith="document_sync_task",
    ).update(status=TaskResultStatus.FAILED, finished_at=timezone.now())


def documents_resume() -> int:
    """Re-run documents whose job died, whose retry is due, or whose job was never queued."""
    now = timezone.now()
    _dead_worker_results_fail(before=now - STALE_AFTER)
    open_documents = Document.objects.exclude(
        status__in=[Document.Status.ISSUED, Document.Status.VOID]
    )
    stale = open_documents.filter(job_started_at__lt=now - STALE_AFTER)
    stale.update(job_started_at=None)
    due = open_documents.filter(job_started_at__isnull=True).filter(
        Q(status=Document.Status.FAILED, retry_at__lte=now)
        | (~Q(status=Document.Status.FAILED) & Q(updated_at__lt=now - FORGOTTEN_AFTER))
    )
    count = 0
    for document in due.select_related("template", "submission"):
        if document.status == Document.Status.FAILED or work_due(document):
            document_sync_task.enqueue(document.pk)
            count += 1
    return count
