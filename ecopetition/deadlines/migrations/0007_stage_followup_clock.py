"""The follow-up clock of a stage-closed case (阶段办结): from stage closing until the case closes."""

from django.db import migrations

POLICIES = ("stage_followup",)


def forwards(apps, schema_editor):
    from ecopetition.deadlines.seed import seed_policy_keys

    seed_policy_keys(apps.get_model("deadlines", "DeadlinePolicy"), POLICIES)


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0006_hotline_clocks")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
