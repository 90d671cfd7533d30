from wagtail import hooks

from .models import User
from .sessions import user_sessions_end


@hooks.register("after_bulk_action")
def end_sessions_of_users_disabled_in_bulk(request, action_type, objects, action_class_instance):
    # Wagtail's "Set active state" bulk action updates the rows with QuerySet.update(), which
    # sends no post_save, so the sessions of the users it disabled are ended here.
    if action_type != "set_active_state" or action_class_instance.model is not User:
        return
    pks = [obj.pk for obj in objects]
    for user in User.objects.filter(pk__in=pks, is_active=False):
        user_sessions_end(user=user)
