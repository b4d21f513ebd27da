"""`ecopetition bench dashboard`: the dashboard's statistics from rollups against plain GROUP BY.

Builds a throwaway database (a temporary SQLite file, and a throwaway
PostgreSQL cluster with `--db postgres`), fills it with `--count` generated
complaints over a province of ~1,000 units and four years, building the
rollups alongside in Python with the same `fact_of` the live hook uses, then
times the figures of the dashboard for the province and one year both ways,
asserts they are identical and prints both times and the ratio.

The work runs in a child process pointed at the throwaway database, so the
project's own database is never touched.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from ecopetition.core.progress import counter

NAME = "dashboard"
HELP = "Time the dashboard's statistics (rollups) against plain GROUP BY on a generated register."
INNER = "ECOPETITION_ANALYTICS_BENCH_INNER"


def add_arguments(parser) -> None:
    parser.add_argument("--count", type=int, default=5_000_000, help="complaints to generate (default 5,000,000)")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--year", type=int, default=2025, help="the year whose figures are timed")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of the rollup query (median shown)")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database folder")
    parser.add_argument("--seed", type=int, default=7)


def run(options, stdout) -> None:
    if os.environ.get(INNER):
        return _inner(options, stdout)
    dbs = ["sqlite", "postgres"] if options["db"] == "both" else [options["db"]]
    for db in dbs:
        _outer(db, options, stdout)
    return None


# --- the parent: make a throwaway database, run the child against it ----------------------

def _child_args(options) -> list[str]:
    return [sys.executable, "-m", "ecopetition", "bench", NAME, "--count", str(options["count"]), "--year",
            str(options["year"]), "--repeat", str(options["repeat"]), "--seed", str(options["seed"])]


def _outer(db: str, options, stdout) -> None:
    folder = Path(tempfile.mkdtemp(prefix=f"ecopetition-bench-{db}-"))
    os.chmod(folder, 0o755)  # noqa: S103 - the postgres user must enter it; throwaway data only
    env = {**os.environ, INNER: "1", "ECOPETITION_DATA_DIR": str(folder / "data"), "DEBUG": ""}
    pg = None
    try:
        if db == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
        else:
            pg = _start_postgres(folder)
            env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{pg}/bench"
        stdout.write(f"== {db}: {options['count']:,} complaints in {folder}")
        stdout.flush()
        proc = subprocess.run(_child_args(options), env=env, check=False)  # noqa: S603
        if proc.returncode:
            stdout.write(f"{db}: the benchmark failed (exit {proc.returncode})")
    finally:
        if pg:
            _pg(folder, "pg_ctl", "-D", str(folder / "pg" / "data"), "-m", "fast", "-w", "stop")
        if not options.get("keep"):
            shutil.rmtree(folder, ignore_errors=True)


def _pg_bin(name: str) -> str:
    for base in ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/bin"):
        if Path(base, name).exists():
            return str(Path(base, name))
    return name


def _pg(folder: Path, tool: str, *args: str) -> None:
    cmd = [_pg_bin(tool), *args]
    if os.geteuid() == 0:  # initdb refuses root: run the cluster as the postgres user
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603


def _start_postgres(folder: Path) -> int:
    import socket

    pgdir = folder / "pg"
    pgdir.mkdir()
    if os.geteuid() == 0:
        shutil.chown(pgdir, "postgres", "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    _pg(folder, "initdb", "-D", str(pgdir / "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8",
        "--locale=C.UTF-8")
    # Default durability settings: the timings are of queries, the load is not timed.
    _pg(folder, "pg_ctl", "-D", str(pgdir / "data"), "-l", str(pgdir / "log"), "-w", "-o",
        f"-k {pgdir} -p {port} -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c work_mem=64MB", "start")
    _pg(folder, "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "bench")
    return port


# --- the child: generate, time, compare ---------------------------------------------------

def _units():
    """A province of 13 cities x 8 counties x (6 towns + 2 departments)."""
    from ecopetition.org.models import Unit

    province = Unit.objects.create(code="B32", name="省", kind="province", division_code="320000")
    leaves = []  # (unit id, registering county id, division code)
    for c in range(1, 14):
        city = Unit.objects.create(code=f"B32{c:02d}", name=f"市{c}", kind="city", parent=province,
                                   division_code=f"32{c:02d}00")
        for k in range(1, 9):
            cdiv = f"32{c:02d}{k:02d}"
            county = Unit.objects.create(code=f"B{cdiv}", name=f"县{c}-{k}", kind="county", parent=city,
                                         division_code=cdiv)
            leaves.append((county.pk, county.pk, cdiv))
            for t in range(1, 7):
                town = Unit.objects.create(code=f"B{cdiv}{t:03d}", name=f"镇{c}-{k}-{t}", kind="town",
                                           parent=county, division_code=f"{cdiv}{t:03d}")
                leaves.append((town.pk, county.pk, f"{cdiv}{t:03d}"))
            for d, dept in enumerate(("eco", "urban")):
                unit = Unit.objects.create(code=f"B{cdiv}D{d}", name=f"{dept}{c}-{k}", kind="department",
                                           department_type=dept, parent=county, division_code=cdiv)
                leaves.append((unit.pk, county.pk, cdiv))
    return province, leaves


def _generate(n: int, seed: int, out):
    """Insert n complaints with raw SQL (fast) and return the rollup cells computed alongside."""
    from django.db import connection, transaction

    from ecopetition.analytics import rollups
    from ecopetition.analytics.models import Rollup
    from ecopetition.cases.models import Category, Complaint, Sector

    rnd = random.Random(seed)
    province, leaves = _units()
    areas_of = rollups.unit_areas()
    cats = list(Category.objects.values_list("pk", "code"))
    sectors = [(None, "")] * 3 + list(Sector.objects.values_list("pk", "code"))
    channels = ["letter", "visit", "phone", "phone", "phone", "web", "web", "email", "transfer", "inspection",
                "instruction"]
    fields = [f for f in Complaint._meta.concrete_fields]
    cols = [f.column for f in fields]
    # Columns added to the register later get their model default (the generator sets the ones it knows).
    defaults = {f.column: (f.get_default() if f.has_default() else None if f.null else "") for f in fields}
    pg = connection.vendor == "postgresql"
    start = dt.datetime(2023, 1, 1, tzinfo=dt.UTC).timestamp()
    span = dt.datetime(2026, 11, 1, tzinfo=dt.UTC).timestamp() - start
    utc = dt.UTC
    through = Complaint.categories.through._meta.db_table
    agg: dict = defaultdict(Counter)  # (month, responsible unit, dim, key) -> measures
    progress = counter("generating", n, unit="case")
    chunk = 20_000
    created = "2026-11-01 00:00:00+00" if pg else "2026-11-01 00:00:00"

    def ts(d):
        return None if d is None else (d.isoformat(" ") if pg else d.replace(tzinfo=None).isoformat(" "))

    done = 0
    dropped = _drop_indexes(connection, [Complaint._meta.db_table, through])
    with transaction.atomic():
        if connection.vendor == "sqlite":
            with connection.cursor() as cur:
                cur.execute("PRAGMA cache_size=-400000")
        while done < n:
            rows, links = [], []
            for i in range(done + 1, min(n, done + chunk) + 1):
                unit_id, county_id, division = leaves[rnd.randrange(len(leaves))]
                received = dt.datetime.fromtimestamp(start + rnd.random() * span, utc)
                channel = channels[rnd.randrange(len(channels))]
                stage = rnd.random()
                accepted = received + dt.timedelta(hours=rnd.randint(1, 60)) if stage > 0.06 else None
                rejected = stage <= 0.04
                assigned = accepted + dt.timedelta(hours=rnd.randint(1, 120)) if accepted and stage > 0.15 else None
                lead = unit_id if assigned else None
                reg = county_id if assigned else unit_id
                finding = replied = called = closed = None
                satisfaction = finding_s = ""
                if assigned and stage > 0.3:
                    finding_s = ("founded", "partly", "unfounded")[rnd.randrange(3)]
                    finding = assigned + dt.timedelta(days=rnd.randint(1, 50))
                if finding and stage > 0.4:
                    replied = finding + dt.timedelta(days=rnd.randint(0, 5))
                    called = replied + dt.timedelta(days=rnd.randint(0, 5))
                    satisfaction = ("satisfied", "satisfied", "basic", "unsatisfied")[rnd.randrange(4)]
                    if stage > 0.45:
                        closed = called + dt.timedelta(days=rnd.randint(0, 10))
                state = ("not_accepted" if rejected else "registered" if accepted is None else
                         "closed" if closed else "called_back" if called else "reported" if finding else
                         "in_progress" if assigned else "accepted")
                sector_id, sector_code = sectors[rnd.randrange(len(sectors))]
                ncat = 1 if rnd.random() < 0.8 else 2
                mycats = rnd.sample(cats, ncat)
                esc, rep = rnd.random() < 0.04, rnd.random() < 0.08
                coll, media, instr = rnd.random() < 0.01, rnd.random() < 0.01, channel == "instruction"
                values = {
                    "id": i, "number": f"B{i:09d}", "channel": channel, "received_at": ts(received), "state": state,
                    "unit_id": reg, "lead_unit_id": lead, "title": "生成的信访件", "content": "生成的信访件内容",
                    "is_anonymous": False, "head_count": 1, "reported_party_name": "", "reported_party_credit_code": "",
                    "address": "", "division_code": division, "lat": None, "lon": None, "sector_id": sector_id,
                    "is_starred": False, "has_leader_instruction": instr, "is_escalated": esc, "is_repeat": rep,
                    "is_collective": coll, "media_attention": media, "is_urgent": False, "merged_into_id": None,
                    "intake_key": None, "accepted_at": ts(accepted), "reject_reason": "", "legal_route": "",
                    "referred_to": "", "assigned_at": ts(assigned), "signed_at": ts(assigned), "finding": finding_s,
                    "result_summary": "", "reported_at": ts(finding), "reply_text": "", "reply_method": "",
                    "replied_at": ts(replied), "satisfaction": satisfaction, "called_back_at": ts(called),
                    "closed_at": ts(closed), "close_reason": "", "created_by_id": None, "created_at": created,
                    "updated_at": created, "event_seq": 0, "last_hash": "",
                }
                rows.append(tuple(values.get(c, defaults[c]) for c in cols))
                for cid, _code in mycats:
                    links.append((i, cid))
                fact = rollups.fact_of(
                    {"received_at": received, "lead_unit_id": lead, "unit_id": reg, "division_code": division,
                     "channel": channel, "sector_code": sector_code, "state": state, "accepted_at": accepted,
                     "closed_at": closed, "assigned_at": assigned, "replied_at": replied, "called_back_at": called,
                     "satisfaction": satisfaction, "finding": finding_s, "is_repeat": rep, "is_escalated": esc,
                     "is_collective": coll, "media_attention": media, "has_leader_instruction": instr},
                    [c for _p, c in mycats],
                )
                month, resp, cells, measures = fact
                for dim, key in cells:
                    cell = agg[(month, resp, dim, key)]
                    for k, v in measures.items():
                        cell[k] += v
            _insert(connection, Complaint._meta.db_table, cols, rows, pg)
            _insert(connection, through, ["complaint_id", "category_id"], links, pg)
            done += len(rows)
            progress(done)
        out.write(f"recreating {len(dropped)} indexes ...")
        with connection.cursor() as cur:
            if pg:  # deferred foreign-key checks must run before an index can be built in this transaction
                cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for sql in dropped:
                cur.execute(sql)
        out.write("building rollup cells ...")
        totals: dict = defaultdict(Counter)
        for (month, resp, dim, key), measures in agg.items():
            for area in areas_of[resp]:
                totals[(month, area, dim, key)].update(measures)
        rollups.write_cells(totals)
        if pg:
            with connection.cursor() as cur:
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{Complaint._meta.db_table}', 'id'), {n})")
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return province, Rollup.objects.count()


def _drop_indexes(connection, tables: list[str]) -> list[str]:
    """Drop the secondary indexes of the tables (loading is much faster without them); return their SQL."""
    found: list[tuple[str, str]] = []
    with connection.cursor() as cur:
        for table in tables:
            if connection.vendor == "sqlite":
                cur.execute("SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name=%s AND sql IS NOT NULL",
                            [table])
            else:
                cur.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename=%s AND indexname NOT IN "
                    "(SELECT conname FROM pg_constraint)", [table])
            found += [(name, sql) for name, sql in cur.fetchall() if "UNIQUE" not in sql.upper()]
        for name, _sql in found:
            cur.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in found]


def _insert(connection, table: str, cols: list[str], rows: list[tuple], pg: bool) -> None:
    if not rows:
        return
    with connection.cursor() as cur:
        if pg:
            with cur.cursor.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row(r)
        else:
            marks = ", ".join(["%s"] * len(cols))
            # Table and column names come from the models; the values are parameters.
            cur.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", rows)  # noqa: S608


def _time(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def _inner(options, out) -> None:
    from django.core.management import call_command
    from django.db import connection

    from ecopetition.analytics import queries

    n = options["count"]
    out.write(f"database: {connection.vendor}; migrating ...")
    call_command("migrate", verbosity=0)
    t0 = time.monotonic()
    province, cells = _generate(n, options["seed"], out)
    out.write(f"generated {n:,} complaints and {cells:,} rollup cells in {time.monotonic() - t0:.0f}s")

    period = queries.parse_period(str(options["year"]))
    measures = queries.MEASURES_NAIVE
    fast, fast_result = _time(lambda: queries.stats(province, period, measures), options["repeat"])
    # The naive way is slow at scale: time it once or twice, not five times.
    slow, slow_result = _time(lambda: queries.stats_naive(province, period, measures), 1 if n > 200_000 else 3)
    same = fast_result == slow_result
    year_n = fast_result["totals"]["n"]
    out.write("")
    out.write(f"dashboard statistics, province, year {options['year']} ({year_n:,} of {n:,} complaints), "
              f"{connection.vendor}:")
    out.write(f"  rollups (incremental cells)      {fast * 1000:10.1f} ms   (median of {options['repeat']})")
    out.write(f"  plain GROUP BY on the register   {slow * 1000:10.1f} ms")
    out.write(f"  ratio                            {slow / fast if fast else float('inf'):10.1f} x")
    out.write(f"  identical figures                {'yes' if same else 'NO'}")
    out.write(f"  target < 300 ms                  {'met' if fast < 0.3 else 'MISSED'}")
    if not same:
        for key in fast_result:
            if fast_result[key] != slow_result[key]:
                out.write(f"  differs: {key}")
        sys.exit(1)
