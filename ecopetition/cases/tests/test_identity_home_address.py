"""The home address in shorthand and numbers split into fragments (sixth outside review, R6-3 and the split
fragments of R6-1): the recorded building and room however joined (12-303, 12#303, 12幢303, 7-5-2, 七栋五零二),
the room never left beside a masked estate, an unrecorded home address after a home cue, and the recorded
phone's last eight or four digits and the ID number's last six or birth date written in pieces."""

import pytest

from ecopetition.analytics.disclosure import public_text
from ecopetition.cases import actions, privacy

from .helpers import found, register

HUANGFU = {"name": "皇甫春生", "phone": "13755556666", "id_number": "320924197703035514",
           "address": "射阳县合德镇兴旺小区12栋303室"}
WANG = {"name": "王小明", "phone": "13822224444", "id_number": "", "address": "射阳县合德镇春晖花园7栋502室"}


# --- 1. The recorded building and room, whatever joins them -------------------------------------------------------

@pytest.mark.parametrize("text, gone", [
    ("我家在兴旺小区12-303，", ["12-303", "303"]),
    ("兴旺小区12#303楼下", ["12#303", "303"]),
    ("12幢303靠北。", ["12幢303", "303"]),
    ("就在12号楼303，", ["303"]),
    ("兴旺小区12栋3楼03，", ["3楼03", "12栋"]),  # building 12, floor 3, flat 03: room 303
    ("兴旺小区12－303", ["303"]),
    ("兴旺小区12ー303", ["303"]),
    ("兴旺小区十二栋三零三室", ["三零三"]),
    ("兴旺小区12栋三百零三室", ["三百零三"]),
    ("兴旺小区12 - 303", ["303"]),
])
def test_the_recorded_building_and_room_in_any_form(text, gone):
    shown = privacy.mask_text(text, [HUANGFU])
    for value in gone:
        assert value not in shown, shown
    assert public_text(text, [HUANGFU]) != text


@pytest.mark.parametrize("text, gone", [
    ("春晖花园7-502", ["502"]), ("春晖花园7#502", ["502"]), ("春晖花园7-5-2", ["5-2"]), ("7幢502", ["502"]),
    ("7栋五零二", ["五零二"]), ("七栋五零二", ["五零二"]), ("春晖花园7栋502", ["502"]),
    ("春晖花园七栋五零二", ["五零二"]), ("春晖花园7栋5楼2号", ["5楼2号", "2号"]), ("7-502", ["502"]), ("7#502", ["502"]),
    ("春 晖 花 园", ["晖 花"]), ("春 晖 花 园 7 栋 502", ["502", "晖 花"]), ("春晖花园 7栋 502室", ["502"]),
])
def test_the_room_never_survives_and_the_spaced_estate_is_masked(text, gone):
    shown = privacy.mask_text(text, [WANG])
    for value in gone:
        assert value not in shown, shown


def test_the_town_stays_readable_before_a_masked_estate():
    shown = privacy.mask_text("合德镇春晖花园7栋502室楼下的烧烤店", [WANG])
    assert shown.startswith("合德镇") and "502" not in shown and "楼下的烧烤店" in shown, shown


@pytest.mark.parametrize("text", [
    "3号排口夜间排放", "2号车间噪声大", "门牌3#303，共2#、5#两栋", "依据GB 12348-2008规定", "2026-12-07检查",
    "该厂位于合德镇工业园12号", "兴旺小区门口堆放垃圾", "春晖花园旁边的饭店油烟大", "7-8月份噪声最大", "12号楼下的配电房",
    "夜间噪声68分贝，颗粒物3.2mg/m³", "SY-20261207-0001已办结", "车牌苏J12303的渣土车",
])
def test_numbers_that_are_not_the_recorded_home_stay_readable(text):
    assert privacy.mask_text(text, [HUANGFU, WANG]) == text


# --- 2. A home address nobody recorded, after a home cue ------------------------------------------------------------

@pytest.mark.parametrize("text, gone, kept", [
    ("身份证号略，住合德镇幸福里3-201。", ["3-201", "201"], "住合德镇"),
    ("家住合德镇幸福路88号3单元502", ["88号", "502"], "家住合德镇"),
    ("我家在合德镇幸福里3-201，晚上臭味最大", ["3-201", "201"], "晚上臭味最大"),
    ("我家合德镇幸福里5#302楼下就是排口", ["302"], "我家合德镇"),
    ("地址：合德镇幸福里3-201", ["3-201"], "地址：合德镇"),
    ("住址：合德镇幸福小区3栋2单元501室", ["501", "2单元"], "住址：合德镇"),
    ("邻居住合德镇幸福里3-201，也受影响", ["3-201", "201"], "邻居住合德镇"),
    ("她也住幸福里5-302。", ["5-302", "302"], "她也住"),
])
def test_an_unrecorded_home_address_after_a_home_cue(text, gone, kept):
    shown = privacy.mask_text(text, [])
    assert kept in shown, shown
    for value in gone:
        assert value not in shown, shown


@pytest.mark.parametrize("text", [
    "被举报单位地址：合德镇工业园3-2号", "该厂地址：合德镇工业园8号，3号排口", "住在化工厂旁边的居民都闻到了",
    "记住3号排口的位置", "周边住户200多户", "住合德镇的居民反映噪声", "我家附近3号排口每天冒黑烟",
    "家在化工厂旁边，2号车间噪声最大", "我家门口的河发黑", "该厂家在合德镇工业园8号", "堵住了3号排口", "用水泥封住3号排口",
    "居住区3号地块在施工",
])
def test_the_reported_partys_address_and_plain_text_stay_readable(text):
    assert privacy.mask_text(text, []) == text


# --- 3. The recorded numbers written in pieces ---------------------------------------------------------------------

@pytest.mark.parametrize("text, gone", [
    ("电话后八位2222，4444，请回电", ["2222", "4444"]),
    ("号码2222 4444，请回电", ["2222", "4444"]),
    ("后八位二二二二，四四四四。", ["二二二二", "四四四四"]),
    ("手机尾号四四四四。", ["四四四四"]),
    ("手机后四位4444，", ["4444"]),
    ("后8位2222-4444请回电", ["2222", "4444"]),
])
def test_the_recorded_phone_in_pieces(text, gone):
    shown = privacy.mask_text(text, [WANG])
    for value in gone:
        assert value not in shown, shown


@pytest.mark.parametrize("text, gone", [
    ("身份证后六位035，514", ["035", "514"]),
    ("出生1977，0303，", ["1977", "0303"]),
    ("生日1977 0303，", ["0303"]),
    ("身份证中间是一九七七零三零三。", ["一九七七零三零三"]),
    ("后六位〇三五五一四。", ["〇三五五一四"]),
])
def test_the_recorded_id_number_in_pieces(text, gone):
    shown = privacy.mask_text(text, [HUANGFU])
    for value in gone:
        assert value not in shown, shown


@pytest.mark.parametrize("text", [
    "编号2222，4444", "3、4、5和2222，4444", "面积1977，0303平方米", "第035，514号文件", "处理了12、303件",
])
def test_ordinary_number_lists_stay_readable_when_nothing_matches_a_recorded_value(text):
    assert privacy.mask_text(text, []) == text
    assert privacy.mask_text(text, [{"name": "李四", "phone": "13911112222", "id_number": "",
                                      "address": "射阳县合德镇人民路25号"}]) == text


# --- 4. Search follows the masks -----------------------------------------------------------------------------------



@pytest.mark.django_db
def test_search_finds_no_case_by_the_home_address_in_shorthand(world, no_triage):
    content = ("电镀厂夜间排酸雾。我家在兴旺小区12-303，也就是兴旺小区12栋303室，12幢303靠北。"
               "电话后八位5555，6666。")
    case = register(world, unit="county_a", clerk="amy", title="电镀厂酸雾", content=content,
                    complainants=[actions.ComplainantInput(**HUANGFU)])
    assert found(world, "amy", "12-303") == {case.number}  # the clerk may see the identity
    for who in ("otto", "sue"):
        assert found(world, who, "电镀厂") == {case.number}, who
        for q in ("12-303", "303", "12幢", "12#303", "5555", "6666"):
            assert found(world, who, q) == set(), (who, q)


# --- 5. Lettered buildings, the clause after the cue, the recorded building and floor (ninth review, R9-5) -------

LETTERED = {"name": "皇甫春生", "phone": "13755556677", "id_number": "", "address": "射阳县合德镇幸福里小区B座1502室"}
UNIT = {"name": "皇甫春生", "phone": "13755556677", "id_number": "", "address": "射阳县合德镇幸福里小区3号楼2单元502室"}


@pytest.mark.parametrize("text, gone, kept", [
    ("我家住金色家园A栋1502，天天闻臭味。", ["A栋1502", "1502"], "天天闻臭味"),
    ("家住幸福里小区B座1502", ["B座1502", "1502"], "家住"),
    ("家住幸福里小区3座1502", ["1502"], "家住"),
    ("家住合德镇幸福里小区C-1502", ["1502"], "家住合德镇"),
    ("家住：幸福里，3号楼502", ["502", "3号楼"], "家住："),
    ("我家住在人民路，88号，天天闻臭味", ["88号"], "我家住在"),
])
def test_an_unrecorded_lettered_building_or_a_house_number_in_the_next_clause(text, gone, kept):
    shown = privacy.mask_text(text, [])
    assert kept in shown, shown
    for value in gone:
        assert value not in shown, shown


@pytest.mark.parametrize("text", [
    "我住在这里，3号排口天天冒烟", "家住附近，3号楼下的饭店油烟大", "住在化工厂旁边，2号车间噪声最大",
    "依据GB 3095-2012，住户反映", "污染源在解放路", "新华化工在东风路6号",
])
def test_plain_text_next_to_a_home_cue_stays_readable(text):
    assert privacy.mask_text(text, []) == text


@pytest.mark.parametrize("text, gone", [
    ("我住Ｂ座１５０２，就在饭店正上方。", ["１５０２"]),
    ("Ｂ座１５０２就在饭店正上方", ["１５０２"]),
    ("b座1502楼下就是饭店", ["1502"]),
    ("B-1502楼下就是饭店", ["1502"]),
    ("B座15楼的窗户", ["15楼"]),
    ("B座十五楼的窗户", ["十五楼"]),
])
def test_the_recorded_lettered_building_in_any_case_width_or_join(text, gone):
    shown = privacy.mask_text(text, [LETTERED])
    for value in gone:
        assert value not in shown, shown
    assert "楼下就是饭店" in shown or "窗户" in shown or "饭店正上方" in shown, shown


@pytest.mark.parametrize("text, gone", [
    ("3幢2单元5楼的窗户正对烟囱", ["5楼", "3幢"]),
    ("3号楼五楼的窗户正对烟囱", ["五楼", "3号楼"]),
    ("502（3号楼）的窗户正对烟囱", ["502", "3号楼"]),
])
def test_the_recorded_building_with_its_floor_or_the_room_before_it(text, gone):
    shown = privacy.mask_text(text, [UNIT])
    assert "的窗户正对烟囱" in shown, shown
    for value in gone:
        assert value not in shown, shown


@pytest.mark.parametrize("who, text", [
    (LETTERED, "A座1502楼下"), (LETTERED, "B座1402楼下"), (LETTERED, "B座14楼"),
    (UNIT, "4号楼五楼"), (UNIT, "3号楼四楼"), (UNIT, "3号楼排口"), (UNIT, "3号楼楼下"), (UNIT, "402（3号楼）"),
])
def test_another_building_or_floor_than_the_recorded_one_stays_readable(who, text):
    assert privacy.mask_text(text, [who]) == text


@pytest.mark.django_db
def test_search_finds_no_case_by_the_lettered_home(world, no_triage):
    content = "饭店油烟直排。我住Ｂ座１５０２，就在饭店正上方，b座1502的窗户不敢开。邻居家住金色家园A栋1801。"
    case = register(world, unit="county_a", clerk="amy", title="饭店油烟", content=content,
                    complainants=[actions.ComplainantInput(**LETTERED)])
    assert found(world, "amy", "1502") == {case.number}
    for who in ("otto", "sue"):
        assert found(world, who, "饭店油烟") == {case.number}, who
        for q in ("1502", "１５０２", "A栋1801", "1801"):
            assert found(world, who, q) == set(), (who, q)
