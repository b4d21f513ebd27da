"""The fifteenth outside review's cue forms (R15-5 to R15-9): signature blocks and sign-offs, a list of names after a
cue that a bracket or a slash interrupts, an anonymous case's reply salutations and body lines, self-naming and aliases,
and an unrecorded home, landline or bank card after a cue. Each new cue has what must stay readable beside it."""

import pytest

from ecopetition.cases import privacy
from ecopetition.cases.masking import unnamed_salutation

from .maskcheck import ANONYMOUS, assert_gone, assert_kept, shown_to_all

# --- R15-5: signature blocks and sign-offs -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, gone", [
    ("化工厂排臭气。请处理。\n王建国\n赵德胜\n孙玉珍\n2026年12月7日", ("王建国", "赵德胜", "孙玉珍")),
    ("化工厂排臭气，请处理。\n王建国\n赵德胜\n2026.12.7", ("王建国", "赵德胜")),
    ("化工厂排臭气。\n吴海燕谨启", ("吴海燕",)),
    ("化工厂排臭气。\n吴海燕叩首", ("吴海燕",)),
    ("化工厂排臭气。\n吴海燕泣书", ("吴海燕",)),
    ("化工厂排臭气。\n吴海燕手书", ("吴海燕",)),
    ("化工厂排臭气。\n吴海燕 谨启", ("吴海燕",)),
    ("化工厂排臭气。\n吴海燕草", ("吴海燕",)),
    ("化工厂排臭气。\n吴海燕 上书", ("吴海燕",)),
    ("化工厂排臭气。\n吴海燕（新华村三组）\n12月7日", ("吴海燕",)),
    ("化工厂排臭气。\n你们的老百姓吴海燕", ("吴海燕",)),
    ("化工厂排臭气。\n一个老党员：吴海燕", ("吴海燕",)),
    ("化工厂排臭气。\n-- Wang Jianguo, 13877778888", ("Wang Jianguo",)),
    ("化工厂排臭气。\n——新华村王建国", ("王建国",)),
    ("化工厂排臭气。——来自新华村的王建国", ("王建国",)),
    ("化工厂排臭气。请处理。王建国，2026年12月7日", ("王建国",)),
    ("化工厂排臭气。\n王建国，2026年12月7日", ("王建国",)),
])
def test_the_signature_forms_are_masked(text, gone):
    assert_gone(text, *gone)


@pytest.mark.parametrize("text", [
    "化工厂排臭气。请处理。\n新华村村委会\n环保局\n2026年12月7日",
    "整改要求：\n一、停产\n二、整改\n2026年12月7日",
    "化工厂排臭气。\n新华村村委会谨启",
    "化工厂排臭气。\n——新华村村民",
    "化工厂排臭气。——来自新华村的村民",
    "化工厂排臭气。\n——新华村",
    "化工厂，2026年12月7日开始排污。",
    "排放超标，2026年12月7日监测。",
    "请环保局手书回复。",
    "河边全是杂草",
    "化工厂排臭气，影响老百姓生活",
    "化工厂排臭气，苦了老百姓",
    "化工厂排臭气。\n-- Best Regards",
    "化工厂排臭气。\n新华村村委会（盖章）\n12月7日",
    "化工厂排臭气。\n环保局（新华村）\n12月7日",
])
def test_what_stands_beside_the_signature_forms_stays(text):
    assert_kept(text)


# --- R15-6: a list after a cue that a bracket or a slash interrupts ----------------------------------------------------

@pytest.mark.parametrize("text, gone", [
    ("联名：王建国（138****8888）、赵德胜、孙玉珍", ("王建国", "赵德胜", "孙玉珍")),
    ("签名：王建国（三组）、赵德胜（四组）、孙玉珍", ("王建国", "赵德胜", "孙玉珍")),
    ("举报人：王建国（三组），赵德胜", ("王建国", "赵德胜")),
    ("举报人信息：王建国/13877778888", ("王建国",)),
    ("举报人信息：王建国", ("王建国",)),
    ("联系人信息：赵德胜，电话13877778888", ("赵德胜",)),
])
def test_a_list_after_a_cue_goes_on_past_a_bracket_or_a_slash(text, gone):
    assert_gone(text, *gone)


@pytest.mark.parametrize("text", [
    "涉及单位：化工厂（新华村）、砖瓦厂、养猪场",
    "举报人：王建国（三组），化工厂夜里偷排。",
    "举报信息：化工厂/夜间偷排",
    "被举报人信息：新华化工有限公司",
])
def test_what_stands_beside_the_interrupted_list_stays(text):
    for shown in shown_to_all(text):
        assert "化工厂" in shown or "化工有限公司" in shown, shown
    if "王建国" not in text:
        assert_kept(text)


# --- R15-8: an anonymous case's reply salutations and body lines ---------------------------------------------------------

def reply_shown(text):
    """The reply letter of an anonymous case as stored and shown (`documents.actions._clean_letter`)."""
    return privacy.mask_text(unnamed_salutation(text), [ANONYMOUS])


@pytest.mark.parametrize("text, gone", [
    ("王建国老哥：\n您好！问题已处理。", "王建国"),
    ("致：王建国\n您反映的问题已处理。", "王建国"),
    ("To 王建国：\n您反映的问题已处理。", "王建国"),
    ("Hi 王建国,\n您反映的问题已处理。", "王建国"),
    ("王建国家属：\n您反映的问题已处理。", "王建国"),
    ("Dear Mr Wang,\n您反映的问题已处理。", "Wang"),
    ("王 建 国：\n您反映的问题已处理。", "王 建 国"),
    ("老王：\n您反映的问题已处理。", "老王"),
    ("小张，你好！您反映的问题已处理。", "小张"),
    ("Dear Wang Jianguo:\n您反映的问题已处理。", "Wang Jianguo"),
    ("匿名信访人：\n您好！王建国，感谢您的来信，问题已处理。", "王建国"),
    ("问题已处理。感谢王建国同志对环保工作的支持。", "王建国"),
    ("问题已处理。感谢王建国对环保工作的支持。", "王建国"),
])
def test_the_reply_forms_are_masked(text, gone):
    assert gone not in reply_shown(text), reply_shown(text)
    for shown in shown_to_all(text):
        assert gone not in shown, shown


@pytest.mark.parametrize("text", [
    "各位老哥：\n您好！问题已处理。",
    "致：新华村村委会\n您反映的问题已处理。",
    "To 环保局：\n问题已处理。",
    "Dear Sir:\n问题已处理。",
    "Dear Environmental Bureau:\n问题已处理。",
    "小区：\n环境很差。",
    "老师：\n您好，问题已处理。",
    "化 工 厂：\n夜里偷排。",
    "问题已处理。感谢您对环保工作的支持。",
    "问题已处理。感谢环保局同志对工作的支持。",
    "您好！感谢您的来信，问题已处理。",
])
def test_what_stands_beside_the_reply_forms_stays(text):
    assert_kept(text)


# --- R15-7: self-naming and aliases --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, gone", [
    ("王建国是我，我天天闻这个味。", "王建国"),
    ("我是小王（王建国），在厂里干过。", "王建国"),
    ("我王某某（王建国）实名举报。", "王建国"),
    ("称呼：王先生（王建国）", "王建国"),
    ("代表人：王建国", "王建国"),
    ("村民代表人：王建国、赵德胜", "赵德胜"),
    ("留名：王建国", "王建国"),
    ("请回电王建国。", "王建国"),
    ("有事打王建国的电话。", "王建国"),
    ("新华村三组李秀英户房后养猪场臭气熏天。", "李秀英"),
    ("人民路25号李秀英屋后", "李秀英"),
    ("王建国的诉求：化工厂排臭气", "王建国"),
    ("赵德胜：化工厂排臭气", "赵德胜"),
    ("王建国老汉气得睡不着。", "王建国"),
    ("我们组老王头王建国也闻到了。", "王建国"),
    ("老乡王建国托我写的，我是他侄子王小军。", "王建国"),
    ("My name is Wang Jianguo, I live at 18 Renmin Road.", "Wang Jianguo"),
    ("This is Zhang Wei speaking.", "Zhang Wei"),
    ("化工厂排臭气。\n（王建国，新华村三组）", "王建国"),
])
def test_the_self_naming_forms_are_masked(text, gone):
    assert_gone(text, gone)


@pytest.mark.parametrize("text", [
    "问题是我们村的大事。",
    "化工厂是我们村的。",
    "化工厂（新华化工）夜里偷排。",
    "被举报单位（新华化工）称已停工。",
    "代表人：新华村村委会",
    "留名：不留了",
    "请回电话。",
    "请回电告知处理结果。",
    "法定代表人：张三丰",
    "小王（王某）说",
    "新华村养殖户房后臭气熏天。",
    "新华村困难户反映臭气。",
    "人民路25号饭店屋后",
    "处理结果：已整改",
    "高温天气：臭气更重",
    "化工厂的问题：排臭气",
    "万家福超市：油烟扰民",
    "张老汉说厂里排污",
    "老王头也闻到了",
    "老乡们都闻到了",
    "I am writing about the factory.",
    "I am Very Angry about it.",
    "（化工厂，新华村）夜里偷排。",
    "（一）化工厂，排污。",
])
def test_what_stands_beside_the_self_naming_forms_stays(text):
    assert_kept(text)


def test_the_householders_home_is_masked_in_the_place_field():
    for people in ([], [ANONYMOUS]):
        for place in ("新华村三组李秀英户", "人民路25号李秀英屋后"):
            assert "李秀英" not in privacy.mask_text(place, people)


# --- R15-9: an unrecorded home and numbers after cues ----------------------------------------------------------------------

@pytest.mark.parametrize("text, gone", [
    ("俺家是东风路8号，门口化工厂排臭气。", "东风路8号"),
    ("家：人民路25号", "人民路25号"),
    ("家里座机88881234，区号0515。", "88881234"),
    ("座机：88881234", "88881234"),
    ("地址人民路25号，电话13877778888", "人民路25号"),
    ("补偿款请打到我的银行卡6222021234567890123。", "6222021234567890123"),
    ("卡号：6222 0212 3456 7890 123", "6222 0212 3456 7890 123"),
    ("请转账到6222021234567890128，谢谢。", "6222021234567890128"),
])
def test_the_numbers_and_home_after_cues_are_masked(text, gone):
    assert_gone(text, gone)


@pytest.mark.parametrize("text", [
    "俺家是种地的，门口化工厂排臭气。",
    "商家：人民路25号饭店",
    "厂家：东风路8号化工厂",
    "排放量88881234吨。",
    "该厂电话88881234，请联系。",
    "该厂地址人民路25号",
    "监测编号6222021234567890124，已送检。",
    "罚款200000元。",
    "企业统一社会信用代码913209001234567890，已核实。",
])
def test_what_stands_beside_the_number_cues_stays(text):
    assert_kept(text)
