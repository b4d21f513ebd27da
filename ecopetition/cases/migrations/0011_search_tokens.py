"""The search tokens of each case (masked and full), and on PostgreSQL a GIN index over each as a 'simple'
text vector (the expression `models.PG_TEXT_VECTOR`; SQLite matches the space-delimited tokens)."""

from django.db import migrations, models

INDEXES = {"complaint_tokens_masked_gin": "search_tokens_masked", "complaint_tokens_full_gin": "search_tokens_full"}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON cases_complaint "
                              f"USING gin (to_tsvector('simple', {column}))")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0010_refill_search_masked'),
    ]

    operations = [
        migrations.AddField(
            model_name='complaint',
            name='search_tokens_full',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='complaint',
            name='search_tokens_masked',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
