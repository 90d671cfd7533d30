"""Business steps of a submission: create (idempotent), withdraw, resubmit after return."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from flows.services import NotYourTask, chain_cancel, chain_locked, chain_start
from forms.policy.engine import PolicyError
from portal.accounts.models import User
from portal.org.selectors import primary_membership

from .fielddefs import build_form, describe_form
from .models import ApprovalFormPage, Attachment, Submission, SubmissionEvent
from .selectors import user_may_submit
from .signals import submission_changed_send
from .uploads import file_sha256


class SubmissionError(Exception):
    """A request the portal refuses, with a message for the person who made it."""


def _jsonable(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        # Whole numbers stay exact; "1e30" has no remainder to take, so compare instead.
        # Past 300 digits (float overflows, JSON refuses ints over 4300 digits) keep the text.
        if not value.is_finite() or value.adjusted() >= 300:
            return str(value)
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def form_snapshot(page: ApprovalFormPage) -> list[dict]:
    """The fields as they are now, so the submission stays readable after the form changes."""
    return describe_form(build_form(page, user=None))


def _split(cleaned: dict) -> tuple[dict, dict[str, UploadedFile]]:
    data, files = {}, {}
    for name, value in cleaned.items():
        if isinstance(value, UploadedFile):
            files[name] = value
        elif value is not None or name not in files:
            data[name] = _jsonable(value)
    return data, files


def _store_files(submission: Submission, files: dict[str, UploadedFile], data: dict) -> None:
    for name, upload in files.items():
        attachment = Attachment(
            submission=submission,
            field_name=name,
            original_name=upload.name.replace("\\", "/").rsplit("/", 1)[-1][:255],
            content_type=getattr(upload, "portal_content_type", "application/octet-stream"),
            size=upload.size,
            sha256=file_sha256(upload),
        )
        attachment.file.save(attachment.uid.hex, upload, save=False)
        attachment.save()
        data[name] = {"attachment": attachment.pk, "name": attachment.original_name}


def submission_create(
    *,
    page: ApprovalFormPage,
    requester: User,
    cleaned_data: dict,
    idempotency_key: str | None = None,
) -> Submission:
    """Store a submission and start its chain; the same key returns the first result."""
    if idempotency_key:
        existing = Submission.objects.filter(
            requester=requester, idempotency_key=idempotency_key
        ).first()
        if existing is not None:
            return existing
    if not user_may_submit(user=requester, page=page):
        raise SubmissionError(_("Bạn không thuộc đối tượng được nộp biểu mẫu này."))
    membership = primary_membership(user=requester)
    if membership is None:
        raise SubmissionError(
            _("Tài khoản của bạn chưa được gán đơn vị và chức vụ; hãy liên hệ Văn phòng.")
        )
    data, files = _split(cleaned_data)
    try:
        with transaction.atomic():
            page.submission_check(data=data, requester=requester)
            submission = Submission.objects.create(
                form_page=page,
                form_revision=page.live_revision,
                form_snapshot=form_snapshot(page),
                kind=page.kind,
                title=page.submission_title(data=data, requester=requester)[:255],
                requester=requester,
                requester_unit=membership.unit,
                requester_position=membership.position,
                data=data,
                idempotency_key=idempotency_key or None,
            )
            _store_files(submission, files, data)
            submission.data = data
            submission.save(update_fields=["data"])
            SubmissionEvent.objects.create(
                submission=submission, action="submitted", actor=requester
            )
            submission_changed_send(submission)
            chain_start(submission=submission, values=page.policy_values(data))
    except PolicyError as exc:
        raise SubmissionError(str(exc)) from exc
    except IntegrityError:
        # A double click raced us to the same idempotency key: answer with the first one.
        existing = Submission.objects.filter(
            requester=requester, idempotency_key=idempotency_key
        ).first()
        if idempotency_key and existing is not None:
            return existing
        raise
    return submission


def submission_withdraw(*, submission: Submission, user: User) -> Submission:
    # The flow's lock first, then the row: a decision being taken finishes before this runs.
    with chain_locked(submission=submission):
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.requester_id != user.pk:
            raise NotYourTask(_("Chỉ người nộp đơn mới rút được đơn."))
        if not submission.is_open:
            raise SubmissionError(_("Đơn đã có kết quả hoặc đã rút, không rút được nữa."))
        chain_cancel(submission=submission)
        submission.status = Submission.Status.WITHDRAWN
        submission.save(update_fields=["status", "updated_at"])
        SubmissionEvent.objects.create(
            submission=submission, round=submission.round, action="withdrawn", actor=user
        )
        submission_changed_send(submission)
    return submission


@transaction.atomic
def submission_resubmit(*, submission: Submission, user: User, cleaned_data: dict) -> Submission:
    """A returned submission, corrected: a new round that starts the chain from its first step."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.requester_id != user.pk:
        raise NotYourTask(_("Chỉ người nộp đơn mới nộp lại được đơn."))
    if submission.status != Submission.Status.RETURNED:
        raise SubmissionError(_("Chỉ nộp lại được đơn đã bị trả lại để bổ sung."))
    page = submission.form_page.specific
    data, files = _split(cleaned_data)
    for name, value in submission.data.items():
        # An attachment not uploaded again keeps the one from the previous round.
        if name not in data or (data[name] is None and isinstance(value, dict)):
            data[name] = value
    page.submission_check(data=data, requester=user, submission=submission)
    _store_files(submission, files, data)
    submission.round += 1
    submission.data = data
    # The title names the dates or hours, which the correction may have changed.
    submission.title = page.submission_title(data=data, requester=user)[:255]
    submission.status = Submission.Status.PENDING
    submission.form_revision = page.live_revision
    submission.form_snapshot = form_snapshot(page)
    submission.save()
    SubmissionEvent.objects.create(
        submission=submission, round=submission.round, action="resubmitted", actor=user
    )
    submission_changed_send(submission)
    try:
        chain_start(submission=submission, values=page.policy_values(data))
    except PolicyError as exc:
        raise SubmissionError(str(exc)) from exc
    return submission
