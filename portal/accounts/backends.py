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
        from portal.org.models import Position
        from portal.org.selectors import user_post

        # The same one-query answer the menu already asked for on this request.
        post = user_post(user=user_obj)
        return post is not None and post["level"] == Position.Level.HEAD
