from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CalendarConfig(AppConfig):
    # The label is not "calendar" so that it never clashes with Python's stdlib module.
    name = "portal.calendar"
    label = "workcalendar"
    verbose_name = _("Lịch làm việc")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .cache import calendar_cache_changed
        from .models import CalendarOverride, OfficeHoursSeason

        for model in (CalendarOverride, OfficeHoursSeason):
            post_save.connect(
                calendar_cache_changed, sender=model, dispatch_uid=f"workcalendar_save_{model}"
            )
            post_delete.connect(
                calendar_cache_changed, sender=model, dispatch_uid=f"workcalendar_delete_{model}"
            )
