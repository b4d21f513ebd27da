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


SETUP_ONLY = """
import json, sys
import django
django.setup()
print(json.dumps(sorted(m for m in sys.modules if m.startswith("ecopetition."))))
"""

# What a command (or the worker) does not need at start: case-page panels and the receivers other apps
# connect in ready() are imported when first used (core.registry.lazy_callable, dotted panel paths).
NOT_AT_SETUP = (
    "ecopetition.deadlines.panels", "ecopetition.triage.panels", "ecopetition.oversight.panels",
    "ecopetition.documents.panels", "ecopetition.fieldwork.panels", "ecopetition.intake.panels",
    "ecopetition.triage.hooks", "ecopetition.documents.actions", "ecopetition.analytics.rollups",
    "ecopetition.fieldwork.actions", "ecopetition.fieldwork.notices", "ecopetition.intake.letter_views",
    "ecopetition.oversight.emergency", "ecopetition.oversight.recheck", "ecopetition.deadlines.clocks",
)


def test_setup_imports_no_panel_or_lazy_receiver(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ecopetition.settings", "ECOPETITION_DATA_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", SETUP_ONLY], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    loaded = set(json.loads(proc.stdout.strip().splitlines()[-1]))
    assert "ecopetition.cases.models" in loaded  # the probe does see the apps' modules
    assert loaded.isdisjoint(NOT_AT_SETUP), sorted(loaded & set(NOT_AT_SETUP))


def test_lazy_callable_imports_on_first_call_and_passes_arguments():
    from ecopetition.core.registry import lazy_callable

    join = lazy_callable("os.path.join")
    assert join("a", "b") == os.path.join("a", "b")
    assert join.__name__ == "lazy:os.path.join"
    broken = lazy_callable("ecopetition.core.registry.no_such_function")
    import pytest

    with pytest.raises(ImportError):
        broken()


# The detectors' patterns (personal data, segmenting, emergencies) are compiled when first used, not at setup.
PATTERNS_AT_SETUP = """
import json
import django
django.setup()
from ecopetition.cases import masking, segment
from ecopetition.intake import pii
from ecopetition.triage import emergency
from ecopetition.core.lazyre import LazyPattern
found, compiled = 0, []
for module in (masking, segment, pii, emergency):
    for name, value in vars(module).items():
        if isinstance(value, LazyPattern):
            found += 1
            if value._compiled is not None:
                compiled.append(module.__name__ + "." + name)
print(json.dumps([found, compiled]))
"""


def test_setup_compiles_none_of_the_detectors_patterns(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ecopetition.settings", "ECOPETITION_DATA_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", PATTERNS_AT_SETUP], capture_output=True, text=True, env=env,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    found, compiled = json.loads(proc.stdout.strip().splitlines()[-1])
    assert found > 50 and compiled == []


def test_a_pattern_compiled_later_matches_as_the_compiled_one():
    import re

    from ecopetition.core.lazyre import compile_later

    text = "电话13800000000，另一个139 1111 2222"
    source = r"1[3-9]\d(?:[ -]?\d){8}"
    later, now = compile_later(source, re.I), re.compile(source, re.I)
    assert later._compiled is None and later.pattern == source  # the text is there before compiling
    assert [m.span() for m in later.finditer(text)] == [m.span() for m in now.finditer(text)]
    assert later.sub("*", text) == now.sub("*", text) and later.search(text).group() == "13800000000"
    assert later.flags == now.flags and later.groups == now.groups
    assert later.search is later.search  # from now on the compiled pattern's own method: no extra step
