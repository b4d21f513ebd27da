"""Recompute the masked searchable text after the masking rules changed (a text that ends inside a number
is masked at its tail; titles are no longer cut inside numbers). Same batches as 0009."""

from importlib import import_module

from django.db import migrations

fill = import_module("ecopetition.cases.migrations.0009_fill_search_masked").fill


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("cases", "0009_fill_search_masked")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
