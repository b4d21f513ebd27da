"""Emergency keywords (editable in the admin) and the one-hour emergency response clock as a deadline policy."""

from django.db import migrations

EMERGENCY_POLICY = {
    "key": "emergency",
    "name": "突发环境事件应急响应 1小时",
    "priority": 5,
    "channels": "",
    "require_flags": "is_emergency",
    "amount": 1,
    "unit": "hours",
    "start_events": "register,emergency_declared",
    "from_receipt": False,
    "stop_events": "emergency_handled,site_visit",
    "restart": False,
    "extendable": False,
    "yellow": 0.5,
    "blue": 0.75,
    "red": 0.9,
    "urge_at": None,
}


def forwards(apps, schema_editor):
    from ecopetition.oversight.defaults import DEFAULT_TERMS

    Keyword = apps.get_model("oversight", "EmergencyKeyword")
    for term in DEFAULT_TERMS:
        Keyword.objects.get_or_create(term=term)
    Policy = apps.get_model("deadlines", "DeadlinePolicy")
    Policy.objects.get_or_create(key=EMERGENCY_POLICY["key"], name=EMERGENCY_POLICY["name"],
                                 defaults=EMERGENCY_POLICY)


def backwards(apps, schema_editor):
    apps.get_model("deadlines", "DeadlinePolicy").objects.filter(key="emergency").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0001_initial"),
        ("deadlines", "0002_seed"),
        ("cases", "0004_emergency_flag"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
