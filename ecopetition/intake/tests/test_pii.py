from ecopetition.intake import pii

from .letter_images import ADDRESS, NAME, PARTY, PHONE, id_number


def test_id_checksum():
    good = id_number()
    assert pii.id_checksum_ok(good)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    assert not pii.id_checksum_ok(bad)


def test_extract_letter_fields():
    text = "\n".join([
        "盐城市生态环境局：", f"我叫{NAME}，家住{ADDRESS}，", f"联系电话{PHONE}。",
        f"我要举报{PARTY}，该厂位于亭湖区南洋镇工业园，每天夜里偷排废水。", f"身份证号：{id_number()}",
    ])
    f = pii.extract(text)
    assert (f.name, f.phone, f.id_number, f.address) == (NAME, PHONE, id_number(), ADDRESS)
    assert f.reported_party == PARTY
    assert f.place == "亭湖区南洋镇工业园"


def test_cue_followed_by_a_verb_is_not_a_name():
    assert pii.extract("本人是附近居民，夜里噪声很大。").name == ""
    assert pii.extract("本人多次反映，至今无人处理。").name == ""
    assert pii.find("本人是附近居民") == []


def test_find_spans_cover_values_and_fragments():
    text = f"我叫{NAME}，电话139 1234 5678，身份证{id_number()}"
    covered = "".join(text[s.start:s.end] for s in pii.find(text))
    assert NAME in covered and id_number() in covered and "139 1234 5678" in covered
    # the given name alone, where the letter drops the surname, is found through the confirmed name
    text = "建国多次反映无果"
    assert pii.find(text) == []
    spans = pii.find(text, [("name", NAME)])
    assert [text[s.start:s.end] for s in spans] == ["建国"]
    # the confirmed address inside other text
    text = f"请到{ADDRESS}来看"
    assert [text[s.start:s.end] for s in pii.find(text, [("address", ADDRESS)])] == [ADDRESS]


def test_summary_leaves_out_clauses_with_personal_data():
    text = (f"盐城市生态环境局：我叫{NAME}，家住{ADDRESS}，联系电话{PHONE}。"
            f"我要举报{PARTY}，该厂每天夜里偷排废水，河水发黑发臭。")
    assert pii.summary(text) == f"我要举报{PARTY}，该厂每天夜里偷排废水，河水发黑发臭"
    assert pii.summary(f"我叫{NAME}，电话{PHONE}") == ""


def test_place_that_is_the_home_address_is_not_offered():
    f = pii.extract(f"我叫{NAME}，家住{ADDRESS}。门口的工地位于{ADDRESS}，每天夜里施工。")
    assert f.address == ADDRESS and f.place == ""
