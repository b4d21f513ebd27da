"""`ecopetition search_reindex`: recompute every case's searchable columns (masked text, search tokens).

Run it after a change to the masking rules (`cases.masking.mask_text`) or to the segmentation
(`cases.segment`, jieba's dictionary): the search matches a reader without the identity against the stored
masked copy and tokens, which must mask what the pages mask, and every query against tokens cut the same way.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ecopetition.cases.models import Complaint, refresh_search


class Command(BaseCommand):
    help = "Recompute the searchable text and search tokens of every case (after the masking or segmentation rules change)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=1000, help="cases per transaction (default 1000)")

    def handle(self, *args, batch, **options):
        last, done = 0, 0
        while True:
            ids = list(Complaint.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch])
            if not ids:
                break
            refresh_search(ids, batch=batch)
            done += len(ids)
            last = ids[-1]
        self.stdout.write(f"recomputed the searchable text of {done} case(s)")
