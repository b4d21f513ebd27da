"""`ecopetition bench --help` and each benchmark's help print without a crash."""

import subprocess
import sys

import pytest

from ecopetition.devtools.management.commands.bench import _benches


def _help(*args):
    return subprocess.run([sys.executable, "-m", "ecopetition", "bench", *args, "--help"],
                          capture_output=True, text=True, timeout=120)


def test_bench_help_lists_every_benchmark():
    proc = _help()
    assert proc.returncode == 0, proc.stderr
    for module in _benches():
        assert module.NAME in proc.stdout
    assert "1% change level" in proc.stdout


@pytest.mark.parametrize("name", ["sweep", "intake", "fuzz"])
def test_each_benchmark_help_prints(name):
    proc = _help(name)
    assert proc.returncode == 0, proc.stderr
    assert "usage:" in proc.stdout
