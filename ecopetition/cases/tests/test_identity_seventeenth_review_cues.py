"""The seventeenth outside review's cue forms (R17-4 to R17-8) and over-masks: self-naming forms of an anonymous
writer, co-signers in lists and kinship words, an anonymous case's reply salutation and heading, the recorded given name
alone after 为/把/被/陪/约谈, the recorded phone's last four after 末尾是/最后是, WeChat by slang; and a village group, a
family's son, a nickname, a river bank and an honorific that were masked or cut. Each new cue has what must stay
readable beside it."""

import pytest

from ecopetition.cases import privacy

from .maskcheck import assert_gone, assert_kept, shown_to_all

RECORDED = [{"name": "王建国", "phone": "13912345678"}]


# --- R17-4: self-naming forms and an anonymous case's reply -------------------------------------------------------------

@pytest.mark.parametrize("text, gone", [
    ("化工厂排臭气，我是王大爷，叫王建国。", ("王建国",)),
    ("化工厂排臭气。我是新华村人，叫王建国。", ("王建国",)),
    ("化工厂排臭气，我是一名残疾人，叫王建国。", ("王建国",)),
    ("我王建国今天实名举报化工厂排臭气。", ("王建国",)),
    ("化工厂排臭气。俺王建国说话算话。", ("王建国",)),
    ("王建国，新华村三组村民，反映化工厂排臭气。", ("王建国",)),
    ("化工厂排臭气（王建国，新华村村民）。", ("王建国",)),
    ("老汉王建国，今年七十了。", ("王建国",)),
    ("七十岁老汉王建国求你们管管。", ("王建国",)),
    ("我一个寡妇刘桂英带俩孩子没法活。", ("刘桂英",)),
    ("老党员王建国强烈要求处理。", ("王建国",)),
    ("咨询人王建国。", ("王建国",)),
    ("访民王建国。", ("王建国",)),
    ("化工厂排臭气——新华村 王建国 2026.12.1", ("王建国",)),
    ("新华村王建国：你好！化工厂已整改。", ("王建国",)),
    ("关于王建国信访事项的答复意见\n你反映的问题已查实。", ("王建国",)),
    ("化工厂排臭气。回复请寄王建国。", ("王建国",)),
    ("孙德旺就是俺，今年七十了。", ("孙德旺",)),
])
def test_the_self_naming_forms_are_masked(text, gone):
    assert_gone(text, *gone)


@pytest.mark.parametrize("text", [
    "化工厂排臭气。我是新华村人，叫人来看看。",
    "我王某今天实名举报化工厂排臭气。",
    "化工厂排臭气，新华村三组村民反映强烈。",
    "老汉今年七十了，化工厂排臭气。",
    "老党员强烈要求处理。",
    "化工厂排臭气——新华村 2026.12.1",
    "新华村委会：你好！化工厂已整改。",
    "关于化工厂排污问题的答复意见",
    "回复请寄到新华村村委会。",
    "那个厂就是我说的，化工厂就是我们村的。",
])
def test_what_stays_readable_beside_the_self_naming_forms(text):
    assert_kept(text)


# --- R17-5: lists and kinship words ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, gone", [
    ("一组王建国、二组赵德胜、三组孙玉珍共同反映。", ("王建国", "赵德胜", "孙玉珍")),
    ("受害户：王建国，赵德胜，孙玉珍。", ("王建国", "赵德胜", "孙玉珍")),
    ("受害群众有王建国、赵德胜、孙玉珍等。", ("王建国", "赵德胜", "孙玉珍")),
    ("俺家掌柜的王建国病了。", ("王建国",)),
    ("我小舅子赵德胜病了。", ("赵德胜",)),
    ("我发小赵德胜也受害。", ("赵德胜",)),
    ("我爹王建国被熏病了。", ("王建国",)),
    ("我爹王建国今年七十了。", ("王建国",)),
    ("我爹王建国住院了。", ("王建国",)),
    ("我爹叫王建国。", ("王建国",)),
])
def test_lists_and_kin_are_masked(text, gone):
    assert_gone(text, *gone)


@pytest.mark.parametrize("text", [
    "一组、二组、三组都受影响。",
    "受害户较多，请尽快处理。",
    "我爹今年七十了。",
    "我发小也受害。",
])
def test_what_stays_readable_beside_lists_and_kin(text):
    assert_kept(text)


# --- R17-6: the recorded given name alone after 为/把/被/陪/约谈 -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "化工厂排臭气，为建国鸣不平，把建国气坏了，被建国骂了。",
    "回访时被建国骂了一顿，后表示满意。",
    "陪建国去医院。",
    "约谈建国了解情况。",
])
def test_the_recorded_given_name_after_a_person_word_is_masked(text):
    assert "建国" not in privacy.mask_text(text, RECORDED)


def test_a_found_given_name_before_a_verb_is_masked():
    shown = privacy.mask_text("现场见到钱满囤，满囤带路，到了厂边。", [{"name": "钱满囤"}])
    assert "满囤" not in shown and "带路" in shown


def test_the_given_name_as_a_place_stays():
    assert privacy.mask_text("建国路化工厂排臭气。", RECORDED) == "建国路化工厂排臭气。"


# --- R17-7, R17-8: the recorded phone's last four, WeChat by slang ------------------------------------------------------

@pytest.mark.parametrize("text", ["号码末尾是5678", "电话最后是5678", "最后四个数5678"])
def test_the_recorded_last_four_are_masked(text):
    assert "5678" not in privacy.mask_text(text, RECORDED)


def test_a_year_after_the_last_word_stays():
    assert privacy.mask_text("最后是2026年处理的", RECORDED) == "最后是2026年处理的"


@pytest.mark.parametrize("text", ["微：wjg1985", "绿泡泡：wjg1985"])
def test_wechat_by_slang_is_masked(text):
    assert_gone(text, "wjg1985")


def test_a_colon_after_wei_without_a_handle_stays():
    assert_kept("微：化工厂排臭气")


# --- over-masks -------------------------------------------------------------------------------------------------------

def test_an_honorific_is_not_cut_in_the_middle():
    for shown in shown_to_all("反映人：王建国同志"):
        assert "王建国" not in shown and shown.endswith("同志")


def test_a_nickname_with_tou_stays():
    assert_kept("俺是新华村的老孙头，化工厂排臭气。")


def test_a_family_son_keeps_his_place_in_the_family():
    for shown in shown_to_all("我是王家老三"):
        assert shown.endswith("家老三")  # the surname is the writer's own (round 15); 老三 stays


def test_a_recorded_name_that_is_a_river_stays_at_its_bank():
    people = [{"name": "黄河", "phone": "13912345678"}]
    assert privacy.mask_text("黄河边的厂排污，黄河路化工厂", people) == "黄河边的厂排污，黄河路化工厂"
