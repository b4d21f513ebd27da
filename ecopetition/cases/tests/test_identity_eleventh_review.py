"""Eleventh outside review: the recorded birth date in short forms (R11-3) and a signature over a date without a year
(R11-5)."""

import pytest

from ecopetition.cases import privacy

PERSON = {"name": "王建国", "id_number": "320902198503150012"}


@pytest.mark.parametrize("text", [
    "我是85年3月15日生的，身体不好", "85.3.15出生", "85/3/15出生", "我是1985-3-15生的", "生于1985年03月15日",
])
def test_the_recorded_birth_date_in_short_forms_is_masked(text):
    shown = privacy.mask_text(text, [PERSON])
    assert "3月15" not in shown and "3.15" not in shown and "3-15" not in shown and "3/15" not in shown, shown


@pytest.mark.parametrize("text", ["罚款决定于2026年3月15日作出", "请于3月15日前整改", "85年建的厂"])
def test_other_dates_stay(text):
    assert privacy.mask_text(text, [PERSON]) == text


@pytest.mark.parametrize("text, name", [
    ("此事请尽快处理。\n\n        褚卫东\n        十二月七日", "卫东"),
    ("此事请尽快处理。\n\n王建华\n12月7日", "建华"),
])
def test_a_signature_over_a_date_without_a_year_is_masked(text, name):
    assert name not in privacy.mask_text(text, []), text


@pytest.mark.parametrize("text", ["化工厂偷排\n12月7日", "请于12月7日前整改。", "此致\n合德镇人民政府\n12月7日"])
def test_a_closing_date_without_a_year_masks_no_word(text):
    assert privacy.mask_text(text, []) == text


@pytest.mark.parametrize("text, name", [
    ("检举人：赵德胜，男，汉族", "德胜"), ("控告人：钱玉珍", "玉珍"), ("该厂夜间偷排废水。我的名字：孙立新", "立新"),
    ("村民名单 周明亮（3组）", "明亮"), ("举报人为赵德胜", "德胜"), ("举报人系赵德胜", "德胜"),
    ("举报人（赵德胜）", "德胜"), ("举报人“赵德胜”", "德胜"), ("举报人；赵德胜", "德胜"),
    ("发件人: 王建国 <wjg1985@163.com>", "建国"), ("受害人：李秀英", "秀英"),
])
def test_names_after_the_legal_and_letter_words_for_a_complainant(text, name):
    # R11-4: an anonymous complainant's letter names them after words the detector did not know
    assert name not in privacy.mask_text(text, []), text


@pytest.mark.parametrize("text", [
    "举报人为了安全不留名", "举报人（匿名）", "举报人系本村村民", "信访人系退休职工", "举报人为附近居民", "投诉人为女性",
    "举报人为多人", "知情人透露，该厂夜间偷排", "举报人（男，50岁）", "受害人家属称",
])
def test_a_description_after_those_words_stays(text):
    assert privacy.mask_text(text, []) == text


@pytest.mark.parametrize("text, gone", [
    ("经电话联系建国哥本人，确认满意。建国嫂也说好。", "建国"), ("大家都叫我建国哥", "建国"), ("建国叔说", "建国"),
    ("建国兄弟", "建国"), ("建国这个人", "建国"), ("是建国报的警", "建国"), ("秀英姐反映", "秀英"),
])
def test_the_recorded_given_name_with_a_familiar_word(text, gone):
    # R11-2: beside the box's 王**, 建国哥 gives the whole name
    assert gone not in privacy.mask_text(text, [{"name": "王建国"}, {"name": "李秀英"}]), text


@pytest.mark.parametrize("text", ["建国路上的饭店", "建国以来"])
def test_the_given_name_as_a_place_or_a_word_stays(text):
    assert privacy.mask_text(text, [{"name": "王建国"}]) == text


@pytest.mark.parametrize("text, gone", [
    ("住所：射阳县合德镇幸福路12号", "12号"), ("户籍地：射阳县合德镇新民村三组18号", "18号"),
    ("现居射阳县合德镇人民路8号", "8号"), ("寓所：盐城市亭湖区青年路1号", "1号"),
])
def test_a_home_after_the_other_words_for_it(text, gone):
    # R11-8: 住所, 户籍地, 现居, 寓所
    assert gone not in privacy.mask_text(text, []), text


@pytest.mark.parametrize("text", ["该厂住所地为化工园区", "住处附近有养猪场", "公司住所：盐城市亭湖区青年路1号"])
def test_a_business_seat_or_a_place_near_home_stays(text):
    assert privacy.mask_text(text, []) == text


def test_a_table_of_names_and_phones_and_its_header():
    # R11-4/R11-9: the row's name apart from its phone by a space is masked; the header 电话 after 姓名 is no name
    shown = privacy.mask_text("序号 姓名 电话\n1 陈志强 13700001111", [])
    assert shown.startswith("序号 姓名 电话\n1 陈") and "志强" not in shown and "13700001111" not in shown, shown
    assert privacy.mask_text("姓名 性别 地址", []) == "姓名 性别 地址"
    assert privacy.mask_text("电话 13605151111", []).startswith("电话 ")


def test_an_organisation_as_the_complainant_masks_no_words():
    # R11-9: a residents' committee or a village committee complains; its name is what the case is about
    people = [{"name": "幸福小区业主委员会", "phone": "13605151111"}, {"name": "新民村村委会"}]
    shown = privacy.mask_text("幸福小区业主委员会与新民村村委会反映，电话13605151111", people)
    assert shown.startswith("幸福小区业主委员会与新民村村委会反映") and "13605151111" not in shown, shown


@pytest.mark.parametrize("text, name", [
    ("回访赵德胜，其表示满意", "德胜"), ("经电话联系赵德胜本人", "德胜"), ("向赵德胜反馈了处理结果", "德胜"),
    ("现场询问了赵德胜", "德胜"), ("来电人自称赵德胜", "德胜"), ("我闺女赵小红在上学", "小红"),
    ("我同事李秀英也闻到", "秀英"), ("受影响的住户有赵德胜、孙立新", "立新"),
])
def test_names_in_staff_notes_and_after_more_family_words(text, name):
    assert name not in privacy.mask_text(text, []), text


@pytest.mark.parametrize("text", [
    "回访满意", "联系企业负责人", "电话联系了该厂", "向上级反映", "询问了周边群众", "走访了周边居民", "联系方式",
    "我朋友圈里都在说", "我孩子上学", "回访时其表示满意", "自称是环保局的", "联系了王集镇政府",
    "小区的游泳池水太脏，孩子游完皮肤过敏。",
])
def test_staff_notes_without_a_name_stay(text):
    assert privacy.mask_text(text, []) == text


@pytest.mark.parametrize("text, gone", [
    ("微博@王建国1985", "建国"), ("微博：wjg1985", "wjg1985"), ("加我薇：wjg1985", "wjg1985"),
    ("抖音号：xiuying1985", "xiuying1985"), ("香港身份证A123456(7)", "123456"), ("护照号E12345678", "12345678"),
    ("港澳通行证：C12345678", "12345678"),
])
def test_social_handles_and_other_identity_documents(text, gone):
    # R11-8: Weibo, Douyin, 加我薇; a Hong Kong ID, a passport, a travel permit
    assert gone not in privacy.mask_text(text, []), text


@pytest.mark.parametrize("text", ["我在抖音上看到视频", "微博热搜", "小红书上有人发了", "身份证复印件已附", "排放口编号DW001"])
def test_the_networks_and_documents_named_alone_stay(text):
    assert privacy.mask_text(text, []) == text


@pytest.mark.parametrize("text", ["举报人：Zhao De-sheng", "我叫Li Xiu-ying，电话"])
def test_a_romanised_name_with_a_hyphen_is_masked_whole(text):
    shown = privacy.mask_text(text, [])
    assert "sheng" not in shown and "ying" not in shown, shown


@pytest.mark.parametrize("text", ["盼复。海燕敬上", "海燕谨上", "海燕叩首", "海燕亲笔", "海燕留", "海燕于12月7日"])
def test_the_recorded_given_name_before_a_sign_off(text):
    # R12-1 (twelfth review): beside the box's 郑**, 海燕敬上 gives the whole name
    assert "海燕" not in privacy.mask_text(text, [{"name": "郑海燕"}]), text


@pytest.mark.parametrize("text", ["海燕路上的工厂", "海燕大酒店"])
def test_the_given_name_as_a_road_or_a_business_stays(text):
    assert privacy.mask_text(text, [{"name": "郑海燕"}]) == text
