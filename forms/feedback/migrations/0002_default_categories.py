"""The kinds of feedback of the Trung tâm's democracy rules (DC Đ8–9); administrators edit them."""

from django.db import migrations

# The list lives in forms/feedback/defaults.py, also used to restore removed rows.
from forms.feedback.defaults import categories_create


def create(apps, schema_editor):
    categories_create(apps.get_model("feedback", "FeedbackCategory"))


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
