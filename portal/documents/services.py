"""A submission's document, from the form to the signed PDF (docs/architecture.md, Documents).

``document_follow`` runs inside the transaction that changes a submission and only records what
is due; the work itself (render, sign, number, seal) runs after commit in ``document_sync``,
off the request path, as a Django Task. ``document_sync`` is a state machine that reads the
state from the database and does the next missing step (``pipeline.py``), each step in its own
transaction under a row lock on the document, so a retried, repeated or concurrent job never
signs twice, never makes a second document for one version, and picks up where a dead worker
stopped.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from forms.models import Submission

from . import pipeline
from .models import Document

logger = logging.getLogger(__name__)

# Attempts before a failing document waits for a person; the wait grows with each attempt.
MAX_ATTEMPTS = 8
RETRY_MINUTES = (1, 2, 5, 10, 30, 60, 120, 240)
# A job that started this long ago and has not finished belongs to a dead worker.
STALE_AFTER = timedelta(minutes=10)


def _enabled() -> bool:
    return getattr(settings, "DOCUMENTS_GENERATE", True)


def document_current(*, submission: Submission) -> Document | None:
    return submission.documents.filter(version=submission.round).first()


def document_sync_schedule(*, document_id: int) -> None:
    """Enqueue the document's job once the current transaction commits."""
    from .tasks import document_sync_task

    transaction.on_commit(lambda: document_sync_task.enqueue(document_id))


def document_follow(*, submission: Submission) -> Document | None:
    """Bring the submission's documents in step with its status (idempotent, in-transaction)."""
    if submission.round > 1:  # rounds count from 1: a first round has no earlier documents
        stale = submission.documents.exclude(version=submission.round).exclude(
            status__in=[Document.Status.ISSUED, Document.Status.VOID]
        )
        stale.update(status=Document.Status.VOID, updated_at=timezone.now())
    document = document_current(submission=submission)
    if submission.status in (
        Submission.Status.REJECTED,
        Submission.Status.WITHDRAWN,
        Submission.Status.RETURNED,
    ) or (submission.status == Submission.Status.CANCELLED and document and not document.number):
        if document and not document.is_final:
            document.status = Document.Status.VOID
            document.save(update_fields=["status", "updated_at"])
        return document
    if document is None:
        template = submission.form_page.document_template if submission.form_page_id else None
        if template is None or not _enabled():
            return None
        document, _created = Document.objects.get_or_create(
            submission=submission, version=submission.round, defaults={"template": template}
        )
    if not document.is_final:
        document_sync_schedule(document_id=document.pk)
    return document


def document_step_approved(*, submission: Submission) -> None:
    """Queue the signature of a step just approved (the chain may not have finished)."""
    document = document_current(submission=submission)
    if document is not None and not document.is_final:
        document_sync_schedule(document_id=document.pk)


def document_sync(*, document_id: int) -> Document:
    """Do every step that is due now; on failure record it and plan a retry."""
    now = timezone.now()
    with transaction.atomic():
        document = pipeline.locked(document_id)
        busy = document.job_started_at and now - document.job_started_at < STALE_AFTER
        if document.is_final or busy:
            return document
        document.job_started_at = now
        document.attempts += 1
        if document.status == Document.Status.FAILED:
            # Where it stopped is read again from the data; the label only said "failed".
            document.status = (
                Document.Status.RENDERING if not document.file else Document.Status.SIGNING
            )
        document.save(update_fields=["job_started_at", "attempts", "status"])
    try:
        pipeline.render(document_id)
        while pipeline.sign_next(document_id):
            pass
        if pipeline.number_await(document_id):
            pipeline.seal(document_id)
    except Exception as exc:  # noqa: BLE001 — any failure is recorded and retried
        logger.exception("document %s failed", document_id)
        attempts = Document.objects.values_list("attempts", flat=True).get(pk=document_id)
        wait = RETRY_MINUTES[min(attempts, len(RETRY_MINUTES)) - 1]
        Document.objects.filter(pk=document_id).update(
            status=Document.Status.FAILED,
            last_error=str(exc)[:2000] or exc.__class__.__name__,
            job_started_at=None,
            retry_at=now + timedelta(minutes=wait) if attempts < MAX_ATTEMPTS else None,
            updated_at=timezone.now(),
        )
    else:
        Document.objects.filter(pk=document_id).update(
            job_started_at=None, attempts=0, retry_at=None
        )
        document = Document.objects.select_related("template").get(pk=document_id)
        # A decision committed while this job was finishing found it busy and left: look again.
        if pipeline.work_due(document):
            return document_sync(document_id=document_id)
        return document
    return Document.objects.get(pk=document_id)
