"""The recipient's handlers: who they are, what they see, and the steps of a case.

Handlers are the head of the configured unit for ``director`` (Giám đốc Trung tâm or Sở,
``FeedbackSettings``; his delegate while he is away), the Công đoàn group for ``union`` and the
Ban Thanh tra nhân dân group for ``inspection_board``. Nobody else reads a case — not the
administrators' generic listings, not the person the feedback is about. A named sender's
identity is shown to handlers only, and every showing is logged (``IdentityView``).
"""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.org import roles
from portal.org.selectors import active_delegate, role_members, root_unit, unit_head

from .models import (
    FeedbackCase,
    FeedbackMessage,
    FeedbackSettings,
    IdentityView,
    Recipient,
)

Status = FeedbackCase.Status


class HandlingError(Exception):
    """A step that cannot be taken as asked; the message is for the handler."""


def handlers_for(*, recipient: str) -> list[User]:
    if recipient == Recipient.UNION:
        return list(role_members(code=roles.UNION))
    if recipient == Recipient.INSPECTION_BOARD:
        return list(role_members(code=roles.INSPECTION_BOARD))
    unit = FeedbackSettings.load().director_unit or root_unit()
    head = unit_head(unit=unit) if unit else None
    if head is None:
        return []
    delegate = active_delegate(user=head, kind="feedback")
    return [head, delegate] if delegate else [head]


def recipients_handled_by(*, user: User) -> list[str]:
    if not user.is_authenticated:
        return []
    return [r.value for r in Recipient if user in handlers_for(recipient=r.value)]


def cases_for_handler(*, user: User) -> QuerySet[FeedbackCase]:
    return FeedbackCase.objects.filter(
        recipient__in=recipients_handled_by(user=user)
    ).select_related("category")


def may_handle(*, user: User, case: FeedbackCase) -> bool:
    return user in handlers_for(recipient=case.recipient)


def identity_reveal(*, case: FeedbackCase, viewer: User, where: str) -> User | None:
    """The named sender, for a handler, with the showing logged; None otherwise."""
    if case.anonymous or case.sender_id is None or not may_handle(user=viewer, case=case):
        return None
    IdentityView.objects.create(case=case, viewer=viewer, where=where[:100])
    return case.sender


def _check(case: FeedbackCase, user: User, *allowed: str) -> FeedbackCase:
    case = FeedbackCase.objects.select_for_update().get(pk=case.pk)
    if not may_handle(user=user, case=case):
        raise HandlingError(_("Bạn không phải người xử lý góp ý này."))
    if allowed and case.status not in allowed:
        raise HandlingError(_("Góp ý đã ở bước khác; hãy tải lại trang."))
    return case


@transaction.atomic
def case_accept(*, case: FeedbackCase, user: User) -> FeedbackCase:
    case = _check(case, user, Status.NEW)
    case.status = Status.ACCEPTED
    case.save(update_fields=["status"])
    return case


@transaction.atomic
def case_forward(*, case: FeedbackCase, user: User, recipient: str, note: str) -> FeedbackCase:
    case = _check(case, user, Status.NEW, Status.ACCEPTED)
    if recipient not in Recipient.values or recipient == case.recipient:
        raise HandlingError(_("Hãy chọn nơi nhận khác."))
    case.recipient, case.status = recipient, Status.NEW
    case.handling_note = note.strip()
    case.handlers_told_on = None  # the new handlers hear of it in the next digest
    case.save(update_fields=["recipient", "status", "handling_note", "handlers_told_on"])
    return case


@transaction.atomic
def case_out_of_scope(*, case: FeedbackCase, user: User, reason: str) -> FeedbackCase:
    case = _check(case, user, Status.NEW, Status.ACCEPTED)
    if not reason.strip():
        raise HandlingError(_("Hãy ghi lý do không thuộc phạm vi."))
    case.status, case.handling_note = Status.OUT_OF_SCOPE, reason.strip()
    case.save(update_fields=["status", "handling_note"])
    return case


@transaction.atomic
def case_answer(*, case: FeedbackCase, user: User, answer: str) -> FeedbackCase:
    case = _check(case, user, Status.NEW, Status.ACCEPTED, Status.ANSWERED)
    if not answer.strip():
        raise HandlingError(_("Hãy nhập nội dung trả lời (giải trình)."))
    case.answer, case.status = answer.strip(), Status.ANSWERED
    case.answered_on = timezone.localdate()
    case.save(update_fields=["answer", "status", "answered_on"])
    return case


@transaction.atomic
def case_message(*, case: FeedbackCase, user: User, body: str) -> FeedbackMessage:
    case = _check(case, user, Status.NEW, Status.ACCEPTED, Status.ANSWERED)
    if not body.strip():
        raise HandlingError(_("Hãy nhập nội dung tin nhắn."))
    return FeedbackMessage.objects.create(
        case=case, from_sender=False, author=user, body=body.strip(), on=timezone.localdate()
    )


@transaction.atomic
def case_close(*, case: FeedbackCase, user: User) -> FeedbackCase:
    case = _check(case, user, Status.ANSWERED, Status.OUT_OF_SCOPE)
    case.status = Status.CLOSED
    case.save(update_fields=["status"])
    return case


def overdue_count(*, today=None) -> int:
    """For the dashboard: how many answers are late — a count, never the content."""
    today = today or timezone.localdate()
    return FeedbackCase.objects.filter(
        status__in=[Status.NEW, Status.ACCEPTED], due_on__lt=today
    ).count()
