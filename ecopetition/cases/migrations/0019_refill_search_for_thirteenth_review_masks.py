"""Recompute the searchable columns of every existing case with the masks added after the twelfth and thirteenth
outside reviews, in one pass, so that `?q=` finds nothing a page hides: an anonymous case's text masked whole (its
`is_anonymous` is a source of the columns now: R12-4); phones in spoken digits, English or pinyin words and split by
杠/点 (R13-1, R13-6); the recorded phone in pieces out of order (R12-2); relatives', salutations', self-introductions'
and staff notes' names (R12-3, R13-3, R13-4, R13-11); the recorded home's number written otherwise (R13-5); the
recorded birth date in words (R13-7); and names that are words left readable as those words (R13-8, R13-10).
The same batched fill as 0013 (one pass). On a large register it is slow (see docs/operations.md)."""

import importlib

from django.db import migrations

fill = importlib.import_module("ecopetition.cases.migrations.0013_fill_search_tokens").fill


class Migration(migrations.Migration):
    atomic = False  # one transaction per batch, as 0013

    dependencies = [("cases", "0018_refill_search_for_tenth_review_masks")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]
