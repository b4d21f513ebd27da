"""huey on Redis: a configured Redis that is not there is said plainly, one line, no traceback."""

import os
import subprocess
import sys

from ecopetition.deadlines.worker import queue_problem

from .conftest import REPO, _free_port


def test_a_worker_told_to_use_a_missing_redis_says_so_in_one_line(tmp_path):
    env = {**os.environ, "ECOPETITION_HUEY_CLASS": "huey.RedisHuey", "DATABASE_URL": "sqlite://",
           "ECOPETITION_HUEY_URL": f"redis://:hunter2@127.0.0.1:{_free_port()}/0",
           "ECOPETITION_DATA_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "ecopetition", "worker"], env=env, cwd=REPO, capture_output=True,
                         text=True, timeout=60)
    said = (out.stdout + out.stderr).strip()
    assert out.returncode == 1
    assert "Traceback" not in said and len(said.splitlines()) == 1, said
    assert "Redis" in said and "does not answer" in said and "ECOPETITION_HUEY_URL" in said
    assert "hunter2" not in said  # the password stays out of the message


def test_a_running_redis_is_fine_and_the_default_queue_needs_none(settings, redis_url):
    assert queue_problem() is None  # the embedded SQLite queue
    settings.HUEY = {**settings.HUEY, "huey_class": "huey.RedisHuey", "url": redis_url}
    assert queue_problem() is None
    settings.HUEY = {**settings.HUEY, "url": f"redis://127.0.0.1:{_free_port()}/0"}
    assert "does not answer" in queue_problem()
