"""Load driver for `ecopetition bench intake`: POSTs complaints over HTTP from its own process.

Plain asyncio sockets (one connection per request, as gunicorn's sync workers
close them), so the driver itself costs little CPU. Prints one JSON line.
Usage: python -m ecopetition.intake.benchdriver HOST PORT TOKEN RUN_ID COUNT SECONDS CONCURRENCY
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time


def _request(host: str, port: int, token: str, body: bytes) -> bytes:
    head = (
        f"POST /api/v1/complaints HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


async def _one(host, port, payload: bytes) -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(payload)
        await writer.drain()
        data = await reader.read()
    finally:
        writer.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, data.split(b"\r\n\r\n", 1)[-1]


async def run(host, port, token, run_id, count, seconds, concurrency) -> dict:
    latencies: list[float] = []
    acked: list[str] = []
    errors: dict[str, int] = {}
    next_i = 0
    deadline = time.monotonic() + seconds

    async def worker():
        nonlocal next_i
        while next_i < count and time.monotonic() < deadline:
            i = next_i
            next_i += 1
            body = json.dumps({
                "external_id": f"bench-{run_id}-{i}",
                "channel": "web",
                "content": f"第{i}号：某化工厂夜间排放刺鼻废气，附近居民无法开窗。",
                "address": "亭湖区青年东路1号",
                "categories": ["air"],
                "complainants": [{"name": "测试", "phone": "13800000000"}],
            }, ensure_ascii=False).encode()
            t0 = time.perf_counter()
            try:
                status, reply = await _one(host, port, _request(host, port, token, body))
            except OSError as exc:
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                continue
            latencies.append(time.perf_counter() - t0)
            if status == 201:
                try:
                    acked.append(json.loads(reply)["number"])
                except (ValueError, KeyError):
                    errors["bad body"] = errors.get("bad body", 0) + 1
            else:
                errors[str(status)] = errors.get(str(status), 0) + 1

    t_start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - t_start
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else None

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "sent": next_i, "acknowledged": len(acked), "unique_numbers": len(set(acked)), "errors": errors,
        "elapsed_s": elapsed, "rate": len(acked) / elapsed if elapsed else 0.0,
        "p50_ms": pct(0.50), "p90_ms": pct(0.90), "p99_ms": pct(0.99),
        "max_ms": latencies[-1] * 1000 if latencies else None,
        "driver_cpu_s": usage.ru_utime + usage.ru_stime,
    }


def main(argv: list[str]) -> None:
    host, port, token, run_id, count, seconds, concurrency = argv
    result = asyncio.run(run(host, int(port), token, run_id, int(count), float(seconds), int(concurrency)))
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
