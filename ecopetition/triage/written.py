"""The hand-written training messages in data/written/ (free-form text written for this project).

Files and line formats (lines starting with # are comments):
- ``eco_*.txt``: ``categories|sector|text`` — eco-environment matters under the bureau's remit;
- ``out_*.txt``, ``hardneg.txt``: ``route|text`` — other matters, with their legal route (``hardneg``
  holds environmental-sounding words that are not a pollution matter);
- ``emergency*.txt``: ``Y|kind|text`` (an emergency happening now) or ``N|in/out|text`` (not one).

Every row is returned with ``source`` (the file) so held-out splits can be drawn per line.
"""

from __future__ import annotations

from pathlib import Path

WRITTEN = Path(__file__).resolve().parent / "data" / "written"
# The scope lines of the development sets (benchmarks/triage_eval to triage_eval_6): written apart from a brief
# by sessions that never saw the training text, scored as independent sets, since studied; in-scope lines carry
# the kinds their topic names (None where it names none), out-of-scope lines the legal route their topic names
# (other_gov, the 12345 hotline, where it names none of the others). Built by `devtools/triage_dev_sets.py`.
SCOPE_DEV = Path(__file__).resolve().parent / "data" / "scope_dev.jsonl"
# Their emergency lines: an emergency is in scope; a look-alike (a drill, a past spill, a burst water main) says
# nothing of scope, only that it is no emergency.
EMERGENCY_DEV = Path(__file__).resolve().parent / "data" / "emergency_dev.jsonl"

# Emergency kind → the pollution categories its text is about (for the scope and category heads).
KIND_CATEGORIES = {
    "fish_kill": ["water"], "chemical_leak": ["water", "air"], "tanker": ["water", "air"],
    "explosion_fire": ["air"], "toxic_gas": ["air", "odour"], "drinking_water": ["water"],
    "tailings": ["solid_waste", "water"], "radioactive": ["radiation"], "oil_spill": ["water"],
}


# Batches written for scope alone (the leave-one-set-out work of 2026-12-07): their lines were not written or
# chosen as emergencies or their look-alikes, so their rows carry no emergency label and the emergency head does
# not learn from them.
SCOPE_ONLY = frozenset({"eco_d", "hardneg_b"})


def _lines(path: Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def load(folder: Path | None = None) -> list[dict]:
    folder = folder or WRITTEN
    rows: list[dict] = []
    for path in sorted(folder.glob("*.txt")):
        name = path.stem
        for line in _lines(path):
            if name.startswith("eco"):
                cats, sector, text = line.split("|", 2)
                rows.append({"text": text, "in_scope": True, "categories": [c for c in cats.split(",") if c],
                             "sector": sector, "route": "", "emergency": False, "source": name})
            elif name.startswith("emergency"):
                flag, extra, text = line.split("|", 2)
                if flag == "Y":
                    rows.append({"text": text, "in_scope": True, "categories": KIND_CATEGORIES.get(extra, []),
                                 "sector": "", "route": "", "emergency": True, "kind": extra, "source": name})
                else:
                    rows.append({"text": text, "in_scope": extra == "in", "categories": [], "sector": "",
                                 "route": "" if extra == "in" else "other_gov", "emergency": False, "source": name})
            else:
                route, text = line.split("|", 1)
                rows.append({"text": text, "in_scope": False, "categories": [], "sector": "", "route": route,
                             "emergency": False, "source": name})
            if name in SCOPE_ONLY:
                rows[-1].pop("emergency")
    return rows


def split(rows: list[dict], share: float = 0.25, seed: int = 11) -> tuple[list[dict], list[dict]]:
    """A fixed held-out share of the written lines (every line is its own message, no templates)."""
    import random

    idx = list(range(len(rows)))
    random.Random(seed).shuffle(idx)
    held = set(idx[: int(len(rows) * share)])
    return [r for i, r in enumerate(rows) if i not in held], [r for i, r in enumerate(rows) if i in held]


def load_dev() -> list[dict]:
    """The development sets' scope and emergency lines as training rows (no sector; `in_scope` None
    where a line says nothing of scope, `categories` None where it names no kind)."""
    import json

    rows = []
    with open(SCOPE_DEV, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                rows.append({"text": r["text"], "in_scope": r["in_scope"], "categories": r["categories"], "sector": "",
                             "route": r["route"], "source": "dev:" + r["source"]})
    with open(EMERGENCY_DEV, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                rows.append({"text": r["text"], "in_scope": True if r["emergency"] else None,
                             "categories": KIND_CATEGORIES.get(r["kind"]) if r["emergency"] else None, "sector": "",
                             "route": "", "emergency": r["emergency"], "source": "dev:" + r["source"]})
    return rows


PAIRS = Path(__file__).resolve().parent / "data" / "pairs.txt"


def own_pairs(path: Path = PAIRS) -> list[dict]:
    """The project's own same-matter pairs (``flag|address|party|text|address|party|text`` lines)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        flag, a1, p1, t1, a2, p2, t2 = line.split("|")
        out.append({"first": {"text": t1, "address": a1, "reported_party": p1},
                    "second": {"text": t2, "address": a2, "reported_party": p2}, "same_matter": flag == "Y"})
    return out
