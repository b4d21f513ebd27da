"""Text normalisation shared by the classifier and the repeat index: traditional → simplified, width, length."""

from __future__ import annotations

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
