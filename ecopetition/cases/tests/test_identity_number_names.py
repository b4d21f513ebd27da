"""A name written right against a phone or ID number (tenth outside review, R10-2: an anonymous portal complaint
titled 秀兰13605151111反映…): the name goes with the number, recorded or not."""

import pytest

from ecopetition.cases import privacy


@pytest.mark.parametrize("text, gone", [
    ("秀兰13605151111反映：化工厂排污", "秀兰"),
    ("张秀兰13605151111", "秀兰"),
    ("我是秀兰13605151111，请回电", "秀"),
    ("李四320902198503150012", "李四"),
])
def test_the_name_against_a_number_is_masked_with_it(text, gone):
    shown = privacy.mask_text(text, [])
    assert gone not in shown and "1360515" not in shown, shown


@pytest.mark.parametrize("text", [
    "该公司联系电话0515-82345678", "被举报单位电话0515-88886666，被举报人称已停产", "车牌苏J12345的渣土车",
    "排放口编号DW001", "罚款5万元，责令整改",
])
def test_numbers_that_are_no_persons_keep_the_words_before_them(text):
    assert privacy.mask_text(text, []) == text


@pytest.mark.parametrize("text, kept", [
    ("电话13605151111", "电话"), ("联系13605151111", "联系"), ("请拨13605151111", "请拨"),
    ("手机：13605151111", "手机："), ("身份证320902198503150012", "身份证"),
])
def test_the_word_that_asks_for_the_number_stays(text, kept):
    assert privacy.mask_text(text, []).startswith(kept)


def test_a_placeholder_typed_as_the_name_masks_no_word():
    # R10-8: the clerk types 匿名 or 市民 where the caller gave no name; the words stay readable, the phone does not
    people = [{"name": "匿名", "phone": "13605151111"}, {"name": "市民"}, {"name": "热心群众"}]
    shown = privacy.mask_text("匿名举报称，市民普遍反映，热心群众说电话13605151111", people)
    assert shown.startswith("匿名举报称，市民普遍反映，热心群众说") and "13605151111" not in shown, shown
