"""The nineteenth outside review, part c (R19-7, R19-11): names in pinyin outside the fixed forms (lower case, tone marks,
English labels and sign-offs, signature lines) and English homes after a home cue; and what is no one's identity though
it was masked (a recorded name inside a road's or a company's name, 金湖人, 王经理, the word 电话 in a label, the landmark
before a home). Each new form has what must stay readable beside it."""

import pytest

from ecopetition.cases import privacy

from .maskcheck import assert_gone, assert_kept, shown_to_all

P = "射阳县合德镇化工厂夜里排臭气。"


def recorded(name):
    return [{"name": name, "phone": "13812340000", "id_number": "", "address": ""}]


# --- R19-7: pinyin and English forms ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, gone", [
    (P + "我是wang jianguo", ("wang", "jianguo")),
    (P + "我叫 wáng jiàn guó", ("wáng", "jiàn", "guó")),
    (P + "\n—— Wang Jian-guo", ("Wang", "Jian")),
    ("Jianguo WANG, 58, Xinhua village\n" + P, ("Jianguo", "WANG")),
    (P + "\nComplainant: Wang Jianguo", ("Wang", "Jianguo")),
    (P + "\nReporter: Li Xiuying, tel 13912345678", ("Li ", "Xiuying", "13912345678")),
    (P + "\nSigned: Wang Jianguo", ("Wang", "Jianguo")),
    (P + "\nBy Wang Jianguo, resident", ("Wang", "Jianguo")),
    (P + "\nBest,\nLi Xiuying", ("Li ", "Xiuying")),
    (P + "\n— Wang", ("Wang",)),
    (P + "\nI live at 18 Xingfu Road, Xinhua Village.", ("18", "Xingfu")),
    (P + "\nI live at No. 18 Xingfu Road.", ("18", "Xingfu")),
    (P + "\nMy address: Room 502, Building 3, Xingfu Garden", ("502", "Xingfu")),
    (P + "\nComplainant: Wang Jianguo\nI live at 18 Xingfu Road, Xinhua Village.", ("Wang", "Jianguo", "Xingfu")),
])
def test_r19_7_pinyin_and_english_forms_are_masked(text, gone):
    assert_gone(text, *gone)


@pytest.mark.parametrize("text", [
    P + "\nBy bus it takes ten minutes.",
    P + "\nBest regards",
    P + "\nFrom the factory gate the smell is strong.",
    P + "\nI live in Xinhua Village.",
    P + "\nSigned: the residents",
    P + "PM2.5 and COD are over the limit.",
    P + "\nFactory address: No. 5 Industrial Road",
    "Café Lü",
])
def test_r19_7_english_words_stay(text):
    assert_kept(text)


# --- R19-11: what is no identity stays readable ---------------------------------------------------------------------

@pytest.mark.parametrize("text, kept, gone", [
    ("我住化工厂东边200米的幸福路18号", "化工厂东边200米", "幸福路18号"),
    ("我家在化工厂对面的幸福路18号", "化工厂对面", "幸福路18号"),
    ("举报人姓名及电话：王建国", "姓名及电话", "王建国"),
])
def test_r19_11_landmark_and_label_stay(text, kept, gone):
    for shown in shown_to_all(text):
        assert kept in shown and gone not in shown, shown


@pytest.mark.parametrize("text", ["联系人：王经理（化工厂）", "我是金湖人，在这打工"])
def test_r19_11_title_and_home_town_stay(text):
    assert_kept(text)


@pytest.mark.parametrize("name, text", [
    ("江海", "长江海门段有污染"),
    ("陈光", "陈光明路的化工厂"),
    ("高山", "登高山看得见烟囱"),
    ("李明", "李明化工有限公司排污"),
    ("王平", "水平和平路"),
])
def test_r19_11_recorded_name_inside_a_place_stays(name, text):
    assert privacy.mask_text(text, recorded(name)) == text


@pytest.mark.parametrize("name, text", [
    ("陈光", "我是陈光，在路上闻到臭味"),
    ("陈光", "陈光在路边看见排污"),
    ("江海", "找江海了解情况"),
    ("李明", "李明说化工厂排污"),
    ("高山", "我叫高山"),
    ("王建国", "王建国路过化工厂"),
])
def test_r19_11_recorded_name_as_a_person_is_still_masked(name, text):
    assert name not in privacy.mask_text(text, recorded(name))


@pytest.mark.parametrize("text, gone", [
    ("尊敬的王先生：您好！", "王先生"),
    ("联系人：王村长", "王村长"),
    ("我住东方小区的3栋502", "东方小区"),
])
def test_r19_11_what_may_be_the_writer_stays_masked(text, gone):
    assert_gone(text, gone)
