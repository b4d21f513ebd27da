"""R10-9: an event's hash is SHA-256 over the note as written and fields the reader has, so a reader without the
identity grant who is given it can test guesses of what was masked (a name, the hidden middle of a phone).
Such a reader gets what the server's own chain verification found instead; readers with the grant keep the
hashes."""

import hashlib
import json
import re

import pytest
from django.db import connection
from django.urls import reverse

from ecopetition.cases import actions, audit
from ecopetition.cases.models import Event
from ecopetition.core import formats
from ecopetition.org.models import ApiToken
from ecopetition.oversight import inspection, views

from .helpers import at, frozen, walk_to_closed

HEX64 = re.compile(r"(?<![0-9a-fA-F])[0-9a-fA-F]{64}(?![0-9a-fA-F])")


def _case_with_masked_notes(world):
    case = walk_to_closed(world)
    actions.audit_event(case, actor=world.users["cole"], action="callback_note", note="张三丰本人表示满意，已拨打13812345678回访")
    digest = hashlib.sha256(b"reply letter naming the complainant").hexdigest()
    actions.audit_event(case, actor=world.users["cara"], action="document",
                        data={"kind": "reply", "number": "R-1", "pdf_sha256": digest, "docx_sha256": digest})
    case.refresh_from_db()
    return case, digest


def _outputs(client, world, user, case):
    """Every output of the case's history that `user` reads: page, JSON, HTML, the HTML the PDF is made from,
    and the API."""
    client.force_login(user)
    out = {
        "page": client.get(reverse("oversight:case", args=[case.number])).content.decode(),
        "json": client.get(reverse("oversight:export_json", args=[case.number])).content.decode(),
        "html": client.get(reverse("oversight:export_html", args=[case.number])).content.decode(),
    }

    class _Req:
        pass

    req = _Req()
    req.user = user
    out["pdf_html"] = views._export_html(req, case)
    _t, key = ApiToken.issue(user, "tool")
    out["api"] = client.get(f"/api/v1/oversight/cases/{case.number}/history",
                            HTTP_AUTHORIZATION=f"Bearer {key}").content.decode()
    return out


@pytest.mark.parametrize("who", ["ian", "lee"])
def test_no_event_digest_reaches_a_reader_without_the_grant(world, client, who):
    case, doc_digest = _case_with_masked_notes(world)
    digests = {e.hash for e in Event.objects.filter(complaint=case)} | {doc_digest}
    with frozen(at(2026, 12, 7, 10)):
        outputs = _outputs(client, world, world.users[who], case)
        fresh = inspection.chain_statement(inspection.verify_case(case))
    for name, body in outputs.items():
        assert "13812345678" not in body, name
        leaked = set(HEX64.findall(body)) & digests
        assert not leaked, (name, leaked)
        assert not HEX64.findall(body), name
    data = json.loads(outputs["json"])
    assert data["verification"]["ok"] is True and "head_hash" not in data["verification"]
    assert all("hash" not in e and "prev_hash" not in e for e in data["events"])
    # What the server found is said instead, in every output.
    statement = data["verification"]["statement"]
    assert statement == fresh and formats.when(at(2026, 12, 7, 10)) + ":00" in statement
    for name in ("page", "html", "pdf_html"):
        assert statement in outputs[name], name
    assert json.loads(outputs["api"])["verification"]["statement"] == statement


def _drop_triggers():
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("DROP TRIGGER cases_event_no_update")
        else:
            cur.execute("DROP TRIGGER cases_event_no_change ON cases_event")


def test_a_tampered_event_is_reported_broken_without_hashes(world, client):
    case, _digest = _case_with_masked_notes(world)
    target = Event.objects.get(complaint=case, action="callback_note")
    _drop_triggers()
    with connection.cursor() as cur:
        cur.execute("UPDATE cases_event SET note = %s WHERE id = %s", ["李四本人表示满意", target.pk])
    with frozen(at(2026, 12, 7, 10)):
        outputs = _outputs(client, world, world.users["ian"], case)
        fresh = inspection.chain_statement(inspection.verify_case(case))
    data = json.loads(outputs["json"])
    assert data["verification"]["ok"] is False and data["verification"]["breaks"]
    assert data["verification"]["statement"] == fresh
    assert data["verification"]["statement"] != inspection.chain_statement(
        inspection.Verification(True, 1, "", []))
    assert 'class="ov-verify bad"' in outputs["page"] and 'class="ov-verify bad"' in outputs["html"]
    # The same verification as `ecopetition audit verify`.
    assert [b.seq for b in audit.verify(Event.objects.filter(complaint=case))] == [target.seq]
    for body in outputs.values():
        assert not HEX64.findall(body)


def test_readers_with_the_grant_keep_the_hashes(world, client):
    case, doc_digest = _case_with_masked_notes(world)
    actions.do_grant_identity(case, actor=world.users["sue"], user=world.users["ian"], reason="纪检调查")
    case.refresh_from_db()
    outputs = _outputs(client, world, world.users["ian"], case)
    data = json.loads(outputs["json"])
    events = data["events"]
    assert events[0]["prev_hash"] == "" and all(e["prev_hash"] == p["hash"] for p, e in zip(events, events[1:], strict=False))
    assert data["verification"]["head_hash"] == events[-1]["hash"] == case.last_hash
    assert events[-1]["hash"] in outputs["html"] and events[-1]["hash"] in outputs["page"]
    assert doc_digest in outputs["json"]
