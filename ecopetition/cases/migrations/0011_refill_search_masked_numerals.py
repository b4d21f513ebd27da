"""Recompute the masked searchable text after the masking rules changed again: numbers are matched in a
shadow copy where Chinese and financial numerals are digits and the separators between groups are dropped
(139.1111.2222, 139 - 1111 - 2222, 壹叁玖…), and a text ending inside such a number is masked at its tail.
Same batches as 0009."""

from importlib import import_module

from django.db import migrations

fill = import_module("ecopetition.cases.migrations.0009_fill_search_masked").fill


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("cases", "0010_refill_search_masked")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
