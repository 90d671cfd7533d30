"""The steps of a document's job, each in its own transaction under a row lock on the document.

``services.document_sync`` runs them in order; each reads the state from the database and does
nothing when its work is already done, so a retried or concurrent job repeats no step.
"""

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from forms.models import ApprovalStep
from portal.memo import request_memo
from portal.notifications.models import Notification
from portal.notifications.services import notify
from portal.org import roles
from portal.org.models import Unit
from portal.org.selectors import role_members

from .models import Document, DocumentSignature, DocumentTemplate
from .numbering import date_parts, number_give
from .pdffields import fields_fill_into, fields_reserve
from .stamps import seal_stamp_text, step_stamp_text

RESERVED_FIELDS = ("number", "day", "month", "year")


def _save_pdf(document: Document, pdf: bytes, *, suffix: str) -> None:
    old = document.file.name if document.file else ""
    # A new name per revision: a crash between writing and committing leaves the committed
    # revision intact (the orphan file is harmless), and readers never see half a file.
    document.file.save(f"{document.uid.hex}-{suffix}.pdf", ContentFile(pdf), save=False)
    if old:
        storage = document.file.storage
        transaction.on_commit(lambda: storage.delete(old))


def locked(document_id: int) -> Document:
    """The document's row, locked for one step. Its template and issuing unit, which no step
    changes, are read once per job (the job's memo); the submission only where a step needs
    its current state."""
    document = Document.objects.select_for_update().get(pk=document_id)
    document.template = request_memo(
        ("documents.template", document.template_id),
        lambda: DocumentTemplate.objects.get(pk=document.template_id),
    )
    if document.issuing_unit_id is not None:
        document.issuing_unit = request_memo(
            ("documents.issuing-unit", document.issuing_unit_id),
            lambda: Unit.objects.get(pk=document.issuing_unit_id),
        )
    return document


def _box(document: Document, field_name: str):
    from .signing.services import SignatureBox

    page, x1, y1, x2, y2 = document.layout["signatures"][field_name]
    return SignatureBox(page=int(page), x1=x1, y1=y1, x2=x2, y2=y2)


def render(document_id: int) -> bool:
    from .rendering import document_render, issuing_unit_for

    with transaction.atomic():
        document = locked(document_id)
        if document.file:
            return False
        if document.issuing_unit_id is None:
            document.issuing_unit = issuing_unit_for(
                submission=document.submission, template=document.template
            )
            document.save(update_fields=["issuing_unit"])
        rendered = document_render(document=document)
        fields = {name: rendered.layout["fields"][name] for name in RESERVED_FIELDS}
        pdf = fields_reserve(pdf=rendered.pdf, boxes=fields)
        document.layout = rendered.layout
        _save_pdf(document, pdf, suffix="0")
        document.status = Document.Status.SIGNING
        document.save(update_fields=["layout", "file", "status", "updated_at"])
    return True


def sign_next(document_id: int) -> bool:
    """Apply the first approved step's signature still missing; True when the step after it
    is approved too (its signature is due next)."""
    from .signing.services import signer_for_user

    with transaction.atomic():
        document = locked(document_id)
        if document.is_final:
            return False
        signed = set(document.signatures.values_list("field_name", flat=True))
        steps = document.steps_to_sign().select_related("approver", "decided_by")
        unsigned = [step for step in steps if f"sig_step_{step.order}" not in signed]
        # The chain order: nobody signs before the one before him.
        if not unsigned or unsigned[0].decision != ApprovalStep.Decision.APPROVED:
            return False
        step, field = unsigned[0], f"sig_step_{unsigned[0].order}"
        signer = step.decided_by or step.approver
        stamp = step_stamp_text(step=step, signer=signer)
        result = signer_for_user(user=signer).sign(
            pdf=document.file.read(),
            field_name=field,
            box=_box(document, field),
            stamp_text=stamp.text,
            reason=str(step.get_kind_display()),
            location=document.template.place or getattr(settings, "DOCUMENTS_PLACE", ""),
        )
        _save_pdf(document, result.pdf, suffix=field)
        document.save(update_fields=["file", "updated_at"])
        DocumentSignature.objects.create(
            document=document,
            step=step,
            role=DocumentSignature.Role.APPROVER,
            field_name=field,
            signer_name=result.signer_name or stamp.name,
            signer_title=stamp.title,
            signer_unit=stamp.unit,
            certificate_serial=result.certificate_serial,
            signed_at=result.signed_at,
        )
        return len(unsigned) > 1 and unsigned[1].decision == ApprovalStep.Decision.APPROVED


def number_await(document_id: int) -> bool:
    """After the last signature: number automatically, or queue it for the registry clerk.
    True when the document has its number."""
    with transaction.atomic():
        document = locked(document_id)
        if document.number is not None:
            return True
        if document.is_final or not document.signatures_complete():
            return False
        if document.template.numbering == document.template.Numbering.AUTO:
            number_give(document=document)
            return True
        if document.status == Document.Status.AWAITING_NUMBER:
            return False
        document.status = Document.Status.AWAITING_NUMBER
        document.save(update_fields=["status", "updated_at"])
        notify(
            users=list(role_members(code=roles.CLERK)),
            verb=Notification.Verb.ASSIGNED,
            title=_("Văn bản chờ cấp số: %(title)s") % {"title": document.submission.title},
            url=reverse("documents:registry"),
        )
    return False


def seal(document_id: int) -> None:
    """Fill the number and date into their reserved fields and seal, in one revision: the
    seal's signature covers them."""
    from .signing.services import seal_signer

    with transaction.atomic():
        document = locked(document_id)
        if document.number is None or document.is_final:
            return
        values = {"number": f"{document.number:02d}", **date_parts(document.issued_on)}
        stamp = seal_stamp_text(document=document)
        result = seal_signer().sign(
            pdf=document.file.read(),
            field_name="sig_seal",
            box=_box(document, "sig_seal"),
            stamp_text=stamp.text,
            reason=_("Ban hành văn bản số %(number)s") % {"number": document.number_text},
            timestamp=True,
            prepare=lambda writer: fields_fill_into(writer=writer, values=values),
        )
        _save_pdf(document, result.pdf, suffix="issued")
        document.sha256 = hashlib.sha256(result.pdf).hexdigest()
        document.status = Document.Status.ISSUED
        document.last_error = ""
        document.save(update_fields=["file", "sha256", "status", "last_error", "updated_at"])
        DocumentSignature.objects.create(
            document=document,
            role=DocumentSignature.Role.SEAL,
            field_name="sig_seal",
            signer_name=result.signer_name or stamp.name,
            signer_unit=stamp.unit,
            certificate_serial=result.certificate_serial,
            signed_at=result.signed_at,
        )
        submission = document.submission
        notify(
            users=[submission.requester],
            verb=Notification.Verb.NOTICE,
            title=_("Văn bản số %(number)s đã ban hành: %(title)s")
            % {"number": document.number_text, "title": submission.title},
            url=reverse("forms:submission_detail", args=[submission.pk]),
        )


def work_due(document: Document) -> bool:
    if document.is_final or document.status == Document.Status.FAILED:
        return False
    if not document.file:
        return True
    if document.number is not None:
        return True
    signed = set(document.signatures.values_list("field_name", flat=True))
    for step in document.steps_to_sign():
        if f"sig_step_{step.order}" not in signed:
            return step.decision == ApprovalStep.Decision.APPROVED
    auto = document.template.numbering == document.template.Numbering.AUTO
    return auto and document.signatures_complete()
