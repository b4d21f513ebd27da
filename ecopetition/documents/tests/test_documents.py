import datetime as dt
import hashlib
import http.server
import re
import subprocess
import threading
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from ecopetition.cases import actions as A
from ecopetition.cases.models import Event, State
from ecopetition.core import clock
from ecopetition.core.exceptions import TransitionNotAllowed, ValidationError
from ecopetition.documents import actions as D
from ecopetition.documents import render
from ecopetition.documents.models import Document, DocumentTemplate
from ecopetition.fieldwork.tests.helpers import in_progress, new_case, reviewed
from ecopetition.triage.routes import ROUTES


def outbox():
    from ecopetition.notify.models import OutboundMessage

    return OutboundMessage.objects


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout


@pytest.mark.django_db
class TestTemplates:
    def test_unknown_placeholder_refused_on_save_naming_it(self):
        tpl = DocumentTemplate.objects.get(kind="reply", active=True)
        tpl.body += "\n{{ complainant_id_card }} {{ case_number }}"
        with pytest.raises(ValidationError) as exc:
            tpl.save()
        assert "complainant_id_card" in exc.value.message and "case_number" not in exc.value.message
        tpl.refresh_from_db()
        assert "complainant_id_card" not in tpl.body

    def test_shipped_templates_are_all_valid_and_active(self):
        from ecopetition.documents.models import DocKind, unknown_placeholders

        for kind in DocKind.values:
            tpl = DocumentTemplate.objects.get(kind=kind, active=True)
            assert unknown_placeholders(tpl.title, tpl.body) == []

    def test_editor_shows_the_error(self, client, world):
        from ecopetition.org.models import Membership

        Membership.objects.create(user=world.users["lee"], unit=world.units["city"], role="admin")
        client.force_login(world.users["lee"])
        tpl = DocumentTemplate.objects.get(kind="urging", active=True)
        r = client.post(reverse("documents:template_edit", args=[tpl.pk]),
                        {"title": tpl.title, "body": "{{ nonsense }}", "active": "on"})
        assert r.status_code == 200 and "nonsense" in r.content.decode()
        client.force_login(world.users["cara"])
        assert client.get(reverse("documents:templates")).status_code == 403


@pytest.mark.django_db
class TestGenerate:
    def test_reply_letter_numbered_stored_hashed_and_audited(self, world, settings):
        case = reviewed(world)
        doc = D.do_generate_document(case, actor=world.users["cara"], kind="reply")
        year = clock.localdate().year
        assert doc.number == f"盐城环信复〔{year}〕1号"
        pdf = Path(settings.DOCUMENTS_DIR) / doc.pdf_name
        docx = Path(settings.DOCUMENTS_DIR) / doc.docx_name
        assert hashlib.sha256(pdf.read_bytes()).hexdigest() == doc.pdf_sha256
        assert hashlib.sha256(docx.read_bytes()).hexdigest() == doc.docx_sha256
        event = Event.objects.get(pk=doc.event_id)
        assert event.action == "document" and event.complaint_id == case.pk
        assert event.data["pdf_sha256"] == doc.pdf_sha256 and event.data["number"] == doc.number
        text = pdf_text(pdf)
        assert "信访事项答复意见书" in text and "张三" in text and "属实" in text and case.number in text
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        assert "Noto-Serif-CJK-SC" in fonts and "yes yes yes" in fonts  # embedded, subset, with a Unicode map
        with zipfile.ZipFile(docx) as zf:
            styles = zf.read("word/styles.xml").decode()
            body = zf.read("word/document.xml").decode()
        assert 'w:eastAsia="仿宋_GB2312"' in styles
        assert "信访事项答复意见书" in body and "{{" not in body and "{%" not in body

    def test_numbers_run_per_kind_unit_and_year(self, world):
        case = reviewed(world)
        first = D.do_generate_document(case, actor=world.users["cara"], kind="reply")
        second = D.do_generate_document(case, actor=world.users["cara"], kind="reply")
        accepted = D.do_generate_document(case, actor=world.users["cara"], kind="acceptance")
        assert (first.seq, second.seq, accepted.seq) == (1, 2, 1)  # each kind its own series
        year = clock.localdate().year
        assert (second.number, accepted.number) == (f"盐城环信复〔{year}〕2号", f"盐城环信受〔{year}〕1号")
        # Another unit has its own series.
        case_b = A.do_register(A.NewComplaint(channel="web", content="噪声扰民", is_anonymous=True),
                               unit=world.units["county_b"], actor=world.users["bea"])
        A.do_accept(case_b, actor=world.users["bea"])
        other = D.do_generate_document(case_b, actor=world.users["bea"], kind="acceptance")
        assert other.seq == 1 and other.number.startswith("盐都环信受")
        # A new year starts again at 1.
        next_year = dt.datetime(clock.localdate().year + 1, 1, 5, 10, tzinfo=dt.UTC)
        with clock.frozen(next_year):
            again = D.do_generate_document(case, actor=world.users["cara"], kind="acceptance")
        assert again.seq == 1 and f"〔{next_year.year}〕1号" in again.number

    def test_refusals_name_what_is_wrong(self, world):
        case = in_progress(world)
        with pytest.raises(TransitionNotAllowed):
            D.do_generate_document(case, actor=world.users["cara"], kind="reply")  # not reviewed yet
        with pytest.raises(TransitionNotAllowed):
            D.do_generate_document(case, actor=world.users["otto"], kind="urging",
                                   extra={"deadline": str(clock.localdate())})  # an officer does not urge
        with pytest.raises(ValidationError) as exc:
            D.do_generate_document(case, actor=world.users["sue"], kind="urging")
        assert exc.value.field == "deadline"
        with pytest.raises(ValidationError) as exc:
            D.do_generate_document(case, actor=world.users["otto"], kind="contact_card")
        assert exc.value.field == "handler_phone"
        assert not Document.objects.exists()

    def test_officer_contact_card_issued_by_lead_unit_without_identity(self, world):
        case = in_progress(world)
        doc = D.do_generate_document(case, actor=world.users["otto"], kind="contact_card",
                                     extra={"handler_phone": "0515-88886666"})
        assert doc.unit == world.units["county_a"] and doc.number.startswith("亭湖环信")
        assert "0515-88886666" in doc.text and "Otto" in doc.text and not doc.has_identity

    def test_officer_sees_masked_name_in_documents_they_issue(self, world):
        case = in_progress(world)
        # An assignment slip by the dispatcher: no identity field in it at all.
        doc = D.do_generate_document(case, actor=world.users["dan"], kind="assignment")
        assert "张三" not in doc.text and "亭湖区" in doc.text

    def test_non_acceptance_carries_the_legal_route(self, world):
        case = new_case(world)
        A.do_reject(case, actor=world.users["cara"], reason="反映的是劳动合同纠纷。",
                    legal_route="向劳动人事争议仲裁委员会申请仲裁")
        doc = D.do_generate_document(case, actor=world.users["cara"], kind="non_acceptance")
        assert "向劳动人事争议仲裁委员会申请仲裁" in doc.text and "纠纷。。" not in doc.text


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def http_trap():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_rendering_fetches_nothing_even_from_raw_markup(http_trap):
    fetcher = render.RefusingFetcher()
    html = (f'<html><head><link rel="stylesheet" href="{http_trap}/a.css"></head>'
            f'<body><img src="{http_trap}/b.png"><p style="background:url({http_trap}/c.png)">x</p></body></html>')
    pdf = render.render_pdf_html(html, fetcher)
    assert pdf.startswith(b"%PDF")
    assert _Recorder.hits == []
    assert any("/b.png" in u for u in fetcher.refused)


@pytest.mark.django_db
def test_url_in_complaint_is_text_not_fetched(world, http_trap):
    case = reviewed(world)
    from ecopetition.cases.models import Complaint

    Complaint.objects.filter(pk=case.pk).update(
        title=f'<img src="{http_trap}/t.png">', address=f"见 {http_trap}/r.png <img src='{http_trap}/i.png'>"
    )
    doc = D.do_generate_document(case, actor=world.users["cara"], kind="reply")
    assert _Recorder.hits == []
    assert f"{http_trap}/r.png" in doc.text


@pytest.mark.django_db
class TestDownload:
    def test_permission_checked(self, client, world):
        case = reviewed(world)
        reply = D.do_generate_document(case, actor=world.users["cara"], kind="reply")
        slip = D.do_generate_document(case, actor=world.users["dan"], kind="assignment")
        url = reverse("documents:download", args=[reply.pk, "pdf"])
        client.force_login(world.users["cara"])
        r = client.get(url)
        assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")
        client.force_login(world.users["bob"])  # another county: cannot see the case at all
        assert client.get(url).status_code == 404
        client.force_login(world.users["otto"])  # sees the case, not the complainant's identity
        assert client.get(url).status_code == 403
        assert client.get(reverse("documents:download", args=[slip.pk, "docx"])).status_code == 200
        client.logout()
        assert client.get(url).status_code == 302

    def test_panel_lists_documents_on_case_page(self, client, world):
        case = reviewed(world)
        doc = D.do_generate_document(case, actor=world.users["cara"], kind="reply")
        client.force_login(world.users["cara"])
        page = client.get(reverse("cases:detail", args=[case.number])).content.decode()
        assert 'id="panel-documents"' in page and doc.number in page


@pytest.mark.django_db
class TestReplyAndNotices:
    def test_send_reply_records_reply_and_texts_complainant(self, world, django_capture_on_commit_callbacks):
        case = reviewed(world)
        with django_capture_on_commit_callbacks(execute=True):
            doc = D.do_send_reply(case, actor=world.users["cara"], method="sms", reason="已电话说明整改情况")
        case.refresh_from_db()
        assert case.state == State.REPLIED and case.reply_text == doc.text
        msgs = list(outbox().filter(complaint=case))
        assert len(msgs) == 1 and msgs[0].channel == "sms" and msgs[0].to == "13800138000"
        assert doc.number in msgs[0].body and "属实" in msgs[0].body
        # The notice is tied to the event: sending again for it creates nothing.
        assert D.send_complainant_notice(case.pk, "reply") == 0

    def test_reply_by_email_sends_the_letter(self, world, django_capture_on_commit_callbacks):
        case = reviewed(world)
        with pytest.raises(ValidationError):
            D.do_send_reply(case, actor=world.users["cara"], method="email", email="", reason="已电话说明整改情况")
        with django_capture_on_commit_callbacks(execute=True):
            doc = D.do_send_reply(case, actor=world.users["cara"], method="email", email="zs@example.com",
                                  reason="已电话说明整改情况")
        mail = outbox().get(channel="email")
        assert mail.to == "zs@example.com" and mail.body == doc.text

    def test_failed_reply_leaves_no_document(self, world, settings):
        case = in_progress(world)
        with pytest.raises(TransitionNotAllowed):
            D.do_send_reply(case, actor=world.users["cara"], method="sms")
        assert not Document.objects.exists()
        assert not [p for p in Path(settings.DOCUMENTS_DIR).rglob("*") if p.is_file()]

    def test_accept_and_reject_notices(self, world, django_capture_on_commit_callbacks):
        accepted = new_case(world)
        with django_capture_on_commit_callbacks(execute=True):
            A.do_accept(accepted, actor=world.users["cara"])
        msg = outbox().get(complaint=accepted)
        assert "已受理" in msg.body and accepted.number in msg.body
        rejected = new_case(world)
        with django_capture_on_commit_callbacks(execute=True):
            A.do_reject(rejected, actor=world.users["cara"], reason="不属于生态环境部门职责",
                        legal_route="向人民法院提起诉讼")
        msg = outbox().get(complaint=rejected)
        assert "向人民法院提起诉讼" in msg.body
        referred = new_case(world)
        with django_capture_on_commit_callbacks(execute=True):
            A.do_refer(referred, actor=world.users["cara"], to_authority="盐城市住房和城乡建设局")
        assert "盐城市住房和城乡建设局" in outbox().get(complaint=referred).body


@pytest.mark.django_db
def test_documents_api(client, world):
    case = reviewed(world)
    client.force_login(world.users["cara"])
    r = client.post(f"/api/v1/documents/cases/{case.number}", {"kind": "reply"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "reply_by_sending"  # issued only by sending the reply
    assert not case.documents.exists()
    r = client.post(f"/api/v1/documents/cases/{case.number}", {"kind": "acceptance"},
                    content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["pdf_url"].endswith(".pdf")
    D.do_generate_document(case, actor=world.users["cara"], kind="reply")
    r = client.post(f"/api/v1/documents/cases/{case.number}", {"kind": "urging"}, content_type="application/json")
    assert r.status_code == 409  # not in a state to urge
    client.force_login(world.users["otto"])
    listed = client.get(f"/api/v1/documents/cases/{case.number}").json()
    assert listed[0]["pdf_url"] is None  # names the complainant; otto may not see who


def test_fill_leaves_no_dangling_labels_or_brackets():
    text = "反映问题：{{ title }}\n协办单位：{{ assisting_units }}\n{{ note }}\n已答复（{{ doc_number }}）。"
    assert render.fill(text, {"title": "噪声"}) == "反映问题：噪声\n协办单位：—\n已答复。"
    assert render.fill("{{ nonsense }}", {}) == "{{ nonsense }}"  # never silently dropped


def _docx_xml(settings, doc, part="word/document.xml") -> str:
    with zipfile.ZipFile(Path(settings.DOCUMENTS_DIR) / doc.docx_name) as zf:
        return zf.read(part).decode()


@pytest.mark.django_db
class TestWhatTheActionRecorded:
    def test_prefix_configurable_per_unit_and_kind(self, world):
        from ecopetition.documents.models import DocumentPrefix

        city = world.units["city"]
        DocumentPrefix.objects.create(unit=city, kind="", prefix="盐环")
        DocumentPrefix.objects.create(unit=city, kind="reply", prefix="盐环信答")
        case = reviewed(world)
        year = clock.localdate().year
        reply = D.do_generate_document(case, actor=world.users["cara"], kind="reply")
        accepted = D.do_generate_document(case, actor=world.users["cara"], kind="acceptance")
        assert reply.number == f"盐环信答〔{year}〕1号"  # the kind's own prefix
        assert accepted.number == f"盐环信受〔{year}〕1号"  # the unit's base plus the kind's word

    def test_letterhead_and_signature_use_the_issuing_name(self, world, settings):
        city = world.units["city"]
        city.issuing_name, city.seal_text = "盐城市生态环境局", "盐城市生态环境局信访专用章"
        city.save()
        case = reviewed(world)
        doc = D.do_generate_document(case, actor=world.users["cara"], kind="reply")
        text = pdf_text(Path(settings.DOCUMENTS_DIR) / doc.pdf_name)
        assert text.count("盐城市生态环境局") == 2  # 版头 and 发文机关署名
        assert not any(line.strip() == "盐城市" for line in text.splitlines())
        assert _docx_xml(settings, doc).count("盐城市生态环境局") == 2
        assert doc.number.startswith("盐城环信复")  # the default prefix comes from the issuing name

    def test_supervision_order_document_prints_the_order(self, world, settings):
        from ecopetition.deadlines import actions as deadlines

        case = in_progress(world)
        sue = world.users["sue"]
        assert "supervision" not in D.kinds_for(sue, case)  # nothing to print before an order is issued
        with pytest.raises(TransitionNotAllowed):
            D.do_generate_document(case, actor=sue, kind="supervision")
        due = clock.now() + dt.timedelta(days=5)
        order = deadlines.do_issue_supervision_order(case, actor=sue, unit=world.units["county_a"],
                                                     requirements="三日内查清夜间排放口并封堵，约谈企业负责人。",
                                                     due_at=due)
        assert "supervision" in D.kinds_for(sue, case)
        doc = D.do_generate_document(case, actor=sue, kind="supervision")  # no deadline asked again
        assert doc.number == order.number and doc.seq is None
        assert "三日内查清夜间排放口并封堵，约谈企业负责人。" in doc.text
        assert render.chinese_date(clock.localdate(due)) in doc.text
        assert doc.number in pdf_text(Path(settings.DOCUMENTS_DIR) / doc.pdf_name)
        assert Document.objects.filter(number=order.number).count() == 1

    def test_contact_card_names_the_officer_who_signed_for_the_case(self, world):
        from ecopetition.org.models import Membership

        Membership.objects.filter(user=world.users["otto"], unit=world.units["county_a"]).update(
            phone="0515-88123456")
        case = in_progress(world)  # otto signed for it
        world.users["otto"].first_name, world.users["otto"].last_name = "Otto", ""
        doc = D.do_generate_document(case, actor=world.users["cara"], kind="contact_card")
        assert "承办人：Otto" in doc.text and "联系电话：0515-88123456" in doc.text
        assert "cara" not in doc.text.lower()

    def test_contact_card_before_anyone_signed_for_it_is_refused_for_a_clerk(self, world):
        case = new_case(world)
        A.do_accept(case, actor=world.users["cara"])
        A.do_assign(case, actor=world.users["dan"], lead_unit=world.units["county_a"])
        with pytest.raises(ValidationError):
            D.do_generate_document(case, actor=world.users["cara"], kind="contact_card")

    def test_review_and_re_review_opinions_carry_the_decision(self, world, settings):
        from django.contrib.auth import get_user_model

        from ecopetition.cases.privacy import can_see_identity
        from ecopetition.documents.models import DocKind
        from ecopetition.fieldwork.tests.helpers import called_back
        from ecopetition.org.models import Membership

        case = called_back(world)
        sue = world.users["sue"]
        assert "review_opinion" not in D.kinds_for(sue, case)
        A.do_request_review(case, actor=world.users["cara"], reason="对处理结果不满意。")
        A.do_decide_review(case, actor=sue, upheld=True, opinion="经复查，原处理意见事实清楚，予以维持。")
        assert "review_opinion" in D.kinds_for(sue, case)
        review = D.do_generate_document(case, actor=sue, kind=DocKind.REVIEW_OPINION)
        assert review.title == "信访事项复查意见书" and review.unit == world.units["city"]
        assert "经复查，原处理意见事实清楚，予以维持。" in review.text and "维持" in review.text
        assert "复核" in review.text  # an upheld review tells the complainant about the re-review
        # Addressed to the complainant by name, though the supervisor may not see who: the letter is sent, and
        # only someone who may see the identity (the clerk who sends it) may open it; the list shows it masked.
        assert review.text.startswith("张三：") and review.has_identity
        assert not can_see_identity(sue, case) and can_see_identity(world.users["cara"], case)
        assert "张三" not in review.title
        assert "复查意见书" in pdf_text(Path(settings.DOCUMENTS_DIR) / review.pdf_name)

        boss = get_user_model().objects.create_user("prov_sup", first_name="Pat")
        Membership.objects.create(user=boss, unit=world.units["province"], role="supervisor")
        A.do_request_re_review(case, actor=world.users["cara"], reason="对复查意见不服。")
        A.do_decide_re_review(case, actor=boss, upheld=False, opinion="经复核，原复查意见认定事实不清，予以撤销。")
        assert "re_review_opinion" not in D.kinds_for(sue, case)  # only the body that decided issues it
        again = D.do_generate_document(case, actor=boss, kind=DocKind.RE_REVIEW_OPINION)
        assert again.unit == world.units["province"] and again.title == "信访事项复核意见书"
        assert "认定事实不清，予以撤销" in again.text and "重新" in again.text


@pytest.mark.parametrize("route", [
    *[r for pair in ROUTES.values() for r in pair],
    "劳动仲裁", "物业主管部门", "向人民法院起诉", "申请劳动仲裁。",
])
def test_legal_route_reads_as_a_sentence(route):
    sentence = D.legal_route_sentence(route)
    assert sentence.endswith("。") and "。。" not in sentence and "，。" not in sentence
    assert "途径，" not in sentence  # the old broken form
    assert all(part in sentence for part in re.split(r"\s*/\s*", route.rstrip("。")))


def test_legal_route_sentence_for_a_body_and_for_alternatives():
    assert D.legal_route_sentence("住房城乡建设部门（物业主管部门）") == "请您依照法定途径向住房城乡建设部门（物业主管部门）反映。"
    assert D.legal_route_sentence("人民法院 / 仲裁机构 / 复议机关") == "请您依照法定途径向人民法院、仲裁机构或复议机关反映。"
    assert D.legal_route_sentence("向人民法院起诉") == "请您依照法定途径向人民法院起诉。"


@pytest.mark.django_db
def test_non_acceptance_notice_for_a_body_reads_correctly(world):
    case = new_case(world)
    A.do_reject(case, actor=world.users["cara"], reason="反映的是物业服务问题", legal_route="住房城乡建设部门（物业主管部门）")
    doc = D.do_generate_document(case, actor=world.users["cara"], kind="non_acceptance")
    assert "对您反映的事项，请您依照法定途径向住房城乡建设部门（物业主管部门）反映。" in doc.text


@pytest.mark.django_db
def test_docx_names_the_government_fonts_and_the_gbt9704_page(world, settings):
    tpl = DocumentTemplate.objects.get(kind="reply", active=True)
    tpl.body += "\n一、处理情况\n（一）现场检查"
    tpl.save()
    doc = D.do_generate_document(reviewed(world), actor=world.users["cara"], kind="reply")
    styles = _docx_xml(settings, doc, "word/styles.xml")
    body = _docx_xml(settings, doc)
    for font in ("方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"):
        assert f'w:eastAsia="{font}"' in styles, font
    assert "Noto" not in styles
    # A4, margins 37/26/35/28 mm in twentieths of a point, 22 lines a page.
    assert 'w:w="11906"' in body and 'w:h="16838"' in body
    assert 'w:top="2098"' in body and 'w:right="1474"' in body and 'w:bottom="1984"' in body \
        and 'w:left="1587"' in body
    assert 'w:linePitch="579"' in body
    assert 'w:color="E60012"' in body  # the red separator under the number
    footers = [_docx_xml(settings, doc, n) for n in zipfile.ZipFile(Path(settings.DOCUMENTS_DIR) / doc.docx_name)
               .namelist() if n.startswith("word/footer")]
    assert any('w:instr="PAGE"' in f and "— " in f for f in footers)
    # The heading lines take the heading styles (黑体 and 楷体), the rest the body style.
    assert body.index("一、处理情况") > body.index('w:val="Headinglevel1"')
