"""Map boundaries: deployment-supplied files (DATA_DIR/geo) first, then the bundled development shapes."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from django.conf import settings

BUNDLED = Path(__file__).resolve().parent / "data" / "geo"
NAME = re.compile(r"^(\d{6})_full\.json$")


def deployed_dir() -> Path:
    return Path(settings.DATA_DIR) / "geo"


def available() -> dict[str, Path]:
    """adcode -> file, deployment files overriding bundled ones."""
    found: dict[str, Path] = {}
    for folder in (BUNDLED, deployed_dir()):
        if folder.is_dir():
            for p in folder.iterdir():
                if m := NAME.match(p.name):
                    found[m[1]] = p
    return found


def path_for(adcode: str) -> Path | None:
    return available().get(adcode)


def map_for_division(code: str) -> str:
    """The most detailed boundary file showing `code`: its own, its city's, its province's, else China."""
    code = (code or "")[:6].ljust(6, "0")
    have = available()
    for candidate in (code, code[:4] + "00", code[:2] + "0000", "100000"):
        if candidate in have:
            return candidate
    return "100000"


def validate(data: object) -> list[str]:
    """Problems with a GeoJSON file meant as a boundary source (empty when fine)."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        return ["not a GeoJSON FeatureCollection"]
    feats = data.get("features")
    if not isinstance(feats, list) or not feats:
        return ["no features"]
    problems = []
    for i, f in enumerate(feats):
        props = (f or {}).get("properties") or {}
        if "adcode" not in props or "name" not in props:
            problems.append(f"feature {i} lacks adcode or name")
        if not (f or {}).get("geometry"):
            problems.append(f"feature {i} has no geometry")
    return problems[:10]


@functools.lru_cache(maxsize=1)
def _names_cached(key: tuple) -> dict[str, str]:
    names: dict[str, str] = {}
    for _code, p in sorted(available().items()):
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for f in data.get("features", []):
            props = f.get("properties") or {}
            if props.get("name"):
                names[str(props.get("adcode"))] = props["name"]
    return names


def names() -> dict[str, str]:
    """adcode -> region name from every boundary file."""
    key = tuple(sorted((c, str(p), p.stat().st_mtime) for c, p in available().items()))
    return dict(_names_cached(key))
