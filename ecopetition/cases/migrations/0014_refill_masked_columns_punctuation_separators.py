"""Recompute the searchable columns (masked text, search tokens) of every existing case with the masking rules
as they now are: a phone or ID number split by ordinary punctuation or line breaks is read as one. The same
batched fill as 0013 (`search_columns`); `ecopetition search_reindex` does the same."""

from importlib import import_module

from django.db import migrations

fill = import_module("ecopetition.cases.migrations.0013_fill_search_tokens").fill


class Migration(migrations.Migration):
    atomic = False  # one transaction per batch: a large register is not held in one

    dependencies = [("cases", "0013_fill_search_tokens")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]
