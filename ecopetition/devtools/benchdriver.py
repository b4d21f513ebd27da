"""Load driver for `ecopetition bench intake` and `bench load`, in its own process.

Plain asyncio sockets (one connection per request, as gunicorn's sync workers
close them), so the driver itself costs little CPU. Prints one JSON line.

    python -m ecopetition.devtools.benchdriver HOST PORT TOKEN run RUN_ID COUNT SECONDS CONCURRENCY
        closed loop: CONCURRENCY requests in flight, POST /api/v1/complaints, until COUNT or SECONDS.
    python -m ecopetition.devtools.benchdriver HOST PORT TOKEN load RUN_ID SECONDS CREATES_PER_S READS_PER_S
        open loop: creations and reads (GET /api/v1/complaints/{number} of a complaint created
        earlier) started on a fixed schedule whatever the answers; latency counts from the moment a
        request was due, so a server that falls behind shows it.

Complaints come from the JSON list named by BENCH_TEXTS ({content, address} each: varied, like a
real day's, some repeating an earlier matter).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import resource
import sys
import time

FALLBACK = {"content": "某化工厂夜间排放刺鼻废气，附近居民无法开窗。", "address": "亭湖区青年东路1号"}


def _texts() -> list[dict]:
    path = os.environ.get("BENCH_TEXTS")
    if path:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    return [FALLBACK]


def _post(host: str, port: int, token: str, body: bytes) -> bytes:
    head = (
        f"POST /api/v1/complaints HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


def _get(host: str, port: int, token: str, path: str) -> bytes:
    return (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
            f"Connection: close\r\n\r\n").encode()


async def exchange(host, port, payload: bytes) -> tuple[int, bytes]:
    """Send one HTTP/1.1 request on a fresh connection; the answer's status and body."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(payload)
        await writer.drain()
        data = await reader.read()
    finally:
        writer.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, data.split(b"\r\n\r\n", 1)[-1]


class Tally:
    def __init__(self):
        self.latencies: list[float] = []
        self.errors: dict[str, int] = {}
        self.sent = 0

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1

    def summary(self, elapsed: float, ok: int) -> dict:
        lat = sorted(self.latencies)

        def pct(p):
            return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else None

        return {"sent": self.sent, "ok": ok, "errors": self.errors, "rate": ok / elapsed if elapsed else 0.0,
                "p50_ms": pct(0.50), "p90_ms": pct(0.90), "p99_ms": pct(0.99),
                "max_ms": lat[-1] * 1000 if lat else None}


class Creator:
    def __init__(self, host, port, token, run_id):
        self.host, self.port, self.token, self.run_id = host, port, token, run_id
        self.texts = _texts()
        self.rng = random.Random(run_id)
        self.acked: list[str] = []
        self.tally = Tally()

    def body(self, i: int) -> bytes:
        return json.dumps({
            "external_id": f"bench-{self.run_id}-{i}",
            "channel": "web",
            **self.texts[i % len(self.texts)],
            "complainants": [{"name": "测试", "phone": f"139{self.rng.randrange(10 ** 8):08d}"}],
        }, ensure_ascii=False).encode()

    async def create(self, i: int, due: float) -> None:
        self.tally.sent += 1
        try:
            status, reply = await exchange(self.host, self.port, _post(self.host, self.port, self.token, self.body(i)))
        except OSError as exc:
            self.tally.error(type(exc).__name__)
            return
        self.tally.latencies.append(time.perf_counter() - due)
        if status == 201:
            try:
                self.acked.append(json.loads(reply)["number"])
            except (ValueError, KeyError):
                self.tally.error("bad body")
        else:
            self.tally.error(str(status))


async def closed_loop(host, port, token, run_id, count, seconds, concurrency) -> dict:
    c = Creator(host, port, token, run_id)
    next_i = 0
    deadline = time.monotonic() + seconds

    async def worker():
        nonlocal next_i
        while next_i < count and time.monotonic() < deadline:
            i = next_i
            next_i += 1
            await c.create(i, time.perf_counter())

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - t0
    out = c.tally.summary(elapsed, len(c.acked))
    out.update(acknowledged=len(c.acked), unique_numbers=len(set(c.acked)), elapsed_s=elapsed)
    return out


async def open_loop(host, port, token, run_id, seconds, create_rate, read_rate) -> dict:
    c = Creator(host, port, token, run_id)
    reads = Tally()
    rng = random.Random(f"{run_id}-reads")
    pending: set[asyncio.Task] = set()

    async def read(due: float) -> None:
        reads.sent += 1
        path = (f"/api/v1/complaints/{rng.choice(c.acked[-2000:])}" if c.acked
                else "/api/v1/complaints?limit=20")
        try:
            status, _body = await exchange(host, port, _get(host, port, token, path))
        except OSError as exc:
            reads.error(type(exc).__name__)
            return
        reads.latencies.append(time.perf_counter() - due)
        if status != 200:
            reads.error(str(status))

    schedule = []  # (due offset, kind)
    if create_rate > 0:
        schedule += [(k / create_rate, "c") for k in range(int(seconds * create_rate))]
    if read_rate > 0:
        schedule += [(k / read_rate + 0.5 / read_rate, "r") for k in range(int(seconds * read_rate))]
    schedule.sort()
    t0 = time.perf_counter()
    i = 0
    progress_at = t0 + 10
    for offset, kind in schedule:
        due = t0 + offset
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        task = asyncio.create_task(c.create(i, due) if kind == "c" else read(due))
        if kind == "c":
            i += 1
        pending.add(task)
        task.add_done_callback(pending.discard)
        if time.perf_counter() >= progress_at:
            progress_at += 10
            print(f"  {time.perf_counter() - t0:5.0f} s: created {len(c.acked)}, in flight {len(pending)}, "
                  f"errors {sum(c.tally.errors.values()) + sum(reads.errors.values())}", file=sys.stderr, flush=True)
    if pending:
        await asyncio.gather(*pending)
    elapsed = time.perf_counter() - t0
    return {"creates": c.tally.summary(elapsed, len(c.acked)), "reads": reads.summary(elapsed, len(reads.latencies)
                                                                                       - sum(reads.errors.values())),
            "acknowledged": len(c.acked), "unique_numbers": len(set(c.acked)), "elapsed_s": elapsed}


def main(argv: list[str]) -> None:
    host, port, token, mode, run_id, *rest = argv
    if mode == "run":
        count, seconds, concurrency = rest
        result = asyncio.run(closed_loop(host, int(port), token, run_id, int(count), float(seconds),
                                         int(concurrency)))
    elif mode == "load":
        seconds, create_rate, read_rate = rest
        result = asyncio.run(open_loop(host, int(port), token, run_id, float(seconds), float(create_rate),
                                       float(read_rate)))
    else:
        raise SystemExit(f"unknown mode {mode!r}: run or load")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["driver_cpu_s"] = usage.ru_utime + usage.ru_stime
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
