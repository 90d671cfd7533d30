from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeaveConfig(AppConfig):
    name = "forms.leave"
    label = "leave"
    verbose_name = _("Nghỉ phép")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from forms.signals import submission_changed
        from portal.memo import forget_when_changed

        from . import receivers
        from .models import LeaveSettings, LeaveType

        submission_changed.connect(receivers.on_submission_changed, dispatch_uid="leave-sync")
        forget_when_changed(LeaveType, LeaveSettings)
