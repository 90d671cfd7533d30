"""Permissions that follow from a person's post rather than from a group."""

from django.contrib.auth.backends import BaseBackend

# Unit heads approve công khai items of their unit in Wagtail's moderation workflow
# (portal.disclosure.workflow), which lives in the admin; heads are derived from memberships,
# so there is no group to grant the admin to. They see only what their permissions allow.
HEAD_PERMISSIONS = frozenset({"wagtailadmin.access_admin"})


class UnitHeadBackend(BaseBackend):
    def has_perm(self, user_obj, perm, obj=None):
        if perm not in HEAD_PERMISSIONS or not user_obj.is_active or user_obj.is_anonymous:
            return False
        cached = getattr(user_obj, "_portal_is_head", None)
        if cached is None:
            from portal.org.selectors import user_is_head

            cached = user_is_head(user=user_obj)
            user_obj._portal_is_head = cached
        return cached
