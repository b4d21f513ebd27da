# ruff: noqa: S603 - runs fixed local commands (initdb, pg_ctl, gunicorn, this interpreter)
"""The production stack for benchmarks and load tests, started from nothing and torn down after.

A throwaway PostgreSQL 15 cluster (default durability unless `fast_pg`), the
schema migrated, a trained triage model in the data folder (as a deployment
keeps one), gunicorn with sync workers and persistent connections, the
background worker (`ecopetition worker`: deadline sweep and the outbox drainer),
and one API token of an integrated city system. Outbox in "worker" mode, as
`ecopetition serve` runs it. CPU is read from /proc for the server's processes
(gunicorn, the worker, PostgreSQL), so figures per request hold on a busy machine.
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
from dataclasses import dataclass, field
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
TICKS = os.sysconf("SC_CLK_TCK")

SETUP = """
import django
django.setup()
from django.contrib.auth import get_user_model
from ecopetition.org.models import ApiToken, Membership, Unit
unit = Unit.objects.create(code="A320902", name="亭湖区", kind="county", division_code="320902")
user = get_user_model().objects.create_user("citysys", password=None)
Membership.objects.create(user=user, unit=unit, role="clerk")
print(ApiToken.issue(user, "bench")[1])
"""

COUNT = """
import django, json
django.setup()
from ecopetition.cases.models import Complaint, Event, OutboxItem
print(json.dumps({"complaints": Complaint.objects.count(),
                  "register_events": Event.objects.filter(action="register").count(),
                  "outbox_waiting": OutboxItem.objects.filter(parked=False).count(),
                  "outbox_parked": OutboxItem.objects.filter(parked=True).count()}))
"""

CHECK = """
import django, json
django.setup()
from ecopetition.analytics import rollups
from ecopetition.cases import audit
problems = rollups.compare(rollups.stored_cells(), rollups.recount())
breaks = [str(b) for b in audit.verify()]
print(json.dumps({"rollup_problems": problems[:5], "rollup_problem_count": len(problems),
                  "audit_breaks": breaks[:5], "audit_break_count": len(breaks)}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str]) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, check=True, capture_output=True, text=True)


def _proc_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except FileNotFoundError:
                pass
    return pids


REPEAT_SHARE = 0.15  # complaints that repeat an earlier one (the same matter sent again)


def cpu_of(roots: list[int]) -> dict[int, float]:
    """CPU seconds so far of every process in the trees under `roots`, by pid."""
    return {p: _proc_cpu(p) for r in roots for p in _tree(r)}


def cpu_spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between two `cpu_of` readings (processes started meanwhile count whole)."""
    return sum(v - before.get(p, 0.0) for p, v in after.items())


def bench_payloads(n: int = 4000, seed: int = 20261124) -> list[dict]:
    """Varied complaints, as a real day brings: the triage generator's scenarios at its places, and
    about REPEAT_SHARE of them the same matter and place sent again in other words."""
    import random

    from ecopetition.devtools import textgen

    rng = random.Random(seed)
    out: list[dict] = []
    for _ in range(n):
        if out and rng.random() < REPEAT_SHARE:
            earlier = rng.choice(out[-200:])
            sc, core, place = earlier["_scenario"], earlier["_core"], earlier["_place"]
        else:
            sc = rng.choice(textgen.SCENARIOS)
            core, place = rng.randrange(len(sc.cores)), textgen.pick_place(rng)
        county, town, spot = place
        text = textgen.in_scope_text(rng, sc, core, county=county, town=town, spot=spot)[0]
        out.append({"content": text, "address": f"{county}{town}{spot}", "_scenario": sc, "_core": core,
                    "_place": place})
    return [{"content": p["content"], "address": p["address"]} for p in out]


@dataclass
class Stack:
    workers: int = 2
    threads: int = 1
    fast_pg: bool = False
    keep: bool = False
    say: callable = print
    tmp: Path = field(default=None)
    env: dict = field(default_factory=dict)
    token: str = ""
    web_port: int = 0
    pg_port: int = 0
    gunicorn: subprocess.Popen | None = None
    worker: subprocess.Popen | None = None
    _pg_started: bool = False

    @property
    def pg_dir(self) -> Path:
        return self.tmp / "pg"

    def __enter__(self) -> Stack:
        if not (PG_BIN / "initdb").exists():
            raise RuntimeError("PostgreSQL 15 binaries not found in /usr/lib/postgresql/15/bin "
                               "(apt-get install -y postgresql)")
        self.tmp = Path(tempfile.mkdtemp(prefix="ecopetition-bench-"))
        self.tmp.chmod(0o755)
        self.pg_dir.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.pg_dir, "postgres", "postgres")
        self.pg_port, self.web_port = free_port(), free_port()
        try:
            self._start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _start(self) -> None:
        t0 = time.monotonic()
        data = self.pg_dir / "data"
        _as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                      "--locale=C.UTF-8"])
        opts = (f"-k {self.pg_dir} -p {self.pg_port} -c listen_addresses=127.0.0.1 -c max_connections=50 "
                "-c shared_buffers=256MB")
        if self.fast_pg:
            opts += " -c fsync=off -c synchronous_commit=off"
        _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(self.pg_dir / "log"), "-w", "-o", opts,
                      "start"])
        self._pg_started = True
        subprocess.run([str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres",
                        "bench"], check=True, capture_output=True)
        texts = self.tmp / "texts.json"
        texts.write_text(json.dumps(bench_payloads(), ensure_ascii=False))
        self.env = {
            **os.environ,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.pg_port}/bench",
            "CONN_MAX_AGE": "600",
            "ECOPETITION_DATA_DIR": str(self.tmp / "data"),
            "ECOPETITION_OUTBOX": "worker",
            "SECRET_KEY": "bench-only-not-secret",
            "DJANGO_SETTINGS_MODULE": "ecopetition.settings",
            "ECOPETITION_PLAIN_STATIC": "1",
            "LOG_LEVEL": "ERROR",
            "BENCH_TEXTS": str(texts),
        }
        self.python("-m", "ecopetition", "migrate", "-v", "0")
        # A deployment keeps a trained triage model in its data folder; without one the worker
        # would train it on the first complaint.
        try:
            self.python("-m", "ecopetition", "triage", "train", "--no-register")
        except RuntimeError as exc:
            self.say(f"(no triage model trained: {str(exc).splitlines()[-1][:200]})\n")
        self.token = self.python("-c", SETUP).strip().splitlines()[-1]
        self.say(f"cluster, schema, triage model and token ready in {time.monotonic() - t0:.1f} s\n")
        log = open(self.tmp / "server.log", "w")  # noqa: SIM115 - lives as long as the servers
        self.gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "ecopetition.wsgi", "-w", str(self.workers),
             *(["--threads", str(self.threads)] if self.threads > 1 else []),
             "-b", f"127.0.0.1:{self.web_port}", "--log-level", "warning", "--backlog", "1024"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=log,
        )
        self.worker = subprocess.Popen([sys.executable, "-m", "ecopetition", "worker"], env=self.env,
                                       stdout=subprocess.DEVNULL, stderr=log)
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.web_port}/api/v1/openapi.json", timeout=2)  # noqa: S310
                return
            except OSError:
                if self.gunicorn.poll() is not None:
                    raise RuntimeError(f"gunicorn exited: {(self.tmp / 'server.log').read_text()[-2000:]}") from None
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def python(self, *args: str) -> str:
        proc = subprocess.run([sys.executable, *args], env=self.env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:3])} failed:\n{proc.stderr[-3000:]}")
        return proc.stdout

    def driver(self, *args: str) -> dict:
        out = self.python("-m", "ecopetition.devtools.benchdriver", "127.0.0.1", str(self.web_port), self.token, *args)
        return json.loads(out.strip().splitlines()[-1])

    def cpu(self) -> dict[str, dict[int, float]]:
        """CPU seconds so far per process, grouped: web (gunicorn), worker, database."""
        postmaster = int((self.pg_dir / "data" / "postmaster.pid").read_text().split()[0])
        roots = {"web": self.gunicorn.pid, "worker": self.worker.pid, "database": postmaster}
        return {name: cpu_of([pid]) for name, pid in roots.items()}

    @staticmethod
    def cpu_delta(before: dict, after: dict) -> dict[str, float]:
        """CPU seconds spent between two readings, per group and in all ("total")."""
        out = {name: cpu_spent(before.get(name, {}), procs) for name, procs in after.items()}
        out["total"] = sum(out.values())
        return out

    def counts(self) -> dict:
        return json.loads(self.python("-c", COUNT).strip().splitlines()[-1])

    def wait_drained(self, timeout: float = 600.0) -> float:
        """Seconds until the worker has done all follow-up work (outbox empty)."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            if self.counts()["outbox_waiting"] == 0:
                return time.monotonic() - t0
            time.sleep(3.0)  # each look starts a Python process: look seldom, leave the CPU to the worker
        return float("inf")

    def check(self) -> dict:
        return json.loads(self.python("-c", CHECK).strip().splitlines()[-1])

    def restart_database(self) -> None:
        _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.pg_dir / "data"), "-m", "fast", "-w", "restart"])

    def __exit__(self, *exc) -> None:
        for proc in (self.gunicorn, self.worker):
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
        if self._pg_started:
            try:
                _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.pg_dir / "data"), "-m", "fast", "-w", "stop"])
            except subprocess.CalledProcessError:
                pass
        if self.tmp is not None:
            if self.keep:
                self.say(f"kept {self.tmp}\n")
            else:
                shutil.rmtree(self.tmp, ignore_errors=True)


def verdict(stack: Stack, expected: int, say) -> bool:
    """Drain the follow-up work, then compare counts, rollups and audit chains; print and return OK."""
    lag = stack.wait_drained()
    counts = stack.counts()
    check = stack.check()
    ok = (counts["complaints"] == expected and counts["register_events"] == expected
          and counts["outbox_parked"] == 0 and not check["rollup_problem_count"] and not check["audit_break_count"])
    say(
        f"  follow-up work (statistics, triage, notices) drained {lag:.1f} s after the last answer; "
        f"parked items {counts['outbox_parked']}\n"
        f"  database: {counts['complaints']} complaints, {counts['register_events']} register events; "
        f"acknowledged {expected} -> {'MATCH' if counts['complaints'] == expected == counts['register_events'] else 'MISMATCH'}\n"
        f"  rollups vs recount: {check['rollup_problem_count']} difference(s); "
        f"audit verify: {check['audit_break_count']} break(s)\n"
    )
    for p in check["rollup_problems"] + check["audit_breaks"]:
        say(f"    {p}\n")
    return ok
