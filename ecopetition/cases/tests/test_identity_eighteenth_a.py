"""The eighteenth outside review's structural findings, part a: R18-3 a complainant named in a reply's opening line
whatever its shape (王建国阁下：, 尊敬的王建国村民：, 您好，王建国！, 王建国（收）, 建国老弟：); R18-1 a name after plain name
labels (名字：, 全名, 签名人：, 姓名|, Name:, a pasted table row, JSON), typed and in a scanned letter; R18-2 sentences that
de-anonymise (匿名举报人就是李秀英, 实名：, 李秀英（投诉人）, 系王建国所写); R18-8 the recorded house number in words after
a village group (五组十六号) or in financial numerals (幸福路拾捌号). Each with what must stay readable beside it."""

import pytest

from ecopetition.cases import actions, privacy
from ecopetition.cases.masking import mask_text
from ecopetition.cases.models import Complaint

from .helpers import found, register

NAMED_LATER = "化工厂排臭气，熏到了王建国的菜地。"  # a form with no cue: the name is found only elsewhere
PREFIX = "射阳县合德镇化工厂夜里排臭气。"


def _anonymous(world, content, **kw):
    return register(world, content=content, title=kw.pop("title", "化工厂排臭气"), is_anonymous=True,
                    complainants=[], **kw)


def _reviewed(world, case):
    u = world.users
    actions.do_accept(case, actor=u["cara"])
    actions.do_assign(case, actor=u["dan"], lead_unit=world.units["city_eco"])
    actions.do_sign_for(case, actor=u["olga"])
    actions.do_report(case, actor=u["olga"], finding="founded", result="已责令整改。")
    actions.do_review(case, actor=u["sue"], passed=True)
    return Complaint.objects.get(pk=case.pk)


# --- R18-3: the reply's opening line names its addressee ------------------------------------------------------------

SALUTATIONS = ["王建国阁下：", "尊敬的王建国村民：", "王建国（收）", "您好，王建国！", "王建国贤弟：", "王建国乡亲：",
               "王建国老哥：", "尊敬的王建国老乡：", "亲爱的王建国同学：", "王建国收"]
BODY = "\n您反映的问题经查属实，已责令整改。\n盐城市射阳生态环境局"


@pytest.mark.parametrize("salutation", SALUTATIONS)
def test_r18_3_the_addressee_of_a_reply_is_masked(salutation):
    shown = mask_text(salutation + BODY)
    assert "王建国" not in shown and "建国" not in shown, shown
    assert "您反映的问题经查属实，已责令整改" in shown and "盐城市射阳生态环境局" in shown


@pytest.mark.parametrize("salutation", ["王建国、赵德胜村民：", "王建国和赵德胜乡亲：", "王建国，赵德胜阁下："])
def test_r18_3_each_name_of_a_saluted_list_is_masked(salutation):
    shown = mask_text(salutation + BODY)
    assert "建国" not in shown and "德胜" not in shown, shown


@pytest.mark.parametrize("salutation", ["建国老弟：", "建国：", "秀英阿姨：您好", "建国兄弟："])
def test_r18_3_a_given_name_saluted_in_a_reply_is_masked(salutation):
    shown = mask_text(salutation + BODY)
    assert "建国" not in shown and "秀英" not in shown, shown
    assert "您反映的问题经查属实" in shown


@pytest.mark.parametrize("salutation", ["尊敬的信访人：", "您好！", "群众同志：", "尊敬的领导：", "射阳县生态环境局：",
                                        "尊敬的群众：", "各位乡亲：", "您好，", "匿名信访人：", "全体村民：", "新华村民：",
                                        "幸福小区业主：", "广大居民朋友：", "亲爱的同学：", "新华乡亲：", "您好，王局长！",
                                        "朋友们："])
def test_r18_3_generic_salutations_stay(salutation):
    assert mask_text(salutation + BODY) == salutation + BODY


@pytest.mark.django_db
@pytest.mark.parametrize("salutation", ["王建国阁下：", "尊敬的王建国村民：", "您好，王建国！", "王建国（收）"])
def test_r18_3_an_anonymous_reply_names_nobody_and_the_name_joins_the_masks(world, no_triage, salutation):
    from ecopetition.documents import actions as documents

    case = _reviewed(world, _anonymous(world, NAMED_LATER))
    doc = documents.do_send_reply(case, actor=world.users["cara"], method="letter", reason="整改措施已在现场记录中，急需答复群众。",
                                  text=salutation + BODY)
    case = Complaint.objects.get(pk=case.pk)
    assert "王建国" not in case.reply_text and "王建国" not in doc.text, case.reply_text
    for who in ("dan", "ian"):
        shown = privacy.identity_for(world.users[who], case).fields()
        assert "王建国" not in shown["content"] and "的菜地" in shown["content"], shown["content"]
        assert "王建国" not in shown["reply_text"] and "您反映的问题经查属实" in shown["reply_text"]
    assert case.number not in found(world, "dan", "王建国")
    assert case.number in found(world, "dan", "化工厂排臭气")


@pytest.mark.django_db
@pytest.mark.parametrize("salutation", ["王建国阁下：", "尊敬的王建国村民：", "您好，王建国！", "建国老弟："])
def test_r18_3_a_reply_recorded_as_typed_is_shown_masked(world, no_triage, salutation):
    case = _reviewed(world, _anonymous(world, NAMED_LATER))
    actions.do_reply(case, actor=world.users["cara"], text=salutation + BODY, method="letter")
    case = Complaint.objects.get(pk=case.pk)
    for who in ("dan", "ian"):
        shown = privacy.identity_for(world.users[who], case).fields()
        assert "建国" not in shown["reply_text"] and "您反映的问题经查属实" in shown["reply_text"], shown["reply_text"]
        note = case.events.filter(action="reply").latest("pk").note
        assert "建国" not in privacy.mask_for(world.users[who], case, note)
    if salutation != "建国老弟：":  # a full name joins the case's masks (a given name alone does not)
        assert "王建国" not in privacy.mask_for(world.users["dan"], case, case.content)


# --- R18-1: a name after plain name labels ---------------------------------------------------------------------------

LABELLED = ["名字：王建国", "本人名字：王建国", "你们可以叫我老王，全名王建国。", "签名人：王建国", "署名人：王建国",
            "立字人：王建国", "报告人：王建国", "经手人：王建国", "名：王建国", "姓名|王建国", "姓名=王建国",
            "姓名/Name：王建国", "Name：王建国", "NAME:王建国", "举报人信息｜王建国｜男｜13912345678",
            "| 姓名 | 王建国 |\n| 电话 | 13912345678 |", '{"name":"王建国","tel":"13912345678"}', '姓名："王建国"',
            "真名：王建国", "落款人：王建国", "姓名 | 王建国", "name = 王建国", "名字 王建国",
            '"姓名"："王建国"', "全名 王建国"]


@pytest.mark.parametrize("line", LABELLED)
def test_r18_1_a_name_after_a_name_label_is_masked(line):
    shown = mask_text(PREFIX + line)
    assert "王建国" not in shown and "建国" not in shown, shown
    assert shown.startswith(PREFIX)


@pytest.mark.parametrize("line", ["Name: Wang Jianguo", "NAME: Wang Jianguo", "Full name: Jianguo Wang"])
def test_r18_1_a_pinyin_name_after_a_latin_label_is_masked(line):
    shown = mask_text(PREFIX + line)
    assert "Jianguo" not in shown, shown


@pytest.mark.parametrize("text", ["给孩子起名字时很难。", "书名：化工厂的秘密", "厂名：宏达化工", "名称：宏达化工有限公司",
                                  "品名：聚氯乙烯", "Name: 宏达化工有限公司", "罪名：污染环境罪", "名字：不详",
                                  "报告人员已到现场。", "企业名：宏达化工", "名字 不好记",
                                  "全名 射阳县合德镇人民政府", "签名|按手印", "签名|所述", 'name="亭湖区"',
                                  "Name: 射阳县化工厂"])
def test_r18_1_what_stays_readable(text):
    assert mask_text(text) == text


@pytest.mark.django_db
def test_r18_1_a_labelled_name_masks_the_case_and_is_not_searchable(world, no_triage):
    case = _anonymous(world, "化工厂夜里排臭气。名字：王建国。建国说厂里晚上排。")
    for who in ("dan", "ian"):
        shown = privacy.mask_for(world.users[who], case, case.content)
        assert "王建国" not in shown and "建国" not in shown, shown
        assert "厂里晚上排" in shown
    assert case.number not in found(world, "dan", "王建国")


@pytest.mark.django_db
def test_r18_1_a_hotline_record_with_only_a_title(world, no_triage):
    case = register(world, content="化工厂夜里排臭气。名字：王建国，家在幸福路18号。",
                    complainants=[actions.ComplainantInput(name="王先生", phone="13912345678")])
    shown = privacy.mask_for(world.users["dan"], case, case.content)
    assert "王建国" not in shown and "建国" not in shown, shown


@pytest.mark.django_db
def test_r18_1_the_scanned_letter_and_its_redacted_copy(world, no_triage):
    from ecopetition.intake import letters
    from ecopetition.intake.models import ScannedLetter

    lines = ["射阳县生态环境局：", "振阳路化工厂夜里排臭气，", "熏得全家睡不着。", "本人名字：孙德旺", "电话：13655557777",
             "2026年12月1日"]
    letter = ScannedLetter(kind="png", lines=[{"page": 1, "text": t, "box": [0, 20 * i, 400, 20 * i + 18]}
                                              for i, t in enumerate(lines)])
    case = _anonymous(world, "\n".join(lines))
    shown = privacy.mask_for(world.users["dan"], case, case.content)
    assert "孙德旺" not in shown and "德旺" not in shown and "熏得全家睡不着" in shown, shown
    spans = letters.line_spans(letter, [], letters.case_people(letter, case))
    at = lines[3].index("孙德旺")
    assert all(any(s.start <= i < s.end for s in spans[3]) for i in range(at, at + 3)), spans[3]
    assert not spans[0] and not spans[2], (spans[0], spans[2])


# --- R18-2: sentences that de-anonymise -----------------------------------------------------------------------------

DEANONYMISING = ["匿名举报人就是李秀英。", "匿名人系李秀英。", "实名：李秀英", "李秀英（投诉人）不在家。",
                 "李秀英（举报人）反映属实。", "打电话的李秀英又来了。", "来访的李秀英很激动。", "经核查，反映人为本村李秀英。",
                 "经核查，本件信访人是李秀英。", "经核查，李秀英是本件信访人。", "经核查，与信件笔迹比对，系李秀英所写。",
                 "经核查，据悉此件系李秀英所写。", "经核查，李秀英（老上访户）又来了。", "联系了写信的李秀英。",
                 "（举报人）李秀英称厂里夜里排。", "匿名者实为李秀英。", "举报人即李秀英。", "现场的李秀英也是反映人。",
                 "经核查，举报的是厂里的前员工李秀英。"]


def test_r18_2_names_listed_before_all_being_complainants():
    shown = mask_text("经核查，现场有王建国、赵德胜两户受影响，均为反映人。")
    assert "建国" not in shown and "德胜" not in shown and "两户受影响，均为反映人" in shown, shown


@pytest.mark.parametrize("line", DEANONYMISING)
def test_r18_2_a_name_joined_to_a_complainant_role_is_masked(line):
    shown = mask_text("化工厂夜里排臭气。" + line)
    assert "李秀英" not in shown and "秀英" not in shown, shown


def test_r18_2_the_home_unit_after_the_name_is_masked():
    shown = mask_text("匿名人实为李秀英（幸福家园3-502）。")
    assert "秀英" not in shown and "3-502" not in shown and "502" not in shown, shown


@pytest.mark.parametrize("text", ["信访人反映的问题属实。", "该信访人是本村村民。", "经查，反映人为附近居民。",
                                  "化工厂是被举报人。", "举报人是谁不清楚。", "化工厂（被举报人）夜里排。",
                                  "这是上级发的通知。", "来访的群众很多。", "打电话的时候厂里在排。",
                                  "举报的是厂里的偷排问题。", "举报的是化工厂的王经理。", "周边村民都是受害者。",
                                  "王建国、赵德胜都是村干部。", "化工厂王经理是被举报人。", "这家工厂是举报人说的那家。"])
def test_r18_2_what_stays_readable(text):
    assert mask_text(text) == text


@pytest.mark.django_db
def test_r18_2_an_officer_report_on_an_anonymous_case(world, no_triage):
    u = world.users
    case = _anonymous(world, "射阳县合德镇振阳路化工厂夜里排臭气。")
    actions.do_accept(case, actor=u["cara"])
    actions.do_assign(case, actor=u["dan"], lead_unit=world.units["city_eco"])
    actions.do_sign_for(case, actor=u["olga"])
    actions.do_report(case, actor=u["olga"], finding="founded",
                      result="排放在夜间。匿名人实为李秀英（幸福家园3-502）。现场陪同：钱桂芳（来信人）。联系了写信的周志强。")
    case = Complaint.objects.get(pk=case.pk)
    shown = privacy.identity_for(u["ian"], case).fields()["result_summary"]
    for name in ("秀英", "桂芳", "志强", "3-502"):
        assert name not in shown, shown
    assert "排放在夜间" in shown
    assert "李秀英" not in privacy.mask_for(u["dan"], case, "李秀英说的。")


# --- R18-8: the recorded house number in words after a village group or in financial numerals ------------------------

GROUP_HOME = [{"name": "韩美玲", "phone": "", "id_number": "", "address": "射阳县合德镇兴福村五组16号"}]
ROAD_HOME = [{"name": "王建国", "phone": "", "id_number": "", "address": "射阳县合德镇幸福路18号"}]


@pytest.mark.parametrize("text", ["化工厂夜里排臭气。五组十六号的韩家", "五组拾陆号", "5组十六号", "五组的16号"])
def test_r18_8_the_group_house_number_in_words(text):
    shown = mask_text(text, GROUP_HOME)
    assert "十六" not in shown and "拾陆" not in shown and "16" not in shown and "陆" not in shown, shown


@pytest.mark.parametrize("text", ["幸福路拾捌号", "幸福路十八号", "幸福路壹拾捌号"])
def test_r18_8_the_road_house_number_in_words_is_masked_whole(text):
    shown = mask_text(text, ROAD_HOME)
    assert shown.startswith("幸福路") and not any(c in shown for c in "拾十捌八壹"), shown


@pytest.mark.parametrize("text", ["四组十六号", "五组六号的人", "五组十七号", "幸福路二十八号"])
def test_r18_8_another_group_or_number_stays(text):
    assert mask_text(text, GROUP_HOME if "组" in text else ROAD_HOME) == text
