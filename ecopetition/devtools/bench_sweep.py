"""`ecopetition bench sweep`: the deadline sweep against a million open cases.

Generates N open complaints with one running clock each straight into a
throwaway database (a temporary SQLite file, or the database DATABASE_URL
names, which must be a throwaway one), then times two sweeps at the same
moment: the first with `--changing` of the clocks due for a new level, the
second with nothing left to change. Targets (issue 3): under 5 s and under 0.5 s.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import tempfile
import time

from ecopetition.core.progress import counter

NAME = "sweep"
HELP = "Time the deadline sweep with N open cases (default 1,000,000) where 1%% change level, then none."


def add_arguments(parser):
    parser.add_argument("--cases", type=int, default=1_000_000, help="Open cases to generate (default 1,000,000).")
    parser.add_argument("--changing", type=float, default=0.01, help="Fraction of clocks that change level (0.01).")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary SQLite file (its path is printed).")
    parser.add_argument("--seed", type=int, default=7)


def _use_throwaway_database(out) -> tuple[str, str | None]:
    """Point the default connection at a fresh temporary SQLite file unless DATABASE_URL names a database."""
    from django.db import connections

    conn = connections["default"]
    if os.environ.get("DATABASE_URL"):
        return f"{conn.vendor} ({conn.settings_dict.get('NAME')}, from DATABASE_URL)", None
    fd, path = tempfile.mkstemp(prefix="ecopetition-bench-", suffix=".sqlite3")
    os.close(fd)
    conn.close()
    conn.settings_dict["NAME"] = path
    connections.settings["default"]["NAME"] = path
    return f"sqlite ({path})", path


def _drop_throwaway_database(path: str) -> None:
    """Remove the scratch SQLite file `_use_throwaway_database` made (with its WAL and shared-memory files)."""
    from django.db import connection

    connection.close()
    for suffix in ("", "-wal", "-shm"):
        try:
            os.remove(path + suffix)
        except FileNotFoundError:
            pass


def _insert_rows(cursor, table: str, columns: list[str], rows: list[tuple]) -> None:
    from django.db import connection

    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in columns)
    if connection.vendor == "postgresql":
        # COPY is an order of magnitude faster than INSERT for a million rows.
        with cursor.cursor.copy(f"COPY {qn(table)} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {qn(table)} ({cols}) VALUES ({marks})"  # noqa: S608 (names from model meta)
    cursor.executemany(sql, rows)


def _prep(model, obj, connection, skip=("id",)):
    fields = [f for f in model._meta.concrete_fields if f.column not in skip]
    return [f.column for f in fields], [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]


def generate(n: int, changing: float, now: dt.datetime, out, seed: int = 7) -> int:
    """N open complaints in a small unit tree, each with one running clock; `changing` of them due now."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from ecopetition.cases.models import Complaint, search_columns
    from ecopetition.deadlines.models import CaseClock
    from ecopetition.org.models import Membership, Unit

    rng = random.Random(seed)
    city = Unit.objects.create(code="BENCH", name="基准市", kind="city", division_code="320900")
    units = [city] + [Unit.objects.create(code=f"BENCH-{i}", name=f"基准县{i}", kind="county", parent=city,
                                          division_code=f"3209{i:02d}") for i in range(1, 11)]
    User = get_user_model()
    for u in units:
        for role in ("dispatcher", "officer", "supervisor"):
            user = User.objects.create(username=f"bench-{u.code}-{role}", is_active=True)
            Membership.objects.create(user=user, unit=u, role=role)

    template = Complaint(number="", channel="web", received_at=now, state="assigned", unit=city, lead_unit=city,
                         title="基准测试信访件", content="基准测试", created_at=now, updated_at=now)
    for column, value in search_columns(template.__dict__).items():
        setattr(template, column, value)
    c_cols, c_vals = _prep(Complaint, template, connection)
    i_number, i_unit, i_lead = c_cols.index("number"), c_cols.index("unit_id"), c_cols.index("lead_unit_id")

    hour = dt.timedelta(hours=1)
    n_changing = int(n * changing)
    changing_ids = set(rng.sample(range(n), n_changing))
    prep_dt = CaseClock._meta.get_field("due_at").get_db_prep_save
    cache: dict[dt.datetime, object] = {}

    def d(value):
        if value not in cache:
            cache[value] = prep_dt(value, connection)
        return cache[value]

    chunk = 20_000
    progress = counter("cases + clocks", n, unit="case")
    with connection.cursor() as cur:
        for start in range(0, n, chunk):
            rows = []
            for i in range(start, min(n, start + chunk)):
                vals = list(c_vals)
                vals[i_number] = f"BENCH-{i:07d}"
                u = units[i % len(units)].pk
                vals[i_unit] = vals[i_lead] = u
                rows.append(tuple(vals))
            with transaction.atomic():
                _insert_rows(cur, Complaint._meta.db_table, c_cols, rows)
                ids = list(Complaint.objects.filter(number__gte=f"BENCH-{start:07d}",
                                                    number__lte=f"BENCH-{min(n, start + chunk) - 1:07d}")
                           .order_by("number").values_list("pk", flat=True))
                clock_rows = []
                for offset, pk in enumerate(ids):
                    i = start + offset
                    if i in changing_ids:
                        # Started 4 days ago, due in a day: past yellow (60%) now, next check already passed.
                        started = now - 96 * hour
                        due = now + 24 * hour
                        nxt = started + (due - started) * 0.6
                    else:
                        # Well before its first warning: next check between 1 hour and 10 days ahead.
                        ahead = rng.randint(1, 240) * hour
                        started = now - hour
                        due = now + ahead * 3
                        nxt = started + (due - started) * 0.6
                    y = started + (due - started) * 0.6
                    b = started + (due - started) * 0.75
                    r = started + (due - started) * 0.9
                    clock_rows.append((pk, "site", "到达现场查处", d(started), d(due), d(y), d(b), d(r), None,
                                       False, 0, 0, False, None, "", d(nxt)))
                _insert_rows(cur, CaseClock._meta.db_table,
                             ["complaint_id", "key", "label", "started_at", "due_at", "yellow_at", "blue_at",
                              "red_at", "urge_at", "provisional", "extended_days", "level", "urged", "stopped_at",
                              "stopped_by", "next_check_at"], clock_rows)
            progress(min(n, start + chunk))
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    return n_changing


def run(options, stdout):
    from django.core.management import call_command

    from ecopetition.core import clock
    from ecopetition.deadlines.sweep import sweep

    n, changing = options["cases"], options["changing"]
    if n <= 0 or not 0 <= changing <= 1:
        stdout.write("--cases must be positive and --changing between 0 and 1.")
        return
    label, path = _use_throwaway_database(stdout)
    stdout.write(f"database: {label}")
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    stdout.write(f"  schema ready in {time.perf_counter() - t0:.1f} s")
    now = clock.now().replace(microsecond=0)
    t0 = time.perf_counter()
    expected = generate(n, changing, now, stdout, seed=options.get("seed", 7))
    stdout.write(f"  generated {n:,} open cases with a running clock each in {time.perf_counter() - t0:.1f} s")

    with clock.frozen(now):
        t0 = time.perf_counter()
        first = sweep(now)
        t_first = time.perf_counter() - t0
        t0 = time.perf_counter()
        second = sweep(now)
        t_second = time.perf_counter() - t0
    stdout.write(f"sweep, {changing:.0%} of {n:,} open cases change level: {t_first:.3f} s "
                 f"(target < 5 s) — {first.changed:,} clocks changed, {first.notices:,} notices, "
                 f"{first.messages:,} inbox messages, {first.skipped} skipped; expected {expected:,}")
    stdout.write(f"sweep, none of {n:,} open cases changes level: {t_second:.3f} s (target < 0.5 s) — "
                 f"{second.changed} changed")
    stdout.write(f"database: {label}")
    if path and not options.get("keep"):
        _drop_throwaway_database(path)
    sys.stdout.flush()
