"""Demo data for triage: development boundaries, the repeat index over the demo register, and a triage
record (suggestion, rule, corrections) for every demo case. Idempotent; `ecopetition demo` calls `extend`."""

from __future__ import annotations

from pathlib import Path

from ecopetition.cases.models import Complaint

from . import geo, post_register
from .backfill import backfill
from .models import Boundary, CaseTriage

GEO = Path(__file__).resolve().parent / "data" / "geo"


def extend(stdout) -> None:
    if not Boundary.objects.exists():
        n = sum(geo.load_geojson(p, source=f"dev: {p.name}") for p in sorted(GEO.glob("*.json")))
        stdout.write(f"triage: {n} development boundaries loaded")
    result = backfill(days=3650)
    missing = Complaint.objects.filter(triage__isnull=True).select_related("unit", "sector", "created_by")
    made = 0
    for case in missing.iterator(chunk_size=200):
        post_register.record_suggestion(case)
        made += 1
    stdout.write(f"triage: {result['indexed']} cases indexed, {result['newly_flagged']} repeats flagged, "
                 f"{made} suggestions recorded ({CaseTriage.objects.count()} in all)")
