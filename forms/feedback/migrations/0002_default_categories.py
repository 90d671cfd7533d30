"""The kinds of feedback of the Trung tâm's democracy rules (DC Đ8–9); administrators edit them.

Answer deadlines in working days: the handler may set his own per category.
"""

from django.db import migrations

DEFAULTS = [
    ("gop-y", "Góp ý", 10),
    ("kien-nghi", "Kiến nghị", 15),
    ("phan-anh", "Phản ánh", 10),
    ("khieu-nai", "Khiếu nại", 30),
    ("to-cao", "Tố cáo", 30),
]


def create(apps, schema_editor):
    Category = apps.get_model("feedback", "FeedbackCategory")
    for order, (code, name, days) in enumerate(DEFAULTS, 1):
        Category.objects.get_or_create(
            code=code, defaults={"name": name, "answer_days": days, "sort_order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
