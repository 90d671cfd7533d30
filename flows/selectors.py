"""Who may act on what, and the lists behind the inbox pages."""

from django.db.models import F, Q, QuerySet

from forms.models import ApprovalStep, Submission
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
    # A group's task is for the group's members other than the requester.
    return (
        Q(acting=user)
        | Q(acting__isnull=True, approver=user)
        | (Q(approver__isnull=True, group__in=user.groups.all()) & ~Q(submission__requester=user))
    )


HEAVY_FIELDS = ("submission__data", "submission__form_snapshot")


def open_steps_for(*, user: User) -> QuerySet[ApprovalStep]:
    """My open tasks, those delegated to me included, the most overdue first."""
    return (
        ApprovalStep.objects.filter(_mine(user), state=State.ACTIVE, kind__in=ACTION_KINDS)
        .select_related(
            "submission__requester",
            "submission__requester_unit",
            "approver",
            "acting",
            "group",
        )
        # Lists show titles, people and dates: the submission's data and field snapshot
        # (large JSON, decoded per row) are left in the table, and of the form page only its
        # title and slug are read (a Wagtail page costs a good deal to build, 50 per page).
        .defer(*HEAVY_FIELDS)
        .annotate(
            form_title=F("submission__form_page__title"),
            form_slug=F("submission__form_page__slug"),
        )
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


def user_has_open_steps(*, user: User) -> bool:
    return ApprovalStep.objects.filter(
        Q(acting=user) | Q(approver=user), state__in=[State.ACTIVE, State.WAITING]
    ).exists()
