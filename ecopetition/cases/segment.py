"""Chinese word segmentation for the case search: the tokens a case is indexed by and a query is matched by.

jieba in search mode (a long word also yields the words inside it: 化工厂 → 化工 工厂 化工厂), so a query is
segmented the same way as the stored text. Plain text in, tokens out; jieba is imported on first use (it
loads its dictionary in about a second). Masks (`*`) and punctuation never become tokens.
"""

from __future__ import annotations

from ecopetition.core.lazyre import compile_later

from .words import jieba as _jieba

# What separates the words of a query (`*` is what masks are made of: never part of a word).
SEPARATORS = compile_later(r"[\s*]+")
_TOKEN = compile_later(r"\w+")
_CJK = compile_later(r"[\u3400-\u9fff\uf900-\ufaff]+")
# A query word with a digit or a Latin letter (a case number, a phone, an ID number, a fragment of one) is
# matched as a substring, as before: people search those by their parts.
_SUBSTRING_WORD = compile_later(r"[0-9A-Za-z]")


def _cut(text: str) -> list[str]:
    return [t.lower() for t in _jieba().cut_for_search(text) if _TOKEN.fullmatch(t)]


def tokens(*texts: str) -> list[str]:
    """The search tokens of these texts: jieba's search-mode words, and the two-character pieces of every
    Chinese word of three characters or more (王建华 → 王建 建华), so that a name or a word inside a longer
    one the dictionary does not split is still found."""
    out: list[str] = []
    for text in texts:
        if not text:
            continue
        for tok in _cut(text):
            out.append(tok)
            if len(tok) >= 3 and _CJK.fullmatch(tok):
                out.extend(tok[i:i + 2] for i in range(len(tok) - 1))
    return out


def token_text(*texts: str) -> str:
    """The stored form: space-separated tokens with a space at each end (` a b `), so that a token is found
    by ` a ` on a database without a text index and by the 'simple' text search configuration on PostgreSQL."""
    toks = tokens(*texts)
    return f" {' '.join(toks)} " if toks else ""


def query_tokens(word: str) -> list[str]:
    """The tokens that a (separator-free) query word requires, or [] when the word is matched as a substring
    instead: one with a digit or Latin letter, a single character, or one jieba splits into single
    characters only (a word it does not know).

    Of jieba's search-mode words only the smallest are kept (化工厂排污 → 化工 工厂 排污, not also 化工厂), so a
    query finds the cases that hold its parts in any order; a longer word left is replaced by its
    two-character pieces, which the stored text holds for every long word (see `tokens`)."""
    if _SUBSTRING_WORD.search(word) or len(word) < 2:
        return []
    cut = set(_cut(word))
    if not cut or all(len(t) == 1 for t in cut):
        return []
    smallest = {t for t in cut if len(t) > 1 and not any(o != t and len(o) > 1 and o in t for o in cut)}
    out: set[str] = set()
    for tok in smallest:
        if len(tok) >= 3 and _CJK.fullmatch(tok):
            out.update(tok[i:i + 2] for i in range(len(tok) - 1))
        else:
            out.add(tok)
    return sorted(out)


def highlight_terms(query: str) -> list[str]:
    """What to mark in a text where `query` matched: its words and their tokens, longest first."""
    words = [w for w in SEPARATORS.split(query or "") if w][:8]
    terms = set(words)
    for w in words:
        terms.update(query_tokens(w))
    return sorted(terms, key=lambda t: (-len(t), t))


def person_texts(people) -> list[str]:
    """What a complainant is searched by, for readers who may see the identity: the name, the surname and
    the given name apart (欧阳明辉 → 欧阳, 明辉), the phone."""
    from .masking import COMPOUND_SURNAMES

    out: list[str] = []
    for p in people:
        get = p.get if isinstance(p, dict) else (lambda k, _p=p: getattr(_p, k, ""))
        name = (get("name") or "").strip()
        if name:
            cut = 2 if name[:2] in COMPOUND_SURNAMES else 1
            out += [name, name[:cut], name[cut:]]
        phone = (get("phone") or "").strip()
        if phone:
            out.append(phone)
    return out
