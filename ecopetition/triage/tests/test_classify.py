"""The classifier with the keyword rules, on texts written for these tests (not in the starter set)."""

import pytest

from ecopetition.triage import classifier, engine, rules
from ecopetition.triage.models import KeywordRule

pytestmark = pytest.mark.django_db

IN_SCOPE = [
    ("我家对面那个喷漆厂天天晚上排气，一股油漆味，孩子闻了就咳嗽", {"air", "odour"}, "industry"),
    ("小区楼下新开的大排档每天油烟很大，晚上还吵到一点多", {"air"}, "service"),
    ("村东头的养猪场把猪粪直接冲进河沟，河水又黑又臭", {"water"}, "livestock"),
    ("工地凌晨还在打桩，吵得整栋楼都睡不着", {"noise"}, "construction"),
    ("河边有人偷偷倾倒工业废渣，一车一车往下倒", {"solid_waste"}, None),
]
OUT_OF_SCOPE = [
    ("公司欠了我半年的工资，老板电话也不接", "labour"),
    ("我们小区物业把电梯停了说要加收费用", "property"),
    ("在超市买到变质的牛奶，商家拒绝退款", "consumer"),
    ("我家的电瓶车在楼下被人偷了", "public_security"),
]


@pytest.mark.parametrize("text,cats,sector", IN_SCOPE)
def test_eco_matters_get_categories_and_sector(text, cats, sector):
    r = engine.classify(text)
    assert r["in_scope"] is True
    assert cats & set(r["categories"])
    if sector:
        assert r["sector"] == sector
    assert r["route"] == ""
    assert any(c["why"] for c in r["category_scores"] if c["code"] in r["categories"])


@pytest.mark.parametrize("text,route", OUT_OF_SCOPE)
def test_other_matters_get_their_legal_route(text, route):
    r = engine.classify(text)
    assert r["in_scope"] is False
    assert r["route_code"] == route
    assert r["route"]
    assert r["categories"] == [] and r["sector"] == ""
    assert r["scope_why"]


@pytest.mark.parametrize("text", ["", "   ", "！！！？？？", "😡😡😡👍", "。。。。", "a"])
def test_nothing_to_judge_gives_low_confidence(text):
    r = engine.classify(text)
    assert r["confidence"] < 0.2
    assert r["notes"]
    assert r["sector"] == ""


def test_huge_and_traditional_texts_do_not_crash():
    long = "隔壁化工廠排放廢氣，味道很刺鼻。" * 3500  # ~50,000 characters, traditional script
    r = engine.classify(long[:50_000])
    assert r["in_scope"] is True
    assert "air" in r["categories"] or "odour" in r["categories"]
    simplified = engine.classify("隔壁化工厂排放废气，味道很刺鼻。")
    traditional = engine.classify("隔壁化工廠排放廢氣，味道很刺鼻。")
    assert simplified["categories"] == traditional["categories"]
    assert simplified["in_scope_p"] == pytest.approx(traditional["in_scope_p"], abs=1e-6)


def test_fast_path_matches_sklearn():
    import numpy as np

    from ecopetition.triage.text import normalize

    model = classifier.get_model()
    for text in ["楼下烧烤店油烟太大", "拖欠工资三个月", "河里死鱼很多"]:
        x = model.vectorizer.transform([normalize(text)])
        p = model.predict(text)
        want = model.scope.predict_proba(x)[0][list(model.scope.classes_).index(True)]
        assert p["in_scope_p"] == pytest.approx(want, abs=1e-9)
        sec = model.sector.predict_proba(x)[0]
        assert p["sector"]["p"] == pytest.approx(float(np.max(sec)), abs=1e-9)


def test_an_edited_keyword_rule_changes_the_answer():
    text = "村里的沼气池每天冒泡，污水流到路上"
    before = engine.classify(text)
    KeywordRule.objects.create(kind="category", target="odour", keywords="沼气池", weight=0.95)
    rules.forget()
    after = engine.classify(text)
    assert "odour" in after["categories"]
    assert any(w["source"] == "rule" and w["term"] == "沼气池"
               for c in after["category_scores"] if c["code"] == "odour" for w in c["why"])
    assert before["category_scores"] != after["category_scores"]


def test_held_out_templates_are_classified_well():
    rows = classifier.load_starter()
    assert len(rows) >= 1500
    assert sum(1 for r in rows if not r["in_scope"]) >= len(rows) // 3
    assert all(r["route"] for r in rows if not r["in_scope"])
    train, test = classifier.group_split(rows)
    assert not {r["tpl"] for r in train} & {r["tpl"] for r in test}
    result = engine.evaluate(classifier.train(train), test)
    assert result["in_scope_accuracy"] >= 0.9
