"""Who may submit which form and see which submission."""

from django.db.models import Q, QuerySet

from portal.accounts.models import User
from portal.org.selectors import active_memberships

from .models import ApprovalFormPage, Submission


def user_may_submit(*, user: User, page: ApprovalFormPage) -> bool:
    if not user.is_authenticated:
        return False
    if page.open_to_all:
        return True
    units = set(page.allowed_units.values_list("pk", flat=True))
    positions = set(page.allowed_positions.values_list("pk", flat=True))
    for membership in active_memberships(user=user):
        unit_ok = not units or any(
            u.pk in units for u in membership.unit.ancestors(include_self=True)
        )
        if unit_ok and (not positions or membership.position_id in positions):
            return True
    return False


def forms_for_user(*, user: User) -> list[ApprovalFormPage]:
    """The live forms this person may submit, in the order of the page tree."""
    pages = ApprovalFormPage.objects.live().specific().order_by("path")
    return [page for page in pages if user_may_submit(user=user, page=page)]


def submissions_visible_to(*, user: User) -> QuerySet[Submission]:
    """The requester's own, those with a step for the user, and forms granting their groups."""
    if not user.is_authenticated:
        return Submission.objects.none()
    groups = user.groups.all()
    return Submission.objects.filter(
        Q(requester=user)
        | Q(steps__approver=user)
        | Q(steps__acting=user)
        | Q(steps__decided_by=user)
        | Q(steps__group__in=groups)
        | Q(form_page__viewer_groups__in=groups)
    ).distinct()


def submission_visible_to(*, user: User, submission: Submission) -> bool:
    return submissions_visible_to(user=user).filter(pk=submission.pk).exists()


def my_submissions(*, user: User, status: str | None = None) -> QuerySet[Submission]:
    qs = Submission.objects.filter(requester=user).select_related("form_page")
    return qs.filter(status=status) if status else qs
