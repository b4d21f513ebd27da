"""The complainant's identity never reaches a person without the right to it.

Every complainant in the security world has a name, phone, ID number and home address found nowhere
else. Each person (and the public) fetches every page, list, search, export, API answer, generated
document and disclosure page they can reach; the bytes of each answer (the text inside .xlsx, .docx
and .pdf files included) are searched for the identity strings of every case whose identity that
person may not see. Who may see it is written here independently of the code under test: intake
clerks of the registering unit or above it, and whoever holds a grant for that case.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from ecopetition.cases import actions as ca
from ecopetition.core import clock

from .secworld import FAMILIES, OWN, STATES, identity_of

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
    # A disclosure of what closed this month, for the public pages.
    from ecopetition.analytics import disclosure, queries

    closed = ca.do_close(w.case("A", "called_back"), actor=w.users["pat"])
    today = clock.localdate()
    w.publication = disclosure.do_publish(actor=w.users["pat"], area=w.units["city"],
                                          period=queries.parse_period(f"{today:%Y-%m}"))
    w.closed = closed
    return w


def forbidden_strings(w, person: str) -> dict[str, str]:
    """identity string -> the case it belongs to, for every case `person` may not see unmasked."""
    out = {}
    for (family, state), case in w.cases.items():
        if person in CLERKS_OVER[family] or (person, family, state) == GRANTED:
            continue
        for value in fragments(identity_of(family, state)):
            out[value] = case.number
    if person not in CLERKS_OVER["A"]:
        for value in fragments(w.anonymous_identity):
            if value:
                out[value] = w.anonymous.number
    return out


def fragments(who: dict) -> set[str]:
    """A person's identity strings and the fragments that still identify: the given name alone (and
    the surname + given name inside other text), the phone (found inside longer digits too), the ID
    number and its last six digits, the detailed part of the home address."""
    out = {v for v in who.values() if v}
    if who.get("name"):
        out.add(who["name"][2:])  # 欧阳 + the given name: the given name alone
    if who.get("id_number"):
        out.add(who["id_number"][-6:])
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


def text_of(response) -> str:
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
    for family in FAMILIES:
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
        headers = {}
        if person != "anon":
            client.force_login(w.users[person])
            headers = {"HTTP_AUTHORIZATION": f"Bearer {w.tokens[person]}"}
        forbidden = forbidden_strings(w, person)
        for method, url, data in urls_for(w, person):
            if url.startswith("/api/"):
                api = Client(raise_request_exception=False)
                r = (api.get(url, **headers) if method == "GET" else
                     api.post(url, json.dumps(data), content_type="application/json", **headers))
            elif method == "GET":
                r = client.get(url)
            else:
                r = client.post(url, data)
            assert r.status_code < 500, f"{person} {url}: {r.status_code}"
            text = text_of(r)
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
