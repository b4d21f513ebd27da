"""One load driver for both sides of the peer benchmark: it creates items over HTTP and prints one JSON line.

It generalises ecopetition/devtools/benchdriver.py (the driver of `ecopetition bench
intake`): the same plain asyncio sockets, one connection per request (gunicorn's
sync workers close them anyway), a fixed number of requests in flight, a bound
on count and time, only the request line, auth header, body and success test
differ per target. It shares the socket exchange of `bench intake` (ecopetition.devtools.benchdriver); run it with the project's Python.
Texts come from the JSON list named by BENCH_TEXTS (varied, like a real day's
complaints; compare.py writes it), each a text or a [text, address] pair, else
one fixed sentence and address; both sides get the same text and address for
the same item number.

Usage: python driver.py TARGET HOST PORT TOKEN RUN_ID COUNT SECONDS CONCURRENCY [PARAM]
  TARGET ecopetition: POST /api/v1/complaints, Bearer token, 201 with the complaint's number
  TARGET helpdesk:    POST /api/tickets/, DRF token, 201 with the ticket's id; PARAM is the queue id
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import sys
import time
import zlib

from ecopetition.devtools.benchdriver import exchange

FALLBACK_TEXT = "某化工厂夜间排放刺鼻废气，附近居民无法开窗。"
ADDRESS = "亭湖区青年东路1号"


def _texts() -> list[tuple[str, str]]:
    path = os.environ.get("BENCH_TEXTS")
    if not path:
        return [(FALLBACK_TEXT, ADDRESS)]
    with open(path, encoding="utf-8") as fh:
        return [(t, ADDRESS) if isinstance(t, str) else (t[0], t[1]) for t in json.load(fh)]


TEXTS = _texts()


def _content(i: int) -> str:
    return TEXTS[i % len(TEXTS)][0]


def _address(i: int) -> str:
    return TEXTS[i % len(TEXTS)][1]


def _phone(run_id: str, i: int) -> str:
    return f"139{zlib.crc32(f'{run_id}-{i}'.encode()) % 10**8:08d}"


def _ecopetition(run_id: str, i: int, param: str) -> dict:
    # What an integrated city system sends (as ecopetition.devtools.benchdriver): no category,
    # ecopetition's triage proposes one; the external id makes a retry harmless.
    return {
        "external_id": f"bench-{run_id}-{i}",
        "channel": "web",
        "content": _content(i),
        "address": _address(i),
        "complainants": [{"name": "测试", "phone": _phone(run_id, i)}],
    }


def _helpdesk(run_id: str, i: int, param: str) -> dict:
    # The same report as a helpdesk ticket: helpdesk cannot classify, so the sender names
    # the queue; the submitter's e-mail stands for the complainant (helpdesk mails them).
    text = _content(i)
    return {
        "queue": int(param),
        "title": text[:40],
        "description": f"{text} 地址：{_address(i)} 电话：{_phone(run_id, i)}",
        "submitter_email": f"complainant-{run_id}-{i}@example.org",
        "priority": 3,
    }


TARGETS = {
    # name: (path, authorization scheme, body factory, key of the created item's id in the reply)
    "ecopetition": ("/api/v1/complaints", "Bearer", _ecopetition, "number"),
    "helpdesk": ("/api/tickets/", "Token", _helpdesk, "id"),
}


def _request(path: str, host: str, port: int, auth: str, body: bytes) -> bytes:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: {auth}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body




async def run(target, host, port, token, run_id, count, seconds, concurrency, param="") -> dict:
    path, scheme, make_body, id_key = TARGETS[target]
    auth = f"{scheme} {token}"
    latencies: list[float] = []
    acked: list[str] = []
    errors: dict[str, int] = {}
    error_sample: list[str] = []
    next_i = 0
    deadline = time.monotonic() + seconds

    def fail(kind: str, detail: bytes | str = b"") -> None:
        errors[kind] = errors.get(kind, 0) + 1
        if not error_sample:
            error_sample.append(f"{kind}: {detail[:300]!r}")

    async def worker():
        nonlocal next_i
        while next_i < count and time.monotonic() < deadline:
            i = next_i
            next_i += 1
            body = json.dumps(make_body(run_id, i, param), ensure_ascii=False).encode()
            t0 = time.perf_counter()
            try:
                status, reply = await exchange(host, port, _request(path, host, port, auth, body))
            except OSError as exc:
                fail(type(exc).__name__, str(exc))
                continue
            latencies.append(time.perf_counter() - t0)
            if status == 201:
                try:
                    acked.append(str(json.loads(reply)[id_key]))
                except (ValueError, KeyError, TypeError):
                    fail("bad body", reply)
            else:
                fail(str(status), reply)

    t_start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - t_start
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else None

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "target": target, "sent": next_i, "acknowledged": len(acked), "unique_ids": len(set(acked)),
        "errors": errors, "error_sample": error_sample[0] if error_sample else "",
        "elapsed_s": elapsed, "rate": len(acked) / elapsed if elapsed else 0.0,
        "p50_ms": pct(0.50), "p90_ms": pct(0.90), "p99_ms": pct(0.99),
        "max_ms": latencies[-1] * 1000 if latencies else None,
        "driver_cpu_s": usage.ru_utime + usage.ru_stime,
    }


def main(argv: list[str]) -> None:
    target, host, port, token, run_id, count, seconds, concurrency, *rest = argv
    result = asyncio.run(run(target, host, int(port), token, run_id, int(count), float(seconds),
                             int(concurrency), rest[0] if rest else ""))
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
