"""The forms the fourteenth outside review left open (round 15): an anonymous writer's name in more forms, the
recorded birth date split across clauses, the recorded room and house number in other orders, two over-masks, and
variant spellings of the recorded name. Each new cue has what must stay readable beside it."""

import pytest

from ecopetition.cases import privacy

from .maskcheck import ANONYMOUS, shown_to_all

PERSON = {"name": "王建国", "phone": "13912345678", "id_number": "320902198503150012",
          "address": "盐城市亭湖区文港路18号幸福小区3号楼502室"}


# --- 1. Writer forms of a name the text alone gives ---------------------------------------------------------------

@pytest.mark.parametrize("text, gone", [
    ("李秀英（62岁，新华村）反映，化工厂夜里偷排。", "李秀英"),
    ("喂，你好，我李秀英啊，我要反映个事。", "李秀英"),
    ("李秀英（匿名）", "李秀英"),
    ("Posted by 李秀英", "李秀英"),
    ("From: 李秀英\n化工厂夜里偷排。", "李秀英"),
    ("有事找李秀英。", "李秀英"),
    ("请找李秀英。", "李秀英"),
    ("你们找李秀英就行。", "李秀英"),
    ("你们直接找李秀英。", "李秀英"),
    ("我们新华村三组李秀英、赵德胜、孙玉珍都闻到了臭味。", "李秀英"),
    ("我们新华村三组李秀英、赵德胜、孙玉珍都闻到了臭味。", "赵德胜"),
    ("李秀英的儿子王强说厂里夜里偷排。", "李秀英"),
    ("李秀英的儿子王强说厂里夜里偷排。", "王强"),
    ("村里赵德胜、孙玉珍都闻到了臭味。", "赵德胜"),
    ("住户意见：\n周桂英 同意\n赵德胜 同意", "周桂英"),
    ("住户意见：\n周桂英 同意\n赵德胜 同意", "赵德胜"),
])
def test_the_writer_forms_are_masked(text, gone):
    for shown in shown_to_all(text):
        assert gone not in shown, shown


@pytest.mark.parametrize("text", [
    "化工厂（新华村东侧）反映强烈。",
    "群众（约二十人）反映，化工厂夜里偷排。",
    "新华村（匿名）",
    "喂，你好，我这边啊，臭得很。",
    "From: 南洋镇环保所",
    "Posted by 新华村村委会",
    "找环保局也没用。",
    "找了村委会，没人管。",
    "找方法解决。",
    "找房东说理。",
    "去找许可证。",
    "施工方（化工厂）称已停工。",
    "我们新华村、东风村都闻到了臭味。",
    "新华村东头、西头都闻到了臭味。",
    "化工厂的老板说马上整改。",
    "处理意见：\n环保局 同意\n王主任 同意",
    "王主任的儿子在厂里上班。",
    "张家的儿子在厂里上班。",
])
def test_what_stands_beside_the_writer_forms_stays(text):
    for shown in shown_to_all(text):
        assert shown == text


@pytest.mark.parametrize("text", ["我是老赵家的媳妇，家就在厂边上。", "俺是老王家的闺女"])
def test_the_writers_family_surname_is_masked_in_an_anonymous_case(text):
    shown = privacy.mask_text(text, [ANONYMOUS])
    assert "赵" not in shown and "王" not in shown, shown


@pytest.mark.parametrize("text", ["我是老街坊了", "我是本地人", "我是老赵家的邻居"])
def test_other_self_descriptions_stay_in_an_anonymous_case(text):
    assert privacy.mask_text(text, [ANONYMOUS]) == text


def test_the_recorded_name_is_masked_in_the_writer_forms():
    for text in ("王建国（62岁，新华村）反映", "by 王建国", "找王建国", "王建国的儿子王强说"):
        assert "建国" not in privacy.mask_text(text, [PERSON])


# --- 4. R14-8: over-masks ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "新华村三组村民反映化工厂偷排。",
    "新华村三组全体村民联名举报。",
    "联系人：该公司环保负责人",
    "联系人：此单位环保负责人",
])
def test_the_over_masks_are_readable(text):
    for shown in shown_to_all(text):
        assert shown == text


@pytest.mark.parametrize("text, gone", [
    ("联系人：李秀英", "李秀英"),
    ("联系人：李秀英（该公司环保负责人）", "李秀英"),
    ("家住新华村三组18号", "18号"),
])
def test_a_name_after_the_contact_cue_stays_masked(text, gone):
    for shown in shown_to_all(text):
        assert gone not in shown, shown


# --- 2. R14-5: the recorded birth date split across clauses ----------------------------------------------------------

@pytest.mark.parametrize("text, gone", [
    ("我是85年的，3月15过生日。", "3月15"),
    ("我是85年的，3月15过生日。", "85"),
    ("我是1985年生的，生日3月15号。", "1985"),
    ("我是1985年生的，生日3月15号。", "3月15"),
    ("3月15日出生的，一九八五年。", "3月15"),
    ("八五年的，三月十五过生日。", "三月十五"),
])
def test_the_recorded_birth_date_split_across_clauses_is_masked(text, gone):
    shown = privacy.mask_text(text, [PERSON])
    assert gone not in shown, shown


@pytest.mark.parametrize("text", [
    "3月15日过生日的那天，厂里又排了。",  # the recorded day without a year near: still any day of the year, but a cue
    "85年的厂房，3月16过生日。",  # another day
    "1985年建的厂，3月15日开始偷排。",  # the recorded day with no birth cue near
])
def test_other_dates_near_a_birth_word_stay(text):
    shown = privacy.mask_text(text, [PERSON])
    if "3月15日过生日" in text:
        assert "厂里又排了" in shown
    else:
        assert shown == text


# --- 3. R14-4: the recorded room and house number in other orders -------------------------------------------------------

@pytest.mark.parametrize("text, gone", [
    ("3号楼的502就是我家。", "502"),
    ("3栋的502室是我家", "502"),
    ("门牌号是18，文港路上。", "18"),
    ("门牌号18，在文港路", "18"),
])
def test_the_recorded_room_and_house_in_other_orders_are_masked(text, gone):
    shown = privacy.mask_text(text, [PERSON])
    assert gone not in shown, shown


@pytest.mark.parametrize("text", [
    "3号楼的503是空房。",
    "4号楼的502是空房。",
    "门牌号是19，文港路上。",
    "门牌号是18，人民路上。",
])
def test_other_rooms_and_houses_stay(text):
    assert privacy.mask_text(text, [PERSON]) == text


# --- 5. R14-10: variant spellings of the recorded name -------------------------------------------------------------------

@pytest.mark.parametrize("text, gone", [
    ("我是王建guo，住文港路。", "guo"),
    ("签名：J. Wang", "Wang"),
    ("王JG反映化工厂偷排", "JG"),
    ("王建囯反映化工厂偷排", "建囯"),
    ("邻居都知道王建囯住这里", "建囯"),
    ("Wang建国的邻居", "建国"),
    ("经与J.G. Wang核实", "Wang"),
])
def test_variant_spellings_of_the_recorded_name_are_masked(text, gone):
    shown = privacy.mask_text(text, [PERSON])
    assert gone not in shown, shown


@pytest.mark.parametrize("text", ["王经理说JG型号的设备已停用", "J. Li 检测报告", "王建设局长"])
def test_other_letters_beside_the_surname_stay(text):
    assert privacy.mask_text(text, [PERSON]) == text
