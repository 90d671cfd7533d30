"""Two default seasons (the Hải Dương example) when none exist; administrators edit them."""

from django.db import migrations

# The seasons live in portal/calendar/defaults.py, also used to restore removed rows.
from portal.calendar.defaults import seasons_create


def create_default_seasons(apps, schema_editor):
    seasons_create(apps.get_model("workcalendar", "OfficeHoursSeason"))


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]

    operations = [migrations.RunPython(create_default_seasons, migrations.RunPython.noop)]
