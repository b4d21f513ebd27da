"""`ecopetition bench load`: a sustained mixed load on the production stack (issue 8).

Open loop: CREATES complaint creations and READS case reads per second are
started on schedule for MINUTES minutes, whatever the server answers, against
the stack of `benchstack.Stack` (gunicorn -w 2, the background worker with the
outbox, PostgreSQL with default durability). Latency counts from the moment a
request was due, so a server that falls behind shows it in p99. Afterwards the
follow-up work is drained and the register is checked: database count equal to
the acknowledged count, no number doubled, rollups equal to a recount, audit
chains intact. With --restart-db-at SECONDS the database is restarted (fast
shutdown) at that point of the run: requests in flight then fail as 503 or a
refused connection, and nothing acknowledged may be lost.
"""

from __future__ import annotations

import json
import threading
import time

from .benchstack import Stack, verdict

NAME = "load"
HELP = "Mixed open-loop load (creations + reads per second) for minutes on the production stack."


def add_arguments(parser) -> None:
    parser.add_argument("--minutes", type=float, default=10.0, help="how long (default 10)")
    parser.add_argument("--creates", type=float, default=200.0, help="complaint creations per second (default 200)")
    parser.add_argument("--reads", type=float, default=50.0, help="case reads per second (default 50)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (default 1: sync)")
    parser.add_argument("--restart-db-at", type=float, default=None, metavar="SECONDS",
                        help="restart PostgreSQL this many seconds into the run (a fault test)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")


def _fmt(part: dict) -> str:
    if not part["p50_ms"]:
        return f"sent {part['sent']}, ok {part['ok']}, errors {part['errors'] or 'none'}"
    return (f"sent {part['sent']}, ok {part['ok']} ({part['rate']:.1f}/s), errors {part['errors'] or 'none'}; "
            f"p50 {part['p50_ms']:.0f} ms, p90 {part['p90_ms']:.0f} ms, p99 {part['p99_ms']:.0f} ms, "
            f"max {part['max_ms']:.0f} ms")


def run(options, stdout) -> None:
    def say(msg: str) -> None:
        stdout.write(msg)
        stdout.flush()

    seconds = options["minutes"] * 60
    with Stack(workers=options["workers"], threads=options["threads"], keep=options.get("keep", False),
               say=say) as stack:
        run_id = str(int(time.time()))
        warm = stack.driver("run", f"{run_id}w", "200", "15", "4")
        stack.wait_drained()
        restarted = []
        if options.get("restart_db_at") is not None:
            def restart():
                time.sleep(options["restart_db_at"])
                t0 = time.monotonic()
                stack.restart_database()
                restarted.append(time.monotonic() - t0)
            threading.Thread(target=restart, daemon=True).start()
        say(f"load: {options['creates']:.0f} creations/s + {options['reads']:.0f} reads/s for "
            f"{options['minutes']:g} min against gunicorn -w {options['workers']}"
            f"{'' if options['threads'] <= 1 else ' --threads ' + str(options['threads'])}, the worker and "
            f"PostgreSQL (progress every 10 s)\n")
        cpu0 = stack.cpu()
        res = stack.driver("load", run_id, str(seconds), str(options["creates"]), str(options["reads"]))
        cpu = stack.cpu_delta(cpu0, stack.cpu())
        n = max(res["acknowledged"], 1)
        say(
            f"  creations  {_fmt(res['creates'])}\n"
            f"  reads      {_fmt(res['reads'])}\n"
            f"  server CPU {cpu['total'] / res['elapsed_s'] * 100:.0f}% of one core on average "
            f"(web {cpu['web'] / res['elapsed_s'] * 100:.0f}%, worker {cpu['worker'] / res['elapsed_s'] * 100:.0f}%, "
            f"PostgreSQL {cpu['database'] / res['elapsed_s'] * 100:.0f}%); {cpu['total'] * 1000 / n:.1f} CPU-ms per "
            f"creation including the reads\n"
        )
        if restarted:
            say(f"  database restarted at {options['restart_db_at']:.0f} s (took {restarted[0]:.1f} s)\n")
        errors = sum(res["creates"]["errors"].values()) + sum(res["reads"]["errors"].values())
        say(f"  error rate {errors / max(res['creates']['sent'] + res['reads']['sent'], 1) * 100:.2f}%\n")
        if res["unique_numbers"] != res["acknowledged"]:
            say(f"  DOUBLED NUMBERS: {res['acknowledged'] - res['unique_numbers']}\n")
        # Complaints whose answer was lost in a fault may exist without an acknowledgement; the senders
        # retry with the same external id. Do that here, as they would, then count.
        retried = stack.driver("run", run_id, str(res["creates"]["sent"]), "120", "4") if errors else None
        extra = retried["acknowledged"] if retried else 0
        if retried:
            say(f"  senders retried every external id: {retried['errors'].get('200', 0)} were already there, "
                f"{extra} created now\n")
        ok = verdict(stack, res["acknowledged"] + warm["acknowledged"] + extra, say)
        say(json.dumps({"ok": ok, "creates_per_s": res["creates"]["rate"], "p99_ms": res["creates"]["p99_ms"],
                        "errors": errors}) + "\n")
