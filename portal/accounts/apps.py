from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Signal receivers: disabling a user or setting a new password ends their sessions.
        from . import sessions  # noqa: F401


class PortalWagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with the Vietnamese full-name order and membership shown."""

    user_viewset = "portal.accounts.viewsets.PortalUserViewSet"
