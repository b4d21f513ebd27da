"""Extension points other apps fill in their AppConfig.ready(): console menu entries and case-page panels.

The cases app knows nothing of deadlines, documents or triage; they add
themselves here, so the case page and the menu grow without edits to cases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NavItem:
    key: str
    label: Any  # a lazy translation
    url_name: str
    roles: frozenset[str] | None  # None: everyone with any role
    order: int = 100


@dataclass(frozen=True)
class CasePanel:
    key: str
    template: str
    # context(request, case) -> dict for the template, or None to hide the panel; or the dotted path of such
    # a function, imported when a case page is first shown (start-up imports no panel module)
    context: Callable[[Any, Any], dict | None] | str
    order: int = 100

    def context_for(self, request, case) -> dict | None:
        context = self.context
        if isinstance(context, str):
            from django.utils.module_loading import import_string

            context = import_string(context)
        return context(request, case)


@dataclass(frozen=True)
class Queue:
    """A work-queue group another app adds: work that is no transition of the table (the survey after a site
    visit). `cases(user)` gives the visible cases waiting for the user, or None when the user has no part in it."""

    action: str
    label: Any  # a lazy translation
    cases: Callable[[Any], Any]
    order: int = 100


def lazy_callable(path: str) -> Callable[..., Any]:
    """A function that imports `path` ("package.module.function") when first called and then calls it.

    For receivers and hooks connected in AppConfig.ready(): start-up (every command, the worker) imports
    no module it does not use. Connect a signal with weak=False: nothing else holds the returned function.
    """
    target: list[Callable[..., Any]] = []

    def call(*args, **kwargs):
        if not target:
            from django.utils.module_loading import import_string

            target.append(import_string(path))
        return target[0](*args, **kwargs)

    call.__qualname__ = call.__name__ = f"lazy:{path}"
    return call


@dataclass(frozen=True)
class ListFilter:
    """A case-list filter another app adds (the command centre's "cases behind this number").
    `apply(qs, params, user)` gets the already visible cases and the query string and returns
    (cases, descriptions of what was applied, error messages); it may only narrow `qs`."""

    key: str
    params: tuple[str, ...]  # query-string names it reads: the list keeps them and offers to clear them
    apply: Callable[[Any, Any, Any], tuple[Any, list[str], list[str]]]


NAV: dict[str, NavItem] = {}
LIST_FILTERS: dict[str, ListFilter] = {}
QUEUES: dict[str, Queue] = {}
CASE_PANELS: dict[str, CasePanel] = {}
EVENT_LABELS: dict[str, Any] = {}
# path prefix -> error(request, code, message) -> response: how a machine interface answers an error that is
# found before its own views run (the body-size limit). Open311 has its own error list and knows only 400/403/404.
ERROR_SHAPES: dict[str, Callable[[Any, str, str], Any]] = {}


def register_error_shape(prefix: str, error) -> None:
    ERROR_SHAPES[prefix] = error


@dataclass(frozen=True)
class BodyLimit:
    """A lower limit on the request bodies sent to a path prefix than the general one, for a form that
    takes a few photos or none (the body-size limit refuses a larger body unread)."""

    max_bytes: Callable[[], int]  # asked at each request: it follows the settings
    # (request, limit) -> the page that refuses a larger body; None: the general 413 answer
    refuse: Callable[[Any, int], Any] | None = None


BODY_LIMITS: dict[str, BodyLimit] = {}


def register_body_limit(prefix: str, max_bytes: Callable[[], int], refuse=None) -> None:
    BODY_LIMITS[prefix] = BodyLimit(max_bytes, refuse)


def body_limit_for(path: str) -> BodyLimit | None:
    """The limit registered for the longest prefix of `path`, if any."""
    matches = [p for p in BODY_LIMITS if path.startswith(p)]
    return BODY_LIMITS[max(matches, key=len)] if matches else None


# action -> url(case): an action of the table done on a page of its own rather than a small form on the case
# page (the reply: its letter is drafted, checked and previewed before it is sent).
ACTION_PAGES: dict[str, Callable[[Any], str]] = {}


def register_action_page(action: str, url) -> None:
    ACTION_PAGES[action] = url


def register_event_label(action: str, label) -> None:
    """How an audited action of another app reads in a case's timeline (a lazy translation)."""
    EVENT_LABELS[action] = label


def register_queue(action: str, label, cases, order: int = 100) -> None:
    QUEUES[action] = Queue(action, label, cases, order)


def register_list_filter(key: str, params: tuple[str, ...], apply) -> None:
    LIST_FILTERS[key] = ListFilter(key, tuple(params), apply)


def register_nav(key: str, label, url_name: str, roles=None, order: int = 100) -> None:
    NAV[key] = NavItem(key, label, url_name, frozenset(roles) if roles else None, order)


def register_case_panel(key: str, template: str, context, order: int = 100) -> None:
    CASE_PANELS[key] = CasePanel(key, template, context, order)


# (app label, model, field): free text another app keeps about a case (a site visit's note, a measure's detail),
# which the identity rule reads beside the case's own (`privacy.case_notes`: a name found there is masked in all of
# the case's texts). The model has a `complaint` foreign key.
CASE_RECORD_TEXTS: list[tuple[str, str, str]] = []


def register_case_record_text(app_label: str, model: str, field: str) -> None:
    if (app_label, model, field) not in CASE_RECORD_TEXTS:
        CASE_RECORD_TEXTS.append((app_label, model, field))


# fn(case_id): what another app redoes when a case's masks gained a name found in a new note (the scanned letter's
# redacted copy); called by `cases.models.refresh_search_for_note`.
CASE_MASKS_CHANGED: list[Callable[[int], Any]] = []


def register_case_masks_changed(fn) -> None:
    if fn not in CASE_MASKS_CHANGED:
        CASE_MASKS_CHANGED.append(fn)


def nav_for(roles: set[str], is_superuser: bool = False) -> list[NavItem]:
    items = [
        item for item in NAV.values()
        if is_superuser or (roles and (item.roles is None or item.roles & roles))
    ]
    return sorted(items, key=lambda i: (i.order, i.key))


def panels_for(request, case) -> list[tuple[CasePanel, dict]]:
    out = []
    for panel in sorted(CASE_PANELS.values(), key=lambda p: (p.order, p.key)):
        ctx = panel.context_for(request, case)
        if ctx is not None:
            out.append((panel, ctx))
    return out


# Called after a whole database was emptied (test flush, restore): in-process caches that hold
# rows (policies, rules, calendars, models) must forget them.
FLUSH_HOOKS: list[Callable[[], None]] = []


def on_flush(hook: Callable[[], None]) -> None:
    if hook not in FLUSH_HOOKS:
        FLUSH_HOOKS.append(hook)


# Bulk loads (the demo): an app whose derived figures follow every event may hold that work for the length of
# a block and do it once, at its end. `hold` is a context-manager factory, registered in AppConfig.ready().
BULK_HOLDS: list[Callable[[], Any]] = []


def on_bulk_load(hold: Callable[[], Any]) -> None:
    if hold not in BULK_HOLDS:
        BULK_HOLDS.append(hold)


@contextmanager
def bulk_load() -> Iterator[None]:
    """Every registered hold around a block that writes many cases in a row."""
    with ExitStack() as stack:
        for hold in BULK_HOLDS:
            stack.enter_context(hold())
        yield


# Role assignments changed outside the actions (the admin). A role opens identities (a clerk sees every
# complainant of the unit's tree), so each change goes into the hash-chained audit trail, which belongs to
# the cases app above org: it registers the hook in its AppConfig.ready().
ROLE_CHANGE_HOOKS: list[Callable[..., Any]] = []


def on_role_change(hook: Callable[..., Any]) -> None:
    if hook not in ROLE_CHANGE_HOOKS:
        ROLE_CHANGE_HOOKS.append(hook)


def role_changed(*, actor, op: str, membership, before: dict | None = None) -> None:
    """Record one role assignment added, changed or deleted by `actor` (op: "add", "change", "delete").
    Refuses when no audit trail is registered: an unrecorded change is worse than none."""
    if not ROLE_CHANGE_HOOKS:
        raise RuntimeError("No audit trail is registered for role changes (core.registry.on_role_change).")
    for hook in ROLE_CHANGE_HOOKS:
        hook(actor=actor, op=op, membership=membership, before=before)
