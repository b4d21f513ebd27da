"""R10-10: the name of whoever answered a callback (the complainant, a spouse, a neighbour asked for feedback)
is personal data: masked like a complainant's name for readers without the grant, through the identity rule,
on the case page, in the API and in the oversight history and its exports."""

import json

import pytest
from django.test import Client

from ecopetition.cases import actions, privacy
from ecopetition.org.models import ApiToken

from .helpers import walk_to_replied


@pytest.fixture
def answered(world):
    case = walk_to_replied(world)
    actions.do_callback(case, actor=world.users["cole"], result="satisfied", respondent="resident",
                        respondent_name="张三丰之妻李秀英", note="走访周边居民")
    case.refresh_from_db()
    return case


def _bodies(world, who, case):
    client = Client()
    user = world.users[who]
    client.force_login(user)
    out = {"page": client.get(f"/staff/cases/{case.number}/").content.decode()}
    _t, key = ApiToken.issue(user, "tool")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    out["api"] = client.get(f"/api/v1/complaints/{case.number}", **auth).content.decode()
    if who in ("ian", "lee"):
        out["history_api"] = client.get(f"/api/v1/oversight/cases/{case.number}/history", **auth).content.decode()
        out["export_json"] = client.get(f"/staff/oversight/cases/{case.number}/export.json").content.decode()
        out["export_html"] = client.get(f"/staff/oversight/cases/{case.number}/export.html").content.decode()
    return out


@pytest.mark.parametrize("who", ["cole", "sue", "dan", "olga", "lee", "ian"])
def test_the_respondent_name_is_masked_without_the_grant(world, answered, who):
    bodies = _bodies(world, who, answered)
    for name, body in bodies.items():
        for part in ("李秀英", "秀英", "三丰"):
            assert part not in body, (who, name, part)
    assert "张***" in bodies["page"]
    if "export_json" in bodies:
        cbs = json.loads(bodies["export_json"])["callbacks"]
        assert [(c["respondent"], c["respondent_name"], c["note"]) for c in cbs] == [("resident", "张***", "走访周边居民")]


def test_the_grant_shows_the_respondent_as_typed(world, answered):
    assert "张三丰之妻李秀英" in _bodies(world, "cara", answered)["page"]
    actions.do_grant_identity(answered, actor=world.users["sue"], user=world.users["ian"], reason="纪检调查回访情况")
    bodies = _bodies(world, "ian", answered)
    assert "张三丰之妻李秀英" in bodies["page"] and "张三丰之妻李秀英" in bodies["export_html"]
    assert json.loads(bodies["export_json"])["callbacks"][0]["respondent_name"] == "张三丰之妻李秀英"


def test_one_door_for_a_typed_person_name(world, answered):
    ident = privacy.identity_for(world.users["sue"], answered)
    assert ident.person_name("李秀英") == "李**" and ident.person_name("") == ""
    assert privacy.identity_for(world.users["cara"], answered).person_name("李秀英") == "李秀英"
    # The public never gets it, whoever asks.
    assert privacy.identity_for(world.users["cara"], answered, privacy.Purpose.PUBLIC).person_name("李秀英") == "李**"
