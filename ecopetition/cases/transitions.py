"""The lifecycle as data: (state, action) -> (next state, who may, where).

The console shows exactly the buttons this table allows; the actions in
`cases.actions` refuse everything else. Nothing enforces a rule only in a
template or a form.

Scopes say in which unit the actor must hold the role:
- "home": the unit that registered the case, or a unit above it;
- "lead": the lead unit the case is assigned to (its officers sign, report);
- "above_lead": a unit strictly above the lead unit (reviews of a unit's own work).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecopetition.core.exceptions import TransitionNotAllowed
from ecopetition.org import queries as org
from ecopetition.org.models import Role

from . import scope as jurisdiction
from .models import Complaint, State


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str | None  # None: an event that changes no state (extension, grant...)
    roles: frozenset[str]
    scope: str
    label: str
    # Per-role exceptions to `scope` (officers attach files to the cases their unit leads).
    role_scopes: tuple[tuple[str, str], ...] = ()
    # A system actor ("portal", "worker", "recheck") performs this row instead of a person holding a role;
    # `event` is the action name recorded in the case's history (the same name a person's action records).
    system: str = ""
    event: str = ""

    @property
    def event_action(self) -> str:
        return self.event or self.action

    def scope_for(self, role: str) -> str:
        return dict(self.role_scopes).get(role, self.scope)


def _t(action, sources, target, roles, scope, label, role_scopes=()) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(roles), scope, label, tuple(role_scopes))


@dataclass(frozen=True)
class SystemActor:
    """A named part of the system acting on a case: the public portal, a worker, the re-check.

    `on_behalf_of` is the person whose decision it carries out (the re-checker), recorded as the
    event's actor; the portal and workers act for nobody and are recorded as "system:<name>".
    """

    name: str
    on_behalf_of: object = None


PORTAL = "portal"
WORKER = "worker"
RECHECK = "recheck"
SYSTEM_ACTORS = (PORTAL, WORKER, RECHECK)


def _system(action, sources, target, system, event, label) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(), "system", label, (), system, event)


S = State
R = Role
HANDLING = {S.ASSIGNED, S.IN_PROGRESS, S.REPORTED}

TABLE: tuple[Transition, ...] = (
    _t("accept", {S.REGISTERED}, S.ACCEPTED, {R.CLERK}, "home", gettext_lazy("Accept")),
    _t("reject", {S.REGISTERED}, S.NOT_ACCEPTED, {R.CLERK}, "home", gettext_lazy("Not accept")),
    _t("refer", {S.REGISTERED, S.ACCEPTED}, S.REFERRED, {R.CLERK, R.DISPATCHER}, "home", gettext_lazy("Refer")),
    _t("merge", {S.REGISTERED, S.ACCEPTED}, S.MERGED, {R.CLERK, R.DISPATCHER}, "home", gettext_lazy("Merge")),
    _t("assign", {S.ACCEPTED, S.RETURNED}, S.ASSIGNED, {R.DISPATCHER}, "home", gettext_lazy("Assign")),
    _t("return", {S.ASSIGNED}, S.RETURNED, {R.OFFICER}, "lead", gettext_lazy("Return (not ours)")),
    _t("sign_for", {S.ASSIGNED}, S.IN_PROGRESS, {R.OFFICER}, "lead", gettext_lazy("Sign for")),
    _t("report", {S.IN_PROGRESS}, S.REPORTED, {R.OFFICER}, "lead", gettext_lazy("Report result")),
    _t("review", {S.REPORTED}, S.REVIEWED, {R.SUPERVISOR}, "home", gettext_lazy("Review: pass")),
    _t("rework", {S.REPORTED, S.REVIEWED}, S.IN_PROGRESS, {R.SUPERVISOR}, "home", gettext_lazy("Back for rework")),
    _t("reply", {S.REVIEWED}, S.REPLIED, {R.CLERK}, "home", gettext_lazy("Write and send the reply")),
    _t("callback", {S.REPLIED, S.CALLED_BACK}, S.CALLED_BACK, {R.CALLBACK}, "home", gettext_lazy("Record callback")),
    # 阶段办结: who may close may stage-close, while rectification items stay open (fieldwork's precondition);
    # the case is closed for good once they are struck off.
    _t("stage_close", {S.CALLED_BACK}, S.STAGE_CLOSED, {R.CLERK, R.SUPERVISOR}, "home",
       gettext_lazy("Stage-close (rectification followed up)")),
    _t("close", {S.CALLED_BACK, S.STAGE_CLOSED}, S.CLOSED, {R.CLERK, R.SUPERVISOR}, "home", gettext_lazy("Close")),
    _t("reopen", {S.CALLED_BACK, S.STAGE_CLOSED, S.CLOSED}, S.IN_PROGRESS, {R.SUPERVISOR}, "home",
       gettext_lazy("Reopen")),
    # 归档: the clerk puts a closed case in the archive; nothing changes it afterwards.
    _t("archive", {S.CLOSED}, S.ARCHIVED, {R.CLERK}, "home", gettext_lazy("Archive")),
    _t(
        "request_review", {S.REPLIED, S.CALLED_BACK, S.CLOSED}, S.UNDER_REVIEW, {R.CLERK}, "home",
        gettext_lazy("Register review request"),
    ),
    _t("uphold", {S.UNDER_REVIEW}, S.CLOSED, {R.SUPERVISOR}, "above_lead", gettext_lazy("Review: uphold")),
    _t("overturn", {S.UNDER_REVIEW}, S.IN_PROGRESS, {R.SUPERVISOR}, "above_lead", gettext_lazy("Review: overturn")),
    # 复核: within 30 days of the review opinion, the body above the one that reviewed decides (信访工作条例).
    _t(
        "request_re_review", {S.CLOSED}, S.UNDER_RE_REVIEW, {R.CLERK}, "home",
        gettext_lazy("Register re-review request"),
    ),
    _t("re_review_uphold", {S.UNDER_RE_REVIEW}, S.CLOSED, {R.SUPERVISOR}, "above_reviewer",
       gettext_lazy("Re-review: uphold")),
    _t("re_review_overturn", {S.UNDER_RE_REVIEW}, S.IN_PROGRESS, {R.SUPERVISOR}, "above_reviewer",
       gettext_lazy("Re-review: overturn")),
    # Only while the officer still works on it: once reported, the case waits on the review, not on them.
    _t("request_extension", {S.ASSIGNED, S.IN_PROGRESS}, None, {R.OFFICER}, "lead", gettext_lazy("Request extension")),
    _t("approve_extension", HANDLING, None, {R.SUPERVISOR}, "home", gettext_lazy("Decide extension")),
    _t(
        "grant_identity", set(State) - {S.MERGED, S.ARCHIVED}, None, {R.SUPERVISOR, R.LEADER}, "home",
        gettext_lazy("Grant identity access"),
    ),
    _t(
        "attach", set(State) - {S.MERGED, S.NOT_ACCEPTED, S.REFERRED, S.ARCHIVED}, None,
        {R.CLERK, R.OFFICER, R.SUPERVISOR, R.CALLBACK}, "home", gettext_lazy("Add attachment"),
        role_scopes=(("officer", "lead"),),
    ),
    # System actors: never a person's button.
    _system("portal_rate", {S.REPLIED, S.CALLED_BACK}, S.CALLED_BACK, PORTAL, "callback",
            gettext_lazy("Complainant's rating on the portal")),
    _system("recheck_reopen", {S.REPORTED, S.REVIEWED, S.REPLIED, S.CALLED_BACK, S.CLOSED, S.UNDER_REVIEW},
            S.IN_PROGRESS, RECHECK, "reopen", gettext_lazy("Reopen after a re-check")),
)

BY_ACTION: dict[str, Transition] = {t.action: t for t in TABLE}
ACTIONS = tuple(BY_ACTION)


# The unit that decided the last review: part of the jurisdiction rule ("above_reviewer"), kept importable here.
reviewing_unit = jurisdiction.reviewing_unit


def _in_scope(user, role: str, case: Complaint, scope: str) -> bool:
    return jurisdiction.in_scope(user, role, case, scope)


def restrict(user, action: str):
    """The cases on which `user` may perform `action` as far as jurisdiction goes (a `Q`; see `scope`)."""
    return jurisdiction.restrict(user, BY_ACTION[action], Complaint.objects)


# Conditions on the case itself, beyond its state, that an action needs: (case) -> the refusal saying why it is
# not possible now, or None. Checked by `check`, so the buttons, the work queue and the API agree with the actions.
PRECONDITIONS: dict[str, Callable[[Complaint], TransitionNotAllowed | None]] = {}
# The same condition as a filter on cases (() -> Q), where it can be written as one: the work queue lists only
# the cases on which the action is possible now.
PRECONDITION_FILTERS: dict[str, Callable[[], object]] = {}


def add_precondition(action: str, condition: Callable[[Complaint], TransitionNotAllowed | None],
                     where: Callable[[], object] | None = None) -> None:
    PRECONDITIONS[action] = condition
    if where is not None:
        PRECONDITION_FILTERS[action] = where


def archived_refusal() -> TransitionNotAllowed:
    """What any change to an archived case answers: the archive is read-only."""
    return TransitionNotAllowed(_("This case is archived: it can be read, but nothing on it can be changed any more."),
                                code="archived")


def check(case: Complaint, action: str, user) -> Transition:
    """Return the transition if `user` may perform `action` on `case` now; raise with the reason otherwise."""
    t = BY_ACTION.get(action)
    if t is None:
        raise TransitionNotAllowed(_("Unknown action “%(action)s”.") % {"action": action}, code="unknown_action")
    if case.state == State.ARCHIVED:
        raise archived_refusal()
    if case.state not in t.sources:
        raise TransitionNotAllowed(
            _("“%(action)s” is not possible while the case is “%(state)s”.")
            % {"action": t.label, "state": State(case.state).label},
            code="wrong_state",
        )
    if t.system or isinstance(user, SystemActor):
        if not (isinstance(user, SystemActor) and user.name == t.system):
            raise TransitionNotAllowed(
                _("Your role may not “%(action)s”.") % {"action": t.label}, code="not_your_role"
            )
        return t
    user_roles = org.roles_of(user)
    if not user_roles & t.roles:
        raise TransitionNotAllowed(
            _("Your role may not “%(action)s”.") % {"action": t.label}, code="not_your_role"
        )
    if not any(_in_scope(user, role, case, t.scope_for(role)) for role in t.roles & user_roles):
        raise TransitionNotAllowed(
            _("This case is outside your jurisdiction for “%(action)s”.") % {"action": t.label},
            code="not_your_jurisdiction",
        )
    condition = PRECONDITIONS.get(action)
    refusal = condition(case) if condition else None
    if refusal is not None:
        raise refusal
    return t


def allowed_actions(case: Complaint, user) -> list[Transition]:
    """The transitions `user` may perform on `case` now, in table order (the buttons to show)."""
    out = []
    for t in TABLE:
        try:
            check(case, t.action, user)
        except TransitionNotAllowed:
            continue
        out.append(t)
    return out
