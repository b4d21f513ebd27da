"""The complainant's identity never reaches a person without the right to it.

Every complainant in the security world has a name, phone, ID number and home address found nowhere
else. Each person (and the public) fetches every page, list, search, export, API answer, generated
document and disclosure page they can reach; the bytes of each answer (the text inside .xlsx, .docx
and .pdf files included) are searched for the identity strings of every case whose identity that
person may not see. Who may see it is written here independently of the code under test: intake
clerks of the registering unit or above it, and whoever holds a grant for that case.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
import zipfile
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.test import Client

from ecopetition.cases import actions as ca
from ecopetition.core import clock

from .secworld import FAMILIES, OWN, STATES, identity_of, name_forms

CLERKS_OVER = {  # registering unit of each family -> the clerks at it or above it
    "A": {"amy", "cara"}, "B": {"bea", "cara"}, "C": {"cara"}, "X": set(),
}
# Everyone of the matrix, "anon" included, but the city clerk (who may see every case's identity here)
# and the county dispatcher (the city's dispatcher stands for the role).
PEOPLE = [u for u in OWN if u not in ("cara", "adam")]
GRANTED = ("cole", "A", "in_progress")  # a callback officer granted one case's identity


@pytest.fixture
def leakworld(sw):
    w = sw
    ca.do_grant_identity(w.case("A", "in_progress"), actor=w.users["sue"], user=w.users["cole"],
                         reason="回访需要联系信访人")
    # An anonymous complainant who still left a phone (for the callback) and an address.
    anon_id = {"name": "匿名甲某某", "phone": "13911110000", "id_number": "", "address": "盐城市匿名小区9幢"}
    w.anonymous = ca.do_register(ca.NewComplaint(
        channel="phone", content="夜间噪声扰民，不愿透露姓名。", is_anonymous=True, address="盐城市亭湖区建设路",
        complainants=[ca.ComplainantInput(**anon_id)]), unit=w.units["county_a"], actor=w.users["pat"])
    w.anonymous_identity = anon_id
    # A joint complaint (R9-1, R9-2): two people in one recorded name field, two more listed after a cue.
    w.joint_names = ("东方晓岚", "南宫映月", "诸葛望舒", "上官听雪")
    w.joint = ca.do_register(ca.NewComplaint(
        channel="phone", address="盐城市亭湖区建设路", content=(
            "东河村砖瓦厂烟尘污染严重。举报人：诸葛望舒、上官听雪（均为东河村村民）。南宫映月说晚上睡不着。"
            "\n此致\n敬礼\n东方晓岚 南宫映月\n2026年12月6日"),
        complainants=[ca.ComplainantInput(name="东方晓岚、南宫映月", phone="13911112222")]),
        unit=w.units["county_a"], actor=w.users["pat"])
    # A disclosure of what closed this month, for the public pages.
    from ecopetition.analytics import disclosure, queries

    closed = ca.do_close(w.case("A", "called_back"), actor=w.users["pat"])
    today = clock.localdate()
    # Identity travels in what staff write too: a reason not to accept, the authority referred to, the
    # reason a unit gives back, a file's name; and a name before 家旁边 in a place that gets published.
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ecopetition.cases.attachments import store_attachment

    w.written = {}
    for fam in FAMILIES:
        who = identity_of(fam, "in_progress")
        said = f"{who['name']}反映的事项已经通过诉讼途径处理（联系电话{who['phone']}）"
        reg = w.units[{"A": "county_a", "B": "county_b", "C": "city", "X": "city2"}[fam]]
        rej = ca.do_register(ca.NewComplaint(channel="phone", content="养殖场臭味", complainants=[
            ca.ComplainantInput(**who)]), unit=reg, actor=w.users["pat"])
        ca.do_reject(rej, actor=w.users["pat"], reason=said,
                     legal_route=f"向法院起诉，{who['name']}可拨打{who['phone']}查询")
        # Its summary (the title every list shows) is cut at 60 characters inside an ID number written in
        # Chinese numerals (R3-4): 17 of its 18 digits must not reach a list.
        content = "噪声扰民" + "请" * 35 + f"身份证号{chinese(who['id_number'])}，电话{dotted(who['phone'])}"
        ref = ca.do_register(ca.NewComplaint(channel="phone", content=content, complainants=[
            ca.ComplainantInput(**who)]), unit=reg, actor=w.users["pat"])
        ca.do_refer(ref, actor=w.users["pat"], to_authority=f"公安局（{who['name']}）", reason=said)
        case = w.case(fam, "in_progress")
        store_attachment(case, SimpleUploadedFile(f"{who['name']}身份证{who['id_number']}电话{who['phone']}.png",
                                                  _png(), content_type="image/png"), actor=w.users["pat"])
        w.written[fam] = (rej, ref)
    _plant_in_the_reported_party(w)
    _plant_in_satellite_records(w)
    place = ca.do_register(ca.NewComplaint(
        channel="phone", content="路边垃圾焚烧", address="盐城市亭湖区五星街道欧阳长庚家旁边的小路", categories=["air"],
        is_anonymous=True, complainants=[ca.ComplainantInput(name="欧阳长庚", phone="13922220000")]),
        unit=w.units["county_a"], actor=w.users["pat"])
    w.place_case = _close(w, place)
    w.publication = disclosure.do_publish(actor=w.users["pat"], area=w.units["city"],
                                          period=queries.parse_period(f"{today:%Y-%m}"))
    w.closed = closed
    return w


CN_DIGITS = str.maketrans("0123456789", "零一二三四五六七八九")
FINANCIAL = str.maketrans("0123456789", "零壹贰叁肆伍陆柒捌玖")


def chinese(number: str) -> str:
    return number.translate(CN_DIGITS)


def dotted(phone: str) -> str:
    return f"{phone[:3]}.{phone[3:7]}.{phone[7:]}"


def dodged(family: str, state: str) -> str:
    """Identity written the ways the fourth outside review found unmasked (R4-8), with values of this case only:
    a WeChat handle behind V信, an e-mail address without @, the name spaced after 我叫, a room in Chinese
    numerals, and the building of the recorded home address written apart from it; and the sixth's (R6-3): the
    recorded building and room in shorthand (秘密小区5#5号 for 秘密小区5幢5室) and the phone's last eight digits in
    two pieces (`shorthand`)."""
    handle, mail, spaced, room = planted(family, state)
    i = FAMILIES.index(family) * 20 + STATES.index(state)
    home, pieces = shorthand(family, state)
    return (f"加V信{handle}，邮箱{mail}(at)163.com，我叫{spaced}，家住幸福小区{room}，"
            f"就在秘密小区{i}幢楼下，也就是秘密小区{home}，手机后八位{pieces}")


def looked_alike(family: str, state: str) -> tuple[str, set[str]]:
    """The ninth review's forms (R9-3, R9-4, R9-6): the phone in Suzhou numerals, the phone dictated in pieces far
    apart, the name with a CJK Radicals Supplement look-alike (⺄ for 乙, ⺒ for 巳) where it has one of those."""
    who = identity_of(family, state)
    p, name = who["phone"], who["name"].translate(str.maketrans("乙巳", "⺄⺒"))
    suzhou = "".join("〇" if d == "0" else chr(0x3021 + int(d) - 1) for d in p)
    apart = f"手机号码开头是{p[:3]}，中间的四个数字是{p[3:7]}，最后面的四个数字是{p[7:]}"
    forms = {suzhou, f"数字是{p[7:]}"}  # (the middle four are the same in every case of the world)
    if name != who["name"]:
        forms |= {name, name[2:]}
    return f"手机{suzhou}，{apart}，也写作{name}", forms


def shorthand(family: str, state: str) -> tuple[str, str]:
    """The recorded building and room joined by # (5#5号), and the phone's last eight digits as 0000，0005."""
    i = FAMILIES.index(family) * 20 + STATES.index(state)
    last8 = identity_of(family, state)["phone"][-8:]
    return f"{i}#{i}号", f"{last8[:4]}，{last8[4:]}"


def in_a_row(family: str, state: str) -> tuple[str, set[str]]:
    """The recorded phone and another phone of this case written in a row, grouped by the IME dash, bullets, a
    minus sign, a double dash and ordinary punctuation (R7-4); and the pieces of them that must not be shown."""
    p = identity_of(family, state)["phone"]
    i = FAMILIES.index(family) * 20 + STATES.index(state)
    other = f"1382{i:03d}4{i:03d}"
    text = (f"{p[:3]}ー{p[3:7]}ー{p[7:]}，{other[:3]}ー{other[3:7]}ー{other[7:]}；"
            f"{other[:3]}，{other[3:7]}，{other[7:]}；{p[:3]}、{p[3:7]}、{p[7:]} "
            f"{p[:3]}•{p[3:7]}•{p[7:]}、{p[:3]}\u2212{p[3:7]}\u2212{p[7:]}，{other[:3]}——{other[3:7]}——{other[7:]}")
    pieces = {f"{p[3:7]}ー{p[7:]}", f"{other[3:7]}ー{other[7:]}", f"{other[3:7]}，{other[7:]}", f"{p[3:7]}、{p[7:]}",
              f"{p[3:7]}•{p[7:]}", f"{p[3:7]}\u2212{p[7:]}", f"{other[3:7]}——{other[7:]}", other}
    return text, pieces


def planted(family: str, state: str) -> tuple[str, str, str, str]:
    """The values `dodged` writes (each unique to one case): handle, mail name, spaced name, room."""
    i = FAMILIES.index(family) * 20 + STATES.index(state)
    return (f"oyhandle{i:03d}", f"oymail{i:03d}", " ".join(identity_of(family, state)["name"]),
            f"{chinese(str(800 + i))}室")


def _plant_in_the_reported_party(w):
    """The complainant writes themselves into the reported party (R7-1: portal, Open311, API, phone, import) of the
    case in handling; the 交办单 printed afterwards fills it in."""
    from ecopetition.cases.models import Complaint
    from ecopetition.documents import actions as docs

    for fam in FAMILIES:
        who = identity_of(fam, "in_progress")
        case = w.case(fam, "in_progress")
        Complaint.objects.filter(pk=case.pk).update(
            reported_party_name=f"幸福小区烧烤店（举报人{who['name']}，电话{who['phone']}，住{who['address']}）")
        case.refresh_from_db()
        docs.do_generate_document(case, actor=w.users["pat"], kind="assignment", extra={})


def _plant_in_satellite_records(w):
    """Identity written into the records around a case (R3-1..3, 5, 6, 10, 11): a leader's instruction, an
    urging, a supervision order and its answer (and the 督办单 printed from it), a site-visit note, the
    measures and rectifications of the "reported" case, its extension reason, re-check reason and findings,
    a responsibility record, an accountability mark, and a review opinion (and its 复查意见书) — in the
    ordinary spellings and in Chinese numerals, financial numerals, dots and spaced hyphens (R3-8)."""
    from ecopetition.cases.models import Complaint, Extension
    from ecopetition.deadlines import actions as da
    from ecopetition.documents import actions as docs
    from ecopetition.fieldwork import actions as fa
    from ecopetition.fieldwork.models import Measure, Rectification
    from ecopetition.oversight import inspection
    from ecopetition.oversight.models import RecheckTask, ResponsibilityRecord

    from .secworld import LEAD, OFFICER

    pat, now = w.users["pat"], clock.now()
    for fam in FAMILIES:
        who = identity_of(fam, "in_progress")
        said = f"信访人{who['name']}（电话{who['phone']}，身份证{who['id_number']}，住{who['address']}）"
        p = who["phone"]
        case, officer = w.case(fam, "in_progress"), w.users[OFFICER[fam]]
        da.do_instruct(case, actor=pat, text=f"请联系{said}当面沟通，或拨{p.translate(FINANCIAL)}")
        da.do_urge(case, actor=pat, text=f"抓紧办理，{who['name']}多次来电{dotted(p)}")
        order = da.do_issue_supervision_order(case, actor=pat, unit=w.units[LEAD[fam]], requirements=f"督办：{said}",
                                              due_at=now + dt.timedelta(days=3))
        da.do_respond_supervision(order, actor=officer, response=f"已联系{who['name']}，电话{p[:3]} - {p[3:7]} - {p[7:]}")
        docs.do_generate_document(case, actor=w.users["sue"] if fam != "X" else pat, kind="supervision", extra={
            "deadline": (clock.localdate() + dt.timedelta(days=3)).isoformat()})
        fa.do_site_visit(case, actor=officer, note=f"到{said}家走访，手机{chinese(p)}。{dodged(fam, 'in_progress')}"
                                                    f"。另两个号码{in_a_row(fam, 'in_progress')[0]}"
                                                    f"。{looked_alike(fam, 'in_progress')[0]}")
        if fam != "X":  # the inspector "ian" works at the city
            inspection.do_mark_accountability(case, actor=w.users["ian"], reason=f"承办人泄露{said}")
        who = identity_of(fam, "reported")
        said = f"信访人{who['name']}（电话{who['phone']}，身份证{who['id_number']}）"
        reported = w.case(fam, "reported")
        Measure.objects.filter(complaint=reported).update(detail=f"按{said}要求整改")
        Rectification.objects.filter(complaint=reported).update(description=f"在{said}家对面加装除臭设施",
                                                                verification_note=f"{who['name']}确认")
        Extension.objects.filter(complaint=reported).update(reason=f"{said}要求补充材料")
        task = w.objects[("recheck", fam)]
        RecheckTask.objects.filter(pk=task.pk).update(reason=f"{said}再次来电", findings=f"复核发现{said}反映属实")
        ResponsibilityRecord.objects.create(recheck=task, complaint=reported, unit=task.reported_unit,
                                            reason=f"复核发现{said}反映属实", at=now)
        # The replied case came through the 12345 hotline: its reply letter (which names the complainant) goes
        # into the replies export (R3-7).
        Complaint.objects.filter(pk=w.case(fam, "replied").pk).update(channel="hotline")
        if fam != "X":  # the city's supervisor "sue" (no identity) decides and prints the opinion
            who = identity_of(fam, "under_review")
            review = w.case(fam, "under_review")
            ca.do_decide_review(review, actor=w.users["sue"], upheld=True,
                                opinion=f"经复查，信访人{who['name']}（身份证{who['id_number']}，电话{who['phone']}）反映的问题已依法处理。")
            docs.do_generate_document(review, actor=w.users["sue"], kind="review_opinion")


def _close(w, case):
    """Take a case the whole way to closed, as the people of family A would."""
    from ecopetition.fieldwork import actions as fa

    from .secworld import OFFICER

    pat, officer = w.users["pat"], w.users[OFFICER["A"]]
    ca.do_accept(case, actor=pat)
    ca.do_assign(case, actor=pat, lead_unit=w.units["county_a_eco"])
    ca.do_sign_for(case, actor=officer)
    fa.do_report_findings(case, actor=officer, finding="founded", result="现场核实属实，已制止焚烧。", measures=[])
    ca.do_review(case, actor=pat, passed=True)
    ca.do_reply(case, actor=pat, text="您反映的问题经查属实，已制止。", method="sms")
    ca.do_callback(case, actor=pat, result="satisfied")
    return ca.do_close(case, actor=pat)


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "PNG")
    return out.getvalue()


def forbidden_strings(w, person: str) -> dict[str, str]:
    """identity string -> the case it belongs to, for every case `person` may not see unmasked."""
    out = {}
    for (family, state), case in w.cases.items():
        if person in CLERKS_OVER[family] or (person, family, state) == GRANTED:
            continue
        for value in fragments(identity_of(family, state)):
            out[value] = case.number
        if state == "in_progress":  # what `dodged` wrote into its site-visit note
            handle, mail, spaced, room = planted(family, state)
            i = FAMILIES.index(family) * 20 + STATES.index(state)
            for value in (handle, mail, spaced[4:], room, f"区{i}幢", *shorthand(family, state),
                          *in_a_row(family, state)[1], *looked_alike(family, state)[1]):
                out[value] = case.number
    if person not in CLERKS_OVER["A"]:
        for value in fragments(w.anonymous_identity):
            if value:
                out[value] = w.anonymous.number
        for value in ("欧阳长庚", "长庚"):
            out[value] = w.place_case.number
        for name in w.joint_names:
            out[name] = out[name[2:]] = w.joint.number
        out["13911112222"] = w.joint.number
    return out


def fragments(who: dict) -> set[str]:
    """A person's identity strings and the fragments that still identify: the given name alone (and
    the surname + given name inside other text), the phone (found inside longer digits too), the ID
    number and its last six digits, the detailed part of the home address."""
    out = {v for v in who.values() if v}
    if who.get("name"):
        out.add(who["name"][2:])  # 欧阳 + the given name: the given name alone
        if who["name"].startswith("欧阳") and who["name"][2:3] in "甲乙丙丁":  # the world's: written otherwise too
            out.update(name_forms(who["name"]))
    if who.get("phone"):  # other spellings (the world's phones differ in their last digits only)
        p = who["phone"]
        out |= {chinese(p), p.translate(FINANCIAL), dotted(p), f"{p[:3]} - {p[3:7]} - {p[7:]}", dotted(p)[4:]}
    if who.get("id_number"):
        out.add(who["id_number"][-6:])
        out.add(chinese(who["id_number"])[6:17])  # the birth date and sequence of an ID cut after 17 numerals
    if who.get("address"):
        out.add(who["address"].split("市", 1)[-1])
    return out


def callback_phones(w, person: str, url: str) -> set[str]:
    """The callback officer of the registering unit (or above) sees the phone number, and only that, on
    the case page of a case that waits for the callback ("replied"): the one allowed exception."""
    if person != "cole" or "/staff/cases/" not in url:
        return set()
    return {identity_of(f, "replied")["phone"] for f in ("A", "B", "C")
            if url.rstrip("/").endswith(w.case(f, "replied").number)}


# Machine values no person wrote: a timestamp's microseconds, a file's SHA-256 and the fraction of a spreadsheet's
# date-time cell (its serial number: whole days since 1900, five digits, then the time of day as a fraction) may
# happen to hold an ID number's last six digits (a run once failed on "…T10:52:13.010489+00:00", another on an
# export's <v>46363.4010411…</v>). A number cell's whole part, and every text cell, is still read.
_MACHINE = re.compile(r"(?<=:\d\d)\.\d{1,6}(?=[+Z-]|\b)|\b[0-9a-f]{64}\b|(?<=<v>\d{5})\.\d+(?=</v>)")


def text_of(response) -> str:
    return _MACHINE.sub(" ", _text_of(response))


def _text_of(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if body[:4] == b"PK\x03\x04":  # .xlsx, .docx: the XML inside
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    if body[:5] == b"%PDF-":
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=body, capture_output=True, check=True)
        return out.stdout.decode("utf-8", "replace")
    if "json" in kind:
        try:  # \u escapes spelled out
            return json.dumps(json.loads(body), ensure_ascii=False)
        except ValueError:
            pass
    return body.decode("utf-8", "replace")


def urls_for(w, person: str) -> list[tuple[str, str, dict | None]]:
    """(method, url, data) of everything a person might read something through."""
    from ecopetition.documents.models import Document

    urls: list[tuple[str, str, dict | None]] = []
    some = identity_of("A", "in_progress")
    for q in (some["name"], some["phone"], some["id_number"]):
        urls += [("GET", f"/staff/cases/?q={q}", None), ("GET", f"/staff/intake/export.xlsx?q={q}", None),
                 ("GET", f"/staff/oversight/?q={q}", None), ("GET", f"/api/v1/complaints?q={q}", None),
                 ("GET", f"/api/v1/oversight/cases?q={q}", None)]
    urls += [
        ("GET", "/staff/", None), ("GET", "/staff/cases/", None), ("GET", "/staff/intake/export.xlsx", None),
        ("GET", f"/staff/intake/phone/history/?phone={some['phone']}", None),
        ("GET", f"/staff/intake/phone/history/?phone={w.anonymous_identity['phone']}", None),
        ("POST", "/staff/triage/suggest/", {"content": "工地夜间施工噪声扰民", "phone": some["phone"],
                                             "p0_id_number": some["id_number"], "name": some["name"]}),
        ("POST", "/api/v1/triage", {"text": "工地夜间施工噪声扰民", "phone": some["phone"],
                                    "id_number": some["id_number"]}),
        ("GET", "/staff/triage/key/?min=2", None), ("GET", "/staff/deadlines/board/", None),
        ("GET", "/staff/deadlines/mine/", None), ("GET", "/staff/fieldwork/", None),
        ("GET", "/staff/notifications/", None), ("GET", "/staff/oversight/missed/", None),
        ("GET", "/staff/oversight/marked/", None), ("GET", "/staff/oversight/refused/", None),
        ("GET", "/staff/oversight/rechecks/", None), ("GET", "/staff/oversight/emergencies/", None),
        ("GET", "/api/v1/oversight/rechecks", None), ("GET", "/staff/intake/hotline/replies.json", None),
        ("GET", "/staff/analytics/", None), ("GET", "/staff/analytics/points/", None),
        ("GET", "/staff/analytics/disclosure/", None), ("GET", "/staff/analytics/report.xlsx", None),
        ("GET", "/disclosure/", None), ("GET", f"/disclosure/{w.publication.number}/", None),
        ("GET", "/open311/v2/requests.json", None), ("GET", "/api/v1/complaints?page_size=100", None),
        ("GET", "/api/v1/deadlines/board", None), ("GET", "/api/v1/oversight/emergencies", None),
        ("GET", f"/staff/cases/{w.anonymous.number}/", None), ("GET", f"/api/v1/complaints/{w.anonymous.number}", None),
    ]
    # Error answers: a refused or mistaken request on a case one can see.
    n = w.case("A", "in_progress").number
    urls += [
        ("POST", f"/staff/cases/{n}/act/grant_identity/", {"grant_identity-username": "nobody-such",
                                                          "grant_identity-reason": "x"}),
        ("POST", f"/staff/cases/{n}/act/reply/", {"reply-method": "sms", "reply-text": "x"}),
        ("POST", f"/api/v1/complaints/{n}/actions/reply", {"text": "x", "method": "sms"}),
        ("POST", f"/api/v1/complaints/{n}/actions/merge", {"into": "NO-SUCH"}),
        ("GET", "/staff/cases/?since=not-a-date&state=nonsense", None),
    ]
    urls += [("GET", "/staff/deadlines/board/tiles/", None), ("GET", "/staff/notifications/calls/", None),
             ("GET", f"/staff/cases/{w.place_case.number}/", None), ("GET", f"/open311/v2/requests/{w.place_case.number}.json", None)]
    for family in FAMILIES:
        for c in w.written[family]:
            urls += [("GET", f"/staff/cases/{c.number}/", None), ("GET", f"/api/v1/complaints/{c.number}", None),
                     ("GET", f"/api/v1/oversight/cases/{c.number}/history", None),
                     ("GET", f"/staff/oversight/cases/{c.number}/export.json", None)]
        n = w.case(family, "in_progress").number
        urls += [("GET", f"/api/v1/complaints/{n}/attachments", None)]
        att = w.case(family, "in_progress").attachments.first()
        urls += [("GET", f"/staff/cases/{n}/files/{att.pk}/", None), ("GET", f"/api/v1/complaints/{n}/attachments/{att.pk}", None)]
        n = w.case(family, "replied").number  # the state with the reply letter
        urls += [("GET", f"/staff/cases/{n}/", None), ("GET", f"/api/v1/complaints/{n}", None),
                 ("GET", f"/api/v1/documents/cases/{n}", None)]
        n = w.case(family, "in_progress").number
        urls += [("GET", f"/staff/cases/{n}/", None), ("GET", f"/staff/fieldwork/{n}/", None),
                 ("GET", f"/staff/oversight/cases/{n}/", None),
                 ("GET", f"/staff/oversight/cases/{n}/export.json", None),
                 ("GET", f"/api/v1/complaints/{n}", None), ("GET", f"/api/v1/documents/cases/{n}", None),
                 ("GET", f"/api/v1/oversight/cases/{n}/history", None),
                 ("GET", f"/open311/v2/requests/{n}.json", None)]
        urls.append(("GET", f"/staff/oversight/cases/{n}/export.pdf", None))
        for doc in Document.objects.filter(complaint__in=[w.case(family, s) for s in STATES]):
            urls += [("GET", f"/staff/documents/{doc.pk}.pdf", None), ("GET", f"/staff/documents/{doc.pk}.docx", None)]
        n = w.case(family, "reported").number  # measures, rectifications, extension, re-check, responsibility
        urls += [("GET", f"/staff/cases/{n}/", None), ("GET", f"/staff/fieldwork/{n}/", None),
                 ("GET", f"/api/v1/fieldwork/cases/{n}", None), ("GET", f"/staff/oversight/cases/{n}/", None),
                 ("GET", f"/api/v1/oversight/cases/{n}/history", None),
                 ("GET", f"/staff/oversight/cases/{n}/export.html", None),
                 ("GET", f"/api/v1/fieldwork/cases/{w.case(family, 'in_progress').number}", None)]
        if person == "root":  # the admin shows the records read-only, their free text masked (R3-11)
            from ecopetition.deadlines.models import SupervisionOrder
            from ecopetition.oversight.models import ResponsibilityRecord

            task = w.objects[("recheck", family)]
            order = SupervisionOrder.objects.filter(complaint=w.case(family, "in_progress")).last()
            urls += [("GET", "/admin/deadlines/instruction/", None), ("GET", "/admin/deadlines/urging/", None),
                     ("GET", f"/admin/deadlines/supervisionorder/{order.pk}/change/", None),
                     ("GET", f"/admin/oversight/rechecktask/{task.pk}/change/", None),
                     ("GET", f"/admin/oversight/responsibilityrecord/{task.responsibility.pk}/change/", None)]
            urls += [("GET", f"/admin/deadlines/{m}/{o.pk}/change/", None) for m, qs in (
                ("instruction", w.case(family, "in_progress").instructions.all()),
                ("urging", w.case(family, "in_progress").urgings.all())) for o in qs]
            assert ResponsibilityRecord.objects.filter(recheck=task).exists()
        urls += [("GET", f"/staff/intake/reception/{w.objects[('reception', family)].pk}/", None),
                 ("GET", f"/staff/oversight/rechecks/{w.objects[('recheck', family)].pk}/", None),
                 ("GET", f"/staff/oversight/ack/{w.objects[('recipient', family)].token}/", None)]
    return urls


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) reads the PDFs")
def test_identity_never_reaches_a_person_without_the_right(leakworld):
    w = leakworld
    leaks, checked = [], 0
    for person in PEOPLE:
        client = Client(raise_request_exception=False)
        api = Client(raise_request_exception=False)  # bearer token only: no session
        headers = {}
        if person != "anon":
            client.force_login(w.users[person])
            headers = {"HTTP_AUTHORIZATION": f"Bearer {w.tokens[person]}"}
        forbidden = forbidden_strings(w, person)
        for method, url, data in urls_for(w, person):
            if url.startswith("/api/"):
                r = (api.get(url, **headers) if method == "GET" else
                     api.post(url, json.dumps(data), content_type="application/json", **headers))
            elif method == "GET":
                r = client.get(url)
            else:
                r = client.post(url, data)
            assert r.status_code < 500, f"{person} {url}: {r.status_code}"
            text = text_of(r) + unquote(r.get("Content-Disposition", ""))
            checked += 1
            # What the person typed is echoed back (a search box keeps its words): not a disclosure.
            typed = {str(x) for x in (data or {}).values()} | set(parse_qs(urlsplit(url).query).get("q", []))
            typed |= set(parse_qs(urlsplit(url).query).get("phone", []))
            allowed = callback_phones(w, person, url)
            for value, number in forbidden.items():
                if value in text and not any(value in t for t in typed) and value not in allowed:
                    leaks.append(f"{person} {method} {url}: identity of {number} ({value})")
    assert checked > 1000, checked
    assert not leaks, "\n".join(sorted(set(leaks)))
    the_right_people_do_see_it(w)


def the_right_people_do_see_it(w):
    """The other half: the search above would pass on a system that hid identities from everybody."""
    who = identity_of("A", "in_progress")
    for person, sees in (("amy", True), ("cara", True), ("cole", True), ("bea", False), ("sue", False)):
        client = Client()
        client.force_login(w.users[person])
        page = client.get(f"/staff/cases/{w.case('A', 'in_progress').number}/")
        if person == "bea":
            assert page.status_code == 404
            continue
        body = page.content.decode()
        assert (who["name"] in body and who["phone"] in body) is sees, person
    client = Client()
    client.force_login(w.users["amy"])
    history = client.get(f"/staff/intake/phone/history/?phone={who['phone']}").content.decode()
    assert w.case("A", "in_progress").number in history
    client.force_login(w.users["sue"])
    history = client.get(f"/staff/intake/phone/history/?phone={who['phone']}").content.decode()
    assert w.case("A", "in_progress").number not in history


def test_the_reported_company_and_its_road_reach_every_role(sw):
    """The converse (R8-1): masking the complainant (刘新华 of 解放路88号) never hides the polluter that shares the
    given name and the road (新华化工有限公司, 解放路90号) from whoever handles, supervises or calls back."""
    w = sw
    who = {"name": "刘新华", "phone": "13755550000", "id_number": "320924198001015513",
           "address": "射阳县合德镇解放路88号"}
    case = ca.do_register(ca.NewComplaint(
        channel="phone", title="新华化工有限公司夜间偷排酸性废水", categories=["water"],
        content="新华化工有限公司（射阳县合德镇解放路90号）夜里偷排酸性废水。我是刘新华，大家叫我新华，住解放路88号。",
        address="射阳县合德镇解放路90号新华化工有限公司", reported_party_name="新华化工有限公司（解放路90号）",
        complainants=[ca.ComplainantInput(**who)]), unit=w.units["county_a"], actor=w.users["pat"])
    ca.do_accept(case, actor=w.users["pat"])
    ca.do_assign(case, actor=w.users["pat"], lead_unit=w.units["county_a_eco"])
    ca.do_sign_for(case, actor=w.users["oscar"])
    seen = set()
    for person in PEOPLE:
        if person == "anon":
            continue
        client = Client(raise_request_exception=False)
        client.force_login(w.users[person])
        for r in (client.get(f"/staff/cases/{case.number}/"),
                  Client().get(f"/api/v1/complaints/{case.number}", HTTP_AUTHORIZATION=f"Bearer {w.tokens[person]}")):
            if r.status_code != 200:
                continue
            text = text_of(r)
            seen.add(person)
            assert "新华化工有限公司" in text and "解放路90号" in text, person
            if person not in CLERKS_OVER["A"]:
                assert "刘新华" not in text and "叫我新华" not in text and "解放路88号" not in text, person
    assert {"oscar", "otto", "sue", "cole", "lee"} <= seen, seen
