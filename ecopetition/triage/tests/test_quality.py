"""The development measures: leave-one-set-out trains without the scored set's lines; the development training
lines are what the sets give."""

import pytest

from ecopetition.devtools import triage_dev_sets
from ecopetition.triage import classifier, quality
from ecopetition.triage.text import normalize

pytestmark = pytest.mark.django_db


def _set_texts(n: int) -> set[str]:
    folder = quality.EVAL_DIRS[n - 1]
    rows = (quality.load_eval("scope.jsonl", folder) or []) + (quality.load_eval("emergency.jsonl", folder) or [])
    return {normalize(r["text"]) for r in rows}


def test_leave_one_out_trains_without_the_held_out_sets_lines():
    shipped = {normalize(r["text"]) for r in classifier.training_rows()}
    small = classifier.training_rows()[:0] + classifier.load_starter()[:300]
    seen: list[list[dict]] = []

    def train(rows):
        seen.append(rows)
        return classifier.train(small)  # a small model: the test is about what the measure trains on

    out: list[str] = []
    figures = quality.leave_one_out(out.append, sets=(3, 6), train=train)
    assert len(seen) == 2
    for n, rows in zip((3, 6), seen, strict=True):
        held = _set_texts(n)
        assert held and held <= shipped  # the shipped model does learn from the set ...
        trained = {normalize(r["text"]) for r in rows}
        assert not held & trained  # ... and the measure's model never saw a line of it
        assert not any(r.get("source") == f"dev:{quality.EVAL_DIRS[n - 1].name}" for r in rows)
        assert len(rows) < len(classifier.training_rows())
        assert figures[n]["scope"]["n"] == 300 and "unsure" in figures[n]["scope"]
    assert figures["mean"]["scope"]["f1"] == pytest.approx((figures[3]["scope"]["f1"] + figures[6]["scope"]["f1"]) / 2)
    assert any(line.startswith("set 6 left out") for line in out) and out[-1].startswith("mean of 2 sets")


def test_held_out_training_drops_a_text_given_by_another_file_too():
    rows = [{"text": "河里的水发黑", "source": "eco_a"}, {"text": "河里的水发黑", "source": "dev:triage_eval_6"},
            {"text": "工资没发", "source": "out_a"}]
    kept = quality.held_out_training(rows, [{"text": "河里的水发黑 "}], "triage_eval_6")
    assert kept == [{"text": "工资没发", "source": "out_a"}]


def test_the_development_training_lines_are_what_the_sets_give():
    scope, emergency = triage_dev_sets.build()
    assert {r["source"] for r in scope} == set(triage_dev_sets.DEV_SETS)
    assert quality.EVAL_DIRS[quality.DEVELOPMENT_SETS].name not in triage_dev_sets.DEV_SETS  # the independent set
    assert triage_dev_sets.main(["--check"]) == 0
