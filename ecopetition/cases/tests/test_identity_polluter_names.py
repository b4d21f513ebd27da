"""The polluter stays findable (eighth outside review, R8-1): the complainant's given name alone is masked where it
stands as a person, not inside the name of a company, a road or a place that happens to hold the same two
characters (新华化工, 建国路, 国庆期间, 排入海洋); the road of the recorded home is readable without its house
number. And the recorded numbers dictated in labelled pieces (R8-2): 前三位137，中间5555，最后0000,
137开头6666结尾8888, the ID number's last four after 最后四位/后4位/末四位/尾号."""

import pytest

from ecopetition.analytics.disclosure import public_text
from ecopetition.cases import actions, privacy
from ecopetition.cases.masking import with_case

from .helpers import register
from .test_identity_normalisation import found

LIU = {"name": "刘新华", "phone": "13755550000", "id_number": "320924198001015513", "address": "射阳县合德镇解放路88号"}


def person(name: str) -> dict:
    return {"name": name, "phone": "", "id_number": "", "address": ""}


@pytest.mark.parametrize(("name", "text", "kept"), [
    ("刘新华", "新华化工有限公司夜里偷排酸性废水", "新华化工有限公司"),
    ("刘新华", "请核实新华化工偷排问题", "新华化工"),
    ("刘新华", "污染源在新华路90号", "新华路"),
    ("张国庆", "国庆期间化工厂偷排", "国庆期间"),
    ("王海洋", "废水排入海洋", "排入海洋"),
    ("王海洋", "已向海洋局反映", "海洋局"),
    ("王建华", "建华化工有限公司在合德镇建华路8号", "建华化工有限公司在合德镇建华路"),
    ("王建华", "Jianhua Chemical Co. 夜里排气", "Jianhua Chemical"),
])
def test_the_given_name_inside_an_organisation_or_place_name_stays_readable(name, text, kept):
    assert kept in privacy.mask_text(text, [person(name)])


@pytest.mark.parametrize(("name", "text", "hidden"), [
    ("刘新华", "大家叫我新华，我反映化工厂偷排", "新华"),
    ("刘新华", "新华多次反映无果", "新华"),
    ("刘新华", "我是新华，住在厂边", "新华"),
    ("刘新华", "新华说厂里夜里偷排", "新华"),
    ("刘新华", "联系人新华", "新华"),
    ("刘新华", "村民新华反映", "新华"),
    ("刘新华", "新华的母亲病了", "新华"),
    ("刘新华", "我是刘新华，新华化工偷排", "刘新华"),
    ("刘新华", "刘新华化工", "刘新华"),  # the full name stays masked everywhere
    ("陈建华", "陳建華化工", "建華"),
    ("王建华", "我叫Jianhua。", "Jianhua"),
])
def test_the_given_name_standing_as_a_person_is_masked(name, text, hidden):
    assert hidden not in privacy.mask_text(text, [person(name)])


def test_the_road_of_the_recorded_home_alone_stays_readable():
    assert privacy.mask_text("污染源在解放路", [LIU]) == "污染源在解放路"
    shown = privacy.mask_text("我住解放路88号，污染源在解放路90号", [LIU])
    assert "88" not in shown and "解放路90号" in shown, shown


def test_the_party_field_keeps_the_organisation_name():
    shown = privacy.mask_party("新华化工有限公司（解放路90号，电话0515-82345678）", [LIU])
    assert shown == "新华化工有限公司（解放路90号，电话0515-82345678）"
    shown = privacy.mask_party("新华化工有限公司（举报人刘新华，电话13755550000）", [LIU])
    assert shown.startswith("新华化工有限公司") and "刘新华" not in shown and "13755550000" not in shown, shown


@pytest.mark.parametrize("text", [
    "号码前三位137，中间5555，最后0000", "137开头5555结尾0000", "137（开头）5555（中间）0000",
    "手机137打头，后面5555和0000", "电话137，然后5555，0000",
])
def test_the_recorded_phone_in_labelled_pieces_is_masked(text):
    shown = privacy.mask_text(f"我的{text}。", [LIU])
    for value in ("137", "5555", "0000"):
        assert value not in shown, shown


@pytest.mark.parametrize("text", ["身份证最后四位5513", "身份证后4位5513", "身份证末四位是5513", "身份证尾号5513",
                                  "身份证后四位：5513"])
def test_the_recorded_id_numbers_last_four_is_masked(text):
    shown = privacy.mask_text(text, [LIU])
    assert "5513" not in shown, shown
    assert privacy.mask_text("仓库编号5513", [LIU]) == "仓库编号5513"  # four digits alone are nobody's


@pytest.mark.django_db
def test_search_finds_the_polluter_but_not_the_pieces(world, settings):
    settings.TRIAGE_ON_REGISTER = False
    case = register(
        world, unit="county_a", clerk="amy", title="新华化工有限公司夜间偷排酸性废水",
        content="新华化工有限公司（射阳县合德镇解放路90号）夜里偷排酸性废水。我是刘新华，住解放路88号，"
                "号码前三位137，中间5555，最后0000，身份证最后四位5513。",
        address="射阳县合德镇解放路90号新华化工有限公司", reported_party_name="新华化工有限公司",
        complainants=[actions.ComplainantInput(**LIU)],
    )
    for q in ("新华化工", "新华化工有限公司", "解放路90号"):
        assert found(world, "otto", q) == {case.number}, q
    for q in ("5555", "中间5555", "0000", "5513", "88号"):
        assert found(world, "otto", q) == set(), q
    # the full name matches as its word 新华 does (新华化工 is readable): no more than any other 新华 would
    assert found(world, "otto", "刘新华") == found(world, "otto", "张新华")


def test_the_party_fields_own_name_keeps_the_given_name_but_never_the_full_name():
    wang = [person("王建华")]
    assert privacy.mask_party("建华一品烧烤（合德镇）", wang) == "建华一品烧烤（合德镇）"
    assert "建华一品" not in privacy.mask_text("建华一品烧烤", wang)  # in free text: 建华 before 一 may be a person
    assert "王建华" not in privacy.mask_party("王建华洗车行", wang)
    assert "建华" not in privacy.mask_party("本人建华投诉洗车行", wang)
    assert "建华" not in privacy.mask_party("洗车行（举报人：建华）", wang)


# --- The given name as the reported party's trade name, the party's landline (ninth review, R9-7) ---------------

TRADE_CONTENT = "新华又在偷排了，新华一厂和新华二厂的排污口都在冒黑水。新华老板姓王。我是刘新华。"


def test_the_given_name_as_the_reported_partys_trade_name_stays_readable():
    people = with_case([LIU], "新华化工有限公司", "射阳县合德镇东风路6号新华一厂")
    shown = privacy.mask_text(TRADE_CONTENT, people)
    assert shown == TRADE_CONTENT.replace("刘新华", "刘**"), shown
    assert privacy.mask_text("射阳县合德镇东风路6号新华一厂", people) == "射阳县合德镇东风路6号新华一厂"
    # the case address alone names the trade name too (a field without the party's name)
    shown = privacy.mask_text(TRADE_CONTENT, with_case([LIU], "", "射阳县合德镇东风路6号新华一厂"))
    assert "新华又在偷排" in shown and "新华老板" in shown, shown


@pytest.mark.parametrize("text", ["我叫新华", "我是新华，住在厂边", "举报人：新华", "村民新华反映", "大家叫我新华",
                                  "联系人新华", "本人新华", "我是刘新华", "刘新华化工", "新华（签字）", "新华 敬上",
                                  "此致\n敬礼\n新华\n2026年12月7日"])
def test_the_trade_name_in_a_strong_person_context_and_the_full_name_stay_masked(text):
    people = with_case([LIU], "新华化工有限公司", "射阳县合德镇东风路6号新华一厂")
    assert "新华" not in privacy.mask_text(text, people).replace("新华化工", "")


@pytest.mark.parametrize(("party", "place"), [
    ("刘新华家楼下的饭店", ""),  # the complainant's own name: no trade name
    ("化工厂（举报人新华）", ""),  # the complainant speaks in the field
    ("", "射阳县合德镇刘新华家门口"),
    ("", "射阳县合德镇东风路6号"),
])
def test_no_trade_name_when_the_party_or_address_names_the_complainant(party, place):
    shown = privacy.mask_text("新华又在偷排", with_case([LIU], party, place))
    assert "新华" not in shown, shown


def test_the_factory_number_after_the_given_name_is_never_a_person():
    assert privacy.mask_text("新华一厂和新华二厂都在冒黑水", [LIU]) == "新华一厂和新华二厂都在冒黑水"


@pytest.mark.parametrize("text", [
    "被举报单位建华化工有限公司，电话0515-82345678，夜里偷排。",
    "建华化工有限公司（电话0515-82345679）夜里偷排。",
    "被投诉的饭店，联系电话：0515-88886666",
])
def test_the_partys_landline_after_its_name_stays_readable(text):
    assert privacy.mask_text(text, [LIU]) == text


@pytest.mark.parametrize("text, gone", [
    ("我在建华化工有限公司，电话0515-82345678", "82345678"),  # the writer's workplace
    ("建华化工有限公司，电话13912345678", "13912345678"),  # a mobile there may be anybody's
    ("被举报单位建华化工有限公司，电话0515-82345678", "82345678"),  # the complainant's recorded phone
])
def test_a_phone_after_a_company_that_may_be_a_persons_stays_masked(text, gone):
    people = [{**LIU, "phone": "051582345678"}] if "被举报" in text else [LIU]
    assert gone not in privacy.mask_text(text, people)


@pytest.mark.django_db
def test_the_trade_name_on_the_case_and_in_search(world, settings):
    settings.TRIAGE_ON_REGISTER = False
    case = register(
        world, unit="county_a", clerk="amy", title="新华又在偷排", content=TRADE_CONTENT,
        address="射阳县合德镇东风路6号新华一厂", reported_party_name="新华化工有限公司",
        complainants=[actions.ComplainantInput(**LIU)],
    )
    case = type(case).objects.get(pk=case.pk)
    assert privacy.masked_copy(case, case.title) == "新华又在偷排"
    assert privacy.masked_copy(case, case.content) == TRADE_CONTENT.replace("刘新华", "刘**")
    assert privacy.masked_copy(case, case.address) == case.address
    assert privacy.masked_titles([{"id": case.pk, "title": case.title}]) == {case.pk: "新华又在偷排"}  # lists too
    for q in ("新华一厂", "新华老板", "新华化工"):
        assert found(world, "otto", q) == {case.number}, q
    assert found(world, "otto", "13755550000") == set()


# R9-4: the recorded phone or ID number dictated in pieces with longer words between them: groups of digits that in
# order make exactly the recorded value, within one paragraph and with no other digit between them, are each masked.
@pytest.mark.parametrize("text", [
    "手机号码开头是137，中间的四个数字是5555，最后面的四个数字是0000",
    "电话前面是137，中间是5555（这四位好记），后面0000",
    "号码前三位是137，这个大家都知道，中间是5555，最后是0000",
    "我手机前三位137，中间四位数字是5555，后四位数字是0000",
    "手机号1375555，这是前七位，为了安全起见后面的四位单独说：0000",
    "号码开头是137，剩下的八位数字连在一起是55550000",
])
def test_the_recorded_phone_dictated_in_pieces_far_apart_is_masked(text):
    for shown in (privacy.mask_text(f"我叫刘新华，{text}，有事找我。", [LIU]),
                  public_text(f"我叫刘新华，{text}，有事找我。", [LIU])):
        assert not any(v in shown for v in ("137", "5555", "0000")), shown
        assert shown.endswith("，有事找我。"), shown


def test_the_recorded_id_number_dictated_in_pieces_far_apart_is_masked():
    text = "身份证号前六位是320924，中间的出生日期是19800101，最后四位数字是5513，都核对过。"
    shown = privacy.mask_text(text, [LIU])
    assert not any(v in shown for v in ("320924", "19800101", "5513")), shown


@pytest.mark.parametrize("text", ["手机中间四位5555", "我的电话号码中间的四个数字是5555", "电话137****0000，中间是5555"])
def test_the_recorded_phones_middle_four_after_a_phone_word_is_masked(text):
    shown = privacy.mask_text(text, [LIU])
    assert "5555" not in shown and "****" in shown, shown
    for kept in ("河道中间5555平方米", "中间5555号仓库", "中间的4位数字是5555，手机"):  # no phone spoken of before
        assert privacy.mask_text(kept, [LIU]) == kept


@pytest.mark.parametrize("text, kept", [
    ("化工厂137号排口，中间有5555吨废水，最后有0001吨流入河里", ("137", "5555")),  # not the recorded value
    ("开头是137，中间5555。\n\n另：0000号仓库堆满废渣", ("137", "5555", "0000")),  # another paragraph
    ("开头是137，中间有2个排口，后面5555，再后面0000", ("137",)),  # another digit between
    ("前三位137，" + "很多" * 32 + "，中间5555，最后0000", ("137",)),  # too far apart
])
def test_numbers_that_do_not_make_the_recorded_value_in_one_paragraph_stay_readable(text, kept):
    shown = privacy.mask_text(text, [LIU])
    assert all(k in shown for k in kept), shown


@pytest.mark.django_db
def test_search_finds_no_case_by_pieces_of_the_recorded_phone_far_apart(world, settings):
    settings.TRIAGE_ON_REGISTER = False
    case = register(
        world, unit="county_a", clerk="amy", title="新华化工有限公司夜间偷排",
        content="新华化工有限公司夜里偷排。我叫刘新华，手机号码开头是137，中间的四个数字是5555，最后面的四个数字是0000，有事找我。",
        reported_party_name="新华化工有限公司", complainants=[actions.ComplainantInput(**LIU)],
    )
    assert found(world, "otto", "新华化工") == {case.number}
    for q in ("5555", "5555，最后面", "四个数字是0000", "开头是137"):
        assert found(world, "otto", q) == set(), q
