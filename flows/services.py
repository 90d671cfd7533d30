"""Business steps of the approval chain: start a round, advance it, decide a task, withdraw.

Everything that changes a running chain happens under ``ApprovalFlow.lock`` (a row lock on
the process on PostgreSQL), and re-reads the step inside it, so two approvers racing on one
task get one success and one ``AlreadyHandled``.
"""

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.status import STATUS

from forms.models import ApprovalStep, Submission, SubmissionEvent
from forms.policy.engine import Chain, PolicyError, policy_resolve_chain
from forms.signals import submission_changed_send
from portal.accounts.models import User
from portal.calendar.services import add_working_days
from portal.documents.services import document_step_approved
from portal.notifications.models import Notification
from portal.notifications.services import notify
from portal.org import roles
from portal.org.selectors import active_delegate

from .approval import ApprovalFlow
from .models import ApprovalProcess
from .selectors import active_step, step_can_act, step_recipients

Decision = ApprovalStep.Decision
State = ApprovalStep.State
DECISIONS = {"approve": Decision.APPROVED, "reject": Decision.REJECTED, "return": Decision.RETURNED}


# Work whose delegations are those of another kind: cancelling a leave is leave work.
DELEGATION_SCOPE = {"leave_cancel": "leave"}

# Shown when the process row stays locked through every retry (FlowLockFailed).
BUSY = gettext_lazy("Đơn đang được người khác xử lý, vui lòng thử lại sau giây lát.")
# Shown when the database connection broke during a decision: it was rolled back whole.
CONNECTION_LOST = gettext_lazy("Có lỗi kết nối, vui lòng thử lại.")


class AlreadyHandled(Exception):
    def __init__(self, message: str = ""):
        super().__init__(message or _("Việc này đã được xử lý, không cần xử lý lại."))


class NotYourTask(Exception):
    def __init__(self, message: str = ""):
        super().__init__(message or _("Bạn không phải người xử lý việc này."))


class DecisionError(ValueError):
    """A decision that cannot be taken as asked (e.g. a rejection without a reason)."""


def submission_url(submission: Submission) -> str:
    return reverse("forms:submission_detail", args=[submission.pk])


def task_url(step: ApprovalStep) -> str:
    return reverse("flows:task", args=[step.pk])


def _role_group(code: str) -> Group:
    # A step for a group that is gone would wait for nobody: refuse the request instead.
    group = Group.objects.filter(name=roles.GROUP_NAMES.get(code, "")).first()
    if group is None:
        raise PolicyError(
            _("Không có nhóm “%(group)s” trên cổng. Đề nghị quản trị viên kiểm tra quy trình.")
            % {"group": roles.GROUP_LABELS.get(code, code)}
        )
    return group


def chain_start(*, submission: Submission, values: dict, chain: Chain | None = None) -> None:
    """Resolve the form's policy for this round (or take the ``chain`` given), store its
    steps and start the flow."""
    if chain is None:
        page = submission.form_page.specific
        chain = policy_resolve_chain(
            policy=page.approval_policy,
            requester=submission.requester,
            values=values,
            kind=submission.kind,
        )
    submission.rule_name = chain.rule_name
    submission.save(update_fields=["rule_name"])
    for order, step in enumerate(chain.steps, start=1):
        ApprovalStep.objects.create(
            submission=submission,
            round=submission.round,
            order=order,
            kind=step.kind,
            resolver=step.resolver,
            approver=step.approver,
            group=_role_group(step.group_code) if step.group_code else None,
            acting=step.acting,
            note=step.note[:255],
            signer_title=step.signer_title,
            deadline_days=step.deadline_days,
        )
    if chain.recorded:
        _send_waiting_notices(submission)
        _finish(submission, status=Submission.Status.RECORDED)
        return
    ApprovalFlow.start.run(submission=submission)


def chain_advance(*, submission: Submission) -> ApprovalStep | None:
    """Send the notices that are due and open the next opinion/decision step, or finish.
    Returns the step open now (the flow's task is made for it), None when there is none."""
    submission.refresh_from_db()
    if submission.status != Submission.Status.PENDING:
        return None
    if (current := active_step(submission=submission)) is not None:
        return current
    waiting = submission.steps.filter(round=submission.round, state=State.WAITING).order_by("order")
    for step in waiting:
        if step.kind == ApprovalStep.Kind.NOTICE:
            _send_notice(step)
            continue
        _activate(step)
        return step
    _finish(submission, status=Submission.Status.APPROVED)
    return None


def _activate(step: ApprovalStep) -> None:
    today = timezone.localdate()
    submission = step.submission
    if step.approver_id:
        # Delegations are read again when the step opens: one that began since the round
        # started is picked up, one that has ended gives the step back to its approver.
        scope = DELEGATION_SCOPE.get(submission.kind, submission.kind)
        delegate = active_delegate(user=step.approver, on=today, kind=scope)
        if delegate is not None and delegate.pk == submission.requester_id:
            delegate = None
        step.acting = delegate
    step.state = State.ACTIVE
    step.activated_at = timezone.now()
    step.due_date = add_working_days(start=today, days=step.deadline_days)
    step.save()
    notify(
        users=step_recipients(step),
        verb=Notification.Verb.ASSIGNED,
        title=_("Có đơn cần %(action)s: %(title)s")
        % {"action": step.get_kind_display().lower(), "title": submission.title},
        body=_("Hạn xử lý: %(due)s.") % {"due": step.due_date.strftime("%d/%m/%Y")},
        url=task_url(step),
    )


def _send_notice(step: ApprovalStep) -> None:
    submission = step.submission
    notify(
        users=step_recipients(step),
        verb=Notification.Verb.NOTICE,
        title=_("Thông báo: %(title)s") % {"title": submission.title},
        url=submission_url(submission),
    )
    step.state = State.DONE
    step.decided_at = timezone.now()
    step.save(update_fields=["state", "decided_at"])
    SubmissionEvent.objects.create(
        submission=submission, round=submission.round, step=step, action="notified"
    )


def _send_waiting_notices(submission: Submission) -> None:
    for step in submission.steps.filter(round=submission.round, state=State.WAITING):
        _send_notice(step)


def _finish(submission: Submission, *, status: str) -> None:
    submission.status = status
    submission.decided_at = timezone.now()
    submission.save(update_fields=["status", "decided_at", "updated_at"])
    action = "recorded" if status == Submission.Status.RECORDED else "completed"
    SubmissionEvent.objects.create(submission=submission, round=submission.round, action=action)
    submission_changed_send(submission)
    verb = {
        Submission.Status.APPROVED: Notification.Verb.APPROVED,
        Submission.Status.RECORDED: Notification.Verb.RECORDED,
    }[status]
    notify(
        users=[submission.requester],
        verb=verb,
        title=f"{Notification.Verb(verb).label}: {submission.title}",
        url=submission_url(submission),
    )


def current_process(submission: Submission) -> ApprovalProcess | None:
    return (
        ApprovalProcess.objects.filter(
            artifact_content_type=ContentType.objects.get_for_model(Submission),
            artifact_object_id=submission.pk,
            finished__isnull=True,
        )
        .order_by("-pk")
        .first()
    )


def task_decide(*, step: ApprovalStep, user: User, decision: str, comment: str = "") -> Submission:
    """Record ``user``'s decision on an active step and move the chain on."""
    choice = DECISIONS.get(decision)
    if choice is None:
        raise DecisionError(_("Quyết định không hợp lệ."))
    comment = (comment or "").strip()
    if choice != Decision.APPROVED and not comment:
        raise DecisionError(_("Hãy ghi lý do khi không đồng ý hoặc trả lại đơn."))
    # Read the task from the database: the caller's step may predate its activation.
    process_id = (
        ApprovalStep.objects.filter(pk=step.pk).values_list("task__process_id", flat=True).first()
    )
    if process_id is None:
        raise AlreadyHandled()
    with ApprovalFlow.lock(process_id):
        step = ApprovalStep.objects.select_related("submission", "task").get(pk=step.pk)
        if step.state != State.ACTIVE or step.task.status not in (STATUS.NEW, STATUS.ASSIGNED):
            raise AlreadyHandled()
        if not step_can_act(step=step, user=user):
            raise NotYourTask()
        submission = step.submission
        activation = step.task.flow_task.activation_class(step.task)
        if step.task.status == STATUS.NEW:
            activation.assign(user)
        activation.start(None)
        if step.approver_id is None:
            step.approver = user  # a group's task: whoever took it is its approver
        step.decision, step.comment, step.decided_by = choice, comment, user
        step.decided_at, step.state = timezone.now(), State.DONE
        step.save()
        SubmissionEvent.objects.create(
            submission=submission,
            round=submission.round,
            step=step,
            action=choice,
            actor=user,
            on_behalf_of=step.approver if step.approver_id != user.pk else None,
            comment=comment,
        )
        if choice != Decision.APPROVED:
            _stop_round(submission, choice=choice, comment=comment)
        else:
            # The approver's signature goes onto the document after this commits.
            document_step_approved(submission=submission)
            notify(
                users=[submission.requester],
                verb=Notification.Verb.DECIDED,
                title=_("%(who)s đã cho ý kiến đồng ý: %(title)s")
                % {"who": user.get_full_name() or user.username, "title": submission.title},
                url=submission_url(submission),
            )
        # The "you have a task" notices for this step have done their job.
        Notification.objects.filter(
            url=task_url(step), verb=Notification.Verb.ASSIGNED, read_at__isnull=True
        ).update(read_at=timezone.now())
        activation.execute()
    submission.refresh_from_db()
    return submission


def _stop_round(submission: Submission, *, choice: str, comment: str) -> None:
    returned = choice == Decision.RETURNED
    submission.status = Submission.Status.RETURNED if returned else Submission.Status.REJECTED
    if not returned:
        submission.decided_at = timezone.now()
    submission.save(update_fields=["status", "decided_at", "updated_at"])
    submission.steps.filter(round=submission.round, state=State.WAITING).update(
        state=State.CANCELLED
    )
    submission_changed_send(submission)
    verb = Notification.Verb.RETURNED if returned else Notification.Verb.REJECTED
    notify(
        users=[submission.requester],
        verb=verb,
        title=f"{Notification.Verb(verb).label}: {submission.title}",
        body=comment,
        url=submission_url(submission),
    )


@contextmanager
def chain_locked(*, submission: Submission) -> Iterator[None]:
    """A transaction holding the running round's flow lock, as ``task_decide`` holds it.

    Take it before locking any row of the submission: the lock retries (then raises
    ``FlowLockFailed``) only as the outermost transaction, and one order everywhere means
    a withdrawal racing a decision waits for it instead of failing half-way.
    """
    process = current_process(submission)
    with ApprovalFlow.lock(process.pk) if process else nullcontext(), transaction.atomic():
        yield


def chain_cancel(*, submission: Submission) -> None:
    """Stop the running round (withdrawal): cancel its open task and end the process."""
    process = current_process(submission)
    if process is not None:
        with ApprovalFlow.lock(process.pk):
            for task in process.task_set.filter(status__in=[STATUS.NEW, STATUS.ASSIGNED]):
                task.flow_task.activation_class(task).cancel()
            process.status = STATUS.CANCELED
            process.finished = timezone.now()
            process.save(update_fields=["status", "finished"])
    submission.steps.filter(round=submission.round, state__in=[State.WAITING, State.ACTIVE]).update(
        state=State.CANCELLED
    )
