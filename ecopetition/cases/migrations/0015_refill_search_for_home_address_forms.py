"""Recompute the searchable columns of every existing case with the masks of the sixth outside review's home
address and number fragments (R6-3): the recorded building and room written with any joiner or in Chinese numerals
(12-303, 12#303, 12幢303, 7-5-2, 七栋五零二), the room after a masked estate, the spaced estate name, an unrecorded
home address after 住/家在/我家/地址：, and the recorded phone's last eight or four digits and the ID number's last six
or birth date written in pieces. The same batched fill as 0013, so that `?q=12-303` or `?q=303` no longer finds a
case whose pages now hide them."""

import importlib

from django.db import migrations

fill = importlib.import_module("ecopetition.cases.migrations.0013_fill_search_tokens").fill


class Migration(migrations.Migration):
    atomic = False  # one transaction per batch, as 0013

    dependencies = [("cases", "0014_refill_search_for_review_masks")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]
