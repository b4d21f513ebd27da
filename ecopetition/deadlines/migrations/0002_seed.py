"""Load China's holidays 2004–2026 (chinesecalendar), the default working hours and deadline policies."""

from django.db import migrations


def forwards(apps, schema_editor):
    from ecopetition.deadlines.seed import seed_calendar, seed_policies

    seed_calendar(apps.get_model("deadlines", "CalendarYear"), apps.get_model("deadlines", "CalendarEntry"))
    seed_policies(apps.get_model("deadlines", "DeadlinePolicy"))
    WorkingHours = apps.get_model("deadlines", "WorkingHours")
    if not WorkingHours.objects.exists():
        WorkingHours.objects.create()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
