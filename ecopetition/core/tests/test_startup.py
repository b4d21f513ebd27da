"""Start-up stays light: the settings and the URL configuration load without the heavy libraries,
which are imported where they are used (PDF rendering, the classifier, address parsing)."""

import json
import os
import subprocess
import sys

HEAVY = ("weasyprint", "sklearn", "jionlp")

PROBE = f"""
import json, sys
import django
django.setup()
import ecopetition.settings, ecopetition.urls
from django.urls import get_resolver
get_resolver().url_patterns
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {HEAVY!r})))
"""


def test_settings_and_urls_do_not_import_heavy_libraries(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ecopetition.settings", "ECOPETITION_DATA_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []


def test_the_probe_sees_a_heavy_import(tmp_path):
    """The check above can fail: rendering a PDF does load WeasyPrint."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ecopetition.settings", "ECOPETITION_DATA_DIR": str(tmp_path)}
    probe = PROBE.replace("get_resolver().url_patterns", "from ecopetition.documents import render\nrender.RefusingFetcher")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "weasyprint" in json.loads(proc.stdout.strip().splitlines()[-1])
