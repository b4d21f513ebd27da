"""The transition table, exhaustively: every state x action x role, plus jurisdiction."""

import pytest

from ecopetition.cases import transitions
from ecopetition.cases.models import Event, State
from ecopetition.core.exceptions import TransitionNotAllowed

from .helpers import force_state, register

S = State
ALL = set(S)
HANDLING = {S.ASSIGNED, S.IN_PROGRESS, S.REPORTED}

# Written out by hand from DOMAIN.md, independently of transitions.TABLE:
# action -> (states it may start from, roles that may do it, resulting state or None)
EXPECTED = {
    "accept": ({S.REGISTERED}, {"clerk"}, S.ACCEPTED),
    "reject": ({S.REGISTERED}, {"clerk"}, S.NOT_ACCEPTED),
    "refer": ({S.REGISTERED, S.ACCEPTED}, {"clerk", "dispatcher"}, S.REFERRED),
    "merge": ({S.REGISTERED, S.ACCEPTED}, {"clerk", "dispatcher"}, S.MERGED),
    "assign": ({S.ACCEPTED, S.RETURNED}, {"dispatcher"}, S.ASSIGNED),
    "return": ({S.ASSIGNED}, {"officer"}, S.RETURNED),
    "sign_for": ({S.ASSIGNED}, {"officer"}, S.IN_PROGRESS),
    "report": ({S.IN_PROGRESS}, {"officer"}, S.REPORTED),
    "review": ({S.REPORTED}, {"supervisor"}, S.REVIEWED),
    "rework": ({S.REPORTED, S.REVIEWED}, {"supervisor"}, S.IN_PROGRESS),
    "reply": ({S.REVIEWED}, {"clerk"}, S.REPLIED),
    "callback": ({S.REPLIED, S.CALLED_BACK}, {"callback"}, S.CALLED_BACK),
    # 阶段办结: the clerk (or supervisor), as for closing, while rectification stays open.
    "stage_close": ({S.CALLED_BACK}, {"clerk", "supervisor"}, S.STAGE_CLOSED),
    "close": ({S.CALLED_BACK, S.STAGE_CLOSED}, {"clerk", "supervisor"}, S.CLOSED),
    "reopen": ({S.CALLED_BACK, S.STAGE_CLOSED, S.CLOSED}, {"supervisor"}, S.IN_PROGRESS),
    # 归档: the clerk archives a closed case; nothing is possible on it afterwards.
    "archive": ({S.CLOSED}, {"clerk"}, S.ARCHIVED),
    "request_review": ({S.REPLIED, S.CALLED_BACK, S.CLOSED}, {"clerk"}, S.UNDER_REVIEW),
    "uphold": ({S.UNDER_REVIEW}, {"supervisor"}, S.CLOSED),
    "overturn": ({S.UNDER_REVIEW}, {"supervisor"}, S.IN_PROGRESS),
    "request_re_review": ({S.CLOSED}, {"clerk"}, S.UNDER_RE_REVIEW),
    "re_review_uphold": ({S.UNDER_RE_REVIEW}, {"supervisor"}, S.CLOSED),
    "re_review_overturn": ({S.UNDER_RE_REVIEW}, {"supervisor"}, S.IN_PROGRESS),
    "request_extension": ({S.ASSIGNED, S.IN_PROGRESS}, {"officer"}, None),
    "approve_extension": (HANDLING, {"supervisor"}, None),
    "grant_identity": (ALL - {S.MERGED, S.ARCHIVED}, {"supervisor", "leader"}, None),
    "attach": (ALL - {S.MERGED, S.NOT_ACCEPTED, S.REFERRED, S.ARCHIVED}, {"clerk", "officer", "supervisor", "callback"},
               None),
    # System actors (no person's role): the portal's rating and the re-check's reopening.
    "portal_rate": ({S.REPLIED, S.CALLED_BACK}, set(), S.CALLED_BACK),
    "recheck_reopen": ({S.REPORTED, S.REVIEWED, S.REPLIED, S.CALLED_BACK, S.CLOSED, S.UNDER_REVIEW}, set(),
                       S.IN_PROGRESS),
}

# Actions that also need something of the case beyond its state (see transitions.PRECONDITIONS): a case put in a
# state by force has no reply, no review and no extension request, so they are refused with these codes.
# (Their satisfied paths are walked in test_review.py.)
# A forced case has no rectification either: stage closing needs an open one.
PRECONDITION_CODES = {"approve_extension": "no_request", "request_review": "not_now", "request_re_review": "not_now",
                      "stage_close": "no_open_rectification"}
# Decided by the body above the reviewer: the city reviewed (its eco bureau led), so only a supervisor above the
# city may; this world has none, so the city's supervisor is refused for jurisdiction.
ABOVE_REVIEWER = {"re_review_uphold", "re_review_overturn"}

# One person per role, each with jurisdiction over a case registered by the city and led by the city's eco bureau.
ROLE_USERS = {"clerk": "cara", "dispatcher": "dan", "officer": "olga", "supervisor": "sue", "callback": "cole",
              "leader": "lee", "inspector": "ian"}


def test_table_matches_the_domain():
    assert set(transitions.BY_ACTION) == set(EXPECTED)
    for action, (sources, roles, target) in EXPECTED.items():
        t = transitions.BY_ACTION[action]
        assert set(t.sources) == sources, action
        assert set(t.roles) == roles, action
        assert t.target == target, action


@pytest.mark.parametrize("state", list(S))
def test_every_state_action_role(world, state):
    """For each state: exactly the expected (action, role) pairs pass the check; the rest say why."""
    case = force_state(register(world), state, lead_unit=world.units["city_eco"])
    for action, (sources, roles, _target) in EXPECTED.items():
        for role, username in ROLE_USERS.items():
            user = world.users[username]
            should = state in sources and role in roles
            if should and (action in PRECONDITION_CODES or action in ABOVE_REVIEWER):
                with pytest.raises(TransitionNotAllowed) as err:
                    transitions.check(case, action, user)
                wanted = PRECONDITION_CODES.get(action, "not_your_jurisdiction")
                assert err.value.code == wanted, (state, action, role)
            elif should:
                assert transitions.check(case, action, user).action == action, (state, action, role)
            else:
                with pytest.raises(TransitionNotAllowed) as err:
                    transitions.check(case, action, user)
                expected_code = "wrong_state" if state not in sources else "not_your_role"
                if state == S.ARCHIVED:  # read-only: every action is refused as such, whoever asks
                    expected_code = "archived"
                assert err.value.code == expected_code, (state, action, role)


def test_jurisdiction_is_checked(world):
    """A clerk of a sibling county cannot act on a city case; an officer of another unit cannot sign for it."""
    case = register(world, unit="county_a", clerk="amy")
    with pytest.raises(TransitionNotAllowed) as err:
        transitions.check(case, "accept", world.users["bea"])  # county B clerk
    assert err.value.code == "not_your_jurisdiction"
    assert transitions.check(case, "accept", world.users["cara"])  # the city above may
    case = force_state(case, S.ASSIGNED, lead_unit=world.units["county_a_eco"])
    assert transitions.check(case, "sign_for", world.users["oscar"])
    for other in ("otto", "olga", "bob"):  # same role, other units
        with pytest.raises(TransitionNotAllowed) as err:
            transitions.check(case, "sign_for", world.users[other])
        assert err.value.code == "not_your_jurisdiction"


def test_review_decision_comes_from_above_the_lead_unit(world):
    case = force_state(register(world, unit="county_a", clerk="amy"), S.UNDER_REVIEW,
                       lead_unit=world.units["county_a_eco"])
    assert transitions.check(case, "uphold", world.users["ada"])  # county supervisor, above its bureau
    assert transitions.check(case, "uphold", world.users["sue"])  # city supervisor, further above
    case = force_state(register(world, unit="county_a", clerk="amy"), S.UNDER_REVIEW,
                       lead_unit=world.units["county_a"])
    with pytest.raises(TransitionNotAllowed):
        transitions.check(case, "uphold", world.users["ada"])  # the county does not review its own work


def test_allowed_actions_are_the_buttons(world):
    case = register(world)
    labels = [t.action for t in transitions.allowed_actions(case, world.users["cara"])]
    assert labels == ["accept", "reject", "refer", "merge", "attach"]
    assert transitions.allowed_actions(case, world.users["olga"]) == []
    assert [t.action for t in transitions.allowed_actions(case, world.users["sue"])] == ["grant_identity", "attach"]


def test_refused_action_changes_nothing(world):
    from ecopetition.cases import actions

    case = register(world)
    before = Event.objects.filter(complaint=case).count()
    with pytest.raises(TransitionNotAllowed):
        actions.do_sign_for(case, actor=world.users["olga"])
    case.refresh_from_db()
    assert case.state == S.REGISTERED
    assert Event.objects.filter(complaint=case).count() == before


def test_an_archived_case_refuses_every_action_in_chinese(world):
    from django.utils import translation

    case = force_state(register(world), S.ARCHIVED, lead_unit=world.units["city_eco"])
    assert transitions.allowed_actions(case, world.users["cara"]) == []
    assert transitions.allowed_actions(case, world.users["sue"]) == []
    with translation.override("zh-hans"), pytest.raises(TransitionNotAllowed) as err:
        transitions.check(case, "attach", world.users["cara"])
    assert err.value.code == "archived"
    assert "已归档" in err.value.message
