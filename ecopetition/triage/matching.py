"""Same matter, learned: a small logistic model over what the pair rule sees and what the words say.

The pair rule (`matter.compare`) was written and tuned on a few sets of pairs; on a set written apart from all
of them it found fewer than half of the true pairs. This model takes the rule's signals (party, owner, place,
address, kinds of pollution and of business, off-topic matters) and adds what the rule's lexicons miss: how
alike the two texts are in rare characters and character pairs (TF-IDF over the project's written messages),
how alike the scope model finds their kinds of pollution, and how sure it is that each speaks of pollution at
all. It is trained on the project's own pairs and the development sets (`data/pairs_dev.jsonl`, written apart
from a brief and since studied), never on the independent set nor on `data/heldout/` (`quality.training_pairs`).

The weights are shipped in `data/pair_model.json` (`ecopetition triage train-pairs` writes them again); the
character statistics are computed from the shipped written messages when first needed.
"""

from __future__ import annotations

import functools
import json
import math
import threading
from pathlib import Path

from . import matter
from .reading import topic
from .text import content_chars, normalize, shingles, text_similarity

DATA = Path(__file__).resolve().parent / "data"
MODEL_PATH = DATA / "pair_model.json"
DEV_PAIRS = DATA / "pairs_dev.jsonl"
THRESHOLD = 0.5
# A shared character or pair this rare (inverse document frequency) ties two accounts to one site (锰, 桉树).
RARE_ANCHOR = 6.0

SIGNALS = ("party", "nick", "same_area", "fine_place", "coarse_place", "same_addr", "apart", "compatible", "kinds",
           "kinds_agree", "kinds_differ", "types", "types_differ", "other_party", "another", "off_topic_any",
           "off_topic_both", "polluting", "different")
FEATURES = ("rule_score", "rule_same", *SIGNALS, "text_shingles", "topic_cosine", "scope_min", "scope_max",
            "scope_gap", "address_bigrams", "party_bigrams", "text_bigrams", "tfidf_all", "tfidf_text", "rare_1",
            "rare_2", "rare_3")

_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _idf() -> tuple[dict[str, float], float]:
    """Inverse document frequency of single characters and character pairs in the project's written messages."""
    from . import classifier, written

    texts = [r["text"] for r in written.load()] + [r["text"] for r in classifier.load_starter()]
    df: dict[str, int] = {}
    for t in texts:
        for g in _grams(_chars(t)):
            df[g] = df.get(g, 0) + 1
    n = len(texts)
    idf = {g: math.log((1 + n) / (1 + c)) + 1.0 for g, c in df.items()}
    return idf, math.log(1 + n) + 1.0


_NOT_TERM = None


def rare_terms(text: str, party: str = "", *, k: int = 8) -> list[str]:
    """The text's `k` rarest characters and character pairs (by the written messages' statistics), function
    words and digits left out: what two accounts of one site share however differently they are told (锰, 桉树,
    枸杞). Repeat-index keys: a new case meets earlier ones by them."""
    global _NOT_TERM
    if _NOT_TERM is None:
        import re

        _NOT_TERM = re.compile(r"[\W\da-z_的了是在我们你他她它有个那这就都也不和与及或被把给让从到向对为很太又还再才只啊吧呢吗呀哦嘛么一某]")
    idf, top = _idf()
    chars = _chars(f"{party}|{text[:300]}")
    singles = {c for c in chars if not _NOT_TERM.search(c)}
    # A pair never seen in the written messages is mostly two words' edges (堆溪 of 乱堆溪水): only pairs seen.
    pairs = {chars[i:i + 2] for i in range(len(chars) - 1)} & idf.keys()
    pairs = {g for g in pairs if not _NOT_TERM.search(g)}
    half = k // 2
    return (sorted(singles, key=lambda g: (-idf.get(g, top), g))[:half]
            + sorted(pairs, key=lambda g: (-idf[g], g))[:k - half])


def _chars(s: str) -> str:
    return content_chars(normalize(s or ""))


def _grams(s: str) -> set[str]:
    return set(s) | {s[i:i + 2] for i in range(len(s) - 1)}


def _bigrams(s: str) -> set[str]:
    s = _chars(s)
    return {s[i:i + 2] for i in range(len(s) - 1)}


def _jaccard(x: set, y: set) -> float:
    return len(x & y) / len(x | y) if x and y else 0.0


def _tfidf(s: str) -> dict[str, float]:
    idf, top = _idf()
    counts: dict[str, int] = {}
    chars = _chars(s)
    for g in [*chars, *(chars[i:i + 2] for i in range(len(chars) - 1))]:
        counts[g] = counts.get(g, 0) + 1
    vec = {g: (1 + math.log(c)) * idf.get(g, top) for g, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {g: v / norm for g, v in vec.items()}


def _cosine(x: dict[str, float], y: dict[str, float]) -> float:
    if len(x) > len(y):
        x, y = y, x
    return sum(v * y.get(k, 0.0) for k, v in x.items())


@functools.lru_cache(maxsize=20_000)
def _whole(text: str, address: str, party: str) -> dict[str, float]:
    return _tfidf(f"{address}|{party}|{text}")


@functools.lru_cache(maxsize=20_000)
def _text_vec(text: str) -> dict[str, float]:
    return _tfidf(text)


def features(a: matter.Side, b: matter.Side, rule: dict | None = None) -> list[float]:
    """The pair's features, in the order of `FEATURES`."""
    rule = rule or matter.compare(a, b)
    sig = rule["signals"]
    ta, sa = topic(a.text)
    tb, sb = topic(b.text)
    keys = set(ta) | set(tb)
    dot = sum(ta.get(k, 0.0) * tb.get(k, 0.0) for k in keys)
    na = math.sqrt(sum(v * v for v in ta.values()))
    nb = math.sqrt(sum(v * v for v in tb.values()))
    idf, top = _idf()
    ga = _grams(_chars(f"{a.address}|{a.party}|{a.text}"))
    gb = _grams(_chars(f"{b.address}|{b.party}|{b.text}"))
    rare = sorted((idf.get(g, top) for g in ga & gb), reverse=True)[:3]
    rare += [0.0] * (3 - len(rare))
    return [
        rule["score"], float(rule["same"]), *(float(sig[k]) for k in SIGNALS),
        text_similarity(shingles(a.text), shingles(b.text)), dot / (na * nb) if na and nb else 0.0,
        min(sa, sb), max(sa, sb), abs(sa - sb), _jaccard(_bigrams(a.address), _bigrams(b.address)),
        _jaccard(_bigrams(a.party), _bigrams(b.party)), _jaccard(_bigrams(a.text), _bigrams(b.text)),
        _cosine(_whole(a.text, a.address, a.party), _whole(b.text, b.address, b.party)),
        _cosine(_text_vec(a.text), _text_vec(b.text)), *rare,
    ]


class PairModel:
    """A logistic model: standardised features, weights, bias."""

    def __init__(self, weights: list[float], bias: float, mean: list[float], scale: list[float], threshold: float = THRESHOLD):
        self.weights, self.bias, self.mean, self.scale, self.threshold = weights, bias, mean, scale, threshold

    def p(self, x: list[float]) -> float:
        z = self.bias + sum(w * (v - m) / s for w, v, m, s in zip(self.weights, x, self.mean, self.scale, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def as_json(self) -> dict:
        return {"features": list(FEATURES), "weights": self.weights, "bias": self.bias, "mean": self.mean,
                "scale": self.scale, "threshold": self.threshold}


_model: list[PairModel | None] = [None]


def get_model() -> PairModel:
    if _model[0] is None:
        with _lock:
            if _model[0] is None:
                data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
                if data["features"] != list(FEATURES):
                    raise RuntimeError("data/pair_model.json was trained on other features: run `ecopetition triage train-pairs`")
                _model[0] = PairModel(data["weights"], data["bias"], data["mean"], data["scale"], data["threshold"])
    return _model[0]


def _rare_shared(a: matter.Side, b: matter.Side) -> float:
    """The inverse document frequency of the rarest character or pair the two cases share."""
    idf, top = _idf()
    shared = _grams(_chars(f"{a.address}|{a.party}|{a.text}")) & _grams(_chars(f"{b.address}|{b.party}|{b.text}"))
    return max((idf.get(g, top) for g in shared), default=0.0)


def gate(a: matter.Side, b: matter.Side, rule: dict) -> bool:
    """Whether the model may call the pair the same matter at all. It weighs; it does not overrule what the rule
    knows for certain (another kind of pollution or business, or a matter that is not pollution, is another
    matter), and two cases with nothing of their own in common (no party, owner, place or address, no rare word)
    are two matters however alike their smoke. Cheap: the repeat search asks it before computing features."""
    sig = rule["signals"]
    if rule["different"]:
        return False
    return bool(sig["party"] or sig["nick"] or sig["fine_place"] or sig["coarse_place"] or sig["same_addr"] or (
        sig["compatible"] and _rare_shared(a, b) >= RARE_ANCHOR))


def judge(a: matter.Side, b: matter.Side, *, rule: dict | None = None, opened: bool | None = None) -> dict:
    """The pair rule's answer (its why, its signals) with the learned decision: "same" and "score" are the
    model's (on the repeat search's scale, where 0.7 flags a repeat); "rule_score" keeps the rule's own. A pair
    the gate shuts keeps the rule's score, below 0.7. `rule` and `opened`: the rule's answer and the gate's, where
    the caller has them already (the repeat search asks both before reading its candidates in one batch)."""
    rule = matter.compare(a, b) if rule is None else rule
    if not (gate(a, b, rule) if opened is None else opened):
        return {**rule, "same": False, "score": min(rule["score"], 0.69), "p": None, "rule_score": rule["score"]}
    model = get_model()
    p, t = model.p(features(a, b, rule)), model.threshold
    score = 0.7 + 0.3 * (p - t) / (1 - t) if p >= t else 0.7 * p / t
    return {**rule, "same": p >= t, "score": round(score, 3), "p": round(p, 3), "rule_score": rule["score"]}


def train(pairs: list[dict], *, progress=None) -> PairModel:
    """Fit the model on labelled pairs (`quality.training_pairs`: the own and development pairs, with the hard
    negatives the repeat search would meet)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    rows = []
    for p in (progress(pairs) if progress else pairs):
        a, b = matter.pair_side(p["first"]), matter.pair_side(p["second"])
        rows.append(features(a, b))
    X = np.array(rows, dtype=float)
    y = np.array([bool(p["same_matter"]) for p in pairs])
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced")
    clf.fit((X - mean) / scale, y)
    return PairModel([float(w) for w in clf.coef_[0]], float(clf.intercept_[0]), [float(v) for v in mean],
                     [float(v) for v in scale])


def save(model: PairModel, path: Path = MODEL_PATH) -> None:
    path.write_text(json.dumps(model.as_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    _model[0] = None
