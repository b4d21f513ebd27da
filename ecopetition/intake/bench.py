# ruff: noqa: S603 - runs fixed local commands (initdb, pg_ctl, gunicorn, this interpreter)
"""`ecopetition bench intake`: sustained complaint creation over the REST API, as in production.

A throwaway PostgreSQL 15 cluster (default durability unless --fast-pg), the
schema migrated, gunicorn with 2 sync workers and persistent connections, one
API token; a separate driver process posts complaints with unique external
ids; afterwards the database count is compared with the acknowledged count,
and a sample of keys is posted again to prove nothing is created twice.
CPU per request is read from /proc for the server's processes (gunicorn and
PostgreSQL), so the figure holds on a noisy shared machine.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

NAME = "intake"
HELP = "Complaints/s and latency of POST /api/v1/complaints against gunicorn -w 2 and PostgreSQL."

PG_BIN = Path("/usr/lib/postgresql/15/bin")
TICKS = os.sysconf("SC_CLK_TCK")


def add_arguments(parser) -> None:
    parser.add_argument("--count", type=int, default=6000, help="at most this many complaints (default 6000)")
    parser.add_argument("--seconds", type=float, default=20.0, help="at most this long (default 20 s)")
    parser.add_argument("--concurrency", type=int, default=12, help="requests in flight (default 12)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--fast-pg", action="store_true", help="fsync off (not a production figure)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--drop-hooks", default="", metavar="UID,...",
        help="diagnostic: run without these signal receivers (dispatch uids, e.g. analytics-rollups,triage-register)",
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def _proc_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except FileNotFoundError:
            pass
    return out


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        todo += _children(p)
    return pids


def _run(cmd: list[str], env: dict) -> str:
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} failed:\n{proc.stderr[-3000:]}")
    return proc.stdout


def _cpu_of(roots: list[int]) -> dict[int, float]:
    return {p: _proc_cpu(p) for r in roots for p in _tree(r)}


def _cpu_delta(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(v - before.get(p, 0.0) for p, v in after.items())


SETUP = """
import django, os
django.setup()
from django.contrib.auth import get_user_model
from ecopetition.org.models import ApiToken, Membership, Unit
unit = Unit.objects.create(code="A320902", name="亭湖区", kind="county", division_code="320902")
user = get_user_model().objects.create_user("citysys", password=None)
Membership.objects.create(user=user, unit=unit, role="clerk")
print(ApiToken.issue(user, "bench")[1])
"""

COUNT = """
import django
django.setup()
from ecopetition.cases.models import Complaint, Event
print(Complaint.objects.count(), Event.objects.filter(action="register").count())
"""


def run(options, stdout) -> None:
    def say(msg: str) -> None:
        stdout.write(msg)
        stdout.flush()

    if not (PG_BIN / "initdb").exists():
        say("PostgreSQL 15 binaries not found in /usr/lib/postgresql/15/bin")
        return
    tmp = Path(tempfile.mkdtemp(prefix="intake-bench-"))
    tmp.chmod(0o755)
    pg_dir = tmp / "pg"
    pg_dir.mkdir()
    if os.geteuid() == 0:
        shutil.chown(pg_dir, "postgres", "postgres")
    pg_port, web_port = _free_port(), _free_port()
    gunicorn = None
    pg_started = False
    try:
        t0 = time.monotonic()
        _as_postgres([str(PG_BIN / "initdb"), "-D", str(pg_dir / "data"), "-U", "postgres", "-A", "trust",
                      "-E", "UTF8", "--locale=C.UTF-8"])
        opts = f"-k {pg_dir} -p {pg_port} -c listen_addresses=127.0.0.1 -c max_connections=50"
        if options.get("fast_pg"):
            opts += " -c fsync=off -c synchronous_commit=off"
        _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(pg_dir / "data"), "-l", str(pg_dir / "log"), "-w",
                      "-o", opts, "start"])
        pg_started = True
        subprocess.run([str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(pg_port), "-U", "postgres", "bench"],
                       check=True, capture_output=True)
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{pg_port}/bench",
            "CONN_MAX_AGE": "60",
            "ECOPETITION_DATA_DIR": str(tmp / "data"),
            "SECRET_KEY": "bench-only-not-secret",
            "DJANGO_SETTINGS_MODULE": "ecopetition.settings",
            "ECOPETITION_PLAIN_STATIC": "1",
            "LOG_LEVEL": "ERROR",
            "ECOPETITION_BENCH_DROP_HOOKS": options.get("drop_hooks") or "",
        }
        py = sys.executable
        _run([py, "-m", "ecopetition", "migrate", "-v", "0"], env)
        # A deployment keeps a trained triage model in its data folder; without one every
        # worker would train it on its first complaint (tens of seconds on these machines).
        try:
            _run([py, "-m", "ecopetition", "triage", "train", "--no-register"], env)
        except RuntimeError as exc:
            say(f"(no triage model trained: {str(exc).splitlines()[-1][:200]})\n")
        token = subprocess.run([py, "-c", SETUP], env=env, check=True, capture_output=True, text=True
                               ).stdout.strip().splitlines()[-1]
        say(f"cluster, schema and token ready in {time.monotonic() - t0:.1f} s\n")
        gunicorn = subprocess.Popen(
            [py, "-m", "gunicorn", "ecopetition.intake.bench_wsgi" if options.get("drop_hooks") else "ecopetition.wsgi", "-w", str(options["workers"]), "-b", f"127.0.0.1:{web_port}",
             "--log-level", "warning", "--backlog", "256"],
            env=env, stdout=subprocess.DEVNULL, stderr=open(tmp / "gunicorn.log", "w"),  # noqa: SIM115
        )
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{web_port}/api/v1/openapi.json", timeout=2)  # noqa: S310
                break
            except OSError:
                if gunicorn.poll() is not None:
                    raise RuntimeError(f"gunicorn exited: {(tmp / 'gunicorn.log').read_text()[-2000:]}") from None
                time.sleep(0.2)
        driver = [py, "-m", "ecopetition.intake.benchdriver", "127.0.0.1", str(web_port), token]
        # Warm-up: both workers import everything and open their database connection.
        warm = json.loads(subprocess.run([*driver, "warm", "200", "10", "4"], env=env, check=True,
                                         capture_output=True, text=True).stdout.strip().splitlines()[-1])
        postmaster = int((pg_dir / "data" / "postmaster.pid").read_text().split()[0])
        roots = [gunicorn.pid, postmaster]
        cpu0 = _cpu_of(roots)
        res = json.loads(subprocess.run(
            [*driver, "run", str(options["count"]), str(options["seconds"]), str(options["concurrency"])],
            env=env, check=True, capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1])
        server_cpu = _cpu_delta(cpu0, _cpu_of(roots))
        # Idempotency after the run: the first keys again must create nothing.
        repeat = min(50, res["acknowledged"])
        again = json.loads(subprocess.run([*driver, "run", str(repeat), "30", "4"], env=env, check=True,
                                          capture_output=True, text=True).stdout.strip().splitlines()[-1])
        counts = subprocess.run([py, "-c", COUNT], env=env, check=True, capture_output=True, text=True
                                ).stdout.split()
        db_count, db_events = int(counts[-2]), int(counts[-1])
        expected = res["acknowledged"] + warm["acknowledged"] + again["acknowledged"]
        n = max(res["acknowledged"], 1)
        if not res["acknowledged"]:
            say(f"nothing was acknowledged: {res['errors']}; see {tmp / 'gunicorn.log'} (use --keep)\n")
            return
        say(
            f"POST /api/v1/complaints  gunicorn -w {options['workers']} (sync), PostgreSQL 15"
            f"{' fsync=off' if options.get('fast_pg') else ' (default durability)'}, CONN_MAX_AGE=60, "
            f"concurrency {options['concurrency']}\n"
            f"  sent {res['sent']}, acknowledged (201) {res['acknowledged']}, errors {res['errors'] or 'none'}\n"
            f"  throughput      {res['rate']:.1f} complaints/s over {res['elapsed_s']:.1f} s\n"
            f"  latency         p50 {res['p50_ms']:.1f} ms, p90 {res['p90_ms']:.1f} ms, p99 {res['p99_ms']:.1f} ms, "
            f"max {res['max_ms']:.1f} ms\n"
            f"  server CPU      {server_cpu * 1000 / n:.2f} CPU-ms per complaint (gunicorn + PostgreSQL); "
            f"driver {res['driver_cpu_s'] * 1000 / n:.2f} CPU-ms\n"
        )
        if options.get("drop_hooks"):
            say(f"  hooks dropped (diagnostic, not the real figure): {options['drop_hooks']}\n")
        say(
            f"  the first {repeat} external ids posted again: {again['errors'].get('200', 0) if again['errors'] else 0} "
            f"answered 200 (the existing complaint), {again['acknowledged']} created (their first try had failed)\n"
            f"  database: {db_count} complaints, {db_events} register events; acknowledged (run + warm-up + repeat) "
            f"{expected} -> {'MATCH' if db_count == expected and db_events == expected else 'MISMATCH'}\n"
        )
        if res["unique_numbers"] != res["acknowledged"]:
            say(f"  DOUBLED NUMBERS: {res['acknowledged'] - res['unique_numbers']}\n")
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            try:
                gunicorn.wait(timeout=10)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        if pg_started:
            try:
                _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(pg_dir / "data"), "-m", "fast", "-w", "stop"])
            except subprocess.CalledProcessError:
                pass
        if options.get("keep"):
            say(f"kept {tmp}\n")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
