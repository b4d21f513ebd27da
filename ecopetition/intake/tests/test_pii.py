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


def test_extract_reads_the_forms_the_free_text_detector_knows():
    """One set of patterns (cases/privacy.py) for masking and for the register form."""
    text = ("来信人东方明珠，电话一三九一二三四五六七八，身份证320924 19900101 104X，"
            "住址：射阳县合德镇红旗路18号。公孙胜利门口的排污口每天排黑水。")
    f = pii.extract(text)
    assert (f.name, f.phone, f.id_number, f.address) == ("东方明珠", "13912345678", "32092419900101104X",
                                                          "射阳县合德镇红旗路18号")
    assert pii.extract("电话0515 8234 5678").phone == "051582345678"
    assert pii.extract("手机+86 139 1234 5678").phone == "13912345678"
    # a name before 家门口 is the neighbour's: black under the box, not offered as the complainant's
    assert pii.extract("王建国家门前有排污口").name == ""
    assert [s.kind for s in pii.find("王建国家门前有排污口")] == ["name"]


def test_find_covers_contacts_and_birth_dates():
    text = "微信号：abc_123，QQ：12345678，邮箱zhangsan@163.com，出生于1987年05月06日"
    covered = "".join(text[s.start:s.end] for s in pii.find(text))
    for value in ("abc_123", "12345678", "zhangsan@163.com", "1987年05月06日"):
        assert value in covered


def test_writer_names_come_from_the_one_signature_rule():
    """The letter's writer is read by the free-text detector's signature rule (R6-4): what masks a typed or portal
    text is what names the writer of a scanned letter."""
    from ecopetition.cases.masking import signature_spans

    letter = "养殖场污水横流。\n此致\n敬礼\n濮阳雪松（签字）\n2026年12月6日"
    assert pii.writer_names(letter) == ["濮阳雪松"]
    assert [letter[a:b] for a, b in signature_spans(letter)] == ["濮阳雪松"]
    assert pii.writer_names("以上属实。\n东方白云（手印）") == ["东方白云"]
    assert pii.writer_names("此致\n敬礼\n合德镇人民政府\n2026年12月6日") == []


def test_a_letter_ending_with_a_name_alone_after_thanks_names_its_writer():
    # R10-3: no 此致/敬礼 and no date, the name on the last line after 谢谢！ (the usual handwritten letter)
    letter = ("尊敬的领导：\n村东头的宏达塑料厂天天晚上烧塑料，臭得没法睡觉。\n请领导尽快处理，盼复。\n谢谢！\n张秀兰")
    assert pii.writer_names(letter) == ["张秀兰"]
    assert pii.writer_names("厂里天天排污。\n请尽快处理") == []
    assert pii.writer_names("厂里天天排污。\n谢谢！\n化工厂") == []
    assert pii.writer_names("厂里天天排污。\n谢谢！\n张秀兰反映") == []  # a sentence, not a signature
