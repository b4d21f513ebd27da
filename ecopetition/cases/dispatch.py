"""One action dispatcher: action name -> input fields -> the action function.

The console (`cases.views`), the JSON API (`intake.api`) and importers perform lifecycle actions
through `run()`, so they cannot drift apart: the same actions, the same inputs, the same functions.
Each interface turns its own input (a validated form, a JSON body) into the plain values named here;
references to other records arrive as numbers or codes and are resolved here, inside the reader's
sight (`visible_case`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ecopetition.core.exceptions import TransitionNotAllowed, ValidationError
from ecopetition.org.models import Unit

from . import actions as A
from . import transitions
from .models import Complaint


def visible_cases(user, number: str):
    """The (at most one) case numbered `number` among those `user` may see, as a queryset to refine."""
    return (Complaint.objects.visible_to(user).select_related("unit", "lead_unit", "sector", "merged_into")
            .filter(number=(number or "").strip()))


def visible_case(user, number: str) -> Complaint | None:
    """The case numbered `number` when `user` may see it, else None: the one "visible case by number".
    An unknown number and another unit's case look the same (no existence leak)."""
    return visible_cases(user, number).first() if (number or "").strip() else None


def _user_ref(value):
    """A person named by user name (the API) or already resolved (the console's form)."""
    from django.contrib.auth import get_user_model

    if not isinstance(value, str):
        return value
    user = get_user_model().objects.filter(username=value.strip(), is_active=True).first()
    if user is None:
        raise ValidationError(_("No active user is called “%(name)s”.") % {"name": value.strip()[:50]},
                              field="username")
    return user


def _case_ref(user, value) -> Complaint:
    if isinstance(value, Complaint):
        return value
    case = visible_case(user, str(value or ""))
    if case is None:
        raise ValidationError(_("No visible case has the number %(number)s.") % {"number": value}, field="into")
    return case


def _unit_ref(value, field: str) -> Unit:
    if isinstance(value, Unit):
        return value
    unit = Unit.objects.filter(code=value).first() if value else None
    if unit is None:
        raise ValidationError(_("Unknown unit “%(code)s”.") % {"code": value}, field=field)
    return unit


@dataclass(frozen=True)
class Command:
    """What an action takes (field -> default) and how it is called with those values."""

    fields: dict[str, Any]
    call: Callable[[Complaint, Any, dict], Any]
    api: bool = True  # offered by the JSON API's action endpoint (a file upload has its own endpoint)


def _attach(c, u, d):
    from .attachments import store_attachment

    return store_attachment(c, d["file"], actor=u)


def _opinion(d) -> str:
    return d["opinion"] or d["note"] or d["reason"]


COMMANDS: dict[str, Command] = {
    "accept": Command({"note": ""}, lambda c, u, d: A.do_accept(c, actor=u, note=d["note"])),
    "reject": Command({"reason": "", "legal_route": ""},
                      lambda c, u, d: A.do_reject(c, actor=u, reason=d["reason"], legal_route=d["legal_route"])),
    "refer": Command({"to_authority": "", "reason": ""},
                     lambda c, u, d: A.do_refer(c, actor=u, to_authority=d["to_authority"], reason=d["reason"])),
    "merge": Command({"into": "", "reason": ""},
                     lambda c, u, d: A.do_merge(c, actor=u, into=_case_ref(u, d["into"]), reason=d["reason"])),
    "assign": Command(
        {"lead_unit": None, "assisting_units": (), "instructions": ""},
        lambda c, u, d: A.do_assign(
            c, actor=u, lead_unit=_unit_ref(d["lead_unit"], "lead_unit"),
            assisting_units=[_unit_ref(x, "assisting_units") for x in d["assisting_units"]],
            instructions=d["instructions"])),
    "return": Command({"reason": ""}, lambda c, u, d: A.do_return_to_dispatcher(c, actor=u, reason=d["reason"])),
    "sign_for": Command({}, lambda c, u, d: A.do_sign_for(c, actor=u)),
    "report": Command({"finding": "", "result": ""},
                      lambda c, u, d: A.do_report(c, actor=u, finding=d["finding"], result=d["result"])),
    "review": Command({"note": ""}, lambda c, u, d: A.do_review(c, actor=u, passed=True, note=d["note"])),
    "rework": Command({"note": "", "reason": ""},
                      lambda c, u, d: A.do_review(c, actor=u, passed=False, note=d["note"] or d["reason"])),
    # The documents app replaces this with its reply letter's send (draft, reply check, letter, record, send):
    # see `replace_command`. Without it a reply is recorded as given.
    "reply": Command({"text": "", "method": ""},
                     lambda c, u, d: A.do_reply(c, actor=u, text=d["text"], method=d["method"])),
    "callback": Command(
        {"result": "", "note": "", "respondent": "complainant", "respondent_name": ""},
        lambda c, u, d: A.do_callback(c, actor=u, result=d["result"], note=d["note"], respondent=d["respondent"],
                                      respondent_name=d["respondent_name"])),
    "close": Command({"reason": ""}, lambda c, u, d: A.do_close(c, actor=u, reason=d["reason"])),
    "reopen": Command({"reason": ""}, lambda c, u, d: A.do_reopen(c, actor=u, reason=d["reason"])),
    "request_review": Command({"reason": ""}, lambda c, u, d: A.do_request_review(c, actor=u, reason=d["reason"])),
    "uphold": Command({"opinion": "", "note": "", "reason": ""},
                      lambda c, u, d: A.do_decide_review(c, actor=u, upheld=True, opinion=_opinion(d))),
    "overturn": Command({"opinion": "", "note": "", "reason": ""},
                        lambda c, u, d: A.do_decide_review(c, actor=u, upheld=False, opinion=_opinion(d))),
    "request_re_review": Command({"reason": ""}, lambda c, u, d: A.do_request_re_review(
        c, actor=u, reason=d["reason"])),
    "re_review_uphold": Command({"opinion": "", "note": "", "reason": ""},
                                lambda c, u, d: A.do_decide_re_review(c, actor=u, upheld=True, opinion=_opinion(d))),
    "re_review_overturn": Command({"opinion": "", "note": "", "reason": ""},
                                  lambda c, u, d: A.do_decide_re_review(c, actor=u, upheld=False,
                                                                        opinion=_opinion(d))),
    "request_extension": Command({"days": 0, "reason": ""}, lambda c, u, d: A.do_request_extension(
        c, actor=u, days=d["days"], reason=d["reason"])),
    "approve_extension": Command({"approved": True, "note": ""}, lambda c, u, d: A.do_approve_extension(
        c, actor=u, approved=d["approved"], note=d["note"])),
    "grant_identity": Command({"username": "", "reason": ""}, lambda c, u, d: A.do_grant_identity(
        c, actor=u, user=_user_ref(d["username"]), reason=d["reason"])),
    "attach": Command({"file": None}, _attach, api=False),
}

def register_command(action: str, fields: dict[str, Any], call: Callable[[Complaint, Any, dict], Any]) -> None:
    """Another app's action of the table (stage closing in fieldwork, archiving in documents), added in its
    AppConfig.ready(): the same one dispatcher, so the console and the API perform it alike."""
    COMMANDS[action] = Command(fields, call)
    global API_ACTIONS
    API_ACTIONS = tuple([a for a, c in COMMANDS.items() if c.api] + list(ALIASES))


def replace_command(action: str, command: Command) -> None:
    """An app that owns how an action is done end to end puts its function here (in its AppConfig.ready()),
    so the console, the API and importers all go through it: one door."""
    COMMANDS[action] = command


# Another name for an action with some inputs fixed ("reject_extension" is a refused extension decision).
ALIASES: dict[str, tuple[str, dict]] = {"reject_extension": ("approve_extension", {"approved": False})}

API_ACTIONS = tuple([a for a, c in COMMANDS.items() if c.api] + list(ALIASES))


def run(case: Complaint, action: str, user, data: dict | None = None):
    """Perform `action` on `case` as `user` with the given inputs (missing ones take their defaults).

    The transition table and the action itself decide whether it is allowed; this checks and routes."""
    fixed: dict = {}
    if action in ALIASES:
        action, fixed = ALIASES[action]
    command = COMMANDS.get(action)
    if command is None:
        raise TransitionNotAllowed(_("Unknown action “%(action)s”.") % {"action": action}, code="unknown_action")
    # Permission first, so that a person who may not act learns nothing from how their input is resolved
    # (and every interface refuses alike); the action checks again under its row lock.
    transitions.check(case, action, user)
    values = dict(command.fields)
    values.update({k: v for k, v in (data or {}).items() if k in command.fields})
    values.update(fixed)
    return command.call(case, user, values)


def label(action: str) -> str:
    action = ALIASES.get(action, (action,))[0]
    return str(transitions.BY_ACTION[action].label)
