"""Recompute the searchable columns of every existing case with the masks added after the ninth (see 0017) and tenth
outside reviews, and those fixed after the eleventh and twelfth, in one pass, so
that `?q=` finds nothing a page hides: unrecorded names after more role words, honorifics, self-descriptions,
kinship words, in lists, postal and contact lines, sign-offs and before home words, the bracketed pinyin of a masked
name and a Latin name after a strong cue (R10-5); the recorded phone with a letter between its groups and its middle
four after 中段/第四到第七位 (R10-7); a recorded name with an interpunct or in Latin letters, and each part of a dotted
name (R10-12); phone and ID numbers with O for 0 and l or I for 1 (R10-15).
The same batched fill as 0013 (one pass). On a large register it is slow (see docs/operations.md)."""

import importlib

from django.db import migrations

fill = importlib.import_module("ecopetition.cases.migrations.0013_fill_search_tokens").fill


class Migration(migrations.Migration):
    atomic = False  # one transaction per batch, as 0013

    dependencies = [("cases", "0017_refill_search_for_ninth_review_masks")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]
