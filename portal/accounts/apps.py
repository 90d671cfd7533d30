from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    # Two configs live in this module; without this Django would use a plain AppConfig for
    # "portal.accounts" and ready() would never connect the receivers.
    default = True
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.memo import forget_when_changed

        # Signal receivers: disabling a user or setting a new password ends their sessions.
        from . import sessions  # noqa: F401
        from .mfa import connect_signals
        from .models import User

        connect_signals()
        # Groups are part of a person's post as the menu reads it (org.selectors.user_post).
        forget_when_changed(User.groups.through)


class PortalWagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with the Vietnamese full-name order and membership shown."""

    default = False

    user_viewset = "portal.accounts.viewsets.PortalUserViewSet"
