"""The import graph, read with `ast`: dev tooling and test helpers stay out of the domain apps,
core and org are the ground floor, and modules import each other without cycles."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]  # the ecopetition package folder
APPS = ("core", "org", "cases", "notify", "deadlines", "triage", "documents", "fieldwork", "intake", "analytics",
        "oversight", "meetings", "ops")
DEV = ("ecopetition.devtools", "ecopetition.testing")

# Cycles that only close through an import inside a function. None is left; one added here would have
# to be listed, so that none is added silently.
KNOWN_LAZY_CYCLES: set[frozenset[str]] = set()


def _is_test(path: Path) -> bool:
    return "tests" in path.parts or path.name in ("conftest.py", "pytest_env.py")


@cache
def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = ["ecopetition", *path.relative_to(PACKAGE).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _resolve(name: str) -> str | None:
    mods = _modules()
    while name and name not in mods:
        name = name.rpartition(".")[0]
    return name or None


@cache
def _imports(module: str, top_level_only: bool) -> frozenset[str]:
    path = _modules()[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    nodes = tree.body if top_level_only else ast.walk(tree)
    out = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            out.update(_resolve(a.name) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(parts + ([node.module] if node.module else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                out.add(full if _resolve(full) == full else _resolve(base))
    out.discard(None)
    out.discard(module)
    return frozenset(out)


def _production() -> list[str]:
    return sorted(m for m, p in _modules().items() if not _is_test(p) and not m.startswith(DEV))


def _cycles(top_level_only: bool) -> set[frozenset[str]]:
    graph = {m: _imports(m, top_level_only) for m in _modules() if not _is_test(_modules()[m])}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[frozenset[str]] = set()

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.add(frozenset(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_production_module_imports_dev_tooling_or_test_helpers():
    bad = [(m, i) for m in _production() for i in _imports(m, False) if i.startswith(DEV)]
    assert bad == []


def test_core_and_org_import_nothing_above_them():
    allowed = ("ecopetition.core", "ecopetition.org", "ecopetition.settings", "ecopetition.wsgi")
    bad = [(m, i) for m in _production() if m.startswith(("ecopetition.core", "ecopetition.org"))
           for i in _imports(m, False) if i.startswith("ecopetition.") and not i.startswith(allowed)]
    assert bad == []


def test_no_import_cycle_at_module_level():
    assert _cycles(top_level_only=True) == set()


def test_no_new_cycle_through_lazy_imports():
    assert _cycles(top_level_only=False) == KNOWN_LAZY_CYCLES


def test_the_graph_sees_imports_and_cycles():
    """The reader itself: relative imports resolve, and a planted cycle would be found."""
    assert "ecopetition.cases.models" in _imports("ecopetition.cases.actions", True)
    assert "ecopetition.devtools.textgen" in _imports("ecopetition.devtools.generate", True)
    assert "ecopetition.devtools.benchstack" in _imports("ecopetition.devtools.bench_intake", True)
