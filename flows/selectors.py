"""Who may act on what, and the lists behind the inbox pages."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from forms.models import ApprovalStep, Submission
from forms.selectors import LIST_DEFERRED, form_pages_prefetch
from portal.accounts.models import User

State = ApprovalStep.State
ACTION_KINDS = (ApprovalStep.Kind.OPINION, ApprovalStep.Kind.DECISION)


def active_step(*, submission: Submission) -> ApprovalStep | None:
    return (
        submission.steps.filter(round=submission.round, state=State.ACTIVE, kind__in=ACTION_KINDS)
        .select_related("approver", "acting", "group")
        .first()
    )


def _mine(user: User) -> Q:
    # A group's task is for the group's members other than the requester. The requester is
    # looked up only for group tasks (a subquery), so counting my tasks reads no other table.
    own_request = Submission.objects.filter(pk=OuterRef("submission_id"), requester=user)
    return (
        Q(acting=user)
        | Q(acting__isnull=True, approver=user)
        | (Q(approver__isnull=True, group__in=user.groups.all()) & ~Exists(own_request))
    )


HEAVY_FIELDS = tuple(f"submission__{name}" for name in LIST_DEFERRED)


def open_steps_for(*, user: User) -> QuerySet[ApprovalStep]:
    """My open tasks, those delegated to me included, the most overdue first."""
    return (
        ApprovalStep.objects.filter(_mine(user), state=State.ACTIVE, kind__in=ACTION_KINDS)
        .select_related("submission__requester", "submission__requester_unit")
        # Each joined table made PostgreSQL plan longer (22 ms with nine, at 200,000
        # submissions) than it took to run; the few forms, approvers and groups on a page
        # come in one small query each.
        .prefetch_related(
            form_pages_prefetch("submission__form_page"),
            "approver",
            "acting",
            "group",
        )
        # Lists show titles, people and dates: the submission's data and field snapshot
        # (large JSON, decoded per row) are left in the table.
        .defer(*HEAVY_FIELDS)
        .order_by("due_date", "activated_at")
    )


def decided_steps_for(*, user: User) -> QuerySet[ApprovalStep]:
    return (
        ApprovalStep.objects.filter(decided_by=user, state=State.DONE)
        .select_related("submission__requester", "submission__form_page", "approver")
        .order_by("-decided_at")
    )


def step_can_act(*, step: ApprovalStep, user: User) -> bool:
    if not user.is_authenticated or step.kind not in ACTION_KINDS:
        return False
    if step.acting_id:
        return step.acting_id == user.pk
    if step.approver_id:
        return step.approver_id == user.pk
    # Nobody decides his own request, not even as a member of the group it was sent to.
    return (
        step.group_id is not None
        and step.submission.requester_id != user.pk
        and user.groups.filter(pk=step.group_id).exists()
    )


def step_recipients(step: ApprovalStep) -> list[User]:
    if step.acting_id:
        return [step.acting]
    if step.approver_id:
        return [step.approver]
    if step.group_id:
        members = User.objects.filter(groups=step.group_id, is_active=True)
        return list(members.exclude(pk=step.submission.requester_id))
    return []


def has_open_steps() -> Q:
    """People with work routed to them by name (approver or acting), as a condition on
    ``User`` rows; two EXISTS so that each uses its own index."""
    person = OuterRef("pk")
    open_steps = ApprovalStep.objects.filter(state__in=[State.ACTIVE, State.WAITING])
    return Exists(open_steps.filter(acting=person)) | Exists(open_steps.filter(approver=person))
