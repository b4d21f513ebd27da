"""The letter's salutation is identity (tenth outside review, R10-1): the name a reply opens with is masked for a
reader without the grant whether or not it was recorded, and a letter to an anonymous complainant names nobody."""

import pytest

from ecopetition.cases import privacy
from ecopetition.cases.masking import unnamed_salutation


@pytest.mark.parametrize("text, name", [
    ("张秀兰女士：\n您好！您反映的宏达塑料厂问题已查实。", "秀兰"),
    ("尊敬的欧阳娜娜：\n您于2026年12月1日反映的问题", "娜娜"),
    ("王建国同志：您好！", "建国"),
    ("  李娜：\n经查，", "李娜"),
])
def test_an_unrecorded_name_opening_a_letter_is_masked(text, name):
    shown = privacy.mask_text(text, [])
    assert name not in shown, shown
    assert shown.rstrip().endswith(text.rstrip()[-4:])  # the letter itself stays


@pytest.mark.parametrize("text", [
    "尊敬的领导：\n您好！", "信访人：\n您好！", "投诉内容：\n楼下饭店油烟很大", "化工厂：排放废气很臭",
    "匿名信访人：\n您好！", "经查：\n该企业已停产。",
])
def test_a_salutation_to_nobody_in_particular_stays(text):
    assert privacy.mask_text(text, []) == text
    assert unnamed_salutation(text) == text


@pytest.mark.parametrize("text, expected", [
    ("张秀兰女士：\n您好！", "匿名信访人：\n您好！"),
    ("尊敬的欧阳娜娜：您于", "尊敬的匿名信访人：您于"),
    ("王建国同志：\n", "匿名信访人：\n"),
])
def test_a_letter_to_an_anonymous_complainant_names_nobody(text, expected):
    assert unnamed_salutation(text) == expected


def test_a_name_later_in_the_letter_is_not_a_salutation():
    text = "经查，\n张秀兰：您好"  # only the text's opening is a salutation
    assert unnamed_salutation(text) == text
