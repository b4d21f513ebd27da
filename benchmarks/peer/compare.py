# ruff: noqa: S603, S607 - runs fixed local commands (the throwaway-cluster script, gunicorn, the two interpreters)
"""Peer benchmark: complaint creation in ecopetition against ticket creation in django-helpdesk.

One throwaway PostgreSQL cluster with two databases; each system served by
gunicorn with the same number of sync workers and the same connection policy;
each driven through its own REST API by the same load driver (driver.py) with
the same concurrency and duration, one after the other, in alternating order
over a few rounds. Prints throughput, latency, errors, server CPU per item,
database commits and rows per item, the database counts against the
acknowledged counts, and the ratio ours/theirs.

ecopetition runs as `ecopetition serve` runs it in production: gunicorn plus the
background worker, with the outbox in "worker" mode where the checkout has one
(the request commits the complaint, its number, clocks and audit event; the
worker does statistics, triage and notices a moment later). Its CPU counts, and
after each run the benchmark waits until the worker has caught up.

Run it with the project's interpreter (run.sh does, after it has built the
peer's virtualenv). ecopetition's side runs the code of this checkout, or of
the one named by --ours.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from ecopetition.devtools.benchstack import cpu_of, cpu_spent, free_port

PEER = Path(__file__).resolve().parent
ROOT = PEER.parent.parent
HELPDESK_PY = PEER / ".venv-helpdesk" / "bin" / "python"
PG_SCRIPT = ROOT / "scripts" / "pg-throwaway.sh"
DURABLE = "-c fsync=on -c synchronous_commit=on -c full_page_writes=on"

# ecopetition's setup as `ecopetition bench intake` does it (ecopetition/devtools/bench_intake.py):
# one county unit, a system user holding the clerk role there, one API token.
OURS_SETUP = """
import django
django.setup()
from django.contrib.auth import get_user_model
from ecopetition.org.models import ApiToken, Membership, Unit
unit = Unit.objects.create(code="A320902", name="亭湖区", kind="county", division_code="320902")
user = get_user_model().objects.create_user("citysys", password=None)
Membership.objects.create(user=user, unit=unit, role="clerk")
print(ApiToken.issue(user, "bench")[1])
"""

OURS_COUNT = """
import json, django
django.setup()
from ecopetition.cases.models import Complaint, Event
print(json.dumps({"items": Complaint.objects.count(), "records": Event.objects.filter(action="register").count()}))
"""


class Side:
    """One system under test: how to set it up, serve it and count what it stored."""

    def __init__(self, key, label, target, python, wsgi, cwd, env, ready_path, record_name, companions=()):
        self.key, self.label, self.target = key, label, target  # target: the driver's name for its API
        self.python, self.wsgi, self.cwd = python, wsgi, cwd
        self.env, self.ready_path, self.record_name = env, ready_path, record_name
        self.companions = list(companions)  # other long-running processes of the system (its worker)
        self.port = _free_port()
        self.token, self.param = "", ""
        self.server: subprocess.Popen | None = None
        self.procs: list[subprocess.Popen] = []
        self.results: list[dict] = []
        self.warm_acked = 0

    def run(self, args: list[str]) -> str:
        proc = subprocess.run([str(self.python), *args], env=self.env, cwd=self.cwd, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"{self.label}: {' '.join(args[:3])} failed:\n{proc.stderr[-3000:]}")
        return proc.stdout

    def serve(self, workers: int, log: Path) -> None:
        err = log.open("w")
        self.server = subprocess.Popen(
            [str(self.python), "-m", "gunicorn", self.wsgi, "-w", str(workers), "-b", f"127.0.0.1:{self.port}",
             "--log-level", "warning", "--backlog", "1024"],
            env=self.env, cwd=self.cwd, stdout=subprocess.DEVNULL, stderr=err,
        )
        self.procs = [self.server] + [
            subprocess.Popen([str(self.python), *args], env=self.env, cwd=self.cwd, stdout=subprocess.DEVNULL,
                             stderr=err)
            for args in self.companions
        ]
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}{self.ready_path}", timeout=2)  # noqa: S310
                return
            except urllib.error.HTTPError:
                return  # it answers: that is all we wait for
            except OSError:
                if self.server.poll() is not None:
                    raise RuntimeError(f"{self.label}: gunicorn exited: {log.read_text()[-2000:]}") from None
                time.sleep(0.2)
        raise RuntimeError(f"{self.label}: gunicorn did not answer within a minute")

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


# Free ports and the CPU of process trees (read from /proc): the same helpers as `bench intake`.
_free_port, _cpu_of, _cpu_delta = free_port, cpu_of, cpu_spent


# --- PostgreSQL ----------------------------------------------------------------

def _sql(url: str, query: str, *, fetch: bool = False, params=None):
    import psycopg  # the project's interpreter has it

    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(query, params)
        return cur.fetchall() if fetch else None


DB_STATS = "SELECT datname, xact_commit, tup_inserted, tup_updated FROM pg_stat_database WHERE datname IN ('ours', 'theirs')"
TOP_STATEMENTS = ("SELECT s.calls, s.total_exec_time, regexp_replace(s.query, '\\s+', ' ', 'g') FROM pg_stat_statements s "
                  "JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = %s ORDER BY s.total_exec_time DESC LIMIT 12")
STATEMENTS = ("SELECT d.datname, sum(s.calls) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
              "WHERE d.datname IN ('ours', 'theirs') GROUP BY d.datname")


def _db_stats(url: str) -> dict[str, tuple[int, int, int]]:
    return {name: (c, i, u) for name, c, i, u in _sql(url, DB_STATS, fetch=True)}


# --- the run -------------------------------------------------------------------

# The workload of `ecopetition bench intake` where the checkout has it (varied complaints as a
# real day brings, about 15% of them the same matter sent again); else the triage starter-set
# generator at varied addresses of the token's county. Both sides get the same text and
# address for the same item number.
TEXTS_SNIPPET = """
import json, random, sys
try:
    from ecopetition.devtools.benchstack import bench_payloads
    out = [[p["content"], p["address"]] for p in bench_payloads()]
except ImportError:
    from ecopetition.devtools import textgen
    rng = random.Random(20261124)
    towns, spots = textgen.PLACES["亭湖区"]
    out = []
    for _ in range(4000):
        sc = rng.choice(textgen.SCENARIOS)
        town, spot = rng.choice(towns), rng.choice(spots + textgen.SPOTS)
        text = textgen.in_scope_text(rng, sc, rng.randrange(len(sc.cores)), county="亭湖区", town=town, spot=spot)[0]
        out.append([text, f"亭湖区{town}{spot}{rng.randrange(1, 300)}号"])
with open(sys.argv[1], "w", encoding="utf-8") as fh:
    json.dump(out, fh, ensure_ascii=False)
"""

OUTBOX_WAITING = "SELECT count(*) FROM cases_outboxitem WHERE NOT parked"
OUTBOX_PARKED = "SELECT count(*) FROM cases_outboxitem WHERE parked"


def _wait_drained(url: str, timeout: float = 600.0) -> float:
    """Seconds until ecopetition's worker has done the work its requests left in the outbox."""
    import psycopg

    t0 = time.monotonic()
    with psycopg.connect(url, autocommit=True) as conn:
        while conn.execute(OUTBOX_WAITING).fetchone()[0]:
            if time.monotonic() - t0 > timeout:
                return float("inf")
            time.sleep(0.2)
    return time.monotonic() - t0


def _drive(side: Side, run_id: str, count: int, seconds: float, concurrency: int, texts: Path | None) -> dict:
    env = {**os.environ, **({"BENCH_TEXTS": str(texts)} if texts else {})}
    out = subprocess.run(
        [sys.executable, str(PEER / "driver.py"), side.target, "127.0.0.1", str(side.port), side.token, run_id,
         str(count), str(seconds), str(concurrency), side.param],
        env=env, capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _fmt_errors(errors: dict) -> str:
    return ", ".join(f"{k}: {v}" for k, v in sorted(errors.items())) or "none"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=20.0, help="length of each measured run (default 20 s)")
    ap.add_argument("--concurrency", type=int, default=12, help="requests in flight (default 12, as bench intake)")
    ap.add_argument("--rounds", type=int, default=2, help="measured runs per side, in alternating order (default 2)")
    ap.add_argument("--workers", type=int, default=2, help="gunicorn sync workers per side (default 2)")
    ap.add_argument("--warm", type=int, default=200, help="warm-up items per side, not measured (default 200)")
    ap.add_argument("--ours", type=Path, default=ROOT, help="the ecopetition checkout to measure (default: this one)")
    ap.add_argument("--outbox", choices=["auto", "worker", "inline"], default="auto",
                    help="ecopetition's outbox mode (default: 'worker' as `serve` runs it, where the checkout has one)")
    ap.add_argument("--fast-pg", action="store_true",
                    help="keep the throwaway cluster's fsync=off/synchronous_commit=off (not a production figure)")
    ap.add_argument("--statements", action="store_true",
                    help="load pg_stat_statements and print SQL statements per item (adds a little overhead to both)")
    ap.add_argument("--pg-opt", action="append", default=[], metavar="NAME=VALUE",
                    help="another PostgreSQL setting for the cluster, e.g. log_lock_waits=on (repeatable)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, cluster)")
    opts = ap.parse_args(argv)

    if not HELPDESK_PY.exists():
        print(f"the peer's virtualenv is missing ({HELPDESK_PY.relative_to(ROOT)}): run benchmarks/peer/run.sh")
        return 2
    ours_root = opts.ours.resolve()
    has_outbox = (ours_root / "ecopetition" / "cases" / "outbox.py").exists()
    outbox = ("worker" if has_outbox else "inline") if opts.outbox == "auto" else opts.outbox
    if outbox == "worker" and not has_outbox:
        print(f"{ours_root} has no outbox (ecopetition/cases/outbox.py): use --outbox inline")
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="peer-bench-"))
    tmp.chmod(0o755)
    pg_dir = tmp / "pg"
    sides: list[Side] = []
    pg_started = False
    say = print
    try:
        t0 = time.monotonic()
        extra = ("" if opts.fast_pg else DURABLE) + " -c shared_buffers=256MB" + (
            " -c shared_preload_libraries=pg_stat_statements" if opts.statements else "") + "".join(
            f" -c {o}" for o in opts.pg_opt)
        base_url = subprocess.run(
            ["bash", str(PG_SCRIPT), "start", str(pg_dir), str(_free_port())], env={**os.environ, "PG_EXTRA_OPTS": extra},
            capture_output=True, text=True, check=True,
        ).stdout.strip().splitlines()[-1]
        pg_started = True
        for name in ("ours", "theirs"):
            _sql(base_url, f"CREATE DATABASE {name}")
        url = base_url.rsplit("/", 1)[0]
        common = {"CONN_MAX_AGE": "600", "SECRET_KEY": "peer-bench-only-not-secret"}
        ours = Side(
            "ours", "ecopetition", "ecopetition", Path(sys.executable), "ecopetition.wsgi", ours_root,
            {**os.environ, **common, "DATABASE_URL": f"{url}/ours", "PYTHONPATH": str(ours_root),
             "ECOPETITION_DATA_DIR": str(tmp / "ours"), "DJANGO_SETTINGS_MODULE": "ecopetition.settings",
             "ECOPETITION_PLAIN_STATIC": "1", "LOG_LEVEL": "ERROR",
             **({"ECOPETITION_OUTBOX": outbox} if has_outbox else {})},
            "/api/v1/openapi.json", "register events",
            companions=[["-m", "ecopetition", "worker"]],
        )
        theirs = Side(
            "theirs", "django-helpdesk", "helpdesk", HELPDESK_PY, "helpdesk_site.wsgi", PEER,
            {**{k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}, **common,
             "DATABASE_URL": f"{url}/theirs", "PYTHONPATH": str(PEER), "HELPDESK_DATA_DIR": str(tmp / "theirs"),
             "DJANGO_SETTINGS_MODULE": "helpdesk_site.settings"},
            "/api/", "follow-ups",
        )
        sides = [ours, theirs]

        ours.run(["-m", "ecopetition", "migrate", "-v", "0"])
        # A deployment keeps a trained triage model in its data folder (as bench intake does).
        try:
            ours.run(["-m", "ecopetition", "triage", "train", "--no-register"])
        except RuntimeError as exc:
            say(f"(no triage model trained: {str(exc).splitlines()[-1][:200]})")
        ours.token = ours.run(["-c", OURS_SETUP]).strip().splitlines()[-1]
        texts: Path | None = tmp / "texts.json"
        try:
            ours.run(["-c", TEXTS_SNIPPET, str(texts)])
        except RuntimeError:
            texts = None  # an older checkout without the generator: one fixed sentence
        theirs.run(["-m", "django", "migrate", "-v", "0"])
        made = json.loads(theirs.run([str(PEER / "helpdesk_setup.py"), "setup"]).strip().splitlines()[-1])
        theirs.token, theirs.param = made["token"], str(made["queue"])
        version_of = "import importlib.metadata as m, sys; print(' '.join(m.version(p) for p in sys.argv[1:]))"
        v_ours = ours.run(["-c", version_of, "django"]).split()
        v_theirs = theirs.run(["-c", version_of, "django", "django-helpdesk", "djangorestframework"]).split()
        commit = subprocess.run(["git", "-C", str(ours_root), "log", "-1", "--format=%h"], capture_output=True,
                                text=True).stdout.strip() or "?"
        dirty = subprocess.run(["git", "-C", str(ours_root), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        say(f"cluster, both schemas and tokens ready in {time.monotonic() - t0:.1f} s")

        time.sleep(0.5)
        stats0 = _db_stats(base_url)  # after setup: its processes have exited and flushed their statistics
        for s in sides:
            s.serve(opts.workers, tmp / f"server-{s.key}.log")
        postmaster = int((pg_dir / "data" / "postmaster.pid").read_text().split()[0])
        for s in sides:  # both workers import everything and open their database connection
            warm = _drive(s, "warm", opts.warm, 120, 4, texts)
            s.warm_acked = warm["acknowledged"]
            if not warm["acknowledged"]:
                say(f"{s.label}: nothing was acknowledged in the warm-up: {_fmt_errors(warm['errors'])} "
                    f"{warm['error_sample']}")
                return 1
        if has_outbox:
            _wait_drained(f"{url}/ours")
        if opts.statements:
            # The view lives in the maintenance database and covers every database of the cluster.
            _sql(base_url, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
            _sql(base_url, "SELECT pg_stat_statements_reset()")

        say(f"\nItem creation over each system's own REST API: gunicorn -w {opts.workers} (sync) each, one "
            f"PostgreSQL cluster ({'fsync=off, not a production figure' if opts.fast_pg else 'default durability'}),"
            f" CONN_MAX_AGE=600 both,\nconcurrency {opts.concurrency}, {opts.seconds:g} s per run, {opts.rounds} "
            f"round(s), sides alternating; {os.cpu_count()} CPUs. ecopetition at {commit}"
            f"{' (with uncommitted changes)' if dirty else ''}, outbox {outbox if has_outbox else 'none (inline)'}, "
            f"worker running.\n")
        for r in range(opts.rounds):
            order = sides if r % 2 == 0 else sides[::-1]
            for s in order:
                load = os.getloadavg()[0]
                roots = [p.pid for p in s.procs] + [postmaster]
                cpu0 = _cpu_of(roots)
                res = _drive(s, f"r{r}", 10**7, opts.seconds, opts.concurrency, texts)
                # The work a request leaves to the worker belongs to the item: wait for it, count its CPU.
                drain = _wait_drained(f"{url}/ours") if s is ours and has_outbox else 0.0
                cpu = _cpu_delta(cpu0, _cpu_of(roots))
                res.update(load=load, server_cpu_s=cpu, drain_s=drain)
                s.results.append(res)
                n = max(res["acknowledged"], 1)
                say(f"round {r + 1}  {s.label:<15} load {load:4.2f}  {res['rate']:7.1f} items/s  "
                    f"p50 {res['p50_ms'] or 0:7.1f} ms  p99 {res['p99_ms'] or 0:7.1f} ms  "
                    f"{cpu * 1000 / n:6.2f} server CPU-ms/item  errors {_fmt_errors(res['errors'])}"
                    + (f"  worker caught up {drain:.1f} s later" if s is ours and has_outbox else ""))
                if res["error_sample"]:
                    say(f"         first error: {res['error_sample']}")
        statements = {name: int(c) for name, c in _sql(base_url, STATEMENTS, fetch=True)} if opts.statements else {}
        top = {s.key: _sql(base_url, TOP_STATEMENTS, fetch=True, params=(s.key,)) for s in sides} if opts.statements else {}
        for s in sides:
            s.stop()  # backends exit and flush their statistics
        time.sleep(1.0)
        db_stats = _db_stats(base_url)
        parked = _sql(f"{url}/ours", OUTBOX_PARKED, fetch=True)[0][0] if has_outbox else 0

        rows = []
        for s in sides:
            counts = json.loads(s.run(["-c", OURS_COUNT] if s is ours else
                                      [str(PEER / "helpdesk_setup.py"), "count"]).strip().splitlines()[-1])
            acked = sum(r["acknowledged"] for r in s.results)
            elapsed = sum(r["elapsed_s"] for r in s.results)
            drain = sum(r["drain_s"] for r in s.results)
            expected = acked + s.warm_acked
            all_items = max(expected, 1)
            commits, inserted, updated = (a - b for a, b in zip(db_stats[s.key], stats0[s.key], strict=True))
            rows.append({
                "side": s,
                "rate": acked / elapsed if elapsed else 0.0,
                "complete_rate": acked / (elapsed + drain) if elapsed else 0.0,
                "drain": drain,
                "rates": [r["rate"] for r in s.results],
                "p50": statistics.median(r["p50_ms"] or 0 for r in s.results),
                "p99": max(r["p99_ms"] or 0 for r in s.results),
                "errors": sum(sum(r["errors"].values()) for r in s.results),
                "cpu_ms": 1000 * sum(r["server_cpu_s"] for r in s.results) / max(acked, 1),
                "sent": sum(r["sent"] for r in s.results), "acked": acked,
                "doubled": sum(r["acknowledged"] - r["unique_ids"] for r in s.results),
                "counts": counts, "expected": expected,
                # database totals from the servers' start to their stop (warm-up + runs) over those items
                "commits": commits / all_items, "inserted": inserted / all_items, "updated": updated / all_items,
                "statements": statements.get(s.key, 0) / max(acked, 1) if statements else None,
                "load": [r["load"] for r in s.results],
            })
        o, t = rows
        def line(label: str, a: str, b: str) -> None:
            say(f"  {label:<30}{a:<34}{b}")

        say("")
        line("", "ecopetition", "django-helpdesk")
        line("versions", f"{commit}, Django {v_ours[0]}", f"helpdesk {v_theirs[1]}, DRF {v_theirs[2]}, "
             f"Django {v_theirs[0]}")
        line("one item", "POST /api/v1/complaints", "POST /api/tickets/")
        line("items/s (all rounds)", f"{o['rate']:.1f}", f"{t['rate']:.1f}")
        line("items/s per round", " / ".join(f"{x:.1f}" for x in o["rates"]), " / ".join(f"{x:.1f}" for x in t["rates"]))
        if has_outbox:
            line("worker caught up after", f"{o['drain']:.1f} s in all", "(no deferred work)")
            line("items/s incl. catch-up", f"{o['complete_rate']:.1f}", f"{t['complete_rate']:.1f}")
        line("latency p50 / p99 (ms)", f"{o['p50']:.1f} / {o['p99']:.1f}", f"{t['p50']:.1f} / {t['p99']:.1f}")
        line("sent / acknowledged", f"{o['sent']} / {o['acked']}", f"{t['sent']} / {t['acked']}")
        line("errors", str(o["errors"]), str(t["errors"]))
        line("server CPU-ms per item", f"{o['cpu_ms']:.2f}", f"{t['cpu_ms']:.2f}")
        line("DB commits per item", f"{o['commits']:.1f}", f"{t['commits']:.1f}")
        line("DB rows ins. / upd. per item", f"{o['inserted']:.1f} / {o['updated']:.1f}",
             f"{t['inserted']:.1f} / {t['updated']:.1f}")
        if opts.statements:
            line("SQL statements per item", f"{o['statements']:.1f}", f"{t['statements']:.1f}")
        verdicts = []
        for r in rows:
            c = r["counts"]
            ok = c["items"] == r["expected"] and c["records"] == r["expected"] and not r["doubled"]
            verdicts.append(f"{c['items']} items, {c['records']} {r['side'].record_name}; acknowledged "
                            f"{r['expected']}: {'MATCH' if ok else 'MISMATCH'}"
                            + (f", {r['doubled']} doubled ids" if r["doubled"] else ""))
        line("database vs acknowledged", verdicts[0].split("; ")[0], verdicts[1].split("; ")[0])
        line("", verdicts[0].split("; ")[1], verdicts[1].split("; ")[1])
        if parked:
            line("outbox items parked", str(parked), "")
        say(f"  load average (1 min) before each run: ecopetition {', '.join(f'{x:.2f}' for x in o['load'])}; "
            f"helpdesk {', '.join(f'{x:.2f}' for x in t['load'])}")
        for r in rows if opts.statements else ():
            n = max(r["acked"], 1)
            say(f"\n  {r['side'].label}: the statements with the most database time (per item: calls, ms)")
            for calls, total_ms, query in top[r["side"].key]:
                say(f"    {calls / n:5.2f} {total_ms / n:6.2f}  {query[:110]}")
        if t["rate"] and o["cpu_ms"]:
            per_round = ", ".join(f"{a / b:.2f}x" for a, b in zip(o["rates"], t["rates"], strict=True) if b)
            say(f"\n  ratio ours/theirs: {o['rate'] / t['rate']:.2f}x in items/s (per round: {per_round})"
                + (f", {o['complete_rate'] / t['complete_rate']:.2f}x with the worker's catch-up"
                   if has_outbox and t["complete_rate"] else "")
                + f"; {t['cpu_ms'] / o['cpu_ms']:.2f}x in server CPU per item. Goal: at least 3x in items/s.")
        return 0
    except subprocess.CalledProcessError as exc:
        say(f"{' '.join(map(str, exc.cmd[:3]))} failed (exit {exc.returncode}):\n{(exc.stderr or '')[-3000:]}")
        return 1
    finally:
        for s in sides:
            s.stop()
        if pg_started:
            subprocess.run(["bash", str(PG_SCRIPT), "stop", str(pg_dir)], capture_output=True)
        if opts.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
