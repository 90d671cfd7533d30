"""The leave types of the Labour Code (BLLĐ 2019 Đ113–115); administrators may edit them."""

from django.db import migrations

# The list lives in forms/leave/defaults.py, also used to restore flushed rows.
from forms.leave.defaults import leave_types_create


def create(apps, schema_editor):
    leave_types_create(apps.get_model("leave", "LeaveType"))


class Migration(migrations.Migration):
    dependencies = [("leave", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
