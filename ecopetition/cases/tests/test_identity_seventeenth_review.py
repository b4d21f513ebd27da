"""The seventeenth outside review's High identity findings: R17-2 a name after a cue taken for an organisation when
厂/公司 follows later in the clause, R17-1 the recorded house number when the recorded address puts a village,
community, estate or park before the road. Each with what must stay readable beside it."""

import pytest

from ecopetition.cases.masking import mask_text

# --- R17-2: the organisation test looks at the characters right after the name ----------------------------------

ORGANISATION_LATER = [
    ("信访人王建国反映化工厂排臭气", "王建国"),
    ("信访人王建国反映化工厂排臭气，要求处理。", "王建国"),
    ("关于信访人王建国反映化工厂排臭气问题的调查报告", "王建国"),
    ("信访人李秀英反映东河村砖厂冒黑烟，要求处理。", "李秀英"),
    ("举报人王建国投诉化工厂", "王建国"),
    ("举报人王建国称化工厂排臭气", "王建国"),
    ("举报人王建国来信反映化工厂排臭气", "王建国"),
    ("联系人王建国反映化工厂排臭气", "王建国"),
    ("信访人王建国反映某公司排污", "王建国"),
    ("举报人张秀兰反映新华化工有限公司偷排", "张秀兰"),
    ("举报人王建国等反映化工厂排臭气", "王建国"),
    ("致王建国：化工厂已整改", "王建国"),
    ("现答复王建国：化工厂已整改", "王建国"),
    ("化工厂赔偿王建国2000元", "王建国"),
]


@pytest.mark.parametrize(("text", "name"), ORGANISATION_LATER)
def test_r17_2_a_name_after_a_cue_is_masked_whatever_works_the_clause_names_later(text, name):
    shown = mask_text(text, [])
    assert name not in shown and name[1:] not in shown, shown
    assert name[0] in shown  # the surname stays, as for every found name
    assert "厂" in shown or "公司" in shown  # the polluter stays readable


@pytest.mark.parametrize("text", [
    "信访人反映宏达化工厂排污",
    "举报人：宏达化工厂的工人",
    "举报人：东方化工有限公司",
    "投诉人：新华村村民反映化工厂",
    "致领导：化工厂排臭气",
    "致县环保局：请处理",
    "赔偿金额2000元",
    "赔偿周边村民",
])
def test_r17_2_organisations_and_offices_stay_readable(text):
    assert mask_text(text, []) == text


# --- R17-1: the recorded house number after the road written without the village before it -----------------------

def _recorded(address):
    return [{"name": "王建国", "phone": "13912345678", "id_number": "320902198503150012", "address": address}]


ADDRESSES = ["盐城市射阳县新华村幸福路18号", "盐城市射阳县合德镇新华社区幸福路18号", "盐城市射阳县新华居委会幸福路18号",
             "盐城市射阳县工业园区幸福路18号", "盐城市射阳县新华小区幸福路18号"]
WRITTEN = ["化工厂排臭气，幸福路18号院里。", "化工厂排臭气，幸福路十八号那家。", "化工厂排臭气，就在幸福路 18 号。",
           "幸福路拾捌号。", "幸福路18#。", "18号幸福路。", "幸福路第18号。", "幸福路18号对面就是厂。",
           "射阳县合德镇幸福路18号", "新华村幸福路18号"]


@pytest.mark.parametrize("address", ADDRESSES)
@pytest.mark.parametrize("text", WRITTEN)
def test_r17_1_the_recorded_house_number_is_masked_after_the_road_without_its_village(address, text):
    shown = mask_text(text, _recorded(address))
    for number in ("18", "十八", "拾捌"):
        assert number not in shown, shown
    assert "幸福路" in shown  # the road is a place, not the home


@pytest.mark.parametrize("address", ADDRESSES)
def test_r17_1_another_number_on_the_road_stays_readable(address):
    assert mask_text("幸福路28号化工厂排臭气", _recorded(address)) == "幸福路28号化工厂排臭气"
    assert mask_text("幸福路上有18家饭店", _recorded(address)) == "幸福路上有18家饭店"


def test_r17_1_a_road_named_after_a_village_is_not_cut():
    shown = mask_text("新村路18号", _recorded("盐城市射阳县合德镇新村路18号"))
    assert "18" not in shown and shown.startswith("新村路"), shown
    assert mask_text("幸福路18号", _recorded("盐城市射阳县合德镇新村路18号")) == "幸福路18号"


# --- R17-3: the scanned letter's redacted copy is redone when the case's masks gain a name -------------------------

LETTER = ["化工厂排臭气，熏得人睡不着。", "化工厂排臭气，熏到了王建国的菜地。", "请环保局管一管。"]


@pytest.mark.django_db
def test_r17_3_a_name_found_later_is_blacked_out_in_the_letter_copy(world, no_triage, monkeypatch, tmp_path):
    from ecopetition.cases import actions
    from ecopetition.cases.models import Attachment
    from ecopetition.core import clock
    from ecopetition.intake import letters
    from ecopetition.intake.models import ScannedLetter

    from .helpers import register

    drawn = []

    def fake_redacted(letter, known, people=()):
        drawn.append(letters.line_spans(letter, known, people))
        return f"copy {len(drawn)}".encode(), "x.png"

    monkeypatch.setattr(letters, "redacted_file", fake_redacted)
    monkeypatch.setattr("ecopetition.cases.attachments.attachment_path", lambda att: tmp_path / "copy.png")
    case = register(world, content="\n".join(LETTER), title="化工厂排臭气", is_anonymous=True, complainants=[])
    u = world.users
    att = Attachment.objects.create(complaint=case, original_name="x.png", content_type="image/png", size=6,
                                    sha256="0" * 64, storage_name="r17-3.png", uploaded_at=clock.now())
    ScannedLetter.objects.create(kind="png", unit=world.units["city"], uploaded_by=u["cara"], uploaded_at=clock.now(),
                                 size=1, storage_name="r17-3-letter.png", complaint=case, redacted=att,
                                 lines=[{"page": 1, "text": t, "box": [0, 20 * i, 400, 20 * i + 18]}
                                        for i, t in enumerate(LETTER)])
    actions.do_accept(case, actor=u["cara"])
    actions.do_assign(case, actor=u["dan"], lead_unit=world.units["city_eco"])
    actions.do_sign_for(case, actor=u["olga"])
    assert not drawn  # no note naming anyone: nothing redone
    actions.do_report(case, actor=u["olga"], finding="founded", result="经核实，举报人：王建国，新华村村民，反映属实。")
    assert drawn, "the copy was not redone"
    at = LETTER[1].index("王建国")
    assert all(any(s.start <= i < s.end for s in drawn[-1][1]) for i in range(at, at + 3)), drawn[-1][1]
    assert not drawn[-1][0] and not drawn[-1][2]  # the rest stays readable
    assert (tmp_path / "copy.png").read_bytes() == f"copy {len(drawn)}".encode()
    att.refresh_from_db()
    assert att.size == len(f"copy {len(drawn)}") and att.sha256 != "0" * 64
