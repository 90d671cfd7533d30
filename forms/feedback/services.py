"""Submitting feedback and following it by receipt, without keeping who sent it.

``feedback_submit`` is the only way in, for the web form and the API alike: it takes the
cleaned values and, for named feedback only, the user. It never receives the request, so it
cannot store an address, a user agent or a session key by accident.
"""

import datetime
import hashlib
import os
import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.calendar.services import add_working_days

from .metadata import metadata_strip
from .models import FeedbackAttachment, FeedbackCase, FeedbackCategory, FeedbackMessage


@dataclass(frozen=True)
class Filed:
    case: FeedbackCase
    # Shown once to an anonymous sender; only its hash is kept.
    receipt: str | None


def receipt_hash(receipt: str) -> str:
    return hashlib.sha256(receipt.strip().encode("utf-8")).hexdigest()


class FeedbackError(ValueError):
    """An attachment that cannot be cleaned of its hidden information; nothing was stored."""


def _cleaned(uploads) -> list[tuple]:
    """Each upload with its metadata removed, before anything is stored."""
    cleaned = []
    for upload in uploads:
        # The type read from the content (AttachmentField), not the name the sender gave.
        ext = getattr(upload, "portal_extension", "") or (
            upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        )
        try:
            cleaned.append((upload, metadata_strip(data=upload.read(), extension=ext)))
        except ValueError as exc:
            raise FeedbackError(str(exc)) from exc
    return cleaned


def _store_attachments(case: FeedbackCase, uploads, message: FeedbackMessage | None = None):
    for upload, content in uploads:
        attachment = FeedbackAttachment(
            case=case,
            message=message,
            original_name=upload.name.replace("\\", "/").rsplit("/", 1)[-1][:255],
            content_type=getattr(upload, "portal_content_type", "application/octet-stream"),
            size=len(content),
        )
        attachment.file.save(attachment.uid.hex, ContentFile(content), save=False)
        attachment.save()
        _blur_file_time(attachment)


def _blur_file_time(attachment: FeedbackAttachment) -> None:
    """A file on disk records when it was written: keep only the day, as the case does."""
    try:
        path = attachment.file.path
    except NotImplementedError:  # remote storage: its own clock, outside this process
        return
    midnight = datetime.datetime.combine(
        timezone.localdate(), datetime.time(0), tzinfo=timezone.get_current_timezone()
    ).timestamp()
    os.utime(path, (midnight, midnight))


@transaction.atomic
def feedback_submit(
    *,
    recipient: str,
    category: FeedbackCategory,
    title: str,
    content: str,
    anonymous: bool,
    user: User | None,
    uploads=(),
    publish_consent: bool = False,
) -> Filed:
    """File a case. An anonymous one is kept without any link to ``user`` (and without a
    consent to publish: only a named sender is asked)."""
    cleaned = _cleaned(uploads)
    today = timezone.localdate()
    receipt = None
    if anonymous or user is None:
        receipt = secrets.token_urlsafe(24)  # 192 bits
    case = FeedbackCase.objects.create(
        recipient=recipient,
        category=category,
        title=title.strip()[:255],
        content=content.strip(),
        anonymous=receipt is not None,
        sender=None if receipt is not None else user,
        receipt_hash=receipt_hash(receipt) if receipt else None,
        received_on=today,
        due_on=add_working_days(start=today, days=category.answer_days),
        publish_consent=bool(publish_consent) and receipt is None,
    )
    _store_attachments(case, cleaned)
    return Filed(case=case, receipt=receipt)


def case_by_receipt(receipt: str) -> FeedbackCase | None:
    if not receipt or len(receipt) > 200:
        return None
    return (
        FeedbackCase.objects.filter(receipt_hash=receipt_hash(receipt))
        .select_related("category", "published_page")
        .first()
    )


@transaction.atomic
def sender_reply(*, case: FeedbackCase, body: str, uploads=()) -> FeedbackMessage:
    """The anonymous sender adds to the dialogue through the receipt."""
    cleaned = _cleaned(uploads)
    message = FeedbackMessage.objects.create(
        case=case, from_sender=True, body=body.strip(), on=timezone.localdate()
    )
    _store_attachments(case, cleaned, message)
    return message


class ConsentError(ValueError):
    """The consent cannot be changed (not the sender's case, or already on the board)."""


@transaction.atomic
def case_consent_set(*, case: FeedbackCase, user: User, consent: bool) -> FeedbackCase:
    """The named sender gives or withdraws his consent, until the answer is on the board."""
    case = FeedbackCase.objects.select_for_update().get(pk=case.pk)
    if case.anonymous or case.sender_id != user.pk:
        raise ConsentError(_("Chỉ người gửi góp ý có ghi tên mới thay đổi được sự đồng ý này."))
    if case.published_page_id is not None:
        raise ConsentError(
            _("Câu trả lời đã được đưa lên bảng công khai; không thể thay đổi sự đồng ý nữa.")
        )
    case.publish_consent = consent
    case.save(update_fields=["publish_consent"])
    return case
