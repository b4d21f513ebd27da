"""Recompute the searchable columns of every existing case with the masks added after the fourteenth outside review,
in one pass, so that `?q=` finds nothing a page hides: the recorded phone or ID number half hidden or cut short
(R14-1), the recorded house number before its road or after a side of it (R14-4), an unrecorded mobile in labelled pieces (R14-6), and an anonymous writer's name in self-introductions, role
words, replies and officers' notes (R14-2, R14-3, R14-7).
The same batched fill as 0013 (one pass). On a large register it is slow (see docs/operations.md)."""

import importlib

from django.db import migrations

fill = importlib.import_module("ecopetition.cases.migrations.0013_fill_search_tokens").fill


class Migration(migrations.Migration):
    atomic = False  # one transaction per batch, as 0013

    dependencies = [("cases", "0019_refill_search_for_thirteenth_review_masks")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]
