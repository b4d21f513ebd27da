"""Recompute the searchable columns of every existing case with the masking rules of the fourth outside review
(WeChat handles behind 薇信/V信, e-mail addresses written without @, spaced names, 我是村民 + name, rooms and
two-digit birth years in Chinese numerals, pieces of the recorded home address, phones written as the reported
party's left readable): the same batched fill as 0013, so that the masked search text matches what pages show."""

import importlib

from django.db import migrations

fill = importlib.import_module("ecopetition.cases.migrations.0013_fill_search_tokens").fill


class Migration(migrations.Migration):
    atomic = False  # one transaction per batch, as 0013

    dependencies = [("cases", "0013_fill_search_tokens")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]
