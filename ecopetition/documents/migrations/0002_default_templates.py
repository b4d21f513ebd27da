from django.db import migrations


def load(apps, schema_editor):
    from ecopetition.documents.defaults import DEFAULT_TEMPLATES

    DocumentTemplate = apps.get_model("documents", "DocumentTemplate")
    for kind, (title, body) in DEFAULT_TEMPLATES.items():
        if not DocumentTemplate.objects.filter(kind=kind).exists():
            DocumentTemplate.objects.create(kind=kind, title=title, body=body, active=True)


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
