from django.db import migrations


def create_defaults(apps, schema_editor):
    from portal.disclosure.defaults import DEFAULT_CATEGORIES

    Category = apps.get_model("disclosure", "DisclosureCategory")
    for order, (code, name) in enumerate(DEFAULT_CATEGORIES, start=1):
        Category.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
