from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_groups(sender, **kwargs):
    # Permissions of every app are created by earlier post_migrate handlers, so wait for
    # the last app before granting them to the role groups.
    if sender is not list(apps.get_app_configs())[-1]:
        return
    from .services import role_groups_ensure

    role_groups_ensure()


class OrgConfig(AppConfig):
    name = "portal.org"
    label = "org"
    verbose_name = _("Tổ chức")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_ensure_groups, dispatch_uid="org_role_groups")
