"""Clocks for 12345 hotline work orders: signed for (or returned) within 2 hours, answered within 5 working days.
The hotline's own limits differ from city to city: an administrator edits these policies."""

from django.db import migrations

POLICIES = ("hotline_sign", "hotline_reply")


def forwards(apps, schema_editor):
    from ecopetition.deadlines.seed import seed_policy_keys

    seed_policy_keys(apps.get_model("deadlines", "DeadlinePolicy"), POLICIES)


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0005_review_clocks")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
