"""The free-text detector against the tenth outside review: names with an interpunct or in Latin letters (R10-12)."""

import pytest

from ecopetition.cases import privacy

UYGHUR = {"name": "阿不都热合曼·买买提", "phone": "13700004444"}
AISIN = {"name": "爱新觉罗·溥仪"}
LATIN = {"name": "Tom Smith"}


# R10-12: the recorded name with an interpunct, in every spelling, and each of its parts as a given name.
@pytest.mark.parametrize("who, text, gone", [
    (UYGHUR, "阿不都热合曼·买买提反映厂里偷排", ["阿不都热合曼", "买买提"]),
    (UYGHUR, "我是阿不都热合曼•买买提，村里的养殖场臭味很大。", ["阿不都热合曼", "买买提"]),
    (UYGHUR, "阿不都热合曼・买买提反映", ["阿不都热合曼", "买买提"]),
    (UYGHUR, "阿不都热合曼‧买买提反映", ["阿不都热合曼", "买买提"]),
    (UYGHUR, "阿不都热合曼买买提反映", ["阿不都热合曼", "买买提"]),
    (UYGHUR, "阿不都热合曼 买买提反映", ["阿不都热合曼", "买买提"]),
    (UYGHUR, "阿不都热合曼说晚上最臭", ["阿不都热合曼"]),
    (UYGHUR, "买买提说晚上最臭。", ["买买提"]),
    (AISIN, "爱新觉罗·溥仪家门口的河", ["溥仪"]),
    (AISIN, "爱新觉罗溥仪反映", ["溥仪"]),
    ({"name": "阿不都热合曼•买买提"}, "阿不都热合曼·买买提反映", ["阿不都热合曼", "买买提"]),
    ({"name": "阿不都热合曼 买买提"}, "买买提说晚上最臭。", ["买买提"]),
    (LATIN, "Tom Smith反映厂里偷排", ["Tom Smith"]),
    (LATIN, "Tom Smith also complained.", ["Tom Smith", "Smith"]),
    (LATIN, "TomSmith also complained.", ["TomSmith"]),
    (LATIN, "tom smith also complained.", ["tom smith"]),
    (LATIN, "Mr. Smith says it smells.", ["Smith"]),
    (LATIN, "Ms Smith says it smells.", ["Smith"]),
    ({"name": "TomSmith"}, "Tom Smith反映", ["Tom Smith"]),
])
def test_a_recorded_name_with_an_interpunct_or_a_space_is_masked_in_every_spelling(who, text, gone):
    shown = privacy.mask_text(text, [who])
    for value in gone:
        assert value not in shown, shown


@pytest.mark.parametrize("text, gone", [
    ("举报人：阿不都热合曼·买买提", ["阿不都热合曼", "买买提"]),
    ("我叫阿不都热合曼·买买提，住新民村", ["阿不都热合曼", "买买提"]),
    ("联系人：爱新觉罗・溥仪", ["溥仪"]),
])
def test_an_unrecorded_name_with_an_interpunct_after_a_cue_is_masked_whole(text, gone):
    shown = privacy.mask_text(text, [])
    for value in gone:
        assert value not in shown, shown


@pytest.mark.parametrize("who, text", [
    (UYGHUR, "买买提供的材料"),  # not a name: 买 + 买提供
    (UYGHUR, "村里的养殖场臭味很大。"),
    (LATIN, "Smithfield Foods 的冷库"), (LATIN, "Tomato sauce factory"), (LATIN, "Mr. Brown says it smells."),
    ({"name": "阿不都热合曼·买买提"}, "新疆·喀什的葡萄干"),
])
def test_what_only_looks_like_a_dotted_or_latin_name_stays_readable(who, text):
    assert privacy.mask_text(text, [who]) == text
