"""Recompute the searchable columns of every existing case with the masks added for the fifteenth outside review's
cue forms, in one pass, so that `?q=` finds nothing a page hides: names one a line above a closing date, before
谨启/叩首/泣书/手书, after a signing dash and a place, before a comma and the closing date (R15-5); a list of names after
a cue that a bracket interrupts, 举报人信息： (R15-6); a reply's salutations and body lines (R15-8); 王建国是我, a full name
in brackets after an alias, 代表人：, 留名：, 回电, a householder's 户 or 屋后 after a house number (R15-7); 俺家, 家：, a
landline without its area code after a phone word, a bank card number (R15-9).
The same batched fill as 0013 (one pass). On a large register it is slow (see docs/operations.md)."""

import importlib

from django.db import migrations

fill = importlib.import_module("ecopetition.cases.migrations.0013_fill_search_tokens").fill


class Migration(migrations.Migration):
    atomic = False  # one transaction per batch, as 0013

    dependencies = [("cases", "0021_refill_search_for_fifteenth_round_masks")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]
