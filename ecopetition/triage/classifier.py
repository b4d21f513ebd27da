"""The learned half of triage: logistic regressions on character n-grams (scope, legal route, categories, sector).

Trained from the shipped starter set plus the register's own confirmed cases
and clerks' corrections (`ecopetition triage train`); kept as one file in the
data folder and loaded once per process. Each answer carries its probability
and the n-grams that pushed it most, so a clerk can see why.
"""

from __future__ import annotations

import json
import logging
import pickle
import random
import threading
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from .text import meaningful_length, normalize

log = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent / "data"
STARTER = DATA / "starter.jsonl"
MODEL_VERSION = 1
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


def _lr(balanced: bool = True):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=6.0, max_iter=2000, class_weight="balanced" if balanced else None)


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

    def _top_terms(self, x, coef, n: int = 4) -> list[str]:
        row = x.tocoo()
        scored = sorted(((v * coef[j], j) for j, v in zip(row.col, row.data, strict=True)), reverse=True)
        out = []
        for s, j in scored:
            if s <= 0 or len(out) >= n:
                break
            term = self.terms[j].strip()
            if len(term) >= 2 and term not in out:
                out.append(term)
        return out

    def predict(self, text: str) -> dict:
        norm = normalize(text)
        x = self.vectorizer.transform([norm])
        scope_p = float(self.scope.predict_proba(x)[0][list(self.scope.classes_).index(True)])
        scope_coef = self.scope.coef_[0]
        result: dict = {
            "in_scope_p": scope_p,
            "scope_terms": self._top_terms(x, scope_coef if scope_p >= 0.5 else -scope_coef),
        }
        if self.route is not None:
            probs = self.route.predict_proba(x)[0]
            i = int(probs.argmax())
            coef = self.route.coef_[i] if len(self.route.classes_) > 2 else (
                self.route.coef_[0] if i == 1 else -self.route.coef_[0])
            result["route"] = {"code": str(self.route.classes_[i]), "p": float(probs[i]),
                               "terms": self._top_terms(x, coef)}
        cats = []
        for code, clf in self.categories.items():
            p = float(clf.predict_proba(x)[0][1])
            cats.append({"code": code, "p": p, "terms": self._top_terms(x, clf.coef_[0]) if p >= 0.3 else []})
        result["categories"] = sorted(cats, key=lambda c: -c["p"])
        if self.sector is not None:
            probs = self.sector.predict_proba(x)[0]
            order = probs.argsort()[::-1]
            i = int(order[0])
            result["sector"] = {"code": str(self.sector.classes_[i]), "p": float(probs[i]),
                                "terms": self._top_terms(x, self.sector.coef_[i]),
                                "alternatives": [{"code": str(self.sector.classes_[j]), "p": float(probs[j])}
                                                 for j in order[1:3]]}
        result["length"] = meaningful_length(norm)
        return result


def train(rows: list[dict], *, sources: dict | None = None) -> TriageModel:
    """Fit all four heads on labelled rows: {text, in_scope, categories, sector, route}."""
    vec = _vectorizer()
    texts = [normalize(r["text"]) for r in rows]
    X = vec.fit_transform(texts)
    y_scope = [bool(r["in_scope"]) for r in rows]
    scope = _lr().fit(X, y_scope)
    out_idx = [i for i, r in enumerate(rows) if not r["in_scope"] and r.get("route")]
    route = None
    if len({rows[i]["route"] for i in out_idx}) >= 2:
        route = _lr().fit(X[out_idx], [rows[i]["route"] for i in out_idx])
    in_idx = [i for i, r in enumerate(rows) if r["in_scope"]]
    cats: dict[str, object] = {}
    codes = sorted({c for i in in_idx for c in rows[i].get("categories") or []})
    for code in codes:
        y = [code in (rows[i].get("categories") or []) for i in in_idx]
        if 5 <= sum(y) < len(y):
            cats[code] = _lr().fit(X[in_idx], y)
    sec_idx = [i for i in in_idx if rows[i].get("sector")]
    sector = None
    if len({rows[i]["sector"] for i in sec_idx}) >= 2:
        sector = _lr().fit(X[sec_idx], [rows[i]["sector"] for i in sec_idx])
    return TriageModel(vectorizer=vec, scope=scope, route=route, categories=cats, sector=sector,
                       terms=list(vec.get_feature_names_out()), rows=len(rows), sources=sources or {})


def group_split(rows: list[dict], share: float = 0.2, seed: int = 7) -> tuple[list[dict], list[dict]]:
    """Hold out whole templates (core sentences), so the held-out texts are phrasings the model never saw."""
    groups = sorted({r.get("tpl") or r["text"] for r in rows})
    rng = random.Random(seed)
    rng.shuffle(groups)
    held = set(groups[: max(1, int(len(groups) * share))])
    train_rows = [r for r in rows if (r.get("tpl") or r["text"]) not in held]
    test_rows = [r for r in rows if (r.get("tpl") or r["text"]) in held]
    return train_rows, test_rows


def evaluate(model: TriageModel, rows: list[dict]) -> dict:
    """In-scope accuracy, route accuracy, sector accuracy, category micro-F1 on labelled rows."""
    from . import engine

    n = ok = route_n = route_ok = sec_n = sec_ok = tp = fp = fn = 0
    for r in rows:
        res = engine.classify(r["text"], model=model)
        n += 1
        ok += res["in_scope"] == bool(r["in_scope"])
        if not r["in_scope"]:
            route_n += 1
            route_ok += res["route_code"] == r.get("route")
        else:
            sec_n += 1
            sec_ok += (res["sector"] or "") == r.get("sector")
            got = set(res["categories"])
            want = set(r.get("categories") or [])
            tp += len(got & want)
            fp += len(got - want)
            fn += len(want - got)
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"rows": n, "in_scope_accuracy": ok / n if n else 0.0,
            "route_accuracy": route_ok / route_n if route_n else 0.0,
            "sector_accuracy": sec_ok / sec_n if sec_n else 0.0, "category_f1": f1}


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
        rows.append({"text": c.content, "in_scope": True, "categories": cats,
                     "sector": c.sector.code if c.sector else "", "route": ""})
    return rows


def retrain(*, include_register: bool = True) -> TriageModel:
    rows = load_starter()
    extra = register_rows() if include_register else []
    model = train(rows + extra, sources={"starter": len(rows), "register": len(extra)})
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
            model = train(load_starter(), sources={"starter": -1})
        _cached.update(model=model, mtime=mtime)
        return model
