"""Quality figures of triage: scope, emergencies and same-matter matching.

Two sources, always printed apart:
- "own held-out": a fixed quarter of the project's own written messages (data/written/), kept out of a
  model trained for the purpose, and the project's own same-matter pairs (data/pairs.txt). Written by
  the same hands as the training text, so these figures are optimistic.
- "development": benchmarks/triage_eval/, triage_eval_2/ to triage_eval_6/ (scope.jsonl, emergency.jsonl,
  same_matter.jsonl), written apart from a brief by people who never saw the training text. Each was scored
  as an independent set and published; then its misses were studied, the rules tuned on it and its lines
  given to the models (the scope and emergency heads; the pairs to the same-matter model, `matching`), so their
  figures are development figures. The honest development measure of scope and emergencies is `leave_one_out`:
  each set scored by a model trained without its lines.
- "independent": benchmarks/triage_eval_7/, written by someone who has seen nothing of the project and
  scored once after the rules and the models are final; skipped while it is not there.

Same matter is printed three ways: the pair rule alone (`matter.compare`, what earlier rounds quoted); as the
register finds it (the first case reached through an index key the two share and scored by the search's own
rule: what a clerk sees); and in a crowd (the same, with the first cases of every other set in the register
too, so that a flag on another matter counts against precision).
"""

from __future__ import annotations

import json
from pathlib import Path

from . import engine, matter, written
from .written import own_pairs

EVAL_DIR = Path(__file__).resolve().parents[2] / "benchmarks" / "triage_eval"
# Each written apart from the training text, by a session that never saw it, from a brief; never trained on.
# Sets 1-6 became development sets on 2026-12-07 (studied and tuned on; the scope and emergency heads learn from
# their lines, the pair model from the pairs of sets 1-5); set 7 is the independent one.
EVAL_DIRS = (EVAL_DIR, EVAL_DIR.parent / "triage_eval_2", EVAL_DIR.parent / "triage_eval_3",
             EVAL_DIR.parent / "triage_eval_4", EVAL_DIR.parent / "triage_eval_5", EVAL_DIR.parent / "triage_eval_6",
             EVAL_DIR.parent / "triage_eval_7")
DEVELOPMENT_SETS = 6
PAIRS = Path(__file__).resolve().parent / "data" / "pairs.txt"
# Written by the project but kept apart from the start: never trained on, never used to tune the rules.
HELDOUT = Path(__file__).resolve().parent / "data" / "heldout"


def prf(pairs) -> dict:
    """Precision, recall, F1 from (predicted, actual) booleans."""
    tp = sum(1 for p, a in pairs if p and a)
    fp = sum(1 for p, a in pairs if p and not a)
    fn = sum(1 for p, a in pairs if a and not p)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"n": len(pairs), "precision": prec, "recall": rec, "f1": f1}


def scope_figures(rows: list[dict], model) -> dict:
    """'ours' is the positive answer; an abstention counts as not ours (and is counted apart)."""
    out, unsure = [], 0
    for r in rows:
        res = engine.classify(r["text"], model=model)
        unsure += res["scope"] == "unsure"
        out.append((res["scope"] == "ours", bool(r["in_scope"])))
    return {**prf(out), "unsure": unsure}


def emergency_figures(rows: list[dict], model, key: str = "emergency") -> dict:
    return prf([(engine.classify(r["text"], model=model)["emergency"], bool(r[key])) for r in rows])


_side = matter.pair_side


# The registering unit of every written case: one unit for all, so that in a crowd every other set's case of the
# same kind is the same unit's case too (the hardest reading for precision).
EVAL_UNIT = "eval"


def _probe(d: dict):
    """One side of a written pair as the repeat search reads it (no person, no map point; one registering unit)."""
    from . import repeats

    return repeats.Probe(text=d.get("text") or "", address=d.get("address") or "", party=d.get("reported_party") or "",
                         unit=EVAL_UNIT)


def same_matter_figures(pairs: list[dict]) -> dict:
    """The pair decision the repeat search uses (`matching.judge`), on the two cases alone."""
    from . import matching

    return prf([(matching.judge(_side(p["first"]), _side(p["second"]))["same"], bool(p["same_matter"])) for p in pairs])


def rule_figures(pairs: list[dict]) -> dict:
    """The hand-written pair rule alone (`matter.compare`), as earlier rounds measured it."""
    return prf([(matter.compare(_side(p["first"]), _side(p["second"]))["same"], bool(p["same_matter"])) for p in pairs])


def _flagged(p: dict) -> bool:
    """The second of a pair flagged as a repeat of the first by the repeat search itself: the first found
    through an index key the two share, then scored by the search's own rule (no phone, ID or map point)."""
    from . import repeats

    first, second = _probe(p["first"]), _probe(p["second"])
    kinds = repeats.shared_kinds(second, first)
    if not kinds:
        return False
    score, _ = repeats.score_candidate(second, kinds, first.text, first.address, first.party, None, None)
    return score >= repeats.THRESHOLD


def repeat_figures(pairs: list[dict]) -> dict:
    """Same matter as the register finds it: reached through the index and flagged by the search's score."""
    return prf([(_flagged(p), bool(p["same_matter"])) for p in pairs])


def register_figures(pairs: list[dict], others: list[dict]) -> dict:
    """`repeat_figures` in a crowded register: each pair's second is searched against its own first and the
    first cases of `others` (pairs written apart, so about other matters); a flag on one of those counts as a
    false repeat. The index is read whole here (a real search caps the rows it reads)."""
    from . import repeats

    crowd = [_probe(p["first"]) for p in others]
    index: dict[int, list[int]] = {}
    for n, pr in enumerate(crowd):
        for key in dict(pr.index_keys()):
            index.setdefault(key, []).append(n)
    tp = fp = fn = crowd_flags = 0
    for p in pairs:
        second = _probe(p["second"])
        hits: set[int] = set()
        for key in dict(second.search_keys(repeats.RADIUS_M)):
            hits.update(index.get(key, ()))
        for n in hits:
            kinds = repeats.shared_kinds(second, crowd[n])
            first = crowd[n]
            if repeats.score_candidate(second, kinds, first.text, first.address, first.party, None, None)[0] >= repeats.THRESHOLD:
                crowd_flags += 1
        own = _flagged(p)
        tp += own and p["same_matter"]
        fp += own and not p["same_matter"]
        fn += p["same_matter"] and not own
    fp += crowd_flags
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {"n": len(pairs), "precision": prec, "recall": rec, "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0,
            "crowd": len(others), "crowd_flags": crowd_flags}


def load_eval(name: str, folder: Path = EVAL_DIR) -> list[dict] | None:
    path = folder / name
    if not path.exists():
        return None
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _fmt(f: dict) -> str:
    s = f"n={f['n']}, precision {f['precision']:.3f}, recall {f['recall']:.3f}, F1 {f['f1']:.3f}"
    return s + (f", abstained {f['unsure']}" if "unsure" in f else "")


def report(write, *, independent: bool = True) -> dict:
    """Print both kinds of figures; returns them."""
    from . import classifier

    figures: dict = {}
    rows = written.load()
    train_rows, held = written.split(rows)
    model = classifier.train(train_rows + classifier.load_starter())
    figures["own_scope"] = scope_figures(held, model)
    figures["own_emergency"] = emergency_figures([r for r in held if "emergency" in r], model)
    figures["own_same_matter"] = same_matter_figures(own_pairs())
    write(f"own held-out (written by the project, {len(held)} of {len(rows)} lines kept out of this model):\n")
    write(f"  scope ('ours'): {_fmt(figures['own_scope'])}\n")
    write(f"  emergency: {_fmt(figures['own_emergency'])}\n")
    write(f"  same matter (own pairs, which the pair model is trained on): {_fmt(figures['own_same_matter'])}\n")
    if HELDOUT.is_dir():
        figures["heldout_emergency"] = emergency_figures(
            [r for r in written.load(HELDOUT) if r["source"].startswith("emergency")], model)
        figures["heldout_same_matter"] = same_matter_figures(own_pairs(HELDOUT / "pairs.txt"))
        write("own held-out files (written by the project apart from the start, never trained or tuned on):\n")
        write(f"  emergency: {_fmt(figures['heldout_emergency'])}\n")
        write(f"  same matter: {_fmt(figures['heldout_same_matter'])}\n")
    if not independent:
        return figures
    full = classifier.get_model()
    all_pairs = {n: load_eval("same_matter.jsonl", folder) or [] for n, folder in enumerate(EVAL_DIRS, 1)}
    for n, folder in enumerate(EVAL_DIRS, 1):
        if n <= DEVELOPMENT_SETS:
            write(f"development set {n} ({folder.parent.name}/{folder.name}, studied, tuned and trained on since 2026-12-07; "
                  "shipped model):\n")
        else:
            write(f"independent set {n} ({folder.parent.name}/{folder.name}, never opened by the project; shipped model):\n")
        suffix = "" if n == 1 else f"_{n}"
        for name, key, fn in (("scope.jsonl", "scope", lambda rs: scope_figures(rs, full)),
                              ("emergency.jsonl", "emergency", lambda rs: emergency_figures(rs, full)),
                              ("same_matter.jsonl", "same_matter", same_matter_figures)):
            data = load_eval(name, folder)
            if data is None:
                write(f"  {key}: skipped, {name} is not there\n")
                continue
            figures[key + suffix] = fn(data)
            if key != "same_matter":
                write(f"  {key}: {_fmt(figures[key + suffix])}\n")
                continue
            crowd = [p for m, pairs in all_pairs.items() if m != n for p in pairs]
            figures["repeat" + suffix] = repeat_figures(data)
            figures["crowd" + suffix] = register_figures(data, crowd)
            figures["rule" + suffix] = rule_figures(data)
            write(f"  same matter, hand-written pair rule alone (earlier rounds): {_fmt(figures['rule' + suffix])}\n")
            write(f"  same matter, pair model (rule signals + words): {_fmt(figures[key + suffix])}\n")
            write(f"  same matter, as the register finds it: {_fmt(figures['repeat' + suffix])}\n")
            write(f"  same matter, in a register with {len(crowd)} other sets' cases: "
                  f"{_fmt(figures['crowd' + suffix])}, {figures['crowd' + suffix]['crowd_flags']} flags on them\n")
    return figures


def held_out_training(rows: list[dict], held: list[dict], name: str) -> list[dict]:
    """Training rows without a set's lines: neither the rows it gave (`source` dev:<name>) nor any row whose
    text is one of its texts (the same message in another file, whitespace aside)."""
    from .text import normalize

    def key(text: str) -> str:
        return "".join(normalize(text).split())

    texts = {key(r["text"]) for r in held}
    return [r for r in rows if r.get("source") != "dev:" + name and key(r["text"]) not in texts]


def leave_one_out(write, *, sets: tuple[int, ...] = (2, 3, 4, 5, 6), train=None) -> dict:
    """The development measure: for each set, a model trained on the shipped training text without that set's
    lines (`held_out_training`), scored on its scope and emergency lines. Development figures: the sets were
    studied. Prints each set and the mean; returns {set: {"scope": ..., "emergency": ...}, "mean": ...}."""
    from . import classifier

    train = train or classifier.train
    rows = classifier.training_rows()
    out: dict = {}
    for n in sets:
        folder = EVAL_DIRS[n - 1]
        scope_rows = load_eval("scope.jsonl", folder) or []
        em_rows = load_eval("emergency.jsonl", folder) or []
        model = train(held_out_training(rows, scope_rows + em_rows, folder.name))
        out[n] = {"scope": scope_figures(scope_rows, model), "emergency": emergency_figures(em_rows, model)}
        write(f"set {n} left out ({folder.name}): scope {_fmt(out[n]['scope'])}; "
              f"emergency {_fmt(out[n]['emergency'])}\n")
    if out:
        mean = {key: {m: sum(out[n][key][m] for n in out) / len(out) for m in ("precision", "recall", "f1")}
                for key in ("scope", "emergency")}
        mean["scope"]["unsure"] = sum(out[n]["scope"]["unsure"] for n in out) / len(out)
        out["mean"] = mean
        write(f"mean of {len(sets)} sets: scope precision {mean['scope']['precision']:.3f}, recall "
              f"{mean['scope']['recall']:.3f}, F1 {mean['scope']['f1']:.3f}, unsure {mean['scope']['unsure']:.1f}; "
              f"emergency precision {mean['emergency']['precision']:.3f}, recall {mean['emergency']['recall']:.3f}, "
              f"F1 {mean['emergency']['f1']:.3f}\n")
    return out


def training_pairs(*, unrelated: int = 3, leave_out: tuple[str, ...] = ()) -> list[dict]:
    """The project's own pairs and the development sets' pairs (never `heldout`), and for each second case up to
    `unrelated` first cases of pairs from another set that the repeat search would reach from it (an index key in
    common): the written pairs are all about one site, while a register is full of other matters on the same road
    or of the same trade, and a model that never saw them takes any two messages about smoke for one matter.
    `leave_out`: sources (`triage_eval_6`) kept out entirely, as pairs and as other matters, to score a set on a
    model that never saw it."""
    from . import matching, repeats

    rows = [{**p, "source": "own"} for p in own_pairs()]
    with open(matching.DEV_PAIRS, encoding="utf-8") as fh:
        rows += [json.loads(line) for line in fh if line.strip()]
    rows = [r for r in rows if r["source"] not in leave_out]

    index: dict[int, list[int]] = {}
    for n, p in enumerate(rows):
        for key, kind in dict(_probe(p["first"]).index_keys()).items():
            if kind not in (repeats.BAND, repeats.UNIT):  # a unit key reaches every case of the kind: no hard case
                index.setdefault(key, []).append(n)
    extra = []
    for p in rows:
        reached: dict[int, int] = {}
        for key in dict(_probe(p["second"]).search_keys(repeats.RADIUS_M)):
            for n in index.get(key, ()):
                if rows[n]["source"] != p["source"]:
                    reached[n] = reached.get(n, 0) + 1
        for n in sorted(reached, key=lambda n: (-reached[n], n))[:unrelated]:
            extra.append({"first": rows[n]["first"], "second": p["second"], "same_matter": False, "source": "reached"})
    return rows + extra
