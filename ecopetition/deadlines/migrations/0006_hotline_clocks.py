"""Clocks for 12345 hotline work orders: signed for (or returned) within 2 hours, answered within 5 working days.
The hotline's own limits differ from city to city: an administrator edits these policies."""

from django.db import migrations

POLICIES = ("hotline_sign", "hotline_reply")


def forwards(apps, schema_editor):
    from ecopetition.deadlines.seed import DEFAULT_POLICIES, POLICY_FIELDS

    DeadlinePolicy = apps.get_model("deadlines", "DeadlinePolicy")
    for row in DEFAULT_POLICIES:
        values = dict(zip(POLICY_FIELDS, row, strict=True))
        if values["key"] in POLICIES:
            DeadlinePolicy.objects.get_or_create(key=values["key"], name=values["name"], defaults=values)


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0005_review_clocks")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
