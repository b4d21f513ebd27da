"""Text normalisation shared by the classifier and the repeat index: traditional → simplified, width, length."""

from __future__ import annotations

import functools
import unicodedata

from ecopetition.cases.masking import t2s_converter
from ecopetition.core.lazyre import compile_later

MAX_CHARS = 4000  # longer texts are cut to their head and tail: the matter is stated early, the demand late
_KEEP = compile_later(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9]+")


def t2s(text: str) -> str:
    return t2s_converter().convert(text)


def clip(text: str, limit: int = MAX_CHARS) -> str:
    if len(text) <= limit:
        return text
    head = limit * 3 // 4
    return text[:head] + "\n" + text[-(limit - head):]


def normalize(text: str | None) -> str:
    """Simplified script, half-width forms, lower case, at most MAX_CHARS characters."""
    text = clip(str(text or ""))
    text = unicodedata.normalize("NFKC", text)
    return t2s(text).lower()


def content_chars(text: str) -> str:
    """Only the characters that carry meaning (CJK, letters, digits), for shingles and length checks."""
    return "".join(_KEEP.findall(text))


def meaningful_length(text: str) -> int:
    return len(content_chars(text))


# Text similarity of two messages: character shingles, stock phrases weighing little (the repeat search, the
# same-matter model).
SHINGLE = 3


def shingles(text: str) -> set[str]:
    chars = content_chars(normalize(text))
    if len(chars) < SHINGLE:
        return {chars} if chars else set()
    return {chars[i:i + SHINGLE] for i in range(len(chars) - SHINGLE + 1)}


@functools.lru_cache(maxsize=4096)  # about 6 KB each: the candidates of the last few hundred searches
def stored_shingles(text: str) -> frozenset[str]:
    """`shingles` of a stored case's text, kept: the repeat search meets the same earlier cases again and again."""
    return frozenset(shingles(text))


_common: frozenset[str] | None = None
COMMON_WEIGHT = 0.15


def common_shingles() -> frozenset[str]:
    """Stock phrases (greetings, demands) that say nothing about the matter; shipped as data, see the file."""
    global _common
    if _common is None:
        from pathlib import Path

        path = Path(__file__).resolve().parent / "data" / "common_shingles.txt"
        lines = path.read_text(encoding="utf-8").splitlines()
        _common = frozenset(x.strip() for x in lines if x.strip() and not x.startswith("#"))
    return _common


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / len(a | b)


def _sum_weight(sh: set[str]) -> float:
    common = common_shingles()
    return sum(COMMON_WEIGHT if s in common else 1.0 for s in sh)


_kept_weight = functools.lru_cache(maxsize=4096)(_sum_weight)  # a stored case's shingles (`stored_shingles`)


def _weight(sh: set[str]) -> float:
    return _kept_weight(sh) if isinstance(sh, frozenset) else _sum_weight(sh)


def text_similarity(a: set[str], b: set[str]) -> float:
    """Weighted Jaccard (stock phrases weigh little), lifted towards containment: a short message
    repeating a long letter is still the same matter."""
    if not a or not b:
        return 0.0
    inter = _weight(a & b)
    wa, wb = _weight(a), _weight(b)
    union = wa + wb - inter
    j = inter / union if union else 0.0
    small = min(wa, wb)
    c = inter / small if small else 0.0
    return max(j, 0.85 * c if small >= 12 else 0.0)
