from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_groups(sender, **kwargs):
    # Permissions of every app are created by earlier post_migrate handlers, so wait for
    # the last app before granting them to the role groups.
    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if sender is not with_models[-1]:
        return
    from .services import positions_ensure_defaults, role_groups_ensure

    role_groups_ensure()
    positions_ensure_defaults()


class OrgConfig(AppConfig):
    name = "portal.org"
    label = "org"
    verbose_name = _("Tổ chức")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_ensure_groups, dispatch_uid="org_role_groups")
        from portal.memo import forget_when_changed

        from .models import Membership, Position, Unit

        forget_when_changed(Membership, Position, Unit)
