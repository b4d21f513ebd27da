"""The eighteenth outside review's cue forms, part b (R18-4 to R18-7, R18-9, R18-10): self-naming, signature and
group-letter forms of an anonymous writer; relatives after kinship words of every family; an unrecorded home after
收件地址：/门牌：/…就是我家 and in the case's place field; an unrecorded mobile in labelled pieces in any order or half in
words; the writer's own car plate, an employee number, a military ID, a birthday; a whole Tibetan name; and 我叫车, 座机,
之 no longer eaten. Each new cue has what must stay readable beside it."""

import pytest

from ecopetition.cases import privacy
from ecopetition.cases.masking import found_names

from .maskcheck import ANONYMOUS, assert_gone, assert_kept, shown_to_all

P = "射阳县合德镇化工厂夜里排臭气。"
Q = "化工厂夜里排臭气。\n"
G = "射阳县合德镇振阳路化工厂夜里排臭气，恳请领导为民做主！\n"


# --- R18-4: self-naming, signature and group-letter forms -----------------------------------------------------------

@pytest.mark.parametrize("text, gone", [
    (P + "草民王建国斗胆上书。", ("建国",)),
    (P + "老朽王建国，年近八旬。", ("建国",)),
    (P + "小的王建国冒昧来信。", ("建国",)),
    (P + "晚生王建国敬上。", ("建国",)),
    (P + "二狗子（王建国）就是我。", ("建国",)),
    (P + "上次来访的王建国就是我。", ("建国",)),
    (P + "我就是那个天天打12369的王建国。", ("建国",)),
    (P + "王建国泣血上书", ("建国",)),
    (P + "王建国含泪陈情", ("建国",)),
    (G + "幸福村全体村民（代表：王建国 赵德胜 孙玉珍）\n2026年12月1日", ("建国", "德胜", "玉珍")),
    (G + "代表：王建国", ("建国",)),
    (G + "代表全村：王建国（执笔）", ("建国",)),
    (G + "牵头人：王建国", ("建国",)),
    (G + "发起人：王建国", ("建国",)),
    (G + "组织者王建国", ("建国",)),
    (G + "召集人：王建国", ("建国",)),
    (G + "群主王建国", ("建国",)),
    (G + "您的忠实读者王建国", ("建国",)),
    (G + "写信人：一名普通村民（王建国）", ("建国",)),
    (Q + "举报人：“王建国”", ("建国",)),
    (Q + "姓名：【王建国】", ("建国",)),
    (Q + "投诉人：「王建国」", ("建国",)),
    (Q + "#王建国# 实名举报", ("建国",)),
    (P + "【王建国】实名举报", ("建国",)),
    (Q + "王建国/男/58岁", ("建国",)),
    (Q + "王建国｜女｜58岁", ("建国",)),
    (Q + "王建国，退休工人，58岁", ("建国",)),
    (Q + "王建国，党员，住幸福路18号", ("建国", "18号")),
    (Q + "王建国，幸福村人", ("建国",)),
    (Q + "王建国，村民", ("建国",)),
    (P + "有事找我：王建国", ("建国",)),
    (P + "联系我：王建国", ("建国",)),
    (P + "致电王建国（手机同上）即可。", ("建国",)),
    (P + "称呼：王先生（建国）", ("建国",)),
    (P + "如需核实请找村里的王会计（建国）。", ("建国",)),
    (Q + "举报人：王大爷（建国）", ("建国",)),
    (P + "13912345678 王建国", ("建国",)),
    (P + "王建国\n手机：13912345678\n地址：幸福路18号", ("建国", "18号")),
    (Q + "大家都叫我建国。", ("建国",)),
    (Q + "退休教师王建国反映此事多年。", ("建国",)),
    (P + "快手：王建国168", ("建国", "168")),
    (P + "抖音号：王建国168", ("建国", "168")),
    (P + "微博：王建国168", ("建国", "168")),
    (P + "小红书：王建国168", ("建国", "168")),
    (P + "QQ：王建国168", ("建国", "168")),
    (P + "快手：wjg1985", ("wjg1985",)),
    (P + "微信：wjg_1985（王建国）", ("建国",)),
    (P + "万分感谢！——建国", ("建国",)),
    (P + "谢谢领导！—— 秀英。", ("秀英",)),
    (P + "有事联系。\nRegards,\nWang Jianguo", ("Wang", "Jianguo")),
    (P + "有事联系。\nSincerely,\nJianguo Wang", ("Wang", "Jianguo")),
])
def test_r18_4_self_naming_signature_and_group_forms_are_masked(text, gone):
    assert_gone(text, *gone)


def test_r18_4_a_name_found_joins_the_case_masks():
    assert "王建国" in found_names([G + "牵头人：王建国"])
    assert "王建国" in found_names([P + "草民王建国斗胆上书。"])
    assert "王建国" in found_names([P + "快手：王建国168"])


@pytest.mark.parametrize("text", [
    P + "小的时候这里没有厂。",
    G + "公司代表：李建军说会整改。",
    G + "厂方代表：王经理到场。",
    G + "化工厂的代表说会整改。",
    Q + "他们都叫我别管。",
    Q + "#环保督察# 化工厂还在排。",
    Q + "【紧急】化工厂又在排。",
    Q + "举报人：“匿名”",
    P + "快手上有视频。",
    P + "抖音：搜索化工厂就能看到",
    P + "微信是我唯一的联系方式。",
    P + "快手是个好平台。",
    Q + "新华村，村民反映强烈。",
    Q + "我叫人修空调，修完第二天就坏了。",
    Q + "执行GB3838-2002（地表水）标准。",
    Q + "Regards,\n化工厂整改中",
    P + "万分感谢！——敬上",
    P + "谢谢——化工厂——再见，还有问题。",
])
def test_r18_4_what_stays_readable(text):
    assert_kept(text)


# --- R18-5: relatives after kinship words of every family -----------------------------------------------------------

@pytest.mark.parametrize("word", [
    "我大舅哥", "我小舅哥", "我大姨子", "我小姑子", "我大姑姐", "我亲家", "我亲家母",  # in-laws
    "我继父", "我继母", "我养母", "我后妈", "我后爹",  # step- and foster parents
    "我二哥", "我三姐", "我大弟", "我家老二", "我家老大", "我家老三",  # siblings by order
    "我姥爷", "我姥姥", "我外公", "我外婆", "我太奶",  # grandparents in dialects
    "我男朋友", "我女朋友", "我男友", "我未婚妻", "我前夫",  # partners
    "我房东", "我房客", "我室友", "我舍友", "我老表",  # landlord, roommate
])
def test_r18_5_a_relative_after_a_kinship_word_is_masked(word):
    assert_gone(P + word + "王建国天天咳嗽。", "建国")


@pytest.mark.parametrize("text, gone", [
    (P + "我姥爷王德福住院了。", ("德福",)),
    (P + "我家那位叫王建国，是村会计。", ("建国",)),
    (P + "我二哥王建民也闻到了。", ("建民",)),
])
def test_r18_5_the_review_s_relatives_are_masked(text, gone):
    assert_gone(text, *gone)


@pytest.mark.parametrize("text", [
    P + "我二哥说厂里排污。",
    P + "我家老二上学去了。",
    P + "我房东说厂里夜里排。",
    P + "我室友也闻到了。",
    P + "我男朋友说臭。",
    P + "我姥姥家在乡下。",
])
def test_r18_5_kinship_words_alone_stay(text):
    assert_kept(text)


# --- R18-6: an unrecorded home after home cues, and in the place field ---------------------------------------------

@pytest.mark.parametrize("text", [
    Q + "收件地址：幸福路18号",
    Q + "收货地址：幸福路18号",
    Q + "快递地址：幸福家园3-502",
    Q + "门牌：幸福路18号",
    Q + "门牌号：幸福路18号",
    Q + "老宅在幸福路18号",
    Q + "幸福路18号就是我家",
    Q + "我是幸福路18号的业主",
    Q + "我在幸福路18号住了三十年。",
    Q + "我的房子在幸福路18号",
    Q + "幸福路18号的王家（就是我家）",
    Q + "敝处：幸福路18号",
    Q + "舍下幸福路18号",
    Q + "邮编224000，幸福路18号，王建国收",
    Q + "举报人：王建国 男 58岁 幸福路18号",
    Q + "王建国，男，1968年生，幸福路18号住户。",
    "射阳县合德镇幸福路18号我家门口",
    "幸福路18号（本人住处）",
])
def test_r18_6_an_unrecorded_home_is_masked(text):
    assert_gone(text, "18号", "建国")


@pytest.mark.parametrize("text, gone", [
    (Q + "房号：3-502", "502"),
    (Q + "楼号3，室号502，幸福家园", "502"),
    ("射阳县合德镇幸福家园3-502室楼下", "502"),
])
def test_r18_6_a_room_number_is_masked(text, gone):
    assert_gone(text, gone)


def test_r18_6_the_place_field_keeps_its_street():
    for shown in shown_to_all("射阳县合德镇幸福路18号我家门口"):
        assert shown.startswith("射阳县合德镇") and shown.endswith("我家门口"), shown


@pytest.mark.parametrize("text", [
    "射阳县合德镇振阳路化工厂",
    "我家门口的化工厂夜里排臭气。",
    Q + "门牌号不清楚。",
    Q + "我在这里住了三十年。",
    Q + "我是这里的业主。",
    "小区地下车库的排风机噪声对着一楼住户，晚上也开着。",
    Q + "被举报单位：宏达化工厂\n地址：工业园区18号",
])
def test_r18_6_what_stays_readable(text):
    assert_kept(text)


# --- R18-7: an unrecorded mobile in pieces in any order, or half in words -------------------------------------------

@pytest.mark.parametrize("text", [
    Q + "手机后四位5678，前三位139，中间1234",
    Q + "手机中间四位1234，尾号5678，前三位139",
    Q + "电话尾号5678，开头139，中间1234",
])
def test_r18_7_mobile_pieces_in_any_order_are_masked(text):
    assert_gone(text, "5678", "1234", "139")


def test_r18_7_a_hidden_middle_given_in_words_is_masked():
    assert_gone(Q + "电话：１３９ｘｘｘｘ５６７８（中间四位一二三四）", "５６７８", "一二三四", "１３９")


@pytest.mark.parametrize("text", [
    Q + "排口后四位数字编号5678，前三位是厂区代码。",
    Q + "电话：139****5678",
])
def test_r18_7_what_stays(text):
    for shown in shown_to_all(text):
        assert "****" in shown or shown == text


# --- R18-9: other identifiers -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, gone", [
    (Q + "我的车苏J·A1234天天落满灰。", "A1234"),
    (Q + "我的车牌号苏JA1234，停在楼下。", "JA1234"),
    (Q + "我的工号是YC0018，在化工厂上班。", "0018"),
    (Q + "军官证：南字第123456号", "123456"),
    (Q + "警官证号：320123456", "320123456"),
    (Q + "今年41岁，3月15日生日", "3月15日"),
    (Q + "生日是3月15日，今年41岁", "3月15日"),
    (Q + "58岁，农历二月廿四出生", "二月廿四"),
    (Q + "属牛的，85年生", "85年"),
    (Q + "生于八五年", "八五年"),
    (Q + "1985年农历二月廿四生", "二月廿四"),
])
def test_r18_9_other_identifiers_are_masked(text, gone):
    assert_gone(text, gone)


def test_r18_9_a_tibetan_name_shows_at_most_its_first_character():
    shown = privacy.mask_text("我叫扎西多吉。", [])
    assert "西" not in shown and "多吉" not in shown, shown
    assert privacy.mask_text("我叫扎西多吉。", [ANONYMOUS]) == "我叫****。"


@pytest.mark.parametrize("text", [
    Q + "化工厂的车苏J·A1234天天拉废料。",
    Q + "我的车天天落灰。",
    Q + "我的工号不方便说。",
    Q + "今年41岁了。",
    Q + "3月15日开会。",
    Q + "门牌3#303，共2#、5#两栋。",
    Q + "门牌号是19，文港路上。",
])
def test_r18_9_what_stays(text):
    assert_kept(text)


# --- R18-10: over-masks -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    Q + "我叫车去医院。",
    Q + "我叫醒了邻居一起去看。",
    Q + "我叫上了村干部来看。",
    Q + "我叫来了村干部。",
])
def test_r18_10_jiao_as_a_verb_is_no_name(text):
    assert_kept(text)


def test_r18_10_a_name_after_wo_jiao_is_still_masked():
    assert_gone(Q + "我叫王建国。", "建国")
    assert_gone(Q + "我叫上官婉儿。", "婉儿")


def test_r18_10_zuoji_keeps_its_word():
    shown = privacy.mask_text("或者打我家座机0515-82345678", [{"name": "王小明", "phone": "13900001111"}])
    assert "座机" in shown and "82345678" not in shown, shown


def test_r18_10_zhi_is_not_eaten():
    for shown in shown_to_all("联系人：王建国之子王小军"):
        assert "之子" in shown and "建国" not in shown and "小军" not in shown, shown
    assert_gone("联系人：王之涣", "之涣")
