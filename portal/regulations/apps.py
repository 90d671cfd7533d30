from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegulationsConfig(AppConfig):
    name = "portal.regulations"
    label = "regulations"
    verbose_name = _("Quy chế")
    default_auto_field = "django.db.models.BigAutoField"
