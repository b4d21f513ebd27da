"""Clocks for the decisions on a review (复查) and a re-review (复核): 30 days each (信访工作条例)."""

from django.db import migrations

POLICIES = ("review_decision", "re_review_decision")


def forwards(apps, schema_editor):
    from ecopetition.deadlines.seed import DEFAULT_POLICIES, POLICY_FIELDS

    DeadlinePolicy = apps.get_model("deadlines", "DeadlinePolicy")
    for row in DEFAULT_POLICIES:
        values = dict(zip(POLICY_FIELDS, row, strict=True))
        if values["key"] in POLICIES:
            DeadlinePolicy.objects.get_or_create(key=values["key"], name=values["name"], defaults=values)


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0004_clocks_people_can_meet")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
