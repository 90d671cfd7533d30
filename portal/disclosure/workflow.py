"""Moderation: an editor drafts, Văn phòng or the head of the editor's unit approves.

Heads are derived from memberships (``user_is_head``), never listed in a group, so the task
follows the organisation as it changes.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState


def _primary_unit(user):
    from portal.org.selectors import primary_membership

    membership = primary_membership(user=user)
    return membership.unit if membership else None


def user_heads_unit_of(*, approver, requester) -> bool:
    """The approver is a head whose unit is the requester's unit or one above it."""
    from portal.org.selectors import user_is_head

    if approver.pk == requester.pk or not user_is_head(user=approver):
        return False
    mine, theirs = _primary_unit(approver), _primary_unit(requester)
    if mine is None or theirs is None:
        return False
    return mine.pk in {unit.pk for unit in theirs.ancestors(include_self=True)}


def user_is_office(user) -> bool:
    from portal.org import roles
    from portal.org.selectors import user_has_role

    return user.is_superuser or user_has_role(user=user, code=roles.OFFICE)


class DisclosureApprovalTask(Task):
    """Văn phòng (or a superuser) approves anything; a head approves his own unit's items."""

    def user_may_approve(self, obj, user) -> bool:
        if not user.is_authenticated or not user.is_active:
            return False
        if user_is_office(user):
            return True
        state = getattr(obj, "current_workflow_state", None)
        requester = state.requested_by if state else None
        return requester is not None and user_heads_unit_of(approver=user, requester=requester)

    def user_can_access_editor(self, obj, user):
        return self.user_may_approve(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_may_approve(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_may_approve(obj, user)

    def get_actions(self, obj, user):
        if not self.user_may_approve(obj, user):
            return []
        return [
            ("reject", _("Yêu cầu sửa"), True),
            ("approve", _("Duyệt đăng"), False),
            ("approve", _("Duyệt đăng kèm ý kiến"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from portal.org.models import Membership
        from portal.org.selectors import unit_subtree, unit_tree, user_is_head

        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user_is_office(user):
            return states
        unit = _primary_unit(user)
        if unit is None or not user_is_head(user=user):
            return TaskState.objects.none()
        units = [node.pk for node, _depth in unit_subtree(unit_tree(), unit.pk)]
        members = Membership.objects.active().filter(unit__in=units).values("user")
        return states.filter(Q(workflow_state__requested_by__in=members)).exclude(
            workflow_state__requested_by=user
        )

    @classmethod
    def get_description(cls):
        return _("Văn phòng hoặc trưởng đơn vị của người soạn duyệt đăng nội dung công khai")

    class Meta:
        verbose_name = _("duyệt công khai")
        verbose_name_plural = _("duyệt công khai")
