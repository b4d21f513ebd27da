"""Fault: the deadline worker is killed with SIGKILL in the middle of its periodic task, twice.

The task is the one the worker runs every minute (deadlines.tasks.deadline_sweep: the sweep, then
the retry of pending SMS), in its own process, against a real installation. It is killed once
inside a sweep batch (rows written, transaction open) and once right after the SMS gateway accepted
a message but before the outcome was recorded. Then the worker runs again, as after a restart.

Afterwards: every clock is up to date, each urging and escalation was recorded and sent exactly
once (notices, inbox messages, the audit trail), no SMS reached the gateway twice, and
`ecopetition audit verify` passes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

CASES, SMS = 24, 3


def _run_until_stalled(inst, marker, **env) -> None:
    """Start the task, wait until it reports it is where the test wants it, and SIGKILL it there."""
    proc = subprocess.Popen([sys.executable, "-m", "ecopetition.ops.tests.scenario", "sweep-run"],
                            env=inst.env(FAULT_MARKER=str(marker), **env),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not marker.exists():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the worker ended before reaching the kill point (exit {proc.returncode}):\n{out}\n{err}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the worker never reached the kill point")
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def test_worker_killed_mid_sweep_and_mid_send_then_rerun(installations, tmp_path):
    inst = installations.empty()
    inst.scenario("sweep-world", str(CASES), str(SMS))
    sent_log = tmp_path / "gateway.log"
    gateway = {"ECOPETITION_NOTIFY_BACKEND": "ecopetition.ops.tests.scenario.RecordingBackend",
               "FAULT_SEND_LOG": str(sent_log), "FAULT_SWEEP_BATCH": "5"}

    # 1. Killed inside the third batch of the sweep: two batches are committed, the third is not.
    _run_until_stalled(inst, tmp_path / "mid-sweep", FAULT_STALL_AT_BATCH="3", **gateway)
    facts = inst.scenario("sweep-facts")
    assert facts["notices"] == 10 and facts["trail_equals_notices"], facts
    assert facts["inbox"] == facts["notice_recipients"]
    assert not sent_log.exists()  # the task died before it reached the SMS

    # 2. Restarted, killed again: after the gateway took the 2nd SMS, before that was recorded.
    _run_until_stalled(inst, tmp_path / "mid-send", FAULT_STALL_AT_SEND="2", **gateway)
    assert sent_log.read_text().split() != []

    # 3. Restarted twice more; the second run finds nothing left to do.
    first = inst.scenario("sweep-run", **gateway)
    assert not first.get("busy"), "the killed worker's lock outlived it: the sweep would never run again"
    again = inst.scenario("sweep-run", **gateway)
    assert (again["changed"], again["notices"], again["retried"]) == (0, 0, 0)

    facts = again["facts"]
    assert facts["still_due"] == 0
    assert facts["notices"] == CASES and facts["trail_doubled"] == [] and facts["trail_equals_notices"], facts
    assert facts["inbox"] == facts["inbox_keys"] == facts["notice_recipients"] == 2 * CASES  # dispatcher, supervisor
    sends = Counter(sent_log.read_text().split())
    assert len(sends) == SMS and set(sends.values()) == {1}, f"an SMS reached the gateway twice: {sends}"
    # The one the gateway took as the worker died is left "sending": never sent again, shown for a check.
    assert facts["outbox"] == {"sent": SMS - 1, "sending": 1}, facts

    # Much later it is marked failed (delivery unknown), still without a second send.
    later = inst.scenario("sweep-run", "2026-11-05T13:00:00+08:00", **gateway)
    assert later["facts"]["outbox"] == {"sent": SMS - 1, "failed": 1}
    assert Counter(sent_log.read_text().split()) == sends

    verify = inst.run("audit", "verify")
    assert "audit chain intact" in verify.stdout
