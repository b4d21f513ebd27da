"""The one identity rule: free text masked for whoever lacks the grant; the callback officer's phone view."""

import pytest
from django.test import Client

from ecopetition.cases import actions, privacy
from ecopetition.cases.models import Event
from ecopetition.testing import PASSWORD

from .helpers import register, walk_to_replied

WHO = {"name": "欧阳娜娜", "phone": "13900001234", "id_number": "320902198501010011",
       "address": "盐城市秘密小区9幢9室"}


@pytest.mark.parametrize("text, gone", [
    ("欧阳娜娜：\n您于…", ["欧阳娜娜", "娜娜"]),
    ("大家叫我娜娜", ["娜娜"]),
    ("电话013900001234567", ["13900001234"]),
    ("身份证后六位010011，出生19850101", ["010011", "19850101"]),
    ("住秘密小区9幢9室", ["秘密小区9幢9室"]),
    ("合德镇欧阳娜娜家门前的小路", ["欧阳娜娜", "娜娜"]),
])
def test_recorded_values_and_their_fragments_are_masked(text, gone):
    shown = privacy.mask_text(text, [WHO])
    for value in gone:
        assert value not in shown, shown


@pytest.mark.parametrize("text, gone, kept", [
    ("我叫张小明，电话13812345678", ["小明", "13812345678"], "我叫张"),
    ("联系人：李四 0515-88881234", ["88881234"], "联系人"),
    ("身份证110101199003078515", ["110101199003078515"], "身份证"),
    ("住阳光花园3幢201室", ["3幢201室"], "住"),
    ("合德镇王建国家门前的小路", ["建国"], "合德镇"),
])
def test_patterns_found_without_recorded_values(text, gone, kept):
    shown = privacy.mask_text(text, [])
    assert kept in shown
    for value in gone:
        assert value not in shown, shown


def test_ordinary_text_is_left_alone():
    for text in ("国家标准 GB 12348-2008 规定夜间噪声限值", "专家门口的路灯坏了", "化工厂夜间偷排废水，河水发黑发臭。"):
        assert privacy.mask_text(text, [WHO]) == text


def test_the_reply_letter_salutation_is_masked_but_stored_as_written(world):
    u = world.users
    case = register(world)
    actions.do_accept(case, actor=u["cara"])
    actions.do_assign(case, actor=u["dan"], lead_unit=world.units["city_eco"])
    actions.do_sign_for(case, actor=u["olga"])
    actions.do_report(case, actor=u["olga"], finding="founded", result="已电话告知张三丰。")
    actions.do_review(case, actor=u["sue"], passed=True)
    actions.do_reply(case, actor=u["cara"], text="张三丰：\n您反映的问题已处理。", method="sms")
    case.refresh_from_db()
    assert case.reply_text.startswith("张三丰")  # stored as written
    for person, sees in (("cara", True), ("dan", False), ("sue", False), ("olga", False), ("lee", False)):
        client = Client()
        client.force_login(world.users[person])
        body = client.get(f"/staff/cases/{case.number}/").content.decode()
        assert ("张三丰" in body) is sees, person
        assert ("三丰" in body) is sees, person


def test_callback_officer_sees_the_phone_only_while_the_case_waits_for_the_callback(world):
    case = walk_to_replied(world)
    client = Client()
    assert client.login(username="cole", password=PASSWORD)
    before = Event.objects.filter(complaint=case, action="phone_view").count()
    body = client.get(f"/staff/cases/{case.number}/").content.decode()
    assert "13812345678" in body and "110101199003078515" not in body and "张三丰" not in body
    assert Event.objects.filter(complaint=case, action="phone_view").count() == before + 1
    api = client.get(f"/staff/cases/{case.number}/")  # each view is one event
    assert api.status_code == 200
    assert Event.objects.filter(complaint=case, action="phone_view").count() == before + 2
    actions.do_callback(case, actor=world.users["cole"], result="satisfied")
    body = client.get(f"/staff/cases/{case.number}/").content.decode()
    assert "13812345678" not in body


def test_anonymous_complainant_never_named_in_a_document(world):
    from ecopetition.documents import actions as docs

    case = register(world, is_anonymous=True,
                    complainants=[actions.ComplainantInput(name="诸葛亮亮", phone="13800000000")])
    actions.do_accept(case, actor=world.users["cara"])
    doc = docs.do_generate_document(case, actor=world.users["cara"], kind="acceptance", extra={})
    assert "诸葛" not in doc.text and "亮亮" not in doc.text
    assert doc.has_identity  # generated with the identity in view: only for those who may see it


def test_granting_oneself_the_identity_needs_a_real_reason(world):
    from ecopetition.core.exceptions import ValidationError

    case = register(world)
    sue = world.users["sue"]
    with pytest.raises(ValidationError):
        actions.do_grant_identity(case, actor=sue, user=sue, reason="需要")
    actions.do_grant_identity(case, actor=sue, user=sue, reason="回访时信访人电话打不通，需核对身份证号")
    event = Event.objects.filter(complaint=case, action="grant_identity").last()
    assert event.data["self"] is True
