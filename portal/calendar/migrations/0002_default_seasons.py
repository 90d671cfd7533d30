"""Two default seasons (the Hải Dương example) when none exist; administrators edit them."""

from datetime import time

from django.db import migrations

DEFAULT_SEASONS = [
    # name, start (day, month), end (day, month), morning, afternoon
    ("Mùa hè", (1, 4), (30, 9), (time(7, 0), time(11, 30)), (time(13, 30), time(17, 0))),
    ("Mùa đông", (1, 10), (31, 3), (time(7, 30), time(12, 0)), (time(13, 0), time(16, 30))),
]


def create_default_seasons(apps, schema_editor):
    Season = apps.get_model("workcalendar", "OfficeHoursSeason")
    if Season.objects.exists():
        return
    for name, (start_day, start_month), (end_day, end_month), morning, afternoon in (
        DEFAULT_SEASONS
    ):
        Season.objects.create(
            name=name,
            start_day=start_day,
            start_month=start_month,
            end_day=end_day,
            end_month=end_month,
            morning_start=morning[0],
            morning_end=morning[1],
            afternoon_start=afternoon[0],
            afternoon_end=afternoon[1],
        )


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]

    operations = [migrations.RunPython(create_default_seasons, migrations.RunPython.noop)]
