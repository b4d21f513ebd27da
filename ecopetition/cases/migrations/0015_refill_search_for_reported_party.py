"""Recompute the searchable columns of every existing case now that the reported party is free text of the case
(seventh outside review, R7-1): its masked copy joins the masked text and tokens, the party as written only the
full tokens; and with the summary and date rules of the same review (a text ending in the start of a recorded name
or address masked; a date such as 2027-03-30 no longer masked as a cut number). The same batched fill as 0013."""

import importlib

from django.db import migrations

fill = importlib.import_module("ecopetition.cases.migrations.0013_fill_search_tokens").fill


class Migration(migrations.Migration):
    atomic = False  # one transaction per batch, as 0013

    dependencies = [("cases", "0014_refill_search_for_review_masks")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]
