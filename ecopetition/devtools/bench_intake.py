"""`ecopetition bench intake`: sustained complaint creation over the REST API, as in production.

The stack of `benchstack.Stack` (PostgreSQL with default durability, gunicorn
with 2 sync workers, the background worker, outbox in "worker" mode); a driver
process posts complaints with varied texts and unique external ids, keeping
CONCURRENCY requests in flight. Afterwards: the database count against the
acknowledged count, a sample of keys posted again (nothing may be created
twice), the worker's follow-up work drained, the rollups checked against a
plain recount and the audit chains verified.
"""

from __future__ import annotations

import time

from .benchstack import Stack, verdict

NAME = "intake"
HELP = "Complaints/s and latency of POST /api/v1/complaints against gunicorn -w 2 and PostgreSQL."


def add_arguments(parser) -> None:
    parser.add_argument("--count", type=int, default=12000, help="at most this many complaints (default 12000)")
    parser.add_argument("--seconds", type=float, default=30.0, help="at most this long (default 30 s)")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (default 1: sync)")
    parser.add_argument("--fast-pg", action="store_true", help="fsync off (not a production figure)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")


def run(options, stdout) -> None:
    def say(msg: str) -> None:
        stdout.write(msg)
        stdout.flush()

    with Stack(workers=options["workers"], threads=options["threads"], fast_pg=options.get("fast_pg", False), keep=options.get("keep", False),
               say=say) as stack:
        run_id = str(int(time.time()))
        warm = stack.driver("run", f"{run_id}w", "300", "15", "4")  # imports, connections, caches
        stack.wait_drained()
        cpu0 = stack.cpu()
        res = stack.driver("run", run_id, str(options["count"]), str(options["seconds"]), str(options["concurrency"]))
        server_cpu = stack.cpu_delta(cpu0, stack.cpu())  # includes the worker's share done meanwhile
        if not res["acknowledged"]:
            say(f"nothing was acknowledged: {res['errors']}; rerun with --keep and read server.log\n")
            return
        repeat = min(50, res["acknowledged"])
        again = stack.driver("run", run_id, str(repeat), "30", "4")
        n = res["acknowledged"]
        say(
            f"POST /api/v1/complaints  gunicorn -w {options['workers']} "
            f"({'sync' if options['threads'] <= 1 else str(options['threads']) + ' threads'}), PostgreSQL 15"
            f"{' fsync=off' if options.get('fast_pg') else ' (default durability)'}, outbox worker, "
            f"concurrency {options['concurrency']}\n"
            f"  sent {res['sent']}, acknowledged (201) {n}, errors {res['errors'] or 'none'}\n"
            f"  throughput      {res['rate']:.1f} complaints/s over {res['elapsed_s']:.1f} s\n"
            f"  latency         p50 {res['p50_ms']:.1f} ms, p90 {res['p90_ms']:.1f} ms, p99 {res['p99_ms']:.1f} ms, "
            f"max {res['max_ms']:.1f} ms\n"
            f"  server CPU      {server_cpu['total'] * 1000 / n:.2f} CPU-ms per complaint: web "
            f"{server_cpu['web'] * 1000 / n:.2f}, worker {server_cpu['worker'] * 1000 / n:.2f}, PostgreSQL "
            f"{server_cpu['database'] * 1000 / n:.2f}; driver {res['driver_cpu_s'] * 1000 / n:.2f}\n"
            f"  the first {repeat} external ids posted again: {again['errors'].get('200', 0)} answered 200 "
            f"(the existing complaint), {again['acknowledged']} created (their first try had failed)\n"
        )
        if res["unique_numbers"] != n:
            say(f"  DOUBLED NUMBERS: {n - res['unique_numbers']}\n")
        verdict(stack, n + warm["acknowledged"] + again["acknowledged"], say)
