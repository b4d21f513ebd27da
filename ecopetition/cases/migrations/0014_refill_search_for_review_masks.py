"""Recompute the searchable columns of every existing case with the masking rules of the fourth, fifth and sixth
outside reviews: WeChat handles behind 薇信/V信, e-mail addresses written without @, spaced names, 我是村民 +
name, rooms and two-digit birth years in Chinese numerals, pieces of the recorded home address (phones written
as the reported party's left readable); and text read through `masking.read_text` (invisible and format
characters, tabs and styled digits no longer hide a number or a name; recorded values normalised before
matching; the given name and the surname with an honorific masked whole); any short run of punctuation (dashes of every
kind, ー, bullets, colons, #) between the groups of a phone or ID number. The same batched fill as 0013, run
once for all three, so that the masked search text matches what pages show."""

import importlib

from django.db import migrations

fill = importlib.import_module("ecopetition.cases.migrations.0013_fill_search_tokens").fill


class Migration(migrations.Migration):
    atomic = False  # one transaction per batch, as 0013

    dependencies = [("cases", "0013_fill_search_tokens")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]
