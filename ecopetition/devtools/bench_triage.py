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

import os
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


def _batch_cost(w, ids: list[int], batch: int = 200) -> None:
    """The worker's triage cost per complaint, amortised over its batches (CPU time of this process, SQLite in it):
    the suggestion (classification of the batch's texts in one prediction, then address, routing, the clerk's
    choices read) with and without the repeat search (`post_register.think_many`, what the outbox's prepare step
    does), against the suggestion case by case. The address cache is emptied before each pass."""
    from ecopetition.cases.models import Complaint
    from ecopetition.triage import engine, geo, post_register

    cases = list(Complaint.objects.filter(pk__in=ids).select_related("unit", "sector", "created_by"))
    if not cases:
        return
    chunks = [cases[i:i + batch] for i in range(0, len(cases), batch)]
    post_register.think_many([cases[0].pk])  # models and caches loaded outside the timings

    def cpu_ms(fn) -> float:
        geo._parse_cached.cache_clear()
        t0 = time.process_time()
        fn()
        return (time.process_time() - t0) * 1000 / len(cases)

    def batched():
        for chunk in chunks:
            for case, cls in zip(chunk, engine.classify_many(c.content for c in chunk), strict=True):
                post_register.suggest(case, cls)

    def one_by_one():
        for case in cases:
            post_register.suggest(case)

    def worker():
        for chunk in chunks:
            post_register.think_many([c.pk for c in chunk])

    runs = {name: [] for name in ("batched", "one_by_one", "worker")}
    for _ in range(3):  # interleaved, the least of three: the machine is shared
        for name, fn in (("batched", batched), ("one_by_one", one_by_one), ("worker", worker)):
            runs[name].append(cpu_ms(fn))
    best = {name: min(v) for name, v in runs.items()}
    w(f"worker triage over {len(cases)} stored cases in batches of {batch}: the suggestion (classification, address, "
      f"routing) {best['batched']:.2f} CPU-ms per complaint (case by case: {best['one_by_one']:.2f}); with the "
      f"repeat search, as the outbox's prepare step does it, {best['worker']:.2f} CPU-ms per complaint "
      f"(least of 3 runs each)\n")


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


def _intake_cost(options, rng) -> dict | None:
    """Median time of one registration with and without the triage hook (interleaved), through do_register."""
    from django.conf import settings
    from django.db import transaction

    from ecopetition.cases import actions
    from ecopetition.org.models import Unit, UnitKind

    unit = Unit.objects.filter(kind=UnitKind.COUNTY, active=True).first()
    if unit is None:
        return None
    from .textgen import SCENARIOS, in_scope_text

    off, on = [], []
    saved = getattr(settings, "TRIAGE_ON_REGISTER", True)
    try:
        for i in range(60):
            sc = SCENARIOS[i % len(SCENARIOS)]
            text, _ = in_scope_text(rng, sc, 0)
            data = actions.NewComplaint(channel="web", content=text, complainants=[
                actions.ComplainantInput(name="测试", phone=f"199{rng.randrange(10**8):08d}")])
            flag = i % 2 == 0
            settings.TRIAGE_ON_REGISTER = flag
            t0 = time.perf_counter()
            with transaction.atomic():
                case = actions.do_register(data, unit=unit, actor=None, via="import")
            elapsed = (time.perf_counter() - t0) * 1000
            (on if flag else off).append(elapsed)
            del case
    finally:
        settings.TRIAGE_ON_REGISTER = saved
    return {"off": statistics.median(off), "on": statistics.median(on), "n": len(on)}


def run(options, stdout):
    from ecopetition.cases.models import Complaint
    from ecopetition.devtools.generate import Generator
    from ecopetition.triage import classifier, engine, geo, repeats
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
        from ecopetition.triage import quality

        quality.report(w)

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
    times, cpu, outcomes = [], [], []
    planted_set = set(planted_ids)
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
        t0, c0 = time.perf_counter(), time.process_time()
        result = engine.triage(inp)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        group = find(pk) if pk in in_truth else None
        scored = [(s["score"], group is not None and s["id"] in parent and find(s["id"]) == group)
                  for s in result["similar"]]
        outcomes.append((pk in planted_set, scored))
    times.sort()
    cpu.sort()
    _batch_cost(w, ids)

    def pct(q):
        return times[min(len(times) - 1, int(q * len(times)))]

    def score_at(threshold):
        found = planted_n = right = wrong = 0
        for planted, scored in outcomes:
            hits = [ok for score, ok in scored if score >= threshold]
            right += sum(hits)
            wrong += len(hits) - sum(hits)
            if planted:
                planted_n += 1
                found += any(hits)
        return found, planted_n, right, wrong

    found, planted_n, flagged_right, flagged_wrong = score_at(repeats.THRESHOLD)
    recall = found / planted_n if planted_n else 0.0
    precision = flagged_right / (flagged_right + flagged_wrong) if flagged_right + flagged_wrong else 0.0
    # The address parser's cache helps when addresses recur (generated ones recur a lot): show the cold cost too.
    stats = geo.cache_stats()
    cold = []
    for pk in ids[:100]:
        c = cases.get(pk)
        if c is None:
            continue
        geo._parse_cached.cache_clear()
        t0 = time.perf_counter()
        engine.triage(engine.TriageInput(text=c.content, address=c.address, lat=c.lat, lon=c.lon,
                                         reported_party_name=c.reported_party_name,
                                         division_hint=c.unit.division_code, at=c.received_at, exclude_id=c.pk))
        cold.append((time.perf_counter() - t0) * 1000)
    cold.sort()
    intake = _intake_cost(options, rng)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    w(f"triage latency over {len(times)} cases (single thread, with address, routing and repeat search): "
      f"p50 {statistics.median(times):.1f} ms, p95 {pct(0.95):.1f} ms, p99 {pct(0.99):.1f} ms, max {times[-1]:.1f} ms "
      f"wall; CPU of this process p50 {statistics.median(cpu):.1f} ms, p95 {cpu[int(0.95 * len(cpu))]:.1f} ms "
      f"(SQLite runs in this process, so its work counts in both; load average {os.getloadavg()[0]:.1f})\n")
    w(f"planted repeats: recall {recall:.3f} ({found}/{planted_n}) at precision {precision:.3f} "
      f"({flagged_right} right, {flagged_wrong} wrong flagged matches; threshold {repeats.THRESHOLD}, "
      f"window {repeats.WINDOW_DAYS} days, radius {repeats.RADIUS_M:.0f} m)\n")
    for th in (0.55, 0.6, 0.65, 0.7, 0.75, 0.8):
        f, n_, r_, w_ = score_at(th)
        w(f"  at threshold {th:.2f}: recall {f / max(n_, 1):.3f}, precision {r_ / max(r_ + w_, 1):.3f}\n")
    w(f"address cache: {stats['hits']}/{stats['calls']} hits during the run; with the cache emptied before each "
      f"case ({len(cold)} cases): p50 {statistics.median(cold):.1f} ms, p95 {cold[int(0.95 * len(cold)) - 1]:.1f} ms\n")
    if intake:
        w(f"intake: do_register {intake['off']:.1f} ms without triage, {intake['on']:.1f} ms with the triage hook "
          f"(index in the transaction, repeat search + suggestion record after commit), median of {intake['n']} each\n")
    w(f"peak resident memory: {rss_mb:,.0f} MB\n")
