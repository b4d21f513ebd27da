"""Clocks for the decisions on a review (复查) and a re-review (复核): 30 days each (信访工作条例)."""

from django.db import migrations

POLICIES = ("review_decision", "re_review_decision")


def forwards(apps, schema_editor):
    from ecopetition.deadlines.seed import seed_policy_keys

    seed_policy_keys(apps.get_model("deadlines", "DeadlinePolicy"), POLICIES)


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0004_clocks_people_can_meet")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
