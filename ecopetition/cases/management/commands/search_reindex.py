"""`ecopetition search_reindex`: recompute every case's masked searchable text.

Run it after a change to the masking rules (`cases.masking.mask_text`): the search matches a reader
without the identity against this stored copy, which must mask what the pages mask.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ecopetition.cases.models import Complaint, refresh_search


class Command(BaseCommand):
    help = "Recompute the masked searchable text of every case (after the masking rules change)."

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
