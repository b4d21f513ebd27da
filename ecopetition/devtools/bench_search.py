"""`ecopetition bench search`: the case list's search against a large register (issue 16: p95 under 200 ms).

Generates N complaints straight into a throwaway database (a temporary SQLite file, or the database
DATABASE_URL names, which must be a throwaway one): generated texts (`textgen`, a pool of --pool distinct
complaints, each segmented once with `search_columns`, as the models do) spread over a city and ten
counties, each row with its own number and number tokens. The GIN indexes are dropped during the load and
built after it, as a bulk import would (`--reuse` times an earlier run's rows again). Then times what the case list does for a search (the ranked first
page and the count) for a city clerk (who may see identities: masked and full tokens), a city officer and
a county officer (masked tokens only), over Chinese queries such as 化工厂排污 and 河道死鱼; p50/p95/p99, and the
CPU each search took in this process and in the database server's (its latency on an idle machine: on a busy one
the wall-clock figures include waiting for a core).
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

NAME = "search"
HELP = "Time the case list search (ranked first page + count) over N complaints (default 1,000,000)."

# Queries as people type them; `run` adds as many drawn from the generated texts (two words of one
# complaint), so that common and rare matters both count.
QUERIES = ("化工厂排污", "河道死鱼", "废气", "刺鼻气味", "噪声扰民", "夜间施工", "焚烧秸秆", "养殖场臭味", "污水直排",
           "油烟", "烟囱冒黑烟", "工地扬尘", "饭店油烟扰民", "塑料厂废气", "打桩机噪声", "垃圾焚烧", "化工 排污",
           "河水发黑", "小区 噪声", "半夜 偷排")


def add_arguments(parser):
    parser.add_argument("--cases", type=int, default=1_000_000, help="complaints to generate (default 1,000,000)")
    parser.add_argument("--pool", type=int, default=10_000, help="distinct generated texts (default 10,000)")
    parser.add_argument("--rounds", type=int, default=5, help="times each query is run per user (default 5)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary SQLite file (its path is printed)")
    parser.add_argument("--reuse", action="store_true",
                        help="time the complaints an earlier run left in the DATABASE_URL database (no generation)")
    parser.add_argument("--seed", type=int, default=16)


def _pool(n: int, rng: random.Random) -> list[dict]:
    """N generated complaints with their searchable columns (jieba runs here once per text)."""
    from ecopetition.cases.models import search_columns

    from .generate import person_name, phone
    from .textgen import SCENARIOS, in_scope_text, pick_place

    out = []
    for _ in range(n):
        sc = rng.choice(SCENARIOS)
        county, town, spot = pick_place(rng)
        text, party = in_scope_text(rng, sc, rng.randrange(len(sc.cores)), county=county, town=town, spot=spot)
        person = {"name": person_name(rng), "phone": phone(rng)} if rng.random() < 0.7 else None
        values = {"number": "", "title": text[:60], "content": text, "address": f"{county}{town}{spot}",
                  "reported_party_name": party}
        out.append({**values, **search_columns(values, [person] if person else [])})
    return out


def _indexes():
    import importlib

    return importlib.import_module("ecopetition.cases.migrations.0012_search_tokens")


def generate(n: int, pool_size: int, out, seed: int) -> dict:
    """N complaints over a city and ten counties, and the users the timings search as."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from ecopetition.cases.models import Complaint
    from ecopetition.cases.segment import token_text
    from ecopetition.core import clock
    from ecopetition.core.progress import counter
    from ecopetition.org.models import Membership, Unit

    from .bench_sweep import _insert_rows, _prep

    rng = random.Random(seed)
    t0 = time.perf_counter()
    pool = _pool(pool_size, rng)
    out.write(f"  segmented {pool_size:,} distinct texts in {time.perf_counter() - t0:.1f} s")
    city = Unit.objects.create(code="BENCH", name="基准市", kind="city", division_code="320900")
    units = [city] + [Unit.objects.create(code=f"BENCH-{i}", name=f"基准县{i}", kind="county", parent=city,
                                          division_code=f"3209{i:02d}") for i in range(1, 11)]
    User = get_user_model()
    users = {}
    for label, unit, role in (("city clerk (identities)", city, "clerk"), ("city officer (masked)", city, "officer"),
                              ("county officer (masked)", units[1], "officer")):
        user = User.objects.create(username=f"bench-{unit.code}-{role}", is_active=True)
        Membership.objects.create(user=user, unit=unit, role=role)
        users[label] = user
    now = clock.now().replace(microsecond=0)
    template = Complaint(number="", channel="web", received_at=now, state="assigned", unit=city, lead_unit=city,
                         title="", content="", created_at=now, updated_at=now)
    cols, vals = _prep(Complaint, template, connection)
    at = {c: cols.index(c) for c in ("number", "unit_id", "lead_unit_id", "received_at", "title", "content",
                                     "address", "reported_party_name", "search_masked", "search_tokens_masked",
                                     "search_tokens_full")}
    prep_dt = Complaint._meta.get_field("received_at").get_db_prep_save
    days = [prep_dt(now - dt.timedelta(days=d), connection) for d in range(730)]
    if connection.vendor == "postgresql":  # the stored vectors are computed as rows arrive; indexed after
        with connection.cursor() as cur:
            for vector in _indexes().VECTORS:
                cur.execute(f"DROP INDEX IF EXISTS complaint_{vector}_gin")
    chunk = 20_000
    progress = counter("complaints", n, unit="case")
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        for start in range(0, n, chunk):
            rows = []
            for i in range(start, min(n, start + chunk)):
                p = pool[rng.randrange(pool_size)]
                number = f"BENCH-{i:07d}"
                row = list(vals)
                row[at["number"]] = number
                row[at["unit_id"]] = row[at["lead_unit_id"]] = units[i % len(units)].pk
                row[at["received_at"]] = days[rng.randrange(len(days))]
                for f in ("title", "content", "address", "reported_party_name", "search_masked"):
                    row[at[f]] = p[f]
                numbered = token_text(number)[:-1]  # the number's tokens, then the pool text's
                row[at["search_tokens_masked"]] = numbered + p["search_tokens_masked"]
                row[at["search_tokens_full"]] = numbered + p["search_tokens_full"]
                rows.append(tuple(row))
            with transaction.atomic():
                _insert_rows(cur, Complaint._meta.db_table, cols, rows)
            progress(min(n, start + chunk))
    out.write(f"  inserted {n:,} complaints in {time.perf_counter() - t0:.1f} s")
    if connection.vendor == "postgresql":
        t0 = time.perf_counter()

        class _Editor:
            class connection:  # noqa: N801 - the shape the migration's function reads
                vendor = "postgresql"

            @staticmethod
            def execute(sql):
                with connection.cursor() as c:
                    c.execute(sql)

        _indexes().create_vectors(None, _Editor)
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
        out.write(f"  built the GIN indexes and analysed in {time.perf_counter() - t0:.1f} s")
    return users


def _queries(rng: random.Random) -> list[str]:
    """QUERIES and as many drawn from stored complaints (two words of one)."""
    from ecopetition.cases.models import Complaint

    top = Complaint.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    drawn = []
    while top and len(drawn) < len(QUERIES):
        row = Complaint.objects.filter(pk__gte=rng.randint(1, top)).values_list("search_tokens_masked", flat=True)[:1]
        words = [t for t in set(" ".join(row).split()) if len(t) >= 2 and not t.isascii()]
        if len(words) >= 2:
            drawn.append(" ".join(sorted(rng.sample(words, 2))))
    return list(QUERIES) + drawn


def _bench_users() -> dict:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return {"city clerk (identities)": User.objects.get(username="bench-BENCH-clerk"),
            "city officer (masked)": User.objects.get(username="bench-BENCH-officer"),
            "county officer (masked)": User.objects.get(username="bench-BENCH-1-officer")}


def run(options, stdout):
    import os

    from django.core.management import call_command

    from ecopetition.cases import queries
    from ecopetition.cases.models import Complaint

    from .bench_sweep import _drop_throwaway_database, _use_throwaway_database

    n = options["cases"]
    if n <= 0 or options["pool"] <= 0:
        stdout.write("--cases and --pool must be positive.")
        return
    label, path = _use_throwaway_database(stdout)
    stdout.write(f"database: {label}")
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    stdout.write(f"  schema ready in {time.perf_counter() - t0:.1f} s")
    have = Complaint.objects.filter(number__startswith="BENCH-").count()
    if options["reuse"] and have >= n:
        stdout.write(f"  reusing the {have:,} complaints already generated in this database")
        users = _bench_users()
        n = have
    else:
        users = generate(n, min(options["pool"], n), stdout, options["seed"])
    texts = _queries(random.Random(options["seed"]))

    def case_list(user, q):
        """What the case list runs for a search (`cases.views.case_list`): the filters, then the first page of
        the ranked matches (30 rows, bounded to the most recent `SEARCH_CAP`) and its count."""
        qs, _filters = queries.filter_cases(Complaint.objects.visible_to(user), {"q": q}, user)
        qs = qs.select_related("unit", "lead_unit").prefetch_related("categories", "complainants")
        page = queries.paginate(qs, 1, searched=True)
        rows = list(page)
        return page.paginator.count, page.paginator.more, rows

    for user in users.values():  # warm the caches and jieba once, outside the timings
        case_list(user, "预热")
    cpu = _CpuClock()
    all_times: list[float] = []
    all_cpu: list[float] = []
    for who, user in users.items():
        times, hits, capped = [], [], 0
        for _ in range(options["rounds"]):
            for q in texts:
                c0 = cpu()
                t0 = time.perf_counter()
                count, more, _rows = case_list(user, q)
                times.append((time.perf_counter() - t0) * 1000)
                if c0 is not None:
                    all_cpu.append((cpu() - c0) / 1e6)
                hits.append(count)
                capped += more
        times.sort()
        all_times += times
        stdout.write(f"{who}: p50 {statistics.median(times):.1f} ms, p95 {_pct(times, 0.95):.1f} ms, "
                     f"p99 {_pct(times, 0.99):.1f} ms, max {times[-1]:.1f} ms over {len(times)} searches "
                     f"(listed per query: median {int(statistics.median(hits)):,}, most {max(hits):,}; {capped} of {len(times)} "
                     f"searches matched more than {queries.SEARCH_CAP:,}: listed as “{queries.SEARCH_CAP:,}+”)")
    all_times.sort()
    stdout.write(f"search over {n:,} complaints, all readers: p50 {statistics.median(all_times):.1f} ms, "
                 f"p95 {_pct(all_times, 0.95):.1f} ms (target < 200 ms), p99 {_pct(all_times, 0.99):.1f} ms; "
                 f"load average {os.getloadavg()[0]:.1f}")
    if all_cpu:  # what a search costs in CPU, this process and the database's: its latency on an idle machine
        all_cpu.sort()
        stdout.write(f"  CPU per search (this process + the database server's process): p50 "
                     f"{statistics.median(all_cpu):.1f} ms, p95 {_pct(all_cpu, 0.95):.1f} ms, "
                     f"p99 {_pct(all_cpu, 0.99):.1f} ms")
    stdout.write(f"database: {label}")
    if path and not options.get("keep"):
        _drop_throwaway_database(path)


class _CpuClock:
    """Nanoseconds on a CPU so far of this process and of the database server's process serving this
    connection (Linux schedstat; a PostgreSQL server on this machine), or None where they cannot be read
    (SQLite answers inside this process: its own time is the whole)."""

    def __init__(self) -> None:
        from django.db import connection

        self.paths = ["/proc/self/schedstat"]
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_backend_pid()")
                self.paths.append(f"/proc/{cur.fetchone()[0]}/schedstat")

    def __call__(self) -> int | None:
        try:
            return sum(int(Path(p).read_text().split()[0]) for p in self.paths)
        except (OSError, ValueError, IndexError):
            return None


def _pct(sorted_times: list[float], q: float) -> float:
    return sorted_times[min(len(sorted_times) - 1, int(q * len(sorted_times)))]
