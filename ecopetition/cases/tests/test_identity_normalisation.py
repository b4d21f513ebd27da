"""The masks hold however a value is written (fifth outside review, R5-1/2/3/7): invisible and format characters,
tabs and styled digits inside a number or a name; a recorded value written with spaces; fragments of the name
that add up to it; a public place that names somebody's home."""

import unicodedata

import pytest

from ecopetition.analytics.disclosure import public_place, public_text
from ecopetition.cases import actions, privacy
from ecopetition.cases.masking import Shadow, summary_of

from .helpers import found, register

HIDDEN = "\u200b\u200c\u200d\u2060\u00ad\ufeff"  # zero-width space/non-joiner/joiner, word joiner, soft hyphen, BOM


def read(shown: str) -> str:
    """What a reader (or a scanner) makes of a shown text: NFKC, format characters gone, tabs as spaces,
    styled digits as digits; and also with every space dropped."""
    text = "".join(c for c in unicodedata.normalize("NFKC", shown) if unicodedata.category(c) != "Cf")
    text = "".join(str(unicodedata.digit(c)) if unicodedata.digit(c, None) is not None else c for c in text)
    return text.replace("\t", " ") + "\n" + "".join(text.split())


PHONE = "13812345678"
MUYU = {"name": "慕容秋水", "phone": "13566667777", "id_number": "320924198512034417"}


def styled(digits: str, base: int) -> str:
    return "".join(chr(base + int(d)) for d in digits)


def circled(digits: str) -> str:
    return "".join("⓪" if d == "0" else chr(0x2460 + int(d) - 1) for d in digits)


HIDDEN_FORMS = [f"138{c}1234{c}5678" for c in HIDDEN] + [
    "138\t1234\t5678", styled(PHONE, 0x1D7CE), styled(PHONE, 0x1D7EC), circled(PHONE), "１３８\u200b１２３４５６７８",
    "138\u200c1234\u200d5678",
]


@pytest.mark.parametrize("text", HIDDEN_FORMS)
@pytest.mark.parametrize("people", [[{"name": "王小明", "phone": PHONE}], []])
def test_invisible_characters_tabs_and_styled_digits_do_not_defeat_the_phone_mask(text, people):
    """R5-1: the recorded phone, and any phone, written with invisible characters, tabs or styled digits."""
    shown = privacy.mask_text(f"电话{text}可联系。", people)
    assert "1234" not in read(shown) and "5678" not in read(shown), repr(shown)
    assert "电话" in shown and "可联系。" in shown
    # the mask covers the invisible characters too: nothing of the value is left in the shown text
    assert not any(unicodedata.category(c) == "Cf" for c in shown), repr(shown)


@pytest.mark.parametrize("people", [[MUYU], []])
def test_invisible_characters_inside_an_id_number_or_a_name(people):
    text = "本人慕容\u200b秋水，身份证320924\u2060198512034417，备用135\u200b6666\u200b7777。"
    shown = privacy.mask_text(text, people)
    for value in ("秋水", "034417", "19851203", "6666", "7777"):
        assert value not in read(shown), repr(shown)


def test_the_red_team_text_is_masked_whole():
    people = [{"name": "欧阳建国", "phone": "13911112222"}]
    text = ("电话139\t1111\t2222可联系。备用139\u200b1111\u200b2222。本人欧阳\u200b建国，"
            "身份证320924\u2060198807078812。合德镇化工厂")
    shown = privacy.mask_text(text, people)
    for value in ("1111", "2222", "建国", "078812", "19880707"):
        assert value not in read(shown), repr(shown)
    assert shown.endswith("合德镇化工厂")
    shown = public_place("电话139\u200b1111\u200b2222", people)
    assert "1111" not in read(shown)


def test_a_recorded_name_with_invisible_characters_is_found_in_plain_text():
    shown = privacy.mask_text("王小明说，小明家门口的河变黑了。王\u200b小\u200b明又来了", [{"name": "王小明\u200b"}])
    assert "小明" not in read(shown), shown


def test_a_summary_is_not_cut_inside_a_number_with_invisible_characters():
    number = "139\u200b1234\u200b5678"
    for pad in range(40, 60):
        title = summary_of("请" * pad + number + "，请保密。")
        assert sum(c.isdigit() for c in Shadow(privacy.mask_text(title, [])).text) <= 4, repr(title)


def test_the_plain_characters_read_as_themselves():
    """The fast path of `read_text` skips texts made only of these: each must read as itself."""
    import re

    from ecopetition.cases.masking import _READING, PLAIN_CHARS

    plain = re.compile(f"[{PLAIN_CHARS}]")
    chars = [chr(c) for c in range(0x110000) if 0xD800 > c or c > 0xDFFF if plain.match(chr(c))]
    assert len(chars) > 20000
    everything = "".join(chars)
    assert everything.translate(_READING) == everything


def test_ordinary_text_keeps_its_characters():
    """Normal Chinese text (full-width punctuation, ideographic spaces, ①② lists of measures) is shown as written."""
    for text in ("整改措施：①停产整顿；②安装在线监测。", "１２月３日，东方化工厂（盐城）夜间排放，气味刺鼻！",
                 "面积１２００平方米，温度３５℃", "第一、二、三条　已整改"):
        assert privacy.mask_text(text, [MUYU]) == text


# --- R5-2: recorded values normalised before matching ------------------------------------------------------------


@pytest.mark.parametrize("name", ["司马　相如", "司马 相如", "司马相如\u200b", " 司马相如\t", "司马\u3000\u200b相如"])
def test_a_recorded_name_written_with_spaces_masks_the_plain_name(name):
    shown = privacy.mask_text("今天司马相如又来了，相如说养猪场臭味很重，相如要求尽快处理。", [{"name": name}])
    assert "相如" not in read(shown), shown
    assert "养猪场臭味很重" in shown


def test_a_plain_recorded_name_masks_the_name_written_with_spaces():
    shown = privacy.mask_text("来电人西门 吹雪反映，西门　吹雪家在厂后，吹 雪说", [{"name": "西门吹雪"}])
    assert "吹雪" not in read(shown), shown


def test_recorded_numbers_written_in_full_width_or_with_spaces_still_mask():
    people = [{"name": "王小明", "phone": "１３８ 1234\u200b5678", "id_number": "３２０９２４ 198512034417"}]
    shown = privacy.mask_text("电话13812345678，身份证末6位034417，生日19851203", people)
    for value in ("12345678", "034417", "19851203"):
        assert value not in shown, shown


# --- R5-3: fragments that add up to the name ---------------------------------------------------------------------


@pytest.mark.parametrize("text, gone", [
    ("经与慕容女士核实，秋水同志另留电话", ["慕容", "秋", "水"]),
    ("慕容阿姨说", ["慕容"]), ("慕容先生、慕容老师、慕容大爷都来了", ["慕容"]),
])
def test_the_given_name_and_the_surname_with_an_honorific_are_masked_whole(text, gone):
    shown = privacy.mask_text(text, [MUYU])
    for value in gone:
        assert value not in shown, shown


def test_a_single_surname_with_an_honorific_and_the_given_name_alone():
    shown = privacy.mask_text("小明同志来电，王女士说王先生不在", [{"name": "王小明"}])
    assert "小" not in shown and "王" not in shown, shown
    assert shown.endswith("同志来电，***说***不在"), shown
    # the full name keeps its first character, as the complainant box does; another surname is left alone
    assert privacy.mask_text("王小明、李女士", [{"name": "王小明"}]) == "王**、李女士"


# --- R5-7: a public place that names somebody's home -------------------------------------------------------------


@pytest.mark.parametrize("address, place", [
    ("射阳县合德镇欧阳建国家门前的小路", "射阳县合德镇"),
    ("射阳县合德镇人民路王小明家旁边", "射阳县合德镇人民路"),
    ("合德镇新民村张三家后面的河", "合德镇新民村"),
    ("亭湖区黄尖镇王路家门口", "亭湖区黄尖镇"),
])
def test_a_public_place_that_names_a_home_is_cut_to_the_town_or_road(address, place):
    for people in ([{"name": "欧阳建国"}], []):
        assert public_place(address, people) == place


# --- Search: no case found by a value hidden in these forms ------------------------------------------------------




@pytest.mark.django_db
def test_search_finds_no_case_by_a_hidden_or_spaced_value(world, no_triage):
    content = ("电话139\t1111\t2222可联系。备用139\u200b1111\u200b2222。本人欧阳\u200b建国，身份证320924\u2060198807078812。"
               "今天司马相如又来了，相如说养猪场臭味很重。𝟏𝟑𝟓𝟔𝟔𝟔𝟔𝟕𝟕𝟕𝟕")
    case = register(world, unit="county_a", clerk="amy", title="养猪场臭味", content=content,
                    complainants=[actions.ComplainantInput(name="司马　相如", phone="13566667777")])
    assert found(world, "amy", "078812") == {case.number}  # the clerk may see the identity
    for who in ("otto", "sue"):
        assert found(world, who, "养猪场") == {case.number}, who
        for q in ("078812", "198807078812", "1111 2222", "139 1111 2222", "相如", "67777", "建国"):
            assert found(world, who, q) == set(), (who, q)


# R6-1: the separators IMEs, Word, WPS, Excel and PDFs put between the groups of a number
DASHES = ["ー", "——", "\u2011", "\u2010", "\u2012", "\u2015", "\u2212", "•", "‧", ":", "#", "〜", "'", "+", " \u2212 "]


@pytest.mark.parametrize("sep", DASHES)
@pytest.mark.parametrize("people", [[{"name": "皇甫春生", "phone": "13755556666", "id_number": "320924198807078812"}], []])
def test_any_separator_between_the_groups_of_a_phone_or_an_id_number(sep, people):
    text = f"报警人电话137{sep}5555{sep}6666，身份证320924{sep}19880707{sep}8812。"
    shown = privacy.mask_text(text, people)
    for value in ("5555", "6666", "19880707", "8812"):
        assert value not in read(shown), (sep, shown)
    assert public_text(text, people) != text


def test_full_width_digits_with_the_ime_dash_are_masked():
    shown = privacy.mask_text("电话１３９ー１２３４ー５６７８", [])
    assert "１２３４" not in shown and "５６７８" not in shown, shown


def test_search_finds_no_case_by_a_number_written_with_an_ime_dash(world, no_triage):
    content = "化工厂半夜排气。我的电话139ー8888ー2222，身份证320924\u201119880707\u20118812。"
    case = register(world, unit="county_a", clerk="amy", title="化工厂排气", content=content,
                    complainants=[actions.ComplainantInput(name="欧阳建国", phone="13988882222")])
    assert found(world, "otto", "化工厂") == {case.number}
    for q in ("8812", "ー8888ー", "8888", "19880707"):
        assert found(world, "otto", q) == set(), q


@pytest.mark.parametrize("text", ["门牌3#303，共2#、5#两栋", "时间12:30至13:45", "编号001•002•003", "2026—2027年度",
                                  "电话13812345678——13987654321"])
def test_numbers_with_these_separators_that_are_no_phone_stay_readable(text):
    shown = privacy.mask_text(text, [])
    if "13812345678" in text:
        assert "1234" not in shown and "8765" not in shown and "——" in shown, shown
    else:
        assert shown == text


# --- R6-2: the recorded name split over lines or by punctuation, in traditional characters, in pinyin ----------------

SPLITS = ["\n", " ", "、", ".", "-", "_", "·", "ー", "*", "/", "，", "（", "|", "\r\n", " - "]


@pytest.mark.parametrize("sep", SPLITS)
def test_the_recorded_name_split_by_any_separator_is_masked(sep):
    """R6-2: 慕X容X秋X水 and 秋X水 with 慕容秋水 recorded; the separators may stay, the characters may not."""
    text = f"反映人：慕{sep}容{sep}秋{sep}水，秋{sep}水说化工厂夜间排气。"
    shown = privacy.mask_text(text, [MUYU])
    for c in "容秋水":
        assert c not in shown, (sep, shown)
    assert "化工厂夜间排气" in shown


@pytest.mark.parametrize("text", ["反映人：宇文\n朝阳", "宇文朝\n阳来电", "宇-文-朝-阳，住兴旺小区", "朝\n阳说", "宇文\n女士"])
def test_a_name_split_over_lines_is_masked_as_written(text):
    shown = privacy.mask_text(text, [{"name": "宇文朝阳"}])
    assert "朝" not in shown and "阳" not in shown and "文" not in shown, shown
    assert shown.count("\n") == text.count("\n")  # the line breaks stay


@pytest.mark.parametrize("text, gone", [
    ("陳建華反映石材厂粉尘大，建華说窗台全是灰。", ["建華", "建", "華"]),
    ("經與陳先生核實", ["陳先生", "先生"]),
    ("陳\n建華來電", ["建", "華"]),
])
def test_the_recorded_name_in_traditional_characters_is_masked(text, gone):
    for recorded in ("陈建华", "陳建華"):
        shown = privacy.mask_text(text, [{"name": recorded}])
        for value in gone:
            assert value not in shown, (recorded, shown)
    assert "石材厂粉尘大" in privacy.mask_text(text, [{"name": "陈建华"}]) or "石材" not in text


@pytest.mark.parametrize("text", ["拼音huangfu chunsheng，请回电", "Huangfu Chunsheng", "HUANGFUCHUNSHENG来电",
                                  "名字huangfu，叫chunsheng", "署名Chunsheng Huangfu", "huang fu chun sheng"])
def test_the_pinyin_of_the_recorded_name_is_masked(text):
    shown = privacy.mask_text(text, [{"name": "皇甫春生"}]).lower()
    assert "huangfu" not in shown and "chunsheng" not in shown and "chun sheng" not in shown, shown


def test_pinyin_is_matched_as_whole_words_only():
    """A syllable inside a longer Latin word, or a one-syllable surname alone, is no name."""
    people = [{"name": "陈建华"}]
    for text in ("型号chenjianhuax1", "chen先生", "Jianhua路3号", "PM2.5超标"):
        shown = privacy.mask_text(text, people)
        assert shown == text, shown  # Jianhua路 is a road's name (R8-1: the given name alone names a person only)
    assert "Jianhua" not in privacy.mask_text("我是Jianhua，电话见上", people)  # the given name alone is a fragment
    assert "chen jianhua" not in privacy.mask_text("联系人 Chen Jianhua", people).lower()


def test_split_and_traditional_names_keep_the_readable_parts_readable():
    """Case numbers, dates, amounts, GB numbers, plates, the reported party and place names stay."""
    text = ("SY-20261207-0006 合德镇化工厂（王氏化工有限公司，公司电话0515-88881234）2026年12月6日超标，"
            "罚款5万元，依据GB 16297-1996，车牌苏J12345。")
    people = [{"name": "陳建華", "phone": "13755556666"}, {"name": "宇文朝阳"}, MUYU]
    assert privacy.mask_text(text, people) == text


# --- R6-4: signature blocks and spaced names with nothing recorded -----------------------------------------------


@pytest.mark.parametrize("text, name", [
    ("养殖场污水横流。\n此致\n敬礼\n濮阳雪松（签字）\n2026年12月6日", "雪松"),
    ("东方白云（签字）", "白云"),
    ("养殖场污水横流。\n此致\n敬礼\n东方白云\n2026年12月1日", "白云"),
    ("养殖场污水横流，请尽快处理。此致敬礼！王建军 2026年12月6日", "建军"),
    ("以上情况属实。\n李秀英（手印）", "秀英"),
    ("以上情况属实。\n信访人（签字）：赵德明", "德明"),
    ("河边的养猪场臭气熏天。\n张桂兰\n2026年11月30日", "桂兰"),
    ("东 方 白 云反映化工厂夜间排气", "白"),
    ("我叫 王 小 明，家在厂后", "小"),
])
def test_a_signature_block_or_a_spaced_name_with_nothing_recorded_is_masked(text, name):
    shown = privacy.mask_text(text, [])
    assert name not in shown.replace(" ", ""), shown
    assert public_text(text, []) == shown or name not in public_text(text, [])


@pytest.mark.parametrize("text", [
    "此致\n敬礼\n合德镇人民政府\n2026年12月6日",
    "此致\n敬礼\n化工厂\n2026年12月6日",
    "以上情况请核实。\n射阳县生态环境局\n2026年12月6日",
    "王氏化工有限公司（盖章）\n2026年12月6日",
    "整改完成。\n合德镇\n2026年12月6日",
])
def test_a_closing_that_is_no_person_stays_readable(text):
    assert privacy.mask_text(text, []) == text


@pytest.mark.django_db
def test_search_finds_no_case_by_a_split_traditional_pinyin_or_signed_name(world, no_triage):
    content = ("陳建華反映石材厂粉尘大，建華说窗台全是灰。宇文\n朝阳、宇文朝\n阳也来过。拼音huangfu chunsheng。"
               "\n此致\n敬礼\n濮阳雪松（签字）\n2026年12月6日")
    case = register(world, unit="county_a", clerk="amy", title="石材厂粉尘", content=content,
                    complainants=[actions.ComplainantInput(name="陈建华", phone="13566667777"),
                                  actions.ComplainantInput(name="宇文朝阳", phone="13566668888"),
                                  actions.ComplainantInput(name="皇甫春生", phone="13566669999")])
    assert found(world, "amy", "陳建華") == {case.number}  # the clerk may see the identity
    for who in ("otto", "sue"):
        assert found(world, who, "石材厂") == {case.number}, who
        for q in ("陳建華", "建華", "陈建华", "朝阳", "宇文朝阳", "huangfu", "chunsheng", "濮阳雪松", "雪松"):
            assert found(world, who, q) == set(), (who, q)


# R7-4: two grouped numbers in a row. The chain of groups is cut into numbers (left to right) before the shape test,
# and the recorded phone or ID number is found whatever stands between its digits.
PAIR_SEPS = [*DASHES, "-", ".", "，", "、", "；", " ", "·"]
JOINERS = ["，", "；", "、", " ", "。", ",", "\n", "——", "或", "；　"]
OUYANG = {"name": "欧阳建国", "phone": "13988882222", "id_number": "320924198807078812"}


@pytest.mark.parametrize("joiner", JOINERS)
@pytest.mark.parametrize("sep", PAIR_SEPS)
def test_two_grouped_numbers_in_a_row_are_each_masked(sep, joiner):
    text = f"电话139{sep}8888{sep}2222{joiner}138{sep}1111{sep}3333，化工厂半夜排气"
    for people in ([OUYANG], []):
        for shown in (privacy.mask_text(text, people), public_text(text, people)):
            for value in ("8888", "2222", "1111", "3333"):
                assert value not in read(shown), (sep, joiner, shown)
            assert "化工厂半夜排气" in shown


@pytest.mark.parametrize("text", [
    "电话139ー8888ー2222，138ー1111ー3333", "电话138，1234，5678；138、1234、5678", "电话139•8888•2222；139•8888•2222",
    "139−8888−2222，139•8888•2222", "电话138ー1234ー5678 138——1234——5678", "另一个139——8888——2222，139−8888−2222，139•8888•2222。",
    "身份证320924ー19880707ー8812，电话138ー1111ー3333", "电话138ー1111ー3333、身份证320924•1988•0707•8812",
    "手机13811113333，0515ー8888ー6666；139•8888•2222",
])
def test_the_seventh_review_pairs_are_masked(text):
    for people in ([OUYANG], [], [{"phone": "13812345678"}]):
        shown = privacy.mask_text(text, people)
        for value in ("8888", "2222", "1111", "3333", "1234", "5678", "19880707", "1988", "0707", "8812", "6666"):
            assert value not in read(shown), (text, shown)


@pytest.mark.parametrize("text", [
    "139————8888————2222", "13，98，88，82，222", "1 3 9 8 8 8 8 2 2 2 2", "139 ，， 8888 ，， 2222", "1398/888/2222",
    "3209 2419 8807 0788 12", "320924——————19880707——————8812",
])
def test_the_recorded_phone_or_id_number_is_found_whatever_separates_its_digits(text):
    """Without the shape rule: the recorded value is looked for in the text's digits alone."""
    shown = privacy.mask_text(f"我的号码{text}，请回电", [OUYANG])
    assert shown.startswith("我的号码") and shown.endswith("，请回电"), shown
    digits = "".join(c for c in shown if c.isdigit())
    assert len(digits) <= 2, shown


@pytest.mark.parametrize("text", [
    "编号001、002、003；004、005", "2026-12-07，2026-12-08两次检查", "面积1200，1500，1800，2000平方米",
    "罚款100,000元，200,000元", "共13,800,000,000元", "第3、4、5、6、7、8号车间", "12:30、13:45、14:20三次",
    "监测点1•2•3•4", "SY-EB-20261207-0001、SY-EB-20261207-0002", "GB 3096-2008，GB 12348-2008规定",
])
def test_lists_codes_amounts_dates_and_case_numbers_in_a_row_stay_readable(text):
    assert privacy.mask_text(text, []) == text
    assert privacy.mask_text(text, [OUYANG]) == text


def test_search_finds_no_case_by_either_of_two_numbers_in_a_row(world, no_triage):
    content = "我是欧阳建国，电话139ー8888ー2222，138ー1111ー3333，化工厂半夜排气。另一个139•8888•2222；139−8888−2222。"
    case = register(world, unit="county_a", clerk="amy", title="化工厂排气", content=content,
                    complainants=[actions.ComplainantInput(name="欧阳建国", phone="13988882222")])
    assert found(world, "otto", "化工厂") == {case.number}
    assert found(world, "amy", "1111ー3333") == {case.number}  # the clerk may see the identity
    for q in ("1111ー3333", "8888", "3333", "8888•2222", "13811113333", "13988882222"):
        assert found(world, "otto", q) == set(), q


@pytest.mark.parametrize("text", [
    "身份证320924，19880707，001X，电话138，1111，3333", "320924ー19880707ー001X；320924•1988•0707•001x",
    "身份证号 320924、19880707、001X。",
])
def test_an_id_number_ending_in_x_with_wide_separators_is_masked(text):
    shown = privacy.mask_text(text, [])
    for value in ("19880707", "1988", "0707", "001X", "001x", "1111", "3333"):
        assert value not in shown, shown


# R8-3: keycap digits (1️⃣: digit, U+FE0F, U+20E3) and bracketed numerals (㈠, (一), 🄁, ⑴, ⒈) read as digits in
# `read_text`, so that the generic detectors, the recorded values, disclosure and search all see the number.
def keycaps(digits: str, selector: bool = True) -> str:
    return "".join(d + ("\ufe0f" if selector else "") + "\u20e3" for d in digits)


CN = "〇一二三四五六七八九"
BRACKETED_FORMS = [
    keycaps("13755551111"), keycaps("13755551111", selector=False), keycaps("137") + "55551111",
    "".join("㉇" if d == "0" else chr(0x3220 + int(d) - 1) for d in "13755551111"),
    "".join(f"({CN[int(d)]})" for d in "13755551111"), "".join(f"（{CN[int(d)]}）" for d in "13755551111"),
    "".join(chr(0x1F101 + int(d)) for d in "13755551111"), "".join(chr(0x2474 + int(d) - 1) for d in "1375555111"),
    "".join(f"({d})" for d in "13755551111"), "".join(chr(0x2488 + int(d) - 1) for d in "1375555111"),
]


@pytest.mark.parametrize("text", BRACKETED_FORMS)
@pytest.mark.parametrize("people", [[{"name": "上官明月", "phone": "13755551111"}], []])
def test_keycap_and_bracketed_numerals_do_not_defeat_the_phone_mask(text, people):
    if "0" not in text and len(text) == 10 and not people:
        text += text[0]  # ⑴…⒈ have no zero: 1375555111 + 1
    for shown in (privacy.mask_text(f"我的手机{text}，请回电。", people),
                  public_text(f"我的手机{text}，请回电。", people)):
        assert "5555" not in read(shown) and "1111" not in read(shown), repr(shown)
        assert not any(c in shown for c in "五一㈤㈠") and "🄆" not in shown and "5\u20e3" not in shown, repr(shown)
        assert shown.startswith("我的手机") and shown.endswith("，请回电。"), repr(shown)


def test_the_mask_covers_the_last_keycap_whole():
    """No starred keycap (*️⃣) is left after the mask: the marks after the last digit are masked with it."""
    shown = privacy.mask_text(f"手机{keycaps('13912340001')}，请回电。", [])
    assert shown == "手机" + "*" * 11 + "，请回电。", repr(shown)  # a star a digit: no run three times as long


def test_an_id_number_in_keycaps_is_masked():
    shown = privacy.mask_text(f"我身份证{keycaps('320924198001015513')}。", [])
    assert "19800101" not in read(shown) and "5513" not in read(shown), repr(shown)


@pytest.mark.parametrize("text", ["（一）基本情况；（二）整改措施", "第(1)条、第(2)条", "㈠停产；㈡整改",
                                  "1️⃣停产 2️⃣整改", "方案(一)(二)两种"])
def test_section_numbers_in_brackets_stay_readable(text):
    assert privacy.mask_text(text, [MUYU]) == text


@pytest.mark.django_db
def test_search_finds_no_case_by_a_keycap_or_bracketed_phone(world, no_triage):
    content = f"我的手机{BRACKETED_FORMS[3]}，我爱人手机{keycaps('13912340001')}，化工厂半夜排气。"
    case = register(world, unit="county_a", clerk="amy", title="化工厂排气", content=content,
                    complainants=[actions.ComplainantInput(name="上官明月", phone="13755551111")])
    assert found(world, "otto", "化工厂") == {case.number}
    for q in (keycaps("139"), "㈠㈢㈦", "13912340001", "13755551111", "5555"):
        assert found(world, "otto", q) == set(), q


# R8-4: tone-marked and full-width pinyin, cues 群众/村民, signatures ending 敬上/谨上/（按手印）, a dash before the name,
# and compatibility look-alikes of ideographs (⽣ U+2F63, the Kangxi radical).
@pytest.mark.parametrize("text, name, gone", [
    ("拼音Huángfǔ Chūnshēng，请回电", "皇甫春生", ("huángfǔ", "chūnshēng")),
    ("HUÁNGFǓ CHŪNSHĒNG", "皇甫春生", ("huángfǔ", "chūnshēng")),
    ("ｈｕａｎｇｆｕ ｃｈｕｎｓｈｅｎｇ来电", "皇甫春生", ("ｈｕａｎｇｆｕ", "ｃｈｕｎｓｈｅｎｇ")),
    ("ｈｕａｎｇｆｕ", "皇甫春生", ("ｈｕａｎｇｆｕ",)),
    ("吕 *…Lǚ Chāo反映", "吕超", ("lǚ chāo",)), ("Lü Chao", "吕超", ("lü chao",)), ("Lv Chao", "吕超", ("lv chao",)),
    ("Lyu Chao", "吕超", ("lyu chao",)),
])
def test_tone_marked_and_full_width_pinyin_of_the_recorded_name_is_masked(text, name, gone):
    for shown in (privacy.mask_text(text, [{"name": name}]), public_text(text, [{"name": name}])):
        assert not any(g in shown.lower() for g in gone), shown


def test_pinyin_folding_keeps_other_latin_words():
    people = [{"name": "吕超"}]
    for text in ("Café Lü", "lvchaox1型号", "Chao Phraya"):
        assert privacy.mask_text(text, people) == text


@pytest.mark.parametrize("text", ["皇甫春⽣反映", "皇甫春⽣", "本人皇甫春⽣"])
def test_a_compatibility_look_alike_in_the_recorded_name_is_masked_whole(text):
    shown = privacy.mask_text(text, [{"name": "皇甫春生"}])
    assert "⽣" not in shown and "春" not in shown and "甫" not in shown, shown


@pytest.mark.parametrize("text, name", [
    ("群众濮阳雪松反映过多次。", "雪松"), ("一村民濮阳雪松说厂里夜里排气", "雪松"), ("村民张伟说河水发黑", "张伟"),
    ("居民王秀英称气味刺鼻", "秀英"),
    ("以上情况属实。\n濮阳雪松 敬上", "雪松"), ("以上情况属实。\n濮阳雪松谨上\n2026年12月6日", "雪松"),
    ("以上情况属实。\n张伟（按手印）", "张伟"), ("以上情况属实。\n张伟 手印", "张伟"),
    ("以上情况属实。\n—— 濮阳雪松", "雪松"), ("请尽快处理。\n——张桂兰", "桂兰"),
    ("请尽快处理！—— 赵德明", "德明"),
])
def test_unrecorded_names_after_resident_cues_and_in_more_signatures_are_masked(text, name):
    shown = privacy.mask_text(text, [])
    assert name not in shown, shown
    assert name not in public_text(text, [])


@pytest.mark.parametrize("text", [
    "群众反映强烈", "村民反映化工厂夜里排气", "村民委员会已到场", "群众路线教育", "村民小组长说", "业主方说已整改",
    "居民楼房前屋后堆满垃圾", "群众武装部",
    "此致\n敬礼\n合德镇人民政府 敬上", "工作组 谨上", "化工厂（按手印）", "——合德镇人民政府",
    "整改情况——基本完成", "\n—— 化工厂\n",
])
def test_cue_and_signature_words_without_a_person_stay_readable(text):
    assert privacy.mask_text(text, []) == text


@pytest.mark.django_db
def test_search_finds_no_case_by_tone_marked_pinyin_or_a_resident_named(world, no_triage):
    content = "拼音Huángfǔ Chūnshēng。群众濮阳雪松反映过多次。化工厂半夜排气。\n皇甫春生 敬上"
    case = register(world, unit="county_a", clerk="amy", title="化工厂排气", content=content,
                    complainants=[actions.ComplainantInput(name="皇甫春生", phone="13566669999")])
    assert found(world, "otto", "化工厂") == {case.number}
    for q in ("Huángfǔ", "Chūnshēng", "濮阳雪松", "雪松"):
        assert found(world, "otto", q) == set(), q


# R9-3: the CJK Radicals Supplement look-alikes (⻢ U+2EE2 for 马, ⻜ for 飞, ⺠ for 民…), which NFKC leaves as they are,
# read as their unified ideographs (Unicode's EquivalentUnifiedIdeograph), as the Kangxi radicals do.
RADICALS = str.maketrans("⻢⻩⻙⻰⻬⻋⺠⻜⻛⻘⻄⻓", "马黄韦龙齐车民飞风青西长")


@pytest.mark.parametrize("text, name", [
    ("我是⻢力", "马力"), ("举报人：⻢力", "马力"), ("反映人⻢力，⻢力说猪场老板姓周。", "马力"), ("张⻜反映", "张飞"),
    ("王建⺠反映", "王建民"), ("⻰青说", "龙青"), ("韦东⻛反映", "韦东风"), ("⻙东风反映", "韦东风"), ("陳⻰反映", "陈龙"),
    ("举报人⻩建华", "黄建华"), ("此致\n敬礼\n⻩建华", "黄建华"), ("司⻢相如反映", "司马相如"), ("⻬⻄⻓说", "齐西长"),
    ("⻋⻘⻘反映", "车青青"), ("我叫马力", "⻢力"),
])
def test_a_radicals_supplement_look_alike_in_the_recorded_name_is_masked_whole(text, name):
    """Masked as the name written in ideographs is (the surname shown, the rest starred), whichever is the look-alike."""
    plain = text.translate(RADICALS)
    for mask in (privacy.mask_text, public_text):
        shown = mask(text, [{"name": name}])
        assert shown.translate(RADICALS) == mask(plain, [{"name": name.translate(RADICALS)}]) != plain, shown
        assert shown.count("*") >= len(name) - 1 - name.startswith("司"), shown


def test_radicals_supplement_characters_outside_a_name_stay_as_written():
    text = "⻢路边的⻩色污水流进⻰江，风很大。"
    assert privacy.mask_text(text, [{"name": "张伟", "phone": "13755552222"}]) == text


# R9-6: numerals that are no digits for unicodedata.digit (Suzhou 〡〢〣…, counting rods 𝍠𝍡…, Roman Ⅰ…Ⅸ) read as
# digits where they stand in a run; tone-number pinyin (Huang2fu3) of the recorded name.
def suzhou(digits: str) -> str:
    return "".join("〇" if d == "0" else chr(0x3021 + int(d) - 1) for d in digits)


def rods(digits: str, *, tens: bool = False) -> str:
    """Counting-rod numerals, every second one in the tens form (𝍩…) when `tens` (no zero: 〇 as written)."""
    return "".join("〇" if d == "0" else chr((0x1D369 if tens and i % 2 else 0x1D360) + int(d) - 1)
                   for i, d in enumerate(digits))


def roman(digits: str, *, lower: bool = False) -> str:
    return "".join("〇" if d == "0" else chr((0x2170 if lower else 0x2160) + int(d) - 1) for d in digits)


NUMERAL_FORMS = [suzhou("13755551111"), rods("13755551111"), rods("13755551111", tens=True), roman("13755551111"),
                 roman("13755551111", lower=True), "〡三七五五五五一一一一", "〡〣〧 〥〥〥〥 〡〡〡〡", "〡〣〧-5555-1111"]


@pytest.mark.parametrize("text", NUMERAL_FORMS)
@pytest.mark.parametrize("people", [[{"name": "上官明月", "phone": "13755551111"}], []])
def test_suzhou_rod_and_roman_numerals_do_not_defeat_the_phone_mask(text, people):
    for shown in (privacy.mask_text(f"我的手机{text}，请回电。", people),
                  public_text(f"我的手机{text}，请回电。", people)):
        assert shown.startswith("我的手机***") and shown.endswith("，请回电。"), repr(shown)
        assert not any(c in shown for c in "〥〧五一𝍤𝍦ⅤⅦⅴⅶ5"), repr(shown)
    assert privacy.mask_text(f"我的手机{text}，请回电。", people) == "我的手机" + "*" * 11 + "，请回电。" or " " in text or "-" in text


def test_an_id_number_in_suzhou_numerals_is_masked():
    shown = privacy.mask_text(f"身份证{suzhou('320924198512034417')}", [MUYU])
    assert "〡〩〨〥" not in shown and "〤〤〡〧" not in shown and shown.startswith("身份证"), shown


@pytest.mark.parametrize("text", ["执行地表水Ⅲ类标准", "GB3838-2002Ⅲ类", "Ⅳ类水质", "第Ⅱ、Ⅲ期工程", "〇号排口",
                                  "一二三车间", "第一二期", "Ⅲ-Ⅳ类", "〡号仓库", "苏州码子〡〢〣"])
def test_roman_and_suzhou_numerals_in_ordinary_text_stay_readable(text):
    assert privacy.mask_text(text, [MUYU]) == text


@pytest.mark.parametrize("text, name, gone", [
    ("拼音Huang2fu3 Chun1sheng1，请回电", "皇甫春生", ("huang2fu3", "chun1sheng1")),
    ("Huang2 Jian4hua2反映", "黄建华", ("huang2 jian4hua2", "jian4hua2")),
    ("huang2-jian4-hua2", "黄建华", ("jian4",)), ("Jian4hua2 Huang2", "黄建华", ("jian4hua2",)),
])
def test_tone_number_pinyin_of_the_recorded_name_is_masked(text, name, gone):
    for shown in (privacy.mask_text(text, [{"name": name}]), public_text(text, [{"name": name}])):
        assert not any(g in shown.lower() for g in gone), shown


def test_tone_number_folding_keeps_other_latin_words_and_numbers():
    people = [{"name": "黄建华"}]
    for text in ("PM2.5超标", "CO2排放", "Huang3型号", "H2S气味", "Huang He 2号"):
        assert privacy.mask_text(text, people) == text


@pytest.mark.django_db
def test_search_finds_no_case_by_a_radical_look_alike_suzhou_numerals_or_tone_numbers(world, no_triage):
    content = f"反映人⻢力，手机{suzhou('13755552222')}。拼音Ma3 Li4。⻢力说猪场老板姓周。养猪场粪水直排。"
    case = register(world, unit="county_a", clerk="amy", title="养猪场粪水直排", content=content,
                    complainants=[actions.ComplainantInput(name="马力", phone="13755552222")])
    assert found(world, "otto", "养猪场") == {case.number}
    for q in ("⻢力", "马力", "〡〣〧", suzhou("13755552222"), "Ma3 Li4", "13755552222"):
        assert found(world, "otto", q) == set(), q
