"""The leave types of the Labour Code (BLLĐ 2019 Đ113–115); administrators may edit them."""

from django.db import migrations

# The list lives in forms/leave/defaults.py, also used to restore flushed rows.
from forms.leave.defaults import DEFAULTS

def create(apps, schema_editor):
    LeaveType = apps.get_model("leave", "LeaveType")
    for order, (code, name, balance, max_days, attachment, paid) in enumerate(DEFAULTS, 1):
        LeaveType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "uses_balance": balance,
                "max_days": max_days,
                "requires_attachment": attachment,
                "paid": paid,
                "sort_order": order * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("leave", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
