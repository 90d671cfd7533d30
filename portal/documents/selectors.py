"""Queries about documents: what a page shows, who keeps the registry."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.org.selectors import user_post

from .models import Document

WORKING = (Document.Status.RENDERING, Document.Status.SIGNING, Document.Status.FAILED)


def user_is_registry(*, user: User) -> bool:
    """Văn thư and superusers; the menu asks on every page, hence the shared ``user_post``."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    post = user_post(user=user)
    return post is not None and post["clerk"]


def registry_queue_for(*, user: User) -> QuerySet[Document]:
    return (
        Document.objects.filter(status=Document.Status.AWAITING_NUMBER)
        .select_related("submission__requester", "template", "issuing_unit")
        .prefetch_related("signatures")
        .order_by("updated_at")
    )


def document_for_page(*, submission) -> Document | None:
    """The document to show with a submission: this round's, else the last one issued."""
    documents = list(submission.documents.exclude(status=Document.Status.VOID))
    current = next((d for d in documents if d.version == submission.round), None)
    issued = next((d for d in documents if d.status == Document.Status.ISSUED), None)
    return current or issued


def document_state_for(*, document: Document) -> dict:
    if document.status == Document.Status.ISSUED:
        message = _("Văn bản số %(number)s đã ban hành.") % {"number": document.number_text}
    elif document.status == Document.Status.AWAITING_NUMBER:
        message = _("Văn bản đã ký đủ, đang chờ văn thư cấp số.")
    elif document.status == Document.Status.FAILED:
        message = _("Chưa tạo được văn bản; hệ thống sẽ tự thử lại.")
    elif document.file:
        message = _("Văn bản đang chờ ký theo quy trình.")
    else:
        message = _("Đang tạo văn bản…")
    return {
        "status": document.status,
        "label": str(document.get_status_display()),
        "message": message,
        "ready": bool(document.file),
        "working": document.status in WORKING and not document.file,
        "number": document.number_text,
        "url": reverse("documents:download", args=[document.uid]) if document.file else "",
    }
