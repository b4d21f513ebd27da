"""`ecopetition bench triage`: latency with a large register, repeat recall/precision, memory, held-out accuracy.

With --count N stored complaints (generated if fewer are there): triage of
sampled stored cases as if they were new (classifier, address, routing and
the repeat search, single-threaded), p50/p95/p99; recall of planted repeats
(their original found at or above the repeat threshold) and precision of all
flagged matches (a flagged match is right when both cases belong to the same
planted group); peak resident memory; held-out in-scope accuracy of the
starter set (whole templates held out).
"""

from __future__ import annotations

import random
import resource
import statistics
import time

NAME = "triage"
HELP = "Triage latency, repeat recall/precision, memory and held-out accuracy (generates complaints if needed)."


def add_arguments(parser):
    parser.add_argument("--count", type=int, default=1_000_000, help="stored complaints (generated if fewer)")
    parser.add_argument("--queries", type=int, default=600, help="cases triaged (half planted repeats)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--skip-eval", action="store_true", help="skip the held-out accuracy")


def _components(rows):
    parent: dict[int, int] = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in rows:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    return find, parent


def run(options, stdout):
    from ecopetition.cases.models import Complaint
    from ecopetition.triage import classifier, engine, geo, repeats
    from ecopetition.triage.generate import Generator
    from ecopetition.triage.models import Boundary, PlantedRepeat

    w = stdout.write
    rng = random.Random(options["seed"])
    if not Boundary.objects.exists():
        from pathlib import Path

        for p in sorted((Path(__file__).resolve().parent / "data" / "geo").glob("*.json")):
            geo.load_geojson(p)
    have = Complaint.objects.count()
    if have < options["count"]:
        w(f"generating {options['count'] - have} complaints (have {have})...\n")
        gen = Generator(seed=options["seed"] + have)
        result = gen.run(options["count"] - have)
        rate = result["complaints"] / max(result["seconds"], 1e-6)
        w(f"generation: {result['complaints']} complaints in {result['seconds']} s ({rate:,.0f}/s), "
          f"{result['planted_repeats']} planted repeats\n")
    total = Complaint.objects.count()
    w(f"stored complaints: {total:,}\n")

    if not options["skip_eval"]:
        rows = classifier.load_starter()
        train_rows, test_rows = classifier.group_split(rows)
        t0 = time.monotonic()
        model = classifier.train(train_rows)
        fit = time.monotonic() - t0
        ev = classifier.evaluate(model, test_rows)
        w(f"held-out (whole templates, {ev['rows']} texts; trained on {len(train_rows)} in {fit:.1f} s): "
          f"in-scope accuracy {ev['in_scope_accuracy']:.3f}, legal route accuracy {ev['route_accuracy']:.3f}, "
          f"sector accuracy {ev['sector_accuracy']:.3f}, category micro-F1 {ev['category_f1']:.3f}\n")

    truth = list(PlantedRepeat.objects.values_list("repeat_id", "original_id"))
    if not truth:
        w("no planted repeats in this database: run `ecopetition generate` first\n")
        return
    find, parent = _components(truth)
    n = options["queries"]
    planted_ids = [r for r, _o in rng.sample(truth, min(n // 2, len(truth)))]
    in_truth = set(parent)
    max_id = Complaint.objects.order_by("-pk").values_list("pk", flat=True).first()
    others: list[int] = []
    while len(others) < n - len(planted_ids):
        pk = rng.randint(1, max_id)
        if pk not in in_truth:
            others.append(pk)
    ids = planted_ids + others
    rng.shuffle(ids)
    cases = {c.pk: c for c in Complaint.objects.filter(pk__in=ids).select_related("unit").prefetch_related("complainants")}

    classifier.get_model()  # load once, outside the timings
    geo._jionlp()
    engine.triage(engine.TriageInput(text="预热", address="盐城市亭湖区"))
    times, found, flagged_right, flagged_wrong, planted_n = [], 0, 0, 0, 0
    for pk in ids:
        c = cases.get(pk)
        if c is None:
            continue
        people = list(c.complainants.all())
        p = people[0] if people else None
        inp = engine.TriageInput(
            text=c.content, address=c.address, lat=c.lat, lon=c.lon, reported_party_name=c.reported_party_name,
            phone=p.phone if p else "", id_number=p.id_number if p else "", name=p.name if p else "",
            complainant_address=p.address if p else "", division_hint=c.unit.division_code, at=c.received_at,
            exclude_id=c.pk,
        )
        t0 = time.perf_counter()
        result = engine.triage(inp)
        times.append((time.perf_counter() - t0) * 1000)
        flagged = [s["id"] for s in result["similar"] if s["score"] >= repeats.THRESHOLD]
        group = find(pk) if pk in in_truth else None
        for fid in flagged:
            if group is not None and fid in parent and find(fid) == group:
                flagged_right += 1
            else:
                flagged_wrong += 1
        if pk in planted_ids:
            planted_n += 1
            if any(fid in parent and find(fid) == group for fid in flagged):
                found += 1
    times.sort()

    def pct(q):
        return times[min(len(times) - 1, int(q * len(times)))]

    recall = found / planted_n if planted_n else 0.0
    precision = flagged_right / (flagged_right + flagged_wrong) if flagged_right + flagged_wrong else 0.0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    w(f"triage latency over {len(times)} cases (single thread, with address, routing and repeat search): "
      f"p50 {statistics.median(times):.1f} ms, p95 {pct(0.95):.1f} ms, p99 {pct(0.99):.1f} ms, max {times[-1]:.1f} ms\n")
    w(f"planted repeats: recall {recall:.3f} ({found}/{planted_n}) at precision {precision:.3f} "
      f"({flagged_right} right, {flagged_wrong} wrong flagged matches; threshold {repeats.THRESHOLD}, "
      f"window {repeats.WINDOW_DAYS} days, radius {repeats.RADIUS_M:.0f} m)\n")
    w(f"peak resident memory: {rss_mb:,.0f} MB\n")
