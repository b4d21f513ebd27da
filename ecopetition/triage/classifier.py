"""The learned half of triage: logistic regressions on character n-grams (scope, legal route, categories, sector).

Trained from the shipped starter set plus the register's own confirmed cases
and clerks' corrections (`ecopetition triage train`); kept as one file in the
data folder and loaded once per process. Each answer carries its probability
and the n-grams that pushed it most, so a clerk can see why.
"""

from __future__ import annotations

import json
import logging
import math
import pickle
import random
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from .text import meaningful_length, normalize

log = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent / "data"
STARTER = DATA / "starter.jsonl"
MODEL_VERSION = 2
# The templated starter set weighs less than the free-form written messages (data/written/): it is
# there for breadth of pollution vocabulary, not as the picture of what people write.
STARTER_WEIGHT = 0.3
_lock = threading.Lock()
_cached: dict = {}


def model_path() -> Path:
    return Path(settings.DATA_DIR) / "triage" / "model.pkl"


def load_starter(path: Path | None = None) -> list[dict]:
    with open(path or STARTER, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _vectorizer():
    from sklearn.feature_extraction.text import TfidfVectorizer

    # Character 1-3-grams: no segmenter needed, robust to typos and dialect spellings.
    return TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True, max_features=80000,
                           preprocessor=_prep)


def _prep(text: str) -> str:
    # Digits and Latin letters carry phone numbers and plates, not meaning, here.
    import re

    return re.sub(r"[0-9]+", "0", text)


_EDGE = set("的了是在和与及把被就都也还又很我你他她它们这那个有")  # a term that starts or ends so is a fragment
_READABLE = re.compile(r"[\u4e00-\u9fffa-z]+")
# Words whose pieces say nothing about the matter.
_STOCK = ("有限公司", "有限责任", "股份", "集团", "公司", "我们", "你们", "他们", "这个", "那个", "一个", "没有", "已经",
          "领导", "您好", "你好", "谢谢", "希望", "请求", "要求", "反映", "问题", "处理", "尊敬的", "市长", "书记")


def training_rows() -> list[dict]:
    """The shipped training text: the written messages (main source), the development sets' scope lines and
    the templated starter set. The independent evaluation set is never among them."""
    from . import written

    return written.load() + written.load_dev() + load_starter()


def _lr(balanced: bool = True, *, multiclass: bool = False):
    from sklearn.linear_model import LogisticRegression

    # Binary heads: liblinear, several times faster than lbfgs on these sparse, wide, small problems.
    # Multiclass heads (route, sector): lbfgs with a looser tolerance, enough for a ranking of a dozen answers.
    if multiclass:
        return LogisticRegression(C=6.0, max_iter=300, tol=1e-3, class_weight="balanced" if balanced else None)
    return LogisticRegression(C=6.0, max_iter=1000, class_weight="balanced" if balanced else None, solver="liblinear")


@dataclass
class TriageModel:
    vectorizer: object
    scope: object
    route: object | None
    categories: dict[str, object]
    sector: object | None
    terms: list[str]
    rows: int
    sources: dict = field(default_factory=dict)
    version: int = MODEL_VERSION
    emergency: object | None = None

    # --- fast path: the same numbers as the sklearn objects, without their per-call validation cost ---

    def _prepare(self) -> None:
        import numpy as np

        vec = self.vectorizer
        self._vocab = vec.vocabulary_
        self._idf = vec.idf_
        heads: list[tuple[str, str, object]] = [("scope", "", self.scope)]
        if self.route is not None:
            heads.append(("route", "", self.route))
        heads += [("cat", code, clf) for code, clf in self.categories.items()]
        if self.sector is not None:
            heads.append(("sector", "", self.sector))
        if self.emergency is not None:
            heads.append(("emergency", "", self.emergency))
        rows, bias, layout = [], [], []
        for kind, code, clf in heads:
            start = len(rows)
            rows.extend(clf.coef_)
            bias.extend(clf.intercept_)
            layout.append((kind, code, clf, start, len(rows)))
        self._W = np.ascontiguousarray(np.vstack(rows).T)  # features × outputs
        self._b = np.asarray(bias)
        self._layout = layout

    def _features(self, norm: str):
        import re

        import numpy as np

        text = re.sub(r"\s\s+", " ", _prep(norm))
        counts: dict[int, int] = {}
        vocab = self._vocab
        n_text = len(text)
        for n in (1, 2, 3):
            for i in range(n_text - n + 1):
                j = vocab.get(text[i:i + n])
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
        if not counts:
            return np.zeros(0, dtype=int), np.zeros(0)
        cols = np.fromiter(counts.keys(), dtype=int, count=len(counts))
        vals = np.fromiter((1.0 + math.log(c) for c in counts.values()), dtype=float, count=len(counts))
        vals *= self._idf[cols]
        norm2 = float(np.sqrt((vals * vals).sum()))
        return cols, vals / norm2 if norm2 else vals

    def _top(self, cols, vals, coef_col: int, sign: float = 1.0, n: int = 4) -> list[str]:
        """The n-grams that pushed this answer most, readable: no fragments of legal forms or stock phrases
        ("限公", "有限"), none inside another one shown."""
        contrib = vals * self._W[cols, coef_col] * sign
        out: list[str] = []
        for k in contrib.argsort()[::-1][:40]:
            if contrib[k] <= 0 or len(out) >= n:
                break
            term = self.terms[cols[k]].strip()
            if len(term) < 2 or not _READABLE.fullmatch(term) or any(term in s for s in _STOCK) \
                    or term[0] in _EDGE or term[-1] in "的和与及把被在":
                continue
            if any(term in o for o in out):
                continue
            out = [o for o in out if o not in term] + [term]
        return out

    def predict(self, text: str) -> dict:
        return self.predict_many([text])[0]

    def predict_many(self, texts) -> list[dict]:
        """`predict` for several texts (a worker's batch, a chunk of input lines): each text's n-grams, then all
        the heads' scores of all the texts in one sparse product."""
        import numpy as np
        from scipy import sparse

        if getattr(self, "_W", None) is None:
            self._prepare()
        norms = [normalize(t) for t in texts]
        feats = [self._features(n) for n in norms]
        if not feats:
            return []
        X = sparse.csr_matrix(
            (np.concatenate([v for _c, v in feats]), np.concatenate([c for c, _v in feats]),
             np.cumsum([0] + [len(c) for c, _v in feats])),
            shape=(len(feats), self._W.shape[0]))
        scores = np.asarray(X @ self._W) + self._b
        return [self._answer(norm, cols, vals, scores[i]) for i, (norm, (cols, vals)) in enumerate(zip(norms, feats,
                                                                                                       strict=True))]

    def _answer(self, norm: str, cols, vals, scores) -> dict:
        import numpy as np

        result: dict = {"length": meaningful_length(norm), "categories": []}

        def sigmoid(z):
            return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

        for kind, code, clf, a, b in self._layout:
            classes = list(clf.classes_)
            if b - a == 1:  # binary head: the score is for classes_[1]
                p1 = sigmoid(float(scores[a]))
                if kind == "scope":
                    p_true = p1 if bool(classes[1]) else 1 - p1
                    result["in_scope_p"] = p_true
                    result["scope_terms"] = self._top(cols, vals, a, 1.0 if p_true >= 0.5 else -1.0)
                elif kind == "emergency":
                    result["emergency_p"] = p1 if bool(classes[1]) else 1 - p1
                    result["emergency_terms"] = self._top(cols, vals, a, 1.0 if bool(classes[1]) else -1.0, n=3)
                elif kind == "cat":
                    result["categories"].append({"code": code, "p": p1,
                                                 "terms": self._top(cols, vals, a) if p1 >= 0.3 else []})
                else:
                    i = 1 if p1 >= 0.5 else 0
                    result[kind] = {"code": str(classes[i]), "p": p1 if i else 1 - p1,
                                    "terms": self._top(cols, vals, a, 1.0 if i else -1.0), "alternatives": []}
            else:
                z = scores[a:b]
                e = np.exp(z - z.max())
                probs = e / e.sum()
                order = probs.argsort()[::-1]
                i = int(order[0])
                result[kind] = {"code": str(classes[i]), "p": float(probs[i]), "terms": self._top(cols, vals, a + i),
                                "alternatives": [{"code": str(classes[j]), "p": float(probs[j])} for j in order[1:3]]}
        result["categories"].sort(key=lambda c: -c["p"])
        return result

    def __getstate__(self):
        state = dict(self.__dict__)
        for k in ("_W", "_b", "_layout", "_vocab", "_idf"):
            state.pop(k, None)
        return state


def train(rows: list[dict], *, sources: dict | None = None) -> TriageModel:
    """Fit all four heads on labelled rows: {text, in_scope, categories, sector, route}.

    One BLAS thread: on a shared machine more threads make these small fits many times slower.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return _train(rows, sources=sources)


def _train(rows: list[dict], *, sources: dict | None = None) -> TriageModel:
    vec = _vectorizer()
    texts = [normalize(r["text"]) for r in rows]
    X = vec.fit_transform(texts)
    # in_scope None: a row that says only whether it is an emergency (a development set's look-alike): no
    # example for the scope head.
    sc_idx = [i for i, r in enumerate(rows) if r["in_scope"] is not None]
    y_scope = [bool(rows[i]["in_scope"]) for i in sc_idx]
    weight = [STARTER_WEIGHT if rows[i].get("tpl") else 1.0 for i in sc_idx]
    scope = _lr().fit(X[sc_idx], y_scope, sample_weight=weight)
    # Emergencies: learned only from rows that say whether they are one (the written set), as one signal
    # beside the rules in emergency.py.
    em_idx = [i for i, r in enumerate(rows) if "emergency" in r]
    emergency = None
    if len({bool(rows[i]["emergency"]) for i in em_idx}) == 2:
        emergency = _lr().fit(X[em_idx], [bool(rows[i]["emergency"]) for i in em_idx])
    out_idx = [i for i, r in enumerate(rows) if r["in_scope"] is False and r.get("route")]
    route = None
    if len({rows[i]["route"] for i in out_idx}) >= 2:
        route = _lr(multiclass=True).fit(X[out_idx], [rows[i]["route"] for i in out_idx])
    in_idx = [i for i, r in enumerate(rows) if r["in_scope"] is True]
    # Categories None: in scope, kinds not labelled (a line of a development set): no example for the category heads.
    cat_idx = [i for i in in_idx if rows[i].get("categories") is not None]
    cats: dict[str, object] = {}
    codes = sorted({c for i in cat_idx for c in rows[i]["categories"]})
    for code in codes:
        y = [code in rows[i]["categories"] for i in cat_idx]
        if 5 <= sum(y) < len(y):
            cats[code] = _lr().fit(X[cat_idx], y)
    sec_idx = [i for i in in_idx if rows[i].get("sector")]
    sector = None
    if len({rows[i]["sector"] for i in sec_idx}) >= 2:
        sector = _lr(multiclass=True).fit(X[sec_idx], [rows[i]["sector"] for i in sec_idx])
    return TriageModel(vectorizer=vec, scope=scope, route=route, categories=cats, sector=sector,
                       terms=list(vec.get_feature_names_out()), rows=len(rows), sources=sources or {},
                       emergency=emergency)


def group_split(rows: list[dict], share: float = 0.2, seed: int = 7) -> tuple[list[dict], list[dict]]:
    """Hold out whole templates (core sentences), so the held-out texts are phrasings the model never saw."""
    groups = sorted({r.get("tpl") or r["text"] for r in rows})
    rng = random.Random(seed)
    rng.shuffle(groups)
    held = set(groups[: max(1, int(len(groups) * share))])
    train_rows = [r for r in rows if (r.get("tpl") or r["text"]) not in held]
    test_rows = [r for r in rows if (r.get("tpl") or r["text"]) in held]
    return train_rows, test_rows


def register_rows(limit: int = 50000) -> list[dict]:
    """Labelled rows from the register: cases people registered and confirmed, plus clerks' corrections."""
    from ecopetition.cases.models import Complaint, State

    from .models import Correction
    from .routes import ROUTES

    rows = []
    confirmed = (
        Complaint.objects.filter(created_by__isnull=False)
        .exclude(state=State.REGISTERED)
        .exclude(state=State.MERGED)
        .order_by("-id")
        .prefetch_related("categories")
        .select_related("sector")[:limit]
    )
    for c in confirmed:
        if c.state in (State.NOT_ACCEPTED, State.REFERRED):
            route = "other_gov"
            said = f"{c.legal_route} {c.referred_to}"
            for code, (authority, _advice) in ROUTES.items():
                if any(part and part in said for part in authority.split(" / ")):
                    route = code
                    break
            rows.append({"text": c.content, "in_scope": False, "categories": [], "sector": "", "route": route})
        else:
            cats = [x.code for x in c.categories.all()]
            if cats or c.sector_id:
                rows.append({"text": c.content, "in_scope": True, "categories": cats,
                             "sector": c.sector.code if c.sector else "", "route": ""})
    # Corrections of cases still waiting for a decision count too: a clerk said so explicitly.
    corrected_ids = set(Correction.objects.values_list("complaint_id", flat=True)[:limit])
    seen = {r["text"] for r in rows}
    for c in Complaint.objects.filter(pk__in=corrected_ids).prefetch_related("categories").select_related("sector"):
        if c.content in seen:
            continue
        cats = [x.code for x in c.categories.all()]
        if not (set(cats) - {"other"}) and not c.sector_id:
            continue  # "other" alone says nothing about scope: wait for the accept/reject decision
        rows.append({"text": c.content, "in_scope": True, "categories": cats,
                     "sector": c.sector.code if c.sector else "", "route": ""})
    return rows


def retrain(*, include_register: bool = True) -> TriageModel:
    rows = training_rows()
    extra = register_rows() if include_register else []
    model = train(rows + extra, sources={"shipped": len(rows), "register": len(extra)})
    save(model)
    return model


def save(model: TriageModel) -> Path:
    path = model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as fh:
        pickle.dump(model, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    _cached.clear()
    return path


def get_model() -> TriageModel:
    """The current model: the file in the data folder (reloaded when it changes), else trained from the starter set."""
    path = model_path()
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = None
    hit = _cached.get("model")
    if hit is not None and _cached.get("mtime") == mtime:
        return hit
    with _lock:
        model = None
        if mtime is not None:
            try:
                with open(path, "rb") as fh:
                    # Our own file, written by `save` into the deployment's private data folder.
                    model = pickle.load(fh)  # noqa: S301
                if getattr(model, "version", None) != MODEL_VERSION:
                    model = None
            except Exception:  # a damaged or outdated file: fall back to the starter set
                log.exception("triage model at %s could not be read; using the starter set", path)
                model = None
        if model is None:
            model = train(training_rows(), sources={"shipped": -1})
        _cached.update(model=model, mtime=mtime)
        return model
