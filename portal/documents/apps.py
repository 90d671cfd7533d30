from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "portal.documents"
    label = "documents"
    verbose_name = _("Văn bản")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from forms.signals import submission_changed

        from . import receivers

        submission_changed.connect(receivers.on_submission_changed, dispatch_uid="documents-sync")
