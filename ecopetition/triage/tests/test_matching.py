"""The learned same-matter decision: what it keeps from the rule, what it may not overrule, and what it never saw."""

import json
from pathlib import Path

import pytest

from ecopetition.triage import matching, matter, quality

pytestmark = pytest.mark.django_db


def side(text, address="", party=""):
    return matter.Side(text=text, address=address, party=party)


def test_the_shipped_weights_are_for_these_features():
    model = matching.get_model()
    assert len(model.weights) == len(matching.FEATURES)


def test_a_neighbour_telling_the_same_plant_in_other_words_is_the_same_matter():
    first = side("钢城焦化厂的焦炉每天冒黄烟，煤焦油味很重。", "钢城路", "钢城焦化有限公司")
    again = side("钢城焦化一出焦，天就发黄，嗓子像塞了把沙", "钢城路", "钢城焦化有限公司")
    verdict = matching.judge(first, again)
    assert verdict["same"] and verdict["score"] >= 0.7
    assert any(w["reason"] == "party" for w in verdict["why"])


def test_the_model_cannot_overrule_another_matter_or_a_pair_with_nothing_in_common():
    plant = side("钢城焦化厂的焦炉每天冒黄烟，煤焦油味很重。", "钢城路", "钢城焦化有限公司")
    wages = side("钢城焦化拖欠我们三个月工资，老板不见人", "钢城路", "钢城焦化有限公司")
    assert not matching.judge(plant, wages)["same"]
    # Two messages about black smoke from some chimney, nothing of their own shared: two matters.
    a = side("烟囱天天冒黑烟，呛得人喘不过气。")
    b = side("有个烟囱冒黑烟，衣服都晒不了")
    verdict = matching.judge(a, b)
    assert not verdict["same"] and verdict["score"] < 0.7


def test_rare_words_tie_two_accounts_of_one_site():
    terms = matching.rare_terms("山里那个出锰的矿洞，黑渣子乱堆，溪水都是黑汤")
    assert "锰" in terms
    assert not {"的", "那个"} & set(terms)


def test_the_model_never_learns_from_the_independent_set_or_the_held_out_pairs():
    root = Path(quality.__file__).resolve().parents[2]
    independent = quality.EVAL_DIRS[quality.DEVELOPMENT_SETS]
    texts = set()
    for p in quality.training_pairs(unrelated=0):
        texts |= {p["first"]["text"], p["second"]["text"]}
    for path in (independent / "same_matter.jsonl",):
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                p = json.loads(line)
                assert p["first"]["text"] not in texts and p["second"]["text"] not in texts
    for p in quality.own_pairs(root / "ecopetition" / "triage" / "data" / "heldout" / "pairs.txt"):
        assert p["first"]["text"] not in texts and p["second"]["text"] not in texts


def test_training_learns_from_the_pairs_it_is_given():
    pairs = quality.training_pairs(unrelated=1)[:240]
    model = matching.train(pairs)
    x_same = matching.features(side("鑫源化工晚上偷排废水，河水发黑", "文港路", "鑫源化工有限公司"),
                               side("文港路鑫源那个化工厂又往河里放黑水", "文港路", "鑫源化工"))
    x_other = matching.features(side("鑫源化工晚上偷排废水，河水发黑", "文港路", "鑫源化工有限公司"),
                                side("幸福村的养猪场猪粪堆在路边", "幸福村", "幸福养殖场"))
    assert model.p(x_same) > 0.5 > model.p(x_other)


def test_pollution_the_lexicon_misses_at_one_place_is_still_pollution():
    """One side tells a quarry's scars and mud in words no lexicon holds; the scope model reads it as an environmental
    matter, so the pair is not thrown out as "not pollution" (before, only a shared party let the model say so)."""
    from ecopetition.triage import matter

    a = matter.Side(text="青石村后山那个采石场把半座山挖秃了，下雨泥石冲进农田", address="某镇青石村")
    b = matter.Side(text="青石村后山有人开山炸石头，山被挖得光秃秃的，一下雨泥巴全冲进秧田里", address="青石村")
    assert not b.polluting
    assert not matter.compare(a, b)["different"]


def test_a_cement_yard_and_a_concrete_plant_are_one_trade():
    from ecopetition.triage import matter

    assert matter.types_near({"concrete"}, {"cement"})
