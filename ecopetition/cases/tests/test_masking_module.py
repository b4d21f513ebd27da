"""The detector's module is long and grows by review: a name bound twice at module level silently replaces the first
(a pattern one function was written against is then another's). Each module-level name is bound once."""

import ast
from collections import Counter
from pathlib import Path

from ecopetition.cases import masking


def _bound_twice(source: str) -> list[str]:
    names = Counter()
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, ast.AnnAssign) else []
        names.update(t.id for t in targets if isinstance(t, ast.Name))
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names[node.name] += 1
    return sorted(n for n, c in names.items() if c > 1 and n != "__all__")


def test_every_module_level_name_of_the_detector_is_bound_once():
    assert _bound_twice(Path(masking.__file__).read_text(encoding="utf-8")) == []


def test_the_check_finds_a_pattern_bound_twice():
    assert _bound_twice("_A = 1\ndef f():\n    return _A\n_A = 2\ndef g():\n    pass\ndef g():\n    pass\n") == ["_A", "g"]
