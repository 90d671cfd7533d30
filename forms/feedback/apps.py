from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "forms.feedback"
    label = "feedback"
    verbose_name = _("Góp ý, kiến nghị, phản ánh")
    default_auto_field = "django.db.models.BigAutoField"
