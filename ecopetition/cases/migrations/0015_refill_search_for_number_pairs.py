"""Recompute the searchable columns of every existing case with the masking rule of the seventh outside review
(R7-4): a chain of digit groups is cut into numbers before the shape test, so two grouped numbers in a row
(139ー8888ー2222，138ー1111ー3333; 138，1234，5678；138、1234、5678) are each masked, and the recorded phone and ID
number are found whatever separates their digits. The same batched fill as 0013, so that a search for either
number (or a group of it) no longer finds the case for a reader without the grant."""

import importlib

from django.db import migrations

fill = importlib.import_module("ecopetition.cases.migrations.0013_fill_search_tokens").fill


class Migration(migrations.Migration):
    atomic = False  # one transaction per batch, as 0013

    dependencies = [("cases", "0014_refill_search_for_review_masks")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]
