from django.db import migrations


def create_defaults(apps, schema_editor):
    from portal.documents.defaults import document_templates_ensure

    document_templates_ensure(apps.get_model("documents", "DocumentTemplate"))


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
