"""Recompute the searchable columns of every existing case with the masks added after the fifteenth outside review,
in one pass, so that `?q=` finds nothing a page hides: a name the detector finds in one of the case's texts masked in
all of them (R15-1), a title made of a short complaint masked as the content's lines read (R15-2), and the name after
a place after a strong cue (R15-4).
The same batched fill as 0013 (one pass). On a large register it is slow (see docs/operations.md)."""

import importlib

from django.db import migrations

fill = importlib.import_module("ecopetition.cases.migrations.0013_fill_search_tokens").fill


class Migration(migrations.Migration):
    atomic = False  # one transaction per batch, as 0013

    dependencies = [("cases", "0020_refill_search_for_fourteenth_review_masks")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]
