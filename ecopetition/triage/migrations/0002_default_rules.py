"""Keyword and routing rules a fresh installation starts with (editable in the admin afterwards)."""

from django.db import migrations

from ecopetition.triage.defaults import KEYWORD_RULES, ROUTING_RULES


def load(apps, schema_editor):
    KeywordRule = apps.get_model("triage", "KeywordRule")
    RoutingRule = apps.get_model("triage", "RoutingRule")
    if not KeywordRule.objects.exists():
        KeywordRule.objects.bulk_create([
            KeywordRule(kind=kind, target=target, keywords=words, weight=weight, note=note)
            for kind, target, words, weight, note in KEYWORD_RULES
        ])
    if not RoutingRule.objects.exists():
        RoutingRule.objects.bulk_create([
            RoutingRule(order=order, name=name, category=cat, sector=sector, keywords=words, target=target,
                        department_type=dept)
            for order, name, cat, sector, words, target, dept in ROUTING_RULES
        ])


class Migration(migrations.Migration):
    dependencies = [("triage", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
