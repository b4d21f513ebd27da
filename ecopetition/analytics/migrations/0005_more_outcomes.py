"""Five more outcome figures (seed 004's enforcement tools). Seals and limits were recorded before but not
counted: their cases' facts and rollup cells are brought up to date here, so the rollups keep equal to a
plain recount without a rebuild."""

from django.db import migrations, models

# rollup measure -> fieldwork.Measure.kind, for the kinds that may already have rows.
BACKFILL = {"sealed": "seal", "limited": "limit"}


def backfill(apps, schema_editor):
    if not apps.is_installed("fieldwork"):
        return
    Measure = apps.get_model("fieldwork", "Measure")
    CaseFact = apps.get_model("analytics", "CaseFact")
    Rollup = apps.get_model("analytics", "Rollup")
    for name, kind in BACKFILL.items():
        case_ids = set(Measure.objects.filter(kind=kind).values_list("complaint_id", flat=True))
        for fact in CaseFact.objects.filter(complaint_id__in=case_ids):
            if fact.measures.get(name):
                continue
            fact.measures[name] = 1
            fact.save(update_fields=["measures"])
            for area in fact.areas:
                for dim, key in fact.cells:
                    Rollup.objects.filter(unit_id=area, month=fact.month, dim=dim, key=key).update(
                        **{name: models.F(name) + 1})


class Migration(migrations.Migration):

    dependencies = [
        ('analytics', '0004_clock_measures'),
        ('fieldwork', '0002_daily_fines_and_more_measures'),
    ]

    operations = [
        migrations.AddField(
            model_name='rollup',
            name='closed_down',
            field=models.IntegerField(default=0),
        ),
        migrations.AddField(
            model_name='rollup',
            name='daily_fine',
            field=models.IntegerField(default=0),
        ),
        migrations.AddField(
            model_name='rollup',
            name='detained',
            field=models.IntegerField(default=0),
        ),
        migrations.AddField(
            model_name='rollup',
            name='limited',
            field=models.IntegerField(default=0),
        ),
        migrations.AddField(
            model_name='rollup',
            name='sealed',
            field=models.IntegerField(default=0),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
