"""The sixteenth outside review's cue forms (R16-2, R16-4 to R16-7) and over-masks: self-naming forms of an anonymous
writer, co-signers and relatives, an anonymous case's reply salutations and officer reports, the recorded given name
alone after a few staff words; and group words, factories and role words after a cue that were masked as names. Each
new cue has what must stay readable beside it."""

import pytest

from ecopetition.cases import privacy
from ecopetition.cases.masking import unnamed_salutation

from .maskcheck import ANONYMOUS, assert_gone, assert_kept, shown_to_all

RECORDED = [{"name": "龚德顺", "phone": "13588776655"}]


# --- R16-4: self-naming forms ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, gone", [
    ("化工厂排臭气。我，王建国，要求处理。", ("王建国",)),
    ("化工厂排臭气。我——王建国——要求处理。", ("王建国",)),
    ("化工厂排臭气，我就是王建国，多次反映。", ("王建国",)),
    ("化工厂排臭气。我乃王建国。", ("王建国",)),
    ("化工厂排臭气，找我王建国就行。", ("王建国",)),
    ("化工厂排臭气，大家都叫我王大炮，真名王建国。", ("王建国",)),
    ("化工厂排臭气，咱是张老三，大名张强。", ("张强",)),
    ("化工厂排臭气。王建国，13912345678", ("王建国",)),
    ("请回电给老王，王建国，电话：13912345678。", ("王建国",)),
    ("化工厂排臭气，我住新华村三组，王建国。", ("王建国",)),
    ("化工厂排臭气。\n新华村 王建国 2026.12.1", ("王建国",)),
    ("化工厂排臭气。王建国", ("王建国",)),
    ("化工厂排臭气！！！王建国 新华村", ("王建国",)),
    ("化工厂排臭气，发信人：王建国。", ("王建国",)),
    ("化工厂排臭气。联络人王建国。", ("王建国",)),
    ("化工厂排臭气。此件由王建国提供。", ("王建国",)),
    ("化工厂排臭气。执笔人：王建国", ("王建国",)),
    ("化工厂排臭气。代书人：王建国", ("王建国",)),
    ("化工厂排臭气。具状人：王建国", ("王建国",)),
    ("化工厂排臭气。求助者：王建国", ("王建国",)),
    ("化工厂排臭气。口述：王建国 代笔：赵德胜", ("王建国", "赵德胜")),
    ("化工厂排臭气。王建国（化工厂东边住户）", ("王建国",)),
    ("新华村三组村民小组长王建国反映", ("王建国",)),
    ("退伍军人王建国反映化工厂排臭气", ("王建国",)),
    ("残疾人王建国，家就在厂边。", ("王建国",)),
    ("低保户王建国，家就在厂边。", ("王建国",)),
    ("五保户王建国，家就在厂边。", ("王建国",)),
    ("化工厂排臭气。按手印：王建国 赵德胜", ("王建国", "赵德胜")),
    ("化工厂排臭气。\n特此反映！\n王建国\n即日", ("王建国",)),
])
def test_the_self_naming_forms_are_masked(text, gone):
    assert_gone(text, *gone)


@pytest.mark.parametrize("text", [
    "化工厂排臭气。我，一个老百姓，要求处理。",
    "化工厂排臭气，我就是想问问什么时候处理。",
    "化工厂排臭气，找我们村委会就行。",
    "化工厂排臭气，管管吧",
    "污水直排，黄河。",
    "化工厂排臭气，刘局长。",
    "苏木/嘎查",
    "化工厂排臭气，我们都住附近，请尽快处理。",
    "化工厂排臭气，请尽快处理",
    "化工厂排臭气！！！新华村",
    "化工厂排臭气，发信人：新华村村委会。",
    "此件由环保局提供。",
    "化工厂排臭气。执笔人：村委会",
    "化工厂（新华村东边）",
    "村民小组长会议上讨论了化工厂的事",
    "请村民按手印确认。",
    "化工厂排臭气。\n特此反映！\n即日",
])
def test_what_stands_beside_the_self_naming_forms_stays(text):
    assert_kept(text)


# --- R16-5: co-signers and relatives -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, gone", [
    ("我们是新华村三组的王建国、赵德胜夫妇。", ("王建国", "赵德胜")),
    ("村民王建国牵头，赵德胜、孙玉珍附议。", ("王建国", "赵德胜", "孙玉珍")),
    ("王建国媳妇儿反映的。", ("王建国",)),
    ("俺们家老头子王建国气得住院了。", ("王建国",)),
    ("我叔王建国，我婶李秀英。", ("王建国", "李秀英")),
    ("我爹王建国也闻到了。", ("王建国",)),
    ("俺爹王建国也闻到了。", ("王建国",)),
    ("我们家王建国说厂里又排了。", ("王建国",)),
    ("王建国、赵德胜联名投诉化工厂", ("王建国", "赵德胜")),
])
def test_the_co_signers_and_relatives_are_masked(text, gone):
    assert_gone(text, *gone)


def test_the_village_beside_the_co_signers_stays():
    for shown in shown_to_all("我们是新华村三组的王建国、赵德胜夫妇。"):
        assert "新华村" in shown, shown


@pytest.mark.parametrize("text", [
    "村委会牵头，镇政府附议。",
    "我爹也闻到了。",
    "我们家门口就是化工厂。",
    "新华村、东河村联名投诉化工厂",
])
def test_what_stands_beside_the_co_signers_stays(text):
    assert_kept(text)


# --- Over-masks: what the officer must read --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "举报人：周边居民",
    "投诉人：一群老百姓",
    "联系人：村委会",
    "厂名叫宏达化工",
    "请联系白云化工厂的安全员",
    "@张强 看到请回复",
])
def test_what_is_no_name_stays_readable(text):
    for shown in shown_to_all(text):
        if "张强" in text:
            assert "看到请回复" in shown and "张强" not in shown, shown
        else:
            assert shown == text, shown


def test_a_role_word_after_a_name_stays():
    for shown in shown_to_all("反映人：王建国 核查人：张执法"):
        assert "王建国" not in shown and "核查人" in shown, shown


# --- R16-6, R16-7: an anonymous case's reply letters and officer reports --------------------------------------------

def reply_shown(text):
    """The reply letter of an anonymous case as stored and shown (`documents.actions._clean_letter`)."""
    return privacy.mask_text(unnamed_salutation(text), [ANONYMOUS])


@pytest.mark.parametrize("text", [
    "王建国（新华村三组）：\n问题已处理。",
    "Hi 王建国，问题已处理。",
    "您好！\n关于您（王建国）反映的问题已处理。",
    "您好！\n问题已处理。抄送：王建国",
    "举报者王建国系该厂前员工。",
    "执法人员会同王建国一同前往厂区查看。",
    "回访情况：王建国：满意。",
])
def test_the_reply_and_report_forms_are_masked(text):
    assert "王建国" not in reply_shown(text), reply_shown(text)
    assert_gone(text, "王建国")


def test_the_place_beside_the_saluted_name_stays():
    assert "新华村三组" in reply_shown("王建国（新华村三组）：\n问题已处理。")


@pytest.mark.parametrize("text", [
    "您好！\n问题已处理。抄送：射阳县环保局",
    "执法人员会同环保局一同前往厂区查看。",
    "回访情况：满意。",
    "您（反映人）反映的问题已处理。",
])
def test_what_stands_beside_the_reply_and_report_forms_stays(text):
    assert_kept(text)


# --- R16-2: the recorded given name alone after staff words ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "回访德顺大爷，满意",
    "回访德顺；拜访德顺；走访德顺家；电访德顺",
    "和德顺聊了聊",
    "由德顺签字",
    "德顺大爷来电称塑料厂起火，回访德顺后确认",
    "走访了德顺，情况属实",
    "请德顺签字",
    "责令整改，赔偿损失，请德顺监督",
])
def test_the_recorded_given_name_after_staff_words_is_masked(text):
    assert "德顺" not in privacy.mask_text(text, RECORDED)


@pytest.mark.parametrize("text", [
    "德顺化工厂排臭气",
    "回访德国专家",
    "走访德顺村，情况属实",
])
def test_what_stands_beside_the_given_name_stays(text):
    assert privacy.mask_text(text, RECORDED) == text


# --- R16-8, R16-9: account and vehicle words, an imported name column, home cues ---------------------------------------

@pytest.mark.parametrize("text, gone", [
    ("银行卡6222 0212 3456 7890 123，户名王建国。", "王建国"),
    ("车牌苏J·12345是我家的车，车主王建国。", "王建国"),
    ("座机0515-8888 1234，分机转王建国。", "王建国"),
    ("王建国 / 化工厂晚上偷排废气，臭得睡不着。", "王建国"),
    ("新华村三组 / 王建国 / 化工厂排臭气。", "王建国"),
    ("敝宅新华路108号", "新华路108号"),
    ("俺屋里在新华路108号。", "新华路108号"),
])
def test_the_account_words_columns_and_homes_are_masked(text, gone):
    assert_gone(text, gone)


@pytest.mark.parametrize("text", [
    "车主称车辆已年检。",
    "化工厂 / 夜间偷排 / 已整改",
    "俺屋里在化工厂旁边，天天闻臭味。",
])
def test_what_stands_beside_the_account_words_stays(text):
    assert_kept(text)
