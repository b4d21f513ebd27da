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

# Emergency kind → the pollution categories its text is about (for the scope and category heads).
KIND_CATEGORIES = {
    "fish_kill": ["water"], "chemical_leak": ["water", "air"], "tanker": ["water", "air"],
    "explosion_fire": ["air"], "toxic_gas": ["air", "odour"], "drinking_water": ["water"],
    "tailings": ["solid_waste", "water"], "radioactive": ["radiation"], "oil_spill": ["water"],
}


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
    return rows


def split(rows: list[dict], share: float = 0.25, seed: int = 11) -> tuple[list[dict], list[dict]]:
    """A fixed held-out share of the written lines (every line is its own message, no templates)."""
    import random

    idx = list(range(len(rows)))
    random.Random(seed).shuffle(idx)
    held = set(idx[: int(len(rows) * share)])
    return [r for i, r in enumerate(rows) if i not in held], [r for i, r in enumerate(rows) if i in held]
