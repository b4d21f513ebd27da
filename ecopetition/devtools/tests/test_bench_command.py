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


@pytest.mark.parametrize("name", ["sweep", "intake", "fuzz", "search"])
def test_each_benchmark_help_prints(name):
    proc = _help(name)
    assert proc.returncode == 0, proc.stderr
    assert "usage:" in proc.stdout


def test_the_search_benchmark_runs_and_finds_what_it_searches(tmp_path):
    """A small run end to end in its own throwaway SQLite file: the figures print, and searches do match."""
    import os
    import re

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["ECOPETITION_DATA_DIR"] = str(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "ecopetition", "bench", "search", "--cases", "400", "--pool", "40",
                           "--rounds", "1"], capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"search over 400 complaints, all readers: p50 [\d.]+ ms, p95 [\d.]+ ms", proc.stdout)
    most = [int(m.replace(",", "")) for m in re.findall(r"most ([\d,]+);", proc.stdout)]
    assert len(most) == 3 and all(m > 0 for m in most), proc.stdout
    cpu = re.search(r"CPU per search \(this process \+ the database server's process\): p50 ([\d.]+) ms, p95 ([\d.]+) ms",
                    proc.stdout)
    assert cpu and 0 < float(cpu[1]) <= float(cpu[2]), proc.stdout
