"""`ecopetition bench stages`: where each CPU-millisecond of a complaint goes, stage by stage.

The production stack of `benchstack.Stack` (PostgreSQL with default durability,
gunicorn, outbox in "worker" mode) with the background worker held back: the
driver posts `--count` complaints of the intake workload (about 15% the same
matter sent again), the web processes' and PostgreSQL's CPU are read from /proc;
then the follow-up work the requests left is done in one process, as the
worker does it (`outbox.drain`), with each stage's CPU time and SQL statements
counted: the prepare steps (triage's classification and repeat search, the
emergency reading), the batch consumers (triage's writes, the statistics
rollups) and the announcements' receivers (alerts, webhooks, notices).
PostgreSQL's CPU during the drain and the commits per complaint come beside.
"""

from __future__ import annotations

import json
import time

from .benchstack import Stack, cpu_of, cpu_spent

NAME = "stages"
HELP = "CPU-ms and SQL statements per complaint, by stage: web request, each step of the worker, PostgreSQL."

# Run in a process of the stack's environment: the drain, stage by stage; prints one JSON line.
DRAIN = r'''
import json, os, time
import django
django.setup()
from django.db import connection
from ecopetition.cases import event_signals, outbox
from ecopetition.cases.models import Complaint, OutboxItem

spent, statements, stack = {}, {}, ["drain itself"]


def timed(name, fn):
    def call(*args, **kwargs):
        t0 = time.process_time()
        stack.append(name)
        try:
            return fn(*args, **kwargs)
        finally:
            stack.pop()
            spent[name] = spent.get(name, 0.0) + time.process_time() - t0
    return call


for name, fn in list(outbox._preparers.items()):
    outbox._preparers[name] = timed(f"prepare: {name}", fn)
for name, fn in list(outbox._consumers.items()):
    outbox._consumers[name] = timed(f"consume: {name}", fn)
signal = event_signals.event_committed
receivers = signal._live_receivers(Complaint)[0]
signal.receivers = []
signal.sender_receivers_cache.clear()
for i, receiver in enumerate(receivers):
    label = getattr(receiver, "__name__", repr(receiver)).removeprefix("lazy:")
    if "." not in label:
        label = f"{receiver.__module__}.{label}"
    label = label.replace("ecopetition.", "")
    wrapped = timed(f"announce: {label}", receiver)
    if hasattr(receiver, "committed_actions"):
        wrapped.committed_actions = receiver.committed_actions
    signal.connect(wrapped, weak=False, dispatch_uid=f"bench-stages-{i}")


def count(execute, sql, params, many, context):
    statements[stack[-1]] = statements.get(stack[-1], 0) + 1
    return execute(sql, params, many, context)


def backend_cpu(pid):
    # the database server process serving this connection (same machine): its CPU seconds from /proc
    if pid is None:
        return 0.0
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


complaints = Complaint.objects.count()
waiting = OutboxItem.objects.count()
backend = None
if connection.vendor == "postgresql":
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        backend = cur.fetchone()[0]
db0 = backend_cpu(backend)
t0, w0 = time.process_time(), time.monotonic()
with connection.execute_wrapper(count):
    done = outbox.drain_all()
total = time.process_time() - t0
db_s = backend_cpu(backend) - db0
spent["drain itself"] = total - sum(v for k, v in spent.items() if k != "drain itself")
print(json.dumps({"complaints": complaints, "waiting": waiting, "done": done, "cpu_s": total, "db_s": db_s,
                  "batch": outbox.SQLITE_BATCH if connection.vendor == "sqlite" else outbox.BATCH,
                  "wall_s": time.monotonic() - w0, "stages": spent, "statements": statements}))
'''

COMMITS = "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"
COMMITS_SNIPPET = f"""
import django
django.setup()
from django.db import connection
with connection.cursor() as cur:
    cur.execute({COMMITS!r})
    print(cur.fetchone()[0])
"""


def add_arguments(parser) -> None:
    parser.add_argument("--count", type=int, default=1500, help="complaints posted (default 1500)")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--fast-pg", action="store_true", help="fsync off (not a production figure)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")


def run(options, stdout) -> None:
    def say(msg: str) -> None:
        stdout.write(msg)
        stdout.flush()

    with Stack(workers=options["workers"], fast_pg=options.get("fast_pg", False), keep=options.get("keep", False),
               say=say) as stack:
        stack.worker.terminate()  # held back: its work is done below, stage by stage
        stack.worker.wait()
        run_id = str(int(time.time()))
        stack.driver("run", f"{run_id}w", "100", "15", "4")  # imports, connections, caches
        commits0 = int(stack.python("-c", COMMITS_SNIPPET).split()[-1])
        postmaster = int((stack.pg_dir / "data" / "postmaster.pid").read_text().split()[0])
        web0, db0 = cpu_of([stack.gunicorn.pid]), cpu_of([postmaster])
        res = stack.driver("run", run_id, str(options["count"]), "600", str(options["concurrency"]))
        web, db = cpu_spent(web0, cpu_of([stack.gunicorn.pid])), cpu_spent(db0, cpu_of([postmaster]))
        commits1 = int(stack.python("-c", COMMITS_SNIPPET).split()[-1])
        n = res["acknowledged"]
        if not n:
            say(f"nothing was acknowledged: {res['errors']}; rerun with --keep and read server.log\n")
            return
        drained = json.loads(stack.python("-c", DRAIN).strip().splitlines()[-1])
        db_drain = drained["db_s"]  # the drain's own database server process, read by the drain
        commits2 = int(stack.python("-c", COMMITS_SNIPPET).split()[-1])
        per = 1000.0 / n
        say(
            f"{n} complaints posted at concurrency {options['concurrency']} ({res['rate']:.1f}/s, p50 "
            f"{res['p50_ms']:.0f} ms, p99 {res['p99_ms']:.0f} ms, errors {res['errors'] or 'none'}); then the "
            f"worker's {drained['done']} follow-up items done in one process ({drained['wall_s']:.1f} s)\n"
            f"  {'stage':<60} {'CPU-ms':>8} {'SQL':>6}   (per complaint)\n"
            f"  {'web: the request (gunicorn)':<60} {web * per:8.2f} {'':>6}\n"
            f"  {'PostgreSQL during the requests':<60} {db * per:8.2f}\n"
        )
        # the worker never ran: it did the follow-up of every complaint there is (the warm-up's too)
        wper = 1000.0 / max(1, drained["complaints"])
        stages = sorted(drained["stages"].items(), key=lambda kv: -kv[1])
        for name, cpu in stages:
            say(f"  {'worker ' + name:<60} {cpu * wper:8.2f} {drained['statements'].get(name, 0) * wper / 1000:6.1f}\n")
        say(
            f"  {'worker in all':<60} {drained['cpu_s'] * wper:8.2f} "
            f"{sum(drained['statements'].values()) * wper / 1000:6.1f}\n"
            f"  {'PostgreSQL during the worker':<60} {db_drain * wper:8.2f}\n"
            f"  {'all-in (web + worker + PostgreSQL)':<60} "
            f"{web * per + (drained['cpu_s'] + db_drain) * wper + db * per:8.2f}\n"
            f"  database transactions per complaint (PostgreSQL's xact_commit: a statement outside a transaction "
            f"counts as one): {(commits1 - commits0) / n:.1f} in the request, "
            f"{(commits2 - commits1) * wper / 1000:.1f} in the worker (its batches: up to {drained['batch']} items)\n"
        )
