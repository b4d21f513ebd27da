"""The reply letter: a draft written for the complainant, the reply check, sending it (one path for all)."""

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from ecopetition.cases import actions as A
from ecopetition.cases.models import Complaint, Event, State
from ecopetition.core import clock
from ecopetition.core.exceptions import PermissionDenied, TransitionNotAllowed, ValidationError
from ecopetition.documents import actions as D
from ecopetition.documents.models import Document, ReplyDraft
from ecopetition.documents.replycheck import Measure, ReplyFacts, place_keys, reply_check
from ecopetition.fieldwork.tests.helpers import in_progress

REPORT = "现场检查时企业废气处理设施未运行，监测报告、执法笔录已作为附件上传，建议按程序立案。"
DAY = dt.date(2026, 11, 3)
FACTS = ReplyFacts(categories=("大气", "噪声"), reported_party="盐城某化工有限公司", place="盐城市亭湖区黄海路88号",
                   finding="founded", measures=(Measure("责令整改", DAY),), review_days=30)
GOOD = ("您反映的关于盐城某化工有限公司（位于黄海路88号）的大气、噪声问题，经调查核实，您反映的问题属实。"
        "2026年11月3日，我局已责令该企业整改。如对本答复意见不服，可自收到本答复意见书之日起30日内请求复查。")


def codes(text, facts=FACTS):
    return [g.code for g in reply_check(text, facts)]


class TestReplyCheck:
    """The check is a pure function of the draft and the facts: no database."""

    def test_a_complete_letter_passes(self):
        assert codes(GOOD) == []

    def test_each_matter_raised_must_be_answered(self):
        text = GOOD.replace("盐城某化工有限公司", "该企业").replace("、噪声", "").replace("黄海路88号", "某处")
        assert codes(text) == ["category", "reported_party", "place"]
        gap = reply_check(text, FACTS)[0]
        assert "噪声" in gap.message  # the clerk is told which matter

    def test_place_is_matched_by_its_road_or_the_whole_address(self):
        assert place_keys("盐城市亭湖区黄海路88号")[-1] == "黄海路"
        assert codes(GOOD.replace("黄海路88号", "黄海路旁")) == []
        assert place_keys("盐城市**路") == []  # a masked place cannot be asked for

    def test_finding_missing_or_differing(self):
        assert codes(GOOD.replace("经调查核实，您反映的问题属实。", "")) == ["finding"]
        unfounded = GOOD.replace("问题属实", "问题不属实")
        assert "finding_differs" in codes(unfounded)
        assert "finding_differs" not in codes(unfounded, ReplyFacts(**{**FACTS.__dict__, "finding": "unfounded"}))

    def test_measures_need_their_dates(self):
        assert codes(GOOD.replace("2026年11月3日，", "")) == ["measure_date"]
        assert codes(GOOD.replace("2026年11月3日，", "11月3日，")) == []
        assert codes(GOOD.replace("责令该企业整改", "督促")) == ["measure"]
        no_measures = ReplyFacts(**{**FACTS.__dict__, "measures": ()})
        assert codes(GOOD, no_measures) == ["no_measures"]

    def test_refusing_needs_a_legal_basis(self):
        unfounded = ReplyFacts(**{**FACTS.__dict__, "finding": "unfounded", "measures": ()})
        text = GOOD.replace("问题属实", "问题不属实").replace("2026年11月3日，我局已责令该企业整改。", "")
        assert codes(text, unfounded) == ["legal_basis"]
        assert codes(text + "根据《信访工作条例》的规定，不予支持。", unfounded) == []
        partly = ReplyFacts(**{**FACTS.__dict__, "finding": "partly"})
        assert "legal_basis" in codes(GOOD.replace("问题属实", "问题部分属实"), partly)
        assert "legal_basis" not in codes(GOOD)  # founded: nothing refused

    def test_review_route_and_its_time_limit(self):
        assert codes(GOOD.replace("请求复查", "联系我们")) == ["review_route"]
        assert codes(GOOD.replace("30日内", "规定期限内")) == ["review_days"]
        assert codes(GOOD.replace("30日内", "三十日内")) == []

    def test_notes_left_pasted_report_and_anonymous_name(self):
        assert codes(GOOD + "【请写明查明的事实】") == ["note_left"]
        pasted = ReplyFacts(**{**FACTS.__dict__, "internal_report": REPORT})
        assert codes(GOOD + REPORT, pasted) == ["report_pasted"]
        assert codes(GOOD + REPORT[:12], pasted) == []
        anonymous = ReplyFacts(**{**FACTS.__dict__, "hidden_names": ("张三",)})
        gaps = reply_check("张三：\n" + GOOD, anonymous)
        assert [g.code for g in gaps] == ["names_anonymous"] and "张三" not in gaps[0].message


# --- the draft and sending it -------------------------------------------------------------------------------

def reviewed_case(world, finding="founded", measures=("rectify",), anonymous=False):
    case = in_progress(world, is_anonymous=anonymous, categories=["air", "noise"])
    from ecopetition.fieldwork.models import Measure as M

    for kind in measures:
        M.objects.create(complaint=case, kind=kind, detail="", by=world.users["otto"], at=clock.now())
    A.do_report(case, actor=world.users["otto"], finding=finding, result=REPORT)
    return A.do_review(case, actor=world.users["sue"], passed=True)


def written(draft_text: str) -> str:
    """The clerk's edit: the note to the writer replaced by what the complainant reads."""
    return draft_text.replace("【请用信访人能读懂的话写明查明的事实，不照抄内部调查报告】",
                              "检查时该企业废气处理设施未正常运行。")


@pytest.mark.django_db
class TestDraft:
    def test_draft_is_written_for_the_complainant_not_the_report(self, world):
        case = reviewed_case(world)
        draft = D.do_save_reply_draft(case, actor=world.users["cara"])
        text = draft.text
        assert text.startswith("张三：")  # the clerk may see the name: the letter is addressed to them
        for part in ("盐城某化工有限公司", "黄海路88号", "大气", "噪声", "属实", "责令整改", "复查", "30日内"):
            assert part in text, part
        assert D.render.chinese_date(clock.localdate()) + "，责令整改" in text  # the measure with its date
        assert REPORT not in text and "执法笔录" not in text
        # The review goes to the next body above the one whose reply it is (the city issued it: the province).
        issuer = D.issuing_unit(world.users["cara"], case, "reply")
        assert D.review_body(case, issuer.official_name) == world.units["province"]
        assert f"向{world.units['province'].official_name}书面请求复查" in text
        # Only the note to the writer is left to do; once written, the check is satisfied.
        assert [g.code for g in D.check_reply(case, text, unmasked=True)] == ["note_left"]
        assert D.check_reply(case, written(text), unmasked=True) == []

    def test_unfounded_draft_cites_its_legal_basis(self, world):
        case = reviewed_case(world, finding="unfounded", measures=())
        text = D.do_save_reply_draft(case, actor=world.users["cara"]).text
        assert "不属实" in text and "《信访工作条例》" in text and "不予支持" in text
        assert D.check_reply(case, written(text), unmasked=True) == []

    def test_anonymous_complainant_never_named(self, world):
        case = reviewed_case(world, anonymous=True)
        draft = D.do_save_reply_draft(case, actor=world.users["cara"])
        assert draft.text.startswith("匿名信访人：") and "张三" not in draft.text
        # Typed in by hand, the name is masked in the saved draft and the letter sent.
        draft = D.do_save_reply_draft(case, actor=world.users["cara"], text="张三：\n" + written(draft.text),
                                      revision=draft.revision)
        assert "张三" not in draft.text
        doc = D.do_send_reply(case, actor=world.users["cara"], method="sms", revision=draft.revision,
                              reason="称呼已按匿名处理")
        assert "张三" not in doc.text

    def test_anonymous_letter_opening_with_an_unrecorded_name_names_nobody(self, world):
        # R10-1: the name in the salutation was never recorded (the usual anonymous case): the letter as saved
        # opens with 匿名信访人, and the surname and honorific are gone too.
        case = reviewed_case(world, anonymous=True)
        draft = D.do_save_reply_draft(case, actor=world.users["cara"])
        body = written(draft.text).split("\n", 1)[1]
        draft = D.do_save_reply_draft(case, actor=world.users["cara"], text="尊敬的欧阳秀兰女士：\n" + body,
                                      revision=draft.revision)
        assert draft.text.startswith("尊敬的匿名信访人：\n")
        assert "秀兰" not in draft.text and "欧阳" not in draft.text and "女士" not in draft.text.split("\n")[0]

    def test_only_the_replying_clerk_drafts(self, world):
        case = reviewed_case(world)
        with pytest.raises(TransitionNotAllowed):
            D.do_save_reply_draft(case, actor=world.users["otto"])
        assert not ReplyDraft.objects.exists()

    def test_a_stale_revision_is_refused(self, world):
        case = reviewed_case(world)
        draft = D.do_save_reply_draft(case, actor=world.users["cara"])
        D.do_save_reply_draft(case, actor=world.users["cara"], text=written(draft.text), revision=draft.revision)
        with pytest.raises(TransitionNotAllowed) as exc:
            D.do_save_reply_draft(case, actor=world.users["cara"], text="另一版本", revision=draft.revision)
        assert exc.value.code == "draft_changed"
        with pytest.raises(TransitionNotAllowed):
            D.do_send_reply(case, actor=world.users["cara"], method="sms", revision=draft.revision)

    def test_a_clerk_without_the_identity_sees_it_masked_and_may_not_change_it(self, world):
        case = reviewed_case(world)
        draft = D.do_save_reply_draft(case, actor=world.users["cara"])
        assert "张三" not in D.draft_for(world.users["otto"], draft) and "张三" in D.draft_for(world.users["cara"], draft)
        from ecopetition.documents.models import ReplyDraft as RD

        assert RD.objects.get(pk=draft.pk).has_identity
        with pytest.raises((PermissionDenied, TransitionNotAllowed)):
            D.do_save_reply_draft(case, actor=world.users["otto"], text="x", revision=draft.revision)


@pytest.mark.django_db
class TestSend:
    def test_gaps_refuse_sending_without_a_reason_and_nothing_is_written(self, world, settings):
        case = reviewed_case(world)
        draft = D.do_save_reply_draft(case, actor=world.users["cara"])
        with pytest.raises(ValidationError) as exc:
            D.do_send_reply(case, actor=world.users["cara"], method="sms", revision=draft.revision)
        assert exc.value.code == "reply_check" and exc.value.field == "reason" and "【" in exc.value.message
        case.refresh_from_db()
        assert case.state == State.REVIEWED and not Document.objects.exists()
        assert not [p for p in Path(settings.DOCUMENTS_DIR).rglob("*") if p.is_file()]

    def test_sending_anyway_records_the_reason_and_the_gaps(self, world):
        case = reviewed_case(world)
        draft = D.do_save_reply_draft(case, actor=world.users["cara"])
        doc = D.do_send_reply(case, actor=world.users["cara"], method="letter", revision=draft.revision,
                              reason="调查事实已当面告知信访人")
        override = Event.objects.get(complaint=case, action="reply_check_overridden")
        assert override.note == "调查事实已当面告知信访人" and override.data["gaps"] == ["note_left"]
        assert override.actor == world.users["cara"]
        case.refresh_from_db()
        draft.refresh_from_db()
        assert case.state == State.REPLIED and case.reply_text == doc.text == draft.text
        assert draft.document == doc and doc.kind == "reply" and doc.has_identity

    def test_a_clean_draft_sends_without_a_reason_and_no_override(self, world):
        case = reviewed_case(world)
        draft = D.do_save_reply_draft(case, actor=world.users["cara"])
        draft = D.do_save_reply_draft(case, actor=world.users["cara"], text=written(draft.text),
                                      revision=draft.revision)
        doc = D.do_send_reply(case, actor=world.users["cara"], method="sms", revision=draft.revision)
        assert doc.text == draft.text
        assert not Event.objects.filter(complaint=case, action="reply_check_overridden").exists()
        # A new round (after a review overturned it) opens a new draft; the sent one stays with its letter.
        assert D.open_draft(case) is None


@pytest.mark.django_db
class TestOnePath:
    def test_api_reply_goes_through_the_check_and_issues_the_letter(self, client, world):
        case = reviewed_case(world)
        client.force_login(world.users["cara"])
        url = f"/api/v1/complaints/{case.number}/actions/reply"
        r = client.post(url, {"text": "已处理。", "method": "sms"}, content_type="application/json")
        assert r.status_code == 400 and r.json()["code"] == "reply_check", r.content
        assert Complaint.objects.get(pk=case.pk).state == State.REVIEWED
        r = client.post(url, {"text": "已处理。", "method": "sms", "reason": "信访人电话要求简短答复"},
                        content_type="application/json")
        assert r.status_code == 200, r.content
        doc = Document.objects.get(complaint=case, kind="reply")
        assert doc.text == "已处理。" and Complaint.objects.get(pk=case.pk).reply_text == "已处理。"

    def test_console_offers_the_draft_page_not_a_form(self, client, world):
        case = reviewed_case(world)
        client.force_login(world.users["cara"])
        page = client.get(reverse("cases:detail", args=[case.number])).content.decode()
        url = reverse("documents:reply", args=[case.number])
        assert f'href="{url}"' in page and 'name="reply-text"' not in page
        r = client.post(reverse("cases:act", args=[case.number, "reply"]), {"reply-text": "x", "reply-method": "sms"})
        assert r.status_code == 302 and r["Location"] == url
        assert Complaint.objects.get(pk=case.pk).state == State.REVIEWED

    def test_page_edit_check_preview_and_send(self, client, world, tmp_path):
        case = reviewed_case(world)
        client.force_login(world.users["cara"])
        url = reverse("documents:reply", args=[case.number])
        page = client.get(url).content.decode()
        assert 'id="reply-gaps"' in page and "【" in page and "执法笔录" in page  # the report, beside the letter
        draft = D.open_draft(case)
        # Send with an edited text: saved, not sent (the clerk checks and previews what goes out).
        r = client.post(url, {"op": "send", "text": written(draft.text), "revision": draft.revision,
                              "method": "sms"})
        assert r.status_code == 302 and Complaint.objects.get(pk=case.pk).state == State.REVIEWED
        draft.refresh_from_db()
        page = client.get(url).content.decode()
        assert 'id="reply-ok"' in page
        pdf = client.get(reverse("documents:reply_preview", args=[case.number]))
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        (tmp_path / "p.pdf").write_bytes(pdf.content)
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "p.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert all(ch in text for ch in "草稿未发出") and "黄海路88号" in text  # marked as a draft on every page
        assert f"〔{clock.localdate().year}〕" in text and D.open_draft(case).text.splitlines()[1][:20] in text.replace("\n", "")
        r = client.post(url, {"op": "send", "text": draft.text, "revision": draft.revision, "method": "sms"})
        assert r.status_code == 302, r.content.decode()[:2000]
        case.refresh_from_db()
        assert case.state == State.REPLIED and case.reply_text == draft.text
        # Gone from the clerk's reach once sent: the page sends them back to the case.
        assert client.get(url).status_code == 302

    def test_send_with_gaps_asks_for_the_reason_on_the_page(self, client, world):
        case = reviewed_case(world)
        client.force_login(world.users["cara"])
        url = reverse("documents:reply", args=[case.number])
        client.get(url)
        draft = D.open_draft(case)
        r = client.post(url, {"op": "send", "text": draft.text, "revision": draft.revision, "method": "sms"})
        assert r.status_code == 400 and 'name="reason"' in r.content.decode()
        assert Complaint.objects.get(pk=case.pk).state == State.REVIEWED

    def test_officer_cannot_open_the_draft_or_its_preview(self, client, world):
        case = reviewed_case(world)
        D.do_save_reply_draft(case, actor=world.users["cara"])
        client.force_login(world.users["otto"])
        assert client.get(reverse("documents:reply", args=[case.number])).status_code == 302
        assert client.get(reverse("documents:reply_preview", args=[case.number])).status_code == 404
