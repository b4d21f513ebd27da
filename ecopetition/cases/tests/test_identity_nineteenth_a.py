"""The nineteenth outside review's identity findings, part a: R19-1 a reply letter's classical salutation (王建国台鉴：,
钧鉴, 如晤…) and the usual layout with a heading line above `王建国：`; R19-2 a name after a strong cue with an annotation,
a bracket, a look-alike colon, a variant cue character, an emoji or a split between (举报人（实名）：, 【举报人】, 举报人∶,
挙报人：, 王/建/国, 王（建国）); R19-6 an officer's report and callback wording (王建国说…, 王建国带领…, 已书面答复王建国,
王建国拒绝签收, 王建国住宅…, 反应 for 反映). Each with what must stay readable beside it."""

import pytest

from ecopetition.cases import actions, privacy
from ecopetition.cases.masking import mask_text
from ecopetition.cases.models import Complaint

from .helpers import register

PREFIX = "射阳县合德镇化工厂夜里排臭气。"
BODY = "\n您反映的化工厂夜间排放问题经查属实，已责令整改，并处罚款。\n射阳县生态环境局"


def _anonymous(world, content, **kw):
    return register(world, content=content, title=kw.pop("title", "化工厂排臭气"), is_anonymous=True,
                    complainants=[], **kw)


def _reviewed(world, case, result="已责令整改。"):
    u = world.users
    actions.do_accept(case, actor=u["cara"])
    actions.do_assign(case, actor=u["dan"], lead_unit=world.units["city_eco"])
    actions.do_sign_for(case, actor=u["olga"])
    actions.do_report(case, actor=u["olga"], finding="founded", result=result)
    actions.do_review(case, actor=u["sue"], passed=True)
    return Complaint.objects.get(pk=case.pk)


# --- R19-1: classical salutations and the letter layout with a heading line -----------------------------------------

OPENINGS = ["王建国台鉴：", "王建国钧鉴：", "王建国惠鉴：", "王建国大鉴：", "王建国尊鉴：", "王建国雅鉴：", "王建国见字好：",
            "王建国如晤：", "王建国同志台鉴：", "王建国安好：", "致 王建国", "答复王建国", "您好王建国：", "王建国——",
            "射阳县生态环境局信访事项答复意见书\n王建国：", "关于化工厂夜间排放问题的答复\n王建国：",
            "答复意见书\n\n王建国同志：", "信访事项答复意见书\n尊敬的王建国：", "致王建国的答复函\n来信收悉。",
            "关于王建国同志来信的答复\n王建国："]


@pytest.mark.parametrize("opening", OPENINGS)
def test_r19_1_the_addressee_of_a_reply_is_masked(opening):
    shown = mask_text(opening + BODY)
    assert "王建国" not in shown and "建国" not in shown, shown
    assert "您反映的化工厂夜间排放问题经查属实" in shown and "射阳县生态环境局" in shown, shown


@pytest.mark.parametrize("opening", ["建国兄如晤：", "建国台鉴：", "Dear Jianguo,", "Dear Xiuying:"])
def test_r19_1_a_given_name_in_a_classical_salutation_is_masked(opening):
    shown = mask_text(opening + BODY)
    assert "建国" not in shown and "Jianguo" not in shown and "Xiuying" not in shown, shown


def test_r19_1_a_saluted_list_with_the_other_cosigners_is_masked():
    shown = mask_text("王建国、赵德胜及其他联名群众：" + BODY)
    assert "建国" not in shown and "德胜" not in shown, shown
    assert "联名群众" in shown


@pytest.mark.parametrize("text", ["射阳县生态环境局：\n化工厂夜里排臭气，请领导来看看。", "尊敬的领导台鉴：" + BODY,
                                  "信访事项答复意见书\n尊敬的信访人：" + BODY, "答复意见书\n您好！" + BODY,
                                  "关于化工厂夜间排放问题的答复\n匿名信访人：" + BODY, "各位领导钧鉴：" + BODY,
                                  "答复如下：化工厂已整改。", "已书面答复。", "化工厂——夜间排放", "诸位乡亲：" + BODY,
                                  "关于化工厂的情况说明\n射阳县合德镇人民政府：" + BODY,
                                  "Dear Sir,\n您好", "Dear Madam,", "Dear Customer,", "Dear Leader,", "Dear Colleagues,"])
def test_r19_1_what_stays_readable(text):
    assert mask_text(text) == text


@pytest.mark.django_db
@pytest.mark.parametrize("opening", ["王建国台鉴：", "射阳县生态环境局信访事项答复意见书\n王建国："])
def test_r19_1_the_name_of_a_reply_joins_the_case_masks(world, no_triage, opening):
    case = _reviewed(world, _anonymous(world, "化工厂夜里排臭气，呛得睡不着，请领导来看看。"),
                     result="经现场核查，化工厂夜间排放属实。王建国带领执法人员查看了排口，王建国拒绝签收。")
    actions.do_reply(case, actor=world.users["cara"], text=opening + BODY, method="letter")
    case = Complaint.objects.get(pk=case.pk)
    assert any(p["name"] == "王建国" for p in privacy.case_masks(case) if isinstance(p, dict)) or any(
        getattr(p, "name", "") == "王建国" for p in privacy.case_masks(case))
    for who in ("dan", "ian", "sue"):
        shown = privacy.identity_for(world.users[who], case).fields()
        assert "建国" not in shown["reply_text"] and "经查属实" in shown["reply_text"], shown["reply_text"]
        report = privacy.mask_for(world.users[who], case, case.result_summary)
        assert "王建国" not in report and "查看了排口" in report, report


# --- R19-2: a strong cue with something between it and the name -----------------------------------------------------

CUED = ["举报人（实名）：王建国", "【举报人】王建国", "反映人：（签名）王建国", "签名如下：王建国", "举报人：王/建/国",
        "举报人：王-建-国", "举报人：王_建_国", "举报人：王.建.国", "举报人：王~建~国", "举报人：王＊建国",
        "举报人：王-建国", "举报人：王建🌟国", "举报人：王（建国）", "举报人∶王建国", "举报人︰王建国", "举报人꞉王建国",
        "挙报人：王建国", "擧報人：王建国", "举报人>>王建国", "举报人→王建国", "举\n报\n人：王建国", "举报人及联系方式：王建国",
        "举报人姓名及电话：王建国", "收款人：王建国", "支付宝账号王建国", "转账给王建国", "加我微信，搜王建国",
        "签名：🖊王建国", "王建国🙏🙏实名举报", "「王建国」实名举报", "《王建国》实名举报", '"王建国"实名反映',
        "我的名字：王.建国", "举报人：「王建国」", "举报人（签字）：王建国", "【实名举报人】王建国",
        "举报人——（实名）王建国", "举报人:(实名)王建国"]


@pytest.mark.parametrize("line", CUED)
def test_r19_2_a_name_after_a_strong_cue_with_something_between_is_masked(line):
    shown = mask_text(PREFIX + line)
    assert "建国" not in shown and "建🌟国" not in shown and "建_国" not in shown, shown
    assert shown.startswith(PREFIX), shown


def test_r19_2_the_portal_text_is_masked():
    shown = mask_text("化工厂夜里排臭气，熏得人睡不着，家父王建国被熏得住院。\n王建国🙏实名举报")
    assert "王建国🙏" not in shown and "\n王建国" not in shown, shown


@pytest.mark.parametrize("text", ["举报人（实名）：不愿透露", "【举报人】匿名", "签名如下：", "举报人∶周边居民",
                                  "举报人及联系方式：略", "收款人：射阳县合德镇人民政府", "转账给化工厂", "搜一下就知道了",
                                  "《环境保护法》实名举报制度", "监测数据：COD∶50mg/L", "时间 10︰30", "比例1∶2",
                                  "排口/管道/阀门都有问题", "化工厂-污水-河道",
                                  "举报人——化工厂老板"])
def test_r19_2_what_stays_readable(text):
    assert mask_text(text) == text


@pytest.mark.django_db
def test_r19_2_a_found_name_masks_the_case(world, no_triage):
    case = _anonymous(world, "化工厂夜里排臭气。举报人（实名）：王建国。建国说厂里晚上排。")
    shown = privacy.mask_for(world.users["dan"], case, case.content)
    assert "王建国" not in shown and "建国" not in shown and "厂里晚上排" in shown, shown


# --- R19-6: officer report and callback wording ----------------------------------------------------------------------

REPORTS = ["王建国说厂子晚上十点后开始排。", "经查王建国所反映问题属实。", "回访时王建国说还是有味。", "王建国带领执法人员查看了排口。",
           "王建国拒绝签收。", "给王建国送达了告知书，王建国拒绝签收。", "已书面答复王建国。", "王建国住宅距厂界50米。",
           "王建国院内检测到异味。", "王建国反应化工厂排污。", "化工厂夜里排臭气，王建国反应了好几次。",
           "电话回访，对方王建国表示基本满意。", "执法人员联系上了王建国本人。", "对王建国进行了安抚。",
           "答复意见书已由王建国签收。", "王建国在回访单上签字确认。", "我局工作人员与王建国进行了沟通。",
           "现场核查时王建国在场。", "王建国提供了照片。", "根据王建国提供的线索。", "王建国、赵德胜陪同检查。",
           "通知王建国到局里面谈。", "请王建国补充材料。", "约王建国明天现场看。", "反应人：王建国"]


@pytest.mark.parametrize("text", REPORTS)
def test_r19_6_officer_wording_names_are_masked(text):
    shown = mask_text(text)
    assert "王建国" not in shown, shown


@pytest.mark.parametrize("text", ["经现场核查，化工厂夜间排放属实。", "局长说明天再去现场。", "化学反应釜泄漏。",
                                  "企业拒绝签收整改通知。", "请高度重视。", "约三百米处有排口。", "通知化工厂停产整改。",
                                  "已书面答复信访人。", "王局长带领执法人员到场。", "住宅区距厂界50米。",
                                  "根据监测站提供的数据。", "张经理说马上整改。", "请领导重视。", "反应池已清理。", "数据造假，请严查，请环保部门来查一查。",
                                  "请尽快处理。", "约好了明天去现场。", "通知单位整改。"])
def test_r19_6_what_stays_readable(text):
    assert mask_text(text) == text


def test_r19_2_two_names_listed_with_a_slash_stay_two_names():
    assert mask_text("联系人：张伟/李娜") == "联系人：张*/李*"


@pytest.mark.django_db
@pytest.mark.parametrize("opening", ["王建国台鉴：", "射阳县生态环境局信访事项答复意见书\n王建国：", "致王建国的答复函\n来信收悉。"])
def test_r19_1_a_letter_sent_through_documents_is_shown_masked(world, no_triage, opening):
    from ecopetition.documents import actions as documents

    case = _reviewed(world, _anonymous(world, "化工厂夜里排臭气，呛得睡不着，请领导来看看。"),
                     result="王建国带领执法人员查看了排口。")
    documents.do_send_reply(case, actor=world.users["cara"], method="letter", reason="整改措施已在现场记录中，急需答复群众。",
                            text=opening + BODY)
    case = Complaint.objects.get(pk=case.pk)
    for who in ("dan", "ian", "sue"):
        shown = privacy.identity_for(world.users[who], case).fields()
        assert "建国" not in shown["reply_text"] and "经查属实" in shown["reply_text"], shown["reply_text"]
        for event in case.events.all():
            assert "王建国" not in privacy.mask_for(world.users[who], case, event.note or ""), event.note
