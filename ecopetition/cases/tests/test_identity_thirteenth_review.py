"""The twelfth review's forms still open at its end (R12-2, R12-3, R12-4), the eleventh's (inline lists, 来电称, the
given name in staff notes, birth dates in words, over-masks) and the thirteenth outside review (R13-n)."""

import pytest

from ecopetition.cases import privacy

PERSON = {"name": "王建国", "phone": "13956781234", "id_number": "320902198503150012"}


# --- R12-2: the recorded phone dictated as labelled pieces out of order ----------------------------------------------

@pytest.mark.parametrize("text", [
    "宏达化工厂偷排。手机号139（前三位），5678（后四位），1234（中间）",
    "手机5678（后四位），139（前三位），1234（中间四位）",
    "尾号1234，前三位139，中间四位5678",
    "中间5678，尾号1234，开头139",
    "电话：后四位1234，前3位139，中间4位5678",
])
def test_the_recorded_phone_in_labelled_pieces_out_of_order(text):
    shown = privacy.mask_text(text, [PERSON])
    assert "139" not in shown and "5678" not in shown and "1234" not in shown, shown


def test_the_recorded_id_number_in_pieces_out_of_order():
    shown = privacy.mask_text("身份证后四位0012，前六位320902，中间19850315", [PERSON])
    assert "320902" not in shown and "19850315" not in shown and "0012" not in shown, shown


@pytest.mark.parametrize("text", [
    "排口3个，1234吨废水，5678元罚款，138户受影响",  # numbers that do not make the recorded phone
    "前三位139，后四位0000，中间5678",  # another phone's pieces
])
def test_other_numbers_in_pieces_stay(text):
    assert privacy.mask_text(text, [PERSON]) == text


# --- R12-3: relatives' names after 他叫/她叫/俺男人/我表哥/我大姨/我舅/我姑… -----------------------------------------

@pytest.mark.parametrize("text, gone", [
    ("他叫孙志强，是我老公。", "志强"), ("她叫钱秀梅，是我弟媳。", "秀梅"), ("俺男人孙志强去找过厂里。", "志强"),
    ("电话打我老公手机也行，他叫孙志强", "志强"), ("我表哥陈立新也闻到了", "立新"), ("我大姨刘桂芳家就在厂边", "桂芳"),
    ("我舅钱立新说", "立新"), ("我姑周桂兰", "桂兰"), ("俺媳妇李秀英也闻到了", "秀英"), ("我弟媳钱秀梅", "秀梅"),
    ("我堂哥赵德胜", "德胜"), ("她男人孙志强", "志强"), ("我小姨孙玉珍", "玉珍"), ("我舅舅周明亮", "明亮"),
])
def test_relatives_names(text, gone):
    assert gone not in privacy.mask_text(text, [{"name": "郑海燕"}]), text


@pytest.mark.parametrize("text", [
    "他叫我别管", "她叫人来看过", "他叫来了环保局的人", "我姑且相信", "我舅家门口", "他叫王老师来看", "我大姨家",
    "她叫救护车", "他叫嚷着",
])
def test_what_follows_those_words_that_is_no_name_stays(text):
    assert privacy.mask_text(text, []) == text


# --- R12-4: an anonymous case ----------------------------------------------------------------------------------------

ANONYMOUS = {"name": "周丽", "phone": "13605150000", "address": "射阳县合德镇解放路5号", "anonymous": True}


def test_an_anonymous_case_shows_no_surname_nor_home_road_in_its_text():
    text = "匿名举报：解放路5号旁边的洗车店污水直排。我是周丽，住解放路5号，手机13605150000。"
    shown = privacy.mask_text(text, [ANONYMOUS])
    assert "周" not in shown and "解放" not in shown and "0000" not in shown, shown
    assert shown.startswith("匿名举报：") and "旁边的洗车店污水直排" in shown, shown


@pytest.mark.parametrize("text, gone", [
    ("我姓黄，住在解放路18号", ["黄", "解放"]), ("本人姓黄，家住解放路18号", ["黄", "解放"]),
    ("我是周丽", ["周"]), ("举报人：周丽", ["周"]),
])
def test_an_anonymous_complainant_surname_and_home_road(text, gone):
    shown = privacy.mask_text(text, [{**ANONYMOUS, "address": ""}])
    for value in gone:
        assert value not in shown, shown


def test_a_case_not_anonymous_keeps_the_road_for_the_officer():
    shown = privacy.mask_text("解放路5号旁边的洗车店", [{**ANONYMOUS, "anonymous": False}])
    assert shown.startswith("解放路") and "5号" not in shown, shown
    assert privacy.mask_text("姓黄的老板", [ANONYMOUS]) == "姓黄的老板"


def test_an_anonymous_case_box_shows_nothing_of_the_phone(db):
    from ecopetition.cases.models import Complainant, Complaint

    case = Complaint(is_anonymous=True)
    person = Complainant(name="周丽", phone="13605150000", address="射阳县合德镇解放路5号")
    shown = privacy.view_person(person, unmasked=False, anonymous=case.is_anonymous)
    assert "0000" not in shown.phone and "136" not in shown.phone and not shown.address and not shown.id_number
    assert privacy.view_person(person, unmasked=False, anonymous=False).phone == "136****0000"


# --- Inline numbered lists, a name before 来电称 -----------------------------------------------------------------------

@pytest.mark.parametrize("text, gone", [
    ("联名村民：1.郑国华 2.冯春梅 3.褚卫东", ["国华", "春梅", "卫东"]),
    ("1.郑国华 2.冯春梅 3.褚卫东", ["国华", "春梅", "卫东"]),
    ("1、郑国华；2、冯春梅；3、褚卫东", ["国华", "春梅", "卫东"]),
    ("（1）郑国华（2）冯春梅", ["国华", "春梅"]),
    ("王建国来电称，厂里偷排", ["建国"]), ("李秀英来信称", ["秀英"]), ("赵德胜来电表示不满", ["德胜"]),
    ("经查，孙立新来访称", ["立新"]),
])
def test_inline_lists_and_a_name_before_a_call(text, gone):
    shown = privacy.mask_text(text, [])
    for value in gone:
        assert value not in shown, shown


@pytest.mark.parametrize("text", [
    "整改要求：1.停产整顿 2.清理废渣 3.限期验收", "1.王集镇化工厂 2.黄河路洗车店", "1.废水 2.废气",
    "群众来电称，厂里偷排", "有人来电称异味很重", "市民来信称", "企业来电称已整改",
])
def test_lists_of_things_and_calls_without_a_name_stay(text):
    assert privacy.mask_text(text, []) == text


# --- The recorded given name alone in staff notes -------------------------------------------------------------------

@pytest.mark.parametrize("text, gone", [
    ("据建国介绍，该厂夜间偷排", "建国"), ("经与秀兰核实，情况属实", "秀兰"), ("与建国确认了时间", "建国"),
    ("建国叔", "建国"), ("据建国叔讲，厂里夜里排", "建国"), ("秀兰核实后同意", "秀兰"),
])
def test_the_recorded_given_name_in_staff_notes(text, gone):
    assert gone not in privacy.mask_text(text, [{"name": "王建国"}, {"name": "郑秀兰"}]), text


@pytest.mark.parametrize("text", ["建国路上的饭店", "建国以来", "据建国路商户介绍", "秀兰服装店"])
def test_the_given_name_as_a_place_still_stays(text):
    assert privacy.mask_text(text, [{"name": "王建国"}, {"name": "郑秀兰"}]) == text


# --- Birth dates in words ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "我是八五年三月十五号生的", "一九八五年三月十五日出生", "我一九八五年三月十五号生", "生日是八五年三月十五",
    "出生于一九八五年三月十五日", "85年3月15号生的", "我是一九八五年三月十五日生人",
])
def test_the_recorded_birth_date_in_words(text):
    shown = privacy.mask_text(text, [PERSON])
    assert "三月十五" not in shown and "3月15" not in shown, shown


@pytest.mark.parametrize("text", ["一九八五年三月十六日建厂", "三月十五日晚上又排了", "二〇二六年三月十五日检查"])
def test_other_dates_in_words_stay(text):
    assert privacy.mask_text(text, [PERSON]) == text


# --- Over-masks: a recorded name that is a place or a common word ----------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("黄河路上的化工厂往黄河故道排污，黄河故道水发黑。", "黄河"), ("黄河大桥下的养殖场", "黄河"),
    ("早高峰时段拥堵，用电高峰期停电", "高峰"), ("高峰期噪声更大", "高峰"),
])
def test_a_recorded_name_that_is_a_place_or_a_word_stays_as_one(text, name):
    assert privacy.mask_text(text, [{"name": name}]) == text


@pytest.mark.parametrize("text, name", [
    ("我叫黄河，电话打不通", "黄河"), ("黄河反映多次", "黄河"), ("举报人：高峰", "高峰"), ("高峰说", "高峰"),
    ("此致\n敬礼\n黄河\n12月7日", "黄河"), ("李四带人聚集", "李四"), ("由李四所在村协调", "李四"),
])
def test_such_a_name_as_a_person_is_still_masked(text, name):
    # 李四 is a word for jieba too: only a place word after it or a longer word around it makes it no person
    assert name not in privacy.mask_text(text, [{"name": name}]), text


@pytest.mark.parametrize("text", ["我是黄海村村民", "我是东河村村民，家门口有猪场", "我是王集镇居民"])
def test_a_village_before_residents_is_no_name(text):
    assert privacy.mask_text(text, []) == text


def test_a_name_after_the_village_is_still_masked():
    shown = privacy.mask_text("我是黄海村村民王建国", [])
    assert shown.startswith("我是黄海村村民王") and "建国" not in shown, shown


@pytest.mark.django_db
def test_an_anonymous_case_on_its_page_and_in_its_search_column(world, no_triage):
    from ecopetition.cases import actions
    from ecopetition.cases.models import Complaint

    from .helpers import register

    content = "匿名举报：解放路5号旁边的洗车店污水直排。我是周丽，住解放路5号…手机13605150000。"
    case = register(world, content=content, is_anonymous=True, address="射阳县合德镇",
                    complainants=[actions.ComplainantInput(name="周丽", phone="13605150000",
                                                           address="射阳县合德镇解放路5号")])
    case = Complaint.objects.get(pk=case.pk)
    identity = privacy.identity_for(world.users["lee"], case)
    assert not identity.unmasked
    shown = identity.fields()["content"]
    assert "周" not in shown and "解放" not in shown and "0000" not in shown and "洗车店污水直排" in shown, shown
    assert [p.phone for p in identity.people] == [""], identity.people
    assert "周" not in case.search_masked and "解放" not in case.search_masked, case.search_masked
    # the same case not anonymous: the box and the text as before (the road stays for the officer)
    Complaint.objects.filter(pk=case.pk).update(is_anonymous=False)
    case = Complaint.objects.get(pk=case.pk)
    identity = privacy.identity_for(world.users["lee"], case)
    assert "解放路" in identity.fields()["content"] and identity.people[0].phone == "136****0000"
    assert "解放路" in case.search_masked
