"""The fourteenth outside review (R14-n): half-hidden numbers, an unrecorded mobile in labelled pieces, the API's
external id, and the writer of an anonymous case in replies, officers' notes and self-introductions."""

import pytest

from ecopetition.cases import privacy

PERSON = {"name": "王建国", "phone": "13912345678", "id_number": "320902198503150012",
          "address": "盐城市亭湖区文港路18号幸福小区3号楼502室"}


# --- R14-1: the recorded phone or ID number half hidden or cut short -------------------------------------------------

@pytest.mark.parametrize("text, gone", [
    ("我姓王，手机号是1391234开头的，后四位你们系统里有。", "1391234"),
    ("我的手机号13912345***，平时打电话找我就行。", "13912345"),
    ("身份证320902198503**0012，平时打电话找我就行。", "198503"),
    ("电话139-1234-xxxx", "1234"),
    ("手机139 1234 ****，后面的不方便写", "1234"),
    ("拨打1391234****，无人接听", "1391234"),
    ("手机号码139123开头", "139123"),
    ("手机139123*****", "139123"),
    ("手机号1391234xxxx", "1391234"),
    ("手机号139-1234-XXXX", "1234"),
    ("电话139 1234 ＊＊＊＊", "1234"),
    ("电话139１２３４＊＊＊＊", "１２３４"),
    ("身份证号码：320902 1985 03 ** 0012", "1985"),
    ("身份证320902********0012，", "320902"),
    ("身份证号码前面是320902198503，后面忘了", "198503"),
])
def test_a_half_hidden_recorded_number_is_masked(text, gone):
    shown = privacy.mask_text(text, [PERSON])
    assert gone not in shown, shown


@pytest.mark.parametrize("text", [
    "废水排放量1391999吨，超标139124倍",  # digits that do not agree with the recorded values at their positions
    "罚款200000元，涉及132户",
    "监测编号2026120700***",
])
def test_other_numbers_stay(text):
    assert privacy.mask_text(text, [PERSON]) == text


# --- R14-6: an unrecorded mobile in labelled pieces -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "我的手机是1381111开头，后面四位2222。",
    "我的号码138开头，中间1111，尾号2222",
    "手机：138，中间1111，最后2222",
    "手机号138 1111 后四位2222",
    "手机号1381111开头，后4位2222",
])
def test_an_unrecorded_mobile_in_labelled_pieces_is_masked(text):
    shown = privacy.mask_text(text, [])
    assert "1111" not in shown and "2222" not in shown, shown


@pytest.mark.parametrize("text", [
    "手机拍了照片，共138张，其中1111张模糊",
    "电话打了3次，1381次投诉",
])
def test_numbers_near_a_phone_word_that_make_no_mobile_stay(text):
    assert privacy.mask_text(text, []) == text


# --- R14-3, R14-2, R14-7: the writer of an anonymous case in replies, notes and self-introductions --------------------

ANONYMOUS = {"name": "匿名", "anonymous": True}


@pytest.mark.parametrize("text, gone", [
    ("秀英阿姨：您好！\n您反映的排污问题，经查属实。", "秀英"),
    ("回复李秀英：您反映的排污问题经查属实。", "李秀英"),
    ("致李秀英的一封信。", "李秀英"),
    ("经查属实，已责令停产。已将处理结果告知李秀英。", "李秀英"),
    ("经与李秀英核实，其家院内异味已消除。", "李秀英"),
    ("已责令停产。李秀英对处理结果表示满意。", "李秀英"),
    ("我是南洋镇新华村三组的李秀英，今年62岁。", "李秀英"),
    ("不要告诉他们是我李秀英举报的。", "李秀英"),
    ("这里是李秀英，我要举报化工厂。", "李秀英"),
    ("上访人：李秀英。", "李秀英"),
    ("匿名：李秀英。", "李秀英"),
    ("落款人李秀英", "李秀英"),
    ("提交人：李秀英", "李秀英"),
    ("李秀英写于2026年12月7日", "李秀英"),
    ("孩子他爹赵德胜也闻到了臭味。", "赵德胜"),
    ("我当家的赵德胜去找过他们。", "赵德胜"),
    ("受访人：李秀英，表示满意。", "李秀英"),
    ("被回访人：李秀英，表示满意。", "李秀英"),
])
def test_the_anonymous_writer_is_masked(text, gone):
    for people in ([], [ANONYMOUS]):
        shown = privacy.mask_text(text, people)
        assert gone not in shown, shown


@pytest.mark.parametrize("text", [
    "回复意见：经查属实，已责令停产。",
    "已告知企业限期整改。",
    "经与环保部门核实，该厂已停产。",
    "这里是南洋镇工业园，夜里偷排。",
    "致使河水发黑，鱼虾死亡。",
    "匿名举报化工厂偷排。",
    "群众对处理结果表示满意。",
])
def test_reply_and_note_words_without_a_name_stay(text):
    assert privacy.mask_text(text, []) == text


# --- R14-9: the API's external_id for a reader without the grant ------------------------------------------------------

@pytest.mark.django_db
def test_the_external_id_is_masked_for_a_reader_without_the_grant(client, world):
    import json

    from ecopetition.cases import actions as ca
    from ecopetition.cases.models import Complaint
    from ecopetition.org.models import ApiToken

    _row, clerk = ApiToken.issue(world.users["cara"], "city system")
    body = {"external_id": "12345-张三丰-13812345678", "content": "废气扰民", "unit": "A320902",
            "complainants": [{"name": "张三丰", "phone": "13812345678"}]}
    r = client.post("/api/v1/complaints", data=json.dumps(body), content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {clerk}")
    assert r.status_code == 201, r.content
    number = r.json()["number"]
    shown = client.get(f"/api/v1/complaints/{number}", HTTP_AUTHORIZATION=f"Bearer {clerk}").json()
    assert shown["external_id"] == "12345-张三丰-13812345678"
    case = Complaint.objects.get(number=number)
    ca.do_accept(case, actor=world.users["amy"])
    ca.do_assign(case, actor=world.users["adam"], lead_unit=world.units["county_a"])
    _row, officer = ApiToken.issue(world.users["otto"], "otto")
    shown = client.get(f"/api/v1/complaints/{number}", HTTP_AUTHORIZATION=f"Bearer {officer}").json()
    assert shown["identity_masked"] is True
    assert "张三丰" not in shown["external_id"] and "13812345678" not in shown["external_id"], shown["external_id"]
    assert shown["external_id"].startswith("12345-")


# --- R14-4: the recorded house number in other orders ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "我家就在文港路北侧18号",
    "我家在18号文港路，就是幸福小区旁边。",
    "文港路上18号",
    "执法人员到文港路的18号信访人家中核实",
    "文港路（18号）",
])
def test_the_recorded_house_number_in_other_orders_is_masked(text):
    shown = privacy.mask_text(text, [PERSON])
    assert "18" not in shown, shown


@pytest.mark.parametrize("text", [
    "文港路上的烧烤店油烟大",
    "文港路北侧19号的工厂",
    "3号文港路口",
])
def test_other_numbers_on_the_recorded_road_stay(text):
    assert privacy.mask_text(text, [PERSON]) == text


# --- R14-10: the recorded given name before more staff words ----------------------------------------------------------

@pytest.mark.parametrize("text", ["与建国沟通后其表示认可", "建国啊，你别管了"])
def test_the_given_name_before_more_words_is_masked(text):
    assert "建国" not in privacy.mask_text(text, [PERSON])


def test_the_given_name_in_a_road_stays():
    assert privacy.mask_text("与建国路沿线企业联系", [PERSON]) == "与建国路沿线企业联系"
