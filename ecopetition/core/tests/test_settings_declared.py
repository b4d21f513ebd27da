"""Every knob an app reads with getattr(settings, NAME, default) is declared in settings.py."""

import ast
from pathlib import Path

from django.conf import settings

PACKAGE = Path(__file__).resolve().parents[2]


def _knobs_read() -> set[str]:
    names = set()
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
                    and len(node.args) >= 2 and isinstance(node.args[0], ast.Name) and node.args[0].id == "settings"
                    and isinstance(node.args[1], ast.Constant)):
                names.add(node.args[1].value)
    return names


def test_every_knob_read_is_declared_in_settings():
    read = _knobs_read()
    assert {"TRIAGE_REPEAT_THRESHOLD", "INTAKE_PORTAL_UNIT"} <= read  # the reader finds them
    assert sorted(n for n in read if not hasattr(settings, n)) == []
