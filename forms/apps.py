from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsConfig(AppConfig):
    name = "forms"
    label = "forms"
    verbose_name = _("Biểu mẫu")
    default_auto_field = "django.db.models.BigAutoField"
