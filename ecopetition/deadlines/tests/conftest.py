import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from ecopetition.testfixtures import fresh_deadline_caches  # noqa: F401

REPO = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """REDIS_URL when given (scripts/test.sh starts one), else a throwaway redis-server of our own."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is not installed (Debian package redis-server: make sysdeps-test), "
                    "or give REDIS_URL")
    folder = tmp_path_factory.mktemp("redis")
    script = str(REPO / "scripts" / "redis-throwaway.sh")
    out = subprocess.run(["bash", script, "start", str(folder), str(_free_port())], capture_output=True,
                         text=True)
    if out.returncode:
        pytest.fail(f"could not start a throwaway Redis: {out.stderr.strip()}")
    yield out.stdout.strip()
    subprocess.run(["bash", script, "stop", str(folder)], check=False)
