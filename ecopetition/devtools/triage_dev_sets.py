"""Builds triage's development training lines (`triage/data/scope_dev.jsonl`, `emergency_dev.jsonl`) from the
evaluation sets that have become development sets.

    python -m ecopetition.devtools.triage_dev_sets           # write both files
    python -m ecopetition.devtools.triage_dev_sets --check   # say whether the files are what the sets give

A set's scope line keeps its text and label; an in-scope line carries the kinds of pollution its topic names
(None where the topic names none, e.g. a permit matter), an out-of-scope line the legal route its topic names
(other_gov, the 12345 hotline, where it names none of the others): the table is `triage_dev_topics.json`,
one entry per topic the sets use. Emergency lines keep text, flag and kind. Lines are written set by set, in
each set's own order, with the set's folder name as `source`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "benchmarks"
DATA = ROOT / "ecopetition" / "triage" / "data"
TOPICS = Path(__file__).resolve().parent / "triage_dev_topics.json"
# The sets that are development sets now (scored once as independent sets, then studied), in training order.
DEV_SETS = ("triage_eval", "triage_eval_2", "triage_eval_3", "triage_eval_4", "triage_eval_5", "triage_eval_6")


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def build(sets=DEV_SETS, bench: Path = BENCH) -> tuple[list[dict], list[dict]]:
    """The scope and emergency training lines of these sets."""
    topics = json.loads(TOPICS.read_text(encoding="utf-8"))
    scope, emergency = [], []
    for name in sets:
        for r in _read(bench / name / "scope.jsonl"):
            t = topics.get(r["topic"])
            if t is None:
                raise ValueError(f"{name}: topic {r['topic']!r} is not in {TOPICS.name}: add it")
            if t["in_scope"] != r["in_scope"]:
                raise ValueError(f"{name}: topic {r['topic']!r} is labelled in_scope={r['in_scope']} here")
            scope.append({"text": r["text"], "in_scope": r["in_scope"],
                          "categories": t["categories"] if r["in_scope"] else [], "source": name,
                          "route": "" if r["in_scope"] else t["route"]})
        for r in _read(bench / name / "emergency.jsonl"):
            emergency.append({"text": r["text"], "emergency": r["emergency"], "kind": r["kind"], "source": name})
    return scope, emergency


def _dump(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def main(argv: list[str]) -> int:
    scope, emergency = build()
    files = {DATA / "scope_dev.jsonl": _dump(scope), DATA / "emergency_dev.jsonl": _dump(emergency)}
    if "--check" in argv:
        stale = [p.name for p, text in files.items() if p.read_text(encoding="utf-8") != text]
        print("stale: " + ", ".join(stale) if stale else "up to date")
        return 1 if stale else 0
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    print(f"{len(scope)} scope lines, {len(emergency)} emergency lines from {len(DEV_SETS)} sets")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
