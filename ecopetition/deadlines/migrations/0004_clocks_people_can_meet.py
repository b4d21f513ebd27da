"""Clocks that someone can act on (issue: clocks nobody can meet).

The shipped policies change meaning: arrival on site stops at the recorded site visit, not at signing for; the
callback after the site visit is the resident survey and stops at it; the inspection handover's 1+3+5+7 counts
natural days with the handover day as day 1. Shipped rows still as shipped are updated (rows an administrator
renamed are left alone), then every case that ran one of these clocks has its clocks derived again from its
events, and its statistics refreshed, so the board, the overdue list and the figures agree with the new meaning.
"""

from django.db import migrations, models

CHANGES = {
    ("site", "急案要案到达现场 2小时"): {"stop_events": "site_visit,return"},
    ("site", "到达现场查处 1个工作日"): {"stop_events": "site_visit,return"},
    ("callback", "现场查处后回访 3个工作日"): {"start_events": "site_visit", "stop_events": "survey,callback"},
    ("handover_review", "督察交办件 第5天初审"): {"unit": "day_n"},
    ("handover_close", "督察交办件 第7天办结上报（第3天催办）"): {"unit": "day_n"},
}
KEYS = sorted({k for k, _n in CHANGES})


def forwards(apps, schema_editor):
    DeadlinePolicy = apps.get_model("deadlines", "DeadlinePolicy")
    for (key, name), values in CHANGES.items():
        DeadlinePolicy.objects.filter(key=key, name=name).update(**values)
    CaseClock = apps.get_model("deadlines", "CaseClock")
    ids = list(CaseClock.objects.filter(key__in=KEYS).values_list("complaint_id", flat=True).distinct())
    if not ids:
        return  # a new installation: nothing ran yet
    # Deriving clocks replays the lifecycle, which is the live code's to know (as the seed in 0002 is).
    from ecopetition.cases.models import Complaint
    from ecopetition.deadlines import clocks

    clocks.invalidate_policies()
    clocks.rederive(Complaint.objects.filter(pk__in=ids).order_by("pk"))
    try:
        from ecopetition.analytics import rollups
    except ImportError:
        return
    for i in range(0, len(ids), 1000):
        rollups.refresh_many(ids[i:i + 1000])


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0003_indexes"), ("analytics", "0005_more_outcomes")]
    operations = [
        migrations.AlterField(
            model_name="deadlinepolicy",
            name="unit",
            field=models.CharField(choices=[("workdays", "working days"), ("days", "calendar days"), ("hours", "hours"),
                                            ("day_n", "days, the starting day being day 1 (weekends count)")],
                                   default="workdays", max_length=10, verbose_name="unit"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
