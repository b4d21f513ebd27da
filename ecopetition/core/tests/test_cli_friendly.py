"""A command that needs the database, run before `migrate`, says so in one line: no traceback."""

import os
import subprocess
import sys

import pytest

from ecopetition.cli import NOT_MIGRATED


@pytest.mark.parametrize("command", [["audit", "verify"], ["createsuperuser", "--noinput", "--username", "x"]])
def test_a_command_before_migrate_says_run_migrate_first(tmp_path, command):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["ECOPETITION_DATA_DIR"] = str(tmp_path)  # an empty data folder: the default SQLite database, no tables
    env["DJANGO_SUPERUSER_PASSWORD"] = "x-Very-long-pass-123"
    proc = subprocess.run([sys.executable, "-m", "ecopetition", *command], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.strip() == NOT_MIGRATED
    assert "Traceback" not in proc.stdout + proc.stderr
