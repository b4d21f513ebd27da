"""Recompute the searchable columns of every existing case with the sixth outside review's separator rule:
any short run of characters that are neither letters, digits nor CJK ideographs (ー, ——, the Unicode dashes,
U+2212, bullets, : # and the like) joins the groups of a phone or an ID number, so that the masked search text
no longer holds such a number whole. The same batched fill as 0013."""

import importlib

from django.db import migrations

fill = importlib.import_module("ecopetition.cases.migrations.0013_fill_search_tokens").fill


class Migration(migrations.Migration):
    atomic = False  # one transaction per batch, as 0013

    dependencies = [("cases", "0014_refill_search_for_review_masks")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]
