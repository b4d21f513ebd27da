"""The peer benchmark's load driver, against a small fake server on the loopback interface."""

import asyncio
import importlib.util
import json
from pathlib import Path

_spec = importlib.util.spec_from_file_location("peer_driver", Path(__file__).resolve().parent.parent / "driver.py")
driver = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(driver)


async def _serve_and_drive(answer, target, count, concurrency=3, param=""):
    """Start a fake API that answers each request with `answer(n, request)`, drive it, return (result, requests)."""
    seen: list[dict] = []

    async def handle(reader, writer):
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode().split("\r\n")
        headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
        body = json.loads(await reader.readexactly(int(headers["Content-Length"])))
        request = {"line": lines[0], "auth": headers["Authorization"], "body": body}
        seen.append(request)
        status, reply = answer(len(seen), request)
        payload = json.dumps(reply).encode()
        writer.write(f"HTTP/1.1 {status} X\r\nContent-Length: {len(payload)}\r\n\r\n".encode() + payload)
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        result = await driver.run(target, "127.0.0.1", port, "tok", "t1", count, 30, concurrency, param)
    return result, seen



def _run(coro):
    """asyncio.run in a thread of its own: the browser tests' Playwright keeps an event loop running
    in the main thread of the same pytest process."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def test_counts_acknowledged_errors_and_doubled_ids_for_ecopetition():
    def answer(n, request):
        if n % 5 == 0:
            return 503, {"detail": "busy"}
        # the 2nd and 3rd answers carry the same number: a doubled complaint must show
        return 201, {"number": "N-2" if n == 3 else f"N-{n}"}

    result, seen = _run(_serve_and_drive(answer, "ecopetition", 20))

    assert result["sent"] == 20 and len(seen) == 20
    assert result["acknowledged"] == 16
    assert result["errors"] == {"503": 4}
    assert "busy" in result["error_sample"]
    assert result["unique_ids"] == 15
    assert result["p50_ms"] <= result["p99_ms"] <= result["max_ms"]
    assert {r["line"] for r in seen} == {"POST /api/v1/complaints HTTP/1.1"}
    assert {r["auth"] for r in seen} == {"Bearer tok"}
    assert len({r["body"]["external_id"] for r in seen}) == 20
    assert all(r["body"]["content"] and r["body"]["complainants"] for r in seen)


def test_helpdesk_requests_name_the_queue_and_use_drf_token_auth():
    result, seen = _run(_serve_and_drive(lambda n, r: (201, {"id": n}), "helpdesk", 7, param="42"))

    assert result["acknowledged"] == result["unique_ids"] == 7
    assert result["errors"] == {}
    assert {r["line"] for r in seen} == {"POST /api/tickets/ HTTP/1.1"}
    assert {r["auth"] for r in seen} == {"Token tok"}
    assert {r["body"]["queue"] for r in seen} == {42}
    assert len({r["body"]["submitter_email"] for r in seen}) == 7


def test_a_reply_without_the_id_is_an_error_not_an_acknowledgement():
    result, _ = _run(_serve_and_drive(lambda n, r: (201, {"other": n}), "helpdesk", 4, param="1"))

    assert result["acknowledged"] == 0
    assert result["errors"] == {"bad body": 4}


def test_both_sides_get_the_same_text_and_address_for_the_same_item(monkeypatch):
    monkeypatch.setattr(driver, "TEXTS", [("甲厂排污", "亭湖区一路1号"), ("乙厂噪声", "亭湖区二路2号")])

    ours, theirs = driver._ecopetition("r", 3, ""), driver._helpdesk("r", 3, "1")

    assert (ours["content"], ours["address"]) == ("乙厂噪声", "亭湖区二路2号")
    assert "乙厂噪声" in theirs["description"] and "亭湖区二路2号" in theirs["description"]
    assert ours["complainants"][0]["phone"] in theirs["description"]


def test_texts_file_holds_texts_or_text_address_pairs(tmp_path, monkeypatch):
    path = tmp_path / "texts.json"
    path.write_text(json.dumps(["只有文字", ["文字", "地址"]], ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("BENCH_TEXTS", str(path))

    assert driver._texts() == [("只有文字", driver.ADDRESS), ("文字", "地址")]
