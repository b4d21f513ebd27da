"""The fifteenth outside review (R15-n): a name found once masked everywhere in the case, the automatic title built
from the text as written, the reply's salutation and the masks after it, a place written before a name after a
strong cue, and the external id as an oracle."""

import pytest

from ecopetition.cases import masking, privacy

# --- R15-1: a name found once is masked wherever it appears, in the text and in the case's other texts ----------------


@pytest.mark.parametrize("text, name", [
    ("我叫王建国，是新华村人。化工厂排臭气，王建国在这住了三十年，王建国的孩子天天咳嗽。", "王建国"),
    ("举报人：赵德胜\n化工厂排臭气。赵德胜多次找过村里，赵德胜要求答复。", "赵德胜"),
    ("回访王建国，王建国表示满意，王建国的爱人孙玉珍也在场。", "王建国"),
    ("养猪场臭气。我叫吴海燕，吴海燕家就在猪场边，吴海燕的老伴也病了。", "吴海燕"),
])
def test_a_found_name_is_masked_everywhere_in_its_text(text, name):
    shown = masking.mask_text(text, masking.with_found_names([], [text]))
    assert name not in shown and name[1:] not in shown, shown


def test_a_found_name_is_masked_beside_a_recorded_one():
    text = "联系人：李秀英、王建国。同去的还有王建国，王建国也可以作证。"
    shown = masking.mask_text(text, masking.with_found_names([{"name": "李秀英"}], [text]))
    assert "王建国" not in shown and "秀英" not in shown, shown


def test_what_stays_readable_beside_a_found_name():
    text = "我叫王建国。化工厂在建国路上，新华村三组的养猪场也臭。"
    shown = masking.mask_text(text, masking.with_found_names([], [text]))
    assert "王建国" not in shown and "建国路" in shown and "养猪场" in shown, shown


@pytest.mark.parametrize("text", [
    "化工厂排臭气。举报人：东河村吴海燕",  # the place misread as a name must not spread (东河村吴)
    "反映人：新华化工有限公司",
    "我是黄海村村民",
    "尊敬的领导：\n您好！",
])
def test_no_place_or_company_is_found_as_a_name(text):
    assert not [n for n in masking.found_names([text]) if n[-1] in "村镇司组" or "村" in n], masking.found_names([text])


def test_a_found_name_spreads_to_nothing_else():
    assert masking.with_found_names([], ["新华村化工厂晚上偷排废气。"]) == []


@pytest.mark.django_db
def test_a_name_found_in_one_text_of_a_case_is_masked_in_all_its_texts(world, no_triage):
    from ecopetition.cases import actions
    from ecopetition.cases.models import Complaint

    from .helpers import register

    u = world.users
    case = register(world, content="举报人：王建国。新华村化工厂晚上偷排废气。", title="化工厂偷排废气",
                    is_anonymous=True, complainants=[])
    actions.do_accept(case, actor=u["cara"])
    actions.do_assign(case, actor=u["dan"], lead_unit=world.units["city_eco"])
    actions.do_sign_for(case, actor=u["olga"])
    actions.do_report(case, actor=u["olga"], finding="founded",
                      result="经核实，王建国所述属实，已责令整改。现场见到了王建国夫妇，当面向周桂英致歉。")
    case = Complaint.objects.get(pk=case.pk)
    identity = privacy.identity_for(u["lee"], case)
    assert not identity.unmasked
    fields = identity.fields()
    assert "王建国" not in fields["content"] and "王建国" not in fields["result_summary"], fields
    assert "已责令整改" in fields["result_summary"] and "新华村化工厂" in fields["content"]
    assert "王建国" not in privacy.mask_for(u["dan"], case, "王建国签字确认。")
    # the search column holds the case's own fields as shown
    assert "王建国" not in case.search_masked, case.search_masked


@pytest.mark.django_db
def test_a_callback_respondent_named_once_masks_the_report(world, no_triage):
    from ecopetition.cases import actions
    from ecopetition.cases.models import Complaint

    from .helpers import register, walk_to_replied

    case = register(world, content="新华村化工厂晚上偷排废气。", is_anonymous=True, complainants=[])
    case = walk_to_replied(world, case)
    actions.do_callback(case, actor=world.users["cole"], result="satisfied", respondent="resident",
                        respondent_name="孙玉珍", note="孙玉珍表示满意。")
    case = Complaint.objects.get(pk=case.pk)
    shown = privacy.mask_for(world.users["lee"], case, "回访时孙玉珍表示满意，孙玉珍签字确认。")
    assert "孙玉珍" not in shown and "玉珍" not in shown, shown


# --- R15-2: the automatic title of a short complaint with a signature ------------------------------------------------

SIGNED = "化工厂排臭气，请尽快处理。\n\n赵德胜\n2026年12月7日"


def test_the_automatic_title_keeps_no_signature():
    title = masking.summary_of(SIGNED)
    assert "赵德胜" not in title and "德胜" not in title and title.startswith("化工厂排臭气，请尽快处理。"), title
    assert masking.summary_of("化工厂排臭气，请尽快处理。") == "化工厂排臭气，请尽快处理。"


def test_a_title_stored_by_the_old_rule_is_masked_as_the_content_reads():
    old = SIGNED.replace("\n", " ")  # joined: the signature rules no longer read it
    shown = masking.mask_summary(old, SIGNED)
    assert "赵德胜" not in shown and "德胜" not in shown and shown.startswith("化工厂排臭气"), shown
    assert masking.mask_summary("化工厂排臭气", SIGNED) == "化工厂排臭气"  # a title of its own: as before
    # and in the search column, as the lists show it
    assert "赵德胜" not in masking.search_text(old, SIGNED, "")


@pytest.mark.django_db
def test_the_automatic_title_in_lists_and_the_api(world, no_triage):
    from ecopetition.cases.models import Complaint

    from .helpers import register

    case = register(world, content=SIGNED, title="", is_anonymous=True, complainants=[])
    case = Complaint.objects.get(pk=case.pk)
    assert "赵德胜" not in case.title, case.title
    Complaint.objects.filter(pk=case.pk).update(title=SIGNED.replace("\n", " "))  # stored by the old rule
    case = Complaint.objects.get(pk=case.pk)
    assert "赵德胜" not in privacy.masked_title(case)
    assert "赵德胜" not in privacy.masked_titles(Complaint.objects.filter(pk=case.pk).values("id", "title"))[case.pk]
    assert "赵德胜" not in privacy.identity_for(world.users["lee"], case).fields()["title"]


# --- R15-12: the masks after an anonymous reply's salutation ----------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("亲爱的王建国：\n问题已处理。", "亲爱的匿名信访人：\n问题已处理。"),
    ("王建国 先生：\n问题已处理。", "匿名信访人：\n问题已处理。"),
    ("亲爱的王建国：\n你好！你说的13877778888这个号码是厂里的。", "亲爱的匿名信访人：\n你好！你说的***********这个号码是厂里的。"),
])
def test_the_anonymous_reply_keeps_its_words_and_masks_whole_values(text, expected):
    assert masking.unnamed_letter(text) == expected
    assert masking.mask_text(expected) == expected  # shown again: nothing more masked


@pytest.mark.parametrize("text, gone", [
    ("亲爱的王建国：\n王建国同志，您反映的问题已处理，请拨13877778888。", ("王建国", "建国", "7777")),
    ("王建国先生：\n您好！来电人：赵德胜，电话13877778888。", ("王建国", "赵德胜", "德胜", "8888")),
])
def test_the_anonymous_reply_still_masks_every_name_and_phone(text, gone):
    shown = masking.unnamed_letter(text, masking.with_found_names([], [text]))
    assert not any(g in shown for g in gone), shown


def test_a_signed_reply_to_a_recorded_writer_is_as_before():
    assert masking.mask_text("信访人：\n王建国") == "信访人：\n王**"


# --- R15-4: a place written before the name after a strong cue --------------------------------------------------------

@pytest.mark.parametrize("text, place", [
    ("化工厂排臭气。举报人：东河村吴海燕", "东河村"),
    ("化工厂排臭气。举报人：合德镇吴海燕", "合德镇"),
    ("化工厂排臭气。举报人：射阳县合德镇新华村三组吴海燕", "射阳县合德镇"),
    ("化工厂排臭气。举报人：新华村三组 吴海燕", ""),
    ("化工厂排臭气。写信人：新华村三组吴海燕", ""),
    ("我叫新华村三组吴海燕", ""),
    ("反映人：新华村三组王建国、赵德胜、孙玉珍。", ""),
])
def test_the_name_after_a_place_is_masked(text, place):
    shown = masking.mask_text(text)
    for name in ("吴海燕", "海燕", "王建国", "建国", "赵德胜", "德胜", "孙玉珍", "玉珍"):
        assert name not in shown, shown
    assert place in shown, shown


@pytest.mark.parametrize("text", ["举报人：新华村村民吴海燕", "举报人：王建国", "举报人：新华化工有限公司"])
def test_cues_without_a_place_are_as_before(text):
    shown = masking.mask_text(text)
    assert "吴海燕" not in shown and "王建国" not in shown, shown


def test_the_place_and_company_after_a_cue_stay_readable():
    assert masking.mask_text("举报人：新华化工有限公司") == "举报人：新华化工有限公司"


# --- R15-10: the external id as an oracle, and in webhooks ------------------------------------------------------------

@pytest.mark.django_db
def test_the_external_id_filter_confirms_nothing_to_a_reader_without_the_grant(client, world, no_triage):
    import json

    from ecopetition.cases import actions as ca
    from ecopetition.cases.models import Complaint
    from ecopetition.intake.webhooks import case_payload
    from ecopetition.org.models import ApiToken

    _row, clerk = ApiToken.issue(world.users["cara"], "city system")
    secret_id, plain_id = "12345-RT15-王建国13877778888", "12345-RT15-A"
    numbers = []
    for external_id in (secret_id, plain_id):
        body = {"external_id": external_id, "content": "废气扰民", "unit": "A320902",
                "complainants": [{"name": "王建国", "phone": "13877778888"}]}
        r = client.post("/api/v1/complaints", data=json.dumps(body), content_type="application/json",
                        HTTP_AUTHORIZATION=f"Bearer {clerk}")
        assert r.status_code == 201, r.content
        numbers.append(r.json()["number"])
    for number in numbers:
        case = Complaint.objects.get(number=number)
        ca.do_accept(case, actor=world.users["amy"])
        ca.do_assign(case, actor=world.users["adam"], lead_unit=world.units["county_a"])
    _row, officer = ApiToken.issue(world.users["otto"], "otto")

    def count(token, external_id):
        r = client.get("/api/v1/complaints", {"external_id": external_id}, HTTP_AUTHORIZATION=f"Bearer {token}")
        assert r.status_code == 200, r.content
        return r.json()["count"]

    assert count(clerk, secret_id) == 1  # the registering platform finds its own work order
    assert count(officer, secret_id) == 0 and count(officer, secret_id[:-1] + "9") == 0  # no oracle
    assert count(officer, plain_id) == 1  # an id with nothing personal in it still finds the case
    payload = case_payload(Complaint.objects.select_related("unit", "lead_unit").get(number=numbers[0]), "assign")
    assert "王建国" not in payload["case"]["external_id"] and "13877778888" not in payload["case"]["external_id"]
    assert payload["case"]["external_id"].startswith("12345-RT15-")


# --- R15-3: an officer's phrasing names the writer of an anonymous case ------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("现场见到了王建国夫妇。", "王建国"), ("经核实，王建国所述属实。", "王建国"), ("已给王建国回了电话。", "王建国"),
    ("王建国签字确认。", "王建国"), ("王建国表示满意。", "王建国"), ("赵德胜夫妻俩也在场。", "赵德胜"),
    ("周桂英指认了排口位置。", "周桂英"), ("当面向周桂英致歉。", "周桂英"), ("已将结果反馈给王建国。", "王建国"),
    ("王建国同意撤诉。", "王建国"), ("王建国情绪稳定。", "王建国"), ("陪同王建国到现场查看。", "王建国"),
    ("王建国要求赔偿。", "王建国"), ("与王建国夫妇见面。", "王建国"), ("王建国老人对结果满意。", "王建国"),
    ("约谈企业负责人，并当面向周桂英致歉，周桂英签字确认。", "周桂英"), ("已给王芳回了电话。", "王芳"),
])
def test_an_officers_phrasing_masks_the_name(text, name):
    shown = masking.mask_text(text)
    assert name not in shown and name[1:] not in shown, shown


@pytest.mark.parametrize("text", [
    "企业同意整改。", "周边群众要求关停。", "厂方表示配合。", "见到了黄色的污水。", "向河道排污。", "给周边居民造成影响。",
    "与企业负责人见面。", "陪同执法人员到现场。", "反馈给市局。", "已向环保局说明。", "王老师表示满意。", "新华村要求赔偿。",
])
def test_an_officers_phrasing_without_a_name_stays(text):
    assert masking.mask_text(text) == text


@pytest.mark.django_db
def test_a_name_found_in_the_content_is_masked_in_the_title_in_lists(world, no_triage):
    from ecopetition.cases.models import Complaint

    from .helpers import register

    case = register(world, content="我叫王建国，化工厂排臭气。", title="王建国：化工厂排臭气", is_anonymous=True,
                    complainants=[])
    assert "王建国" not in privacy.masked_titles(Complaint.objects.filter(pk=case.pk).values("id", "title"))[case.pk]
    assert "王建国" not in privacy.masked_title(Complaint.objects.get(pk=case.pk))
    assert "王建国" not in Complaint.objects.get(pk=case.pk).search_masked
