"""The sixteenth outside review's structural findings: outputs that masked a case's text against their own list of
people instead of the case's (`privacy.case_masks`: its complainants and every name found in any of its texts).
R16-1 the scanned letter's redacted copy, R16-12 case meetings (agenda, minutes, decisions), R16-3 the oversight
history's repeat links made by a person alone, R16-11 the name replaced in an anonymous reply's salutation, R16-13
the search columns against names found later in notes. Each with what must stay readable beside it."""

import datetime as dt

import pytest

from ecopetition.cases import actions, privacy
from ecopetition.cases.models import Complaint
from ecopetition.testfixtures import fresh_deadline_caches  # noqa: F401, F811

from .helpers import found, register

NAMED_LATER = "化工厂排臭气，熏到了王建国的菜地。"  # a form with no cue: the name is found only elsewhere


def _covered(text, spans, value, start=0):
    at = text.index(value, start)
    return all(any(s.start <= i < s.end for s in spans) for i in range(at, at + len(value)))


def _anonymous(world, content, **kw):
    return register(world, content=content, title=kw.pop("title", "化工厂排臭气"), is_anonymous=True,
                    complainants=[], **kw)


def _reviewed(world, case):
    u = world.users
    actions.do_accept(case, actor=u["cara"])
    actions.do_assign(case, actor=u["dan"], lead_unit=world.units["city_eco"])
    actions.do_sign_for(case, actor=u["olga"])
    actions.do_report(case, actor=u["olga"], finding="founded", result="已责令整改。")
    actions.do_review(case, actor=u["sue"], passed=True)
    return Complaint.objects.get(pk=case.pk)


# --- R16-1: the scanned letter's redacted copy blacks out what the case's text masks -----------------------------

LETTER = ["举报人：东河村吴海燕", "化工厂排臭气，海燕家就在厂边。", "我叫李秀英，厂子离我家五十米，",
          "李秀英在这住了三十年，秀英的孩子咳嗽。", "请环保局来查一查。"]


@pytest.mark.django_db
def test_r16_1_the_redacted_letter_blacks_out_every_mention_of_a_found_name(world, no_triage):
    from ecopetition.intake import letters
    from ecopetition.intake.models import ScannedLetter

    letter = ScannedLetter(kind="png", lines=[{"page": 1, "text": t, "box": [0, 20 * i, 400, 20 * i + 18]}
                                              for i, t in enumerate(LETTER)])
    case = _anonymous(world, "\n".join(LETTER))
    # the case's text masks them
    shown = privacy.mask_for(world.users["dan"], case, case.content)
    assert "海燕" not in shown and "秀英" not in shown, shown
    spans = letters.line_spans(letter, [], letters.case_people(letter, case))
    assert _covered(LETTER[1], spans[1], "海燕"), spans[1]
    assert _covered(LETTER[3], spans[3], "李秀英") and _covered(LETTER[3], spans[3], "秀英", 5), spans[3]
    # what stays readable beside them
    assert not spans[4], spans[4]
    assert not any(_covered(LETTER[1], spans[1], w) for w in ("化工厂排臭气", "就在厂边"))
    assert not _covered(LETTER[3], spans[3], "在这住了三十年") and not _covered(LETTER[3], spans[3], "孩子咳嗽")


@pytest.mark.django_db
def test_r16_1_the_letter_registered_as_a_case_is_redacted_with_the_case_masks(world, no_triage, monkeypatch):
    from ecopetition.core import clock
    from ecopetition.intake import letters
    from ecopetition.intake.models import ScannedLetter

    seen = {}

    def fake_redacted(letter, known, people=()):
        seen["spans"] = letters.line_spans(letter, known, people)
        return b"", "x.png"

    monkeypatch.setattr(letters, "redacted_file", fake_redacted)
    monkeypatch.setattr("ecopetition.cases.attachments.store_attachment", lambda *a, **k: None)
    letter = ScannedLetter.objects.create(kind="png", unit=world.units["city"], uploaded_by=world.users["cara"],
                                          uploaded_at=clock.now(), size=1, storage_name="r16-1.png",
                                          lines=[{"page": 1, "text": t, "box": [0, 20 * i, 400, 20 * i + 18]}
                                                 for i, t in enumerate(LETTER)])
    case = _anonymous(world, "\n".join(LETTER))
    letters.attach_to_case(letter, case, actor=world.users["cara"], known=[])
    assert _covered(LETTER[3], seen["spans"][3], "秀英", 5), seen["spans"][3]


# --- R16-12: case meetings mask against the case's masks ----------------------------------------------------------

MEETING_CASE = "我叫王建国，是新华村人。\n化工厂排臭气，王建国在这住了三十年，王建国的孩子天天咳嗽。"


@pytest.mark.django_db
def test_r16_12_the_agenda_minutes_and_decisions_mask_a_found_name(world, no_triage, fresh_deadline_caches):  # noqa: F811
    from ecopetition.core import clock
    from ecopetition.meetings import actions as meetings
    from ecopetition.meetings import printing, queries
    from ecopetition.meetings.models import DecisionKind

    case = _anonymous(world, MEETING_CASE, title="")
    m = meetings.do_create_meeting(actor=world.users["lee"], unit=world.units["city"], held_on=clock.localdate(),
                                   chair=world.users["lee"], attending=[world.units["county_a_eco"]])
    item = m.items.filter(complaint=case).first() or meetings.do_add_item(m, actor=world.users["lee"], case=case)
    meetings.do_record_minutes(item, actor=world.users["lee"], minutes="王建国在这住了三十年，会上建议先给王建国家装净化器。")
    meetings.do_decide(item, actor=world.users["lee"], kind=DecisionKind.INSTRUCTION,
                       due_at=clock.now() + dt.timedelta(days=5), text="请联系王建国，先给王建国家装净化器。")
    for who in ("lee", "dan", "sue", "ian"):
        rows = [r for r in queries.agenda_rows(m, world.users[who]) if r["case"] == case]
        assert rows, who
        row = rows[0]
        for text in (row["title"], row["minutes"], *(d["text"] for d in row["decisions"])):
            assert "王建国" not in text and "建国" not in text, (who, text)
        assert "会上建议先给" in row["minutes"] and "装净化器" in row["decisions"][0]["text"]
        assert "化工厂排臭气" in row["title"] or "新华村" in row["title"], row["title"]
    for what in ("agenda", "minutes"):  # the PDF and DOCX printouts' text
        printed = printing.text(m, what, world.users["dan"])
        assert "王建国" not in printed and "建国" not in printed, printed
    assert "会上建议先给" in printing.text(m, "minutes", world.users["dan"])
    # the next meeting carries the decision over, masked the same
    later = meetings.do_create_meeting(actor=world.users["lee"], unit=world.units["city"],
                                       held_on=clock.localdate() + dt.timedelta(days=7), chair=world.users["lee"],
                                       attending=[world.units["county_a_eco"]])
    _, carried = queries.carried_over(later, world.users["dan"])
    assert carried and all("建国" not in r["text"] and "建国" not in r["title"] for r in carried), carried


# --- R16-3: the oversight history leaves out links made by a person alone -----------------------------------------

@pytest.mark.django_db
def test_r16_3_the_history_leaves_out_person_only_repeat_links(world, no_triage):
    from ecopetition.cases import audit
    from ecopetition.oversight import inspection

    case = register(world)
    phone_only, matter = register(world), register(world)
    locked = Complaint.objects.select_for_update().get(pk=case.pk)
    audit.append(locked, actor=None, action="flag_repeat", data={"related": [
        {"number": phone_only.number, "score": 0.9, "reasons": ["phone"]},
        {"number": matter.number, "score": 0.7, "reasons": ["matter", "phone"]}]})
    for who, sees in (("ian", False), ("lee", False), ("dan", False), ("cara", True)):
        h = inspection.history(Complaint.objects.get(pk=case.pk), world.users[who])
        links = [e["data"]["related"] for e in h["events"] if e["action"] == "flag_repeat"][0]
        numbers = {link["number"] for link in links}
        assert (phone_only.number in numbers) is sees, (who, links)
        # a link by the matter stays, without the person's reason
        assert matter.number in numbers
        assert sees or all(link["reasons"] == ["matter"] for link in links), links


# --- R16-11: the name replaced in an anonymous reply's salutation counts as found -------------------------------

@pytest.mark.django_db
def test_r16_11_the_saluted_name_masks_the_rest_of_the_case(world, no_triage):
    from ecopetition.documents import actions as documents

    case = _reviewed(world, _anonymous(world, NAMED_LATER))
    doc = documents.do_send_reply(case, actor=world.users["cara"], method="letter", reason="已核对，确需发出",
                                  text="尊敬的王建国同志：\n您好！问题已处理。")
    case = Complaint.objects.get(pk=case.pk)
    assert "王建国" not in case.reply_text and "王建国" not in doc.text
    shown = privacy.identity_for(world.users["dan"], case).fields()
    assert "王建国" not in shown["content"] and "的菜地" in shown["content"], shown["content"]
    assert "问题已处理" in shown["reply_text"]
    assert case.number not in found(world, "dan", "王建国")
    assert case.number in found(world, "dan", "化工厂排臭气")


@pytest.mark.django_db
def test_r16_11_a_reply_without_a_saluted_name_records_nothing_more(world, no_triage):
    from ecopetition.cases.models import Event
    from ecopetition.documents import actions as documents

    case = _reviewed(world, _anonymous(world, "化工厂排臭气。"))
    documents.do_send_reply(case, actor=world.users["cara"], method="letter", reason="已核对，确需发出",
                            text="尊敬的信访人：\n您好！问题已处理。")
    assert not Event.objects.filter(complaint=case, action="reply_unnamed").exists()


# --- R16-13: the search columns follow names found later in notes -----------------------------------------------

@pytest.mark.django_db
def test_r16_13_a_name_found_in_the_instructions_is_not_searchable(world, no_triage):
    case = _anonymous(world, NAMED_LATER)
    assert case.number in found(world, "dan", "王建国")  # before: the name stands as written
    actions.do_accept(case, actor=world.users["cara"])
    actions.do_assign(case, actor=world.users["dan"], lead_unit=world.units["city_eco"],
                      instructions="请联系信访人王建国核实")
    case = Complaint.objects.get(pk=case.pk)
    assert "王建国" not in privacy.mask_for(world.users["ian"], case, case.content)
    for who in ("dan", "ian"):
        assert case.number not in found(world, who, "王建国"), who
        assert case.number in found(world, who, "化工厂排臭气"), who
    assert case.number in found(world, "cara", "王建国")  # the clerk sees the text as written


@pytest.mark.django_db
def test_r16_13_a_name_found_in_a_callback_note_is_not_searchable(world, no_triage):
    from .helpers import walk_to_replied

    case = walk_to_replied(world, _anonymous(world, NAMED_LATER))
    actions.do_callback(case, actor=world.users["cole"], result="satisfied", note="回访对象：王建国，满意。")
    assert case.number not in found(world, "ian", "王建国")
    assert case.number in found(world, "ian", "的菜地")


@pytest.mark.django_db
def test_r16_13_the_reindex_reads_the_notes(world, no_triage):
    from ecopetition.cases.models import refresh_search

    case = _anonymous(world, NAMED_LATER)
    actions.do_accept(case, actor=world.users["cara"])
    actions.do_assign(case, actor=world.users["dan"], lead_unit=world.units["city_eco"],
                      instructions="请联系信访人王建国核实")
    Complaint.objects.filter(pk=case.pk).update(search_masked="", search_tokens_masked="")
    refresh_search([case.pk])
    assert "王建国" not in Complaint.objects.get(pk=case.pk).search_masked
