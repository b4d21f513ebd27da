"""Read side of the register: list filters and each person's work queue.

Everything starts from `Complaint.objects.visible_to(user)`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecopetition.core import registry
from ecopetition.org import queries as org

from . import transitions
from .models import Channel, Complaint, State
from .scope import under_q

FLAG_FIELDS = {
    "starred": "is_starred",
    "instruction": "has_leader_instruction",
    "escalated": "is_escalated",
    "repeat": "is_repeat",
    "collective": "is_collective",
    "media": "media_attention",
    "urgent": "is_urgent",
    "emergency": "is_emergency",
}
FLAG_LABELS = {
    "starred": gettext_lazy("Starred"),
    "instruction": gettext_lazy("Leader instruction"),
    "escalated": gettext_lazy("Escalated"),
    "repeat": gettext_lazy("Repeat"),
    "collective": gettext_lazy("Collective"),
    "media": gettext_lazy("Media attention"),
    "urgent": gettext_lazy("Urgent"),
    "emergency": gettext_lazy("Emergency"),
}


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


@dataclass
class Filters:
    q: str = ""
    state: str = ""
    channel: str = ""
    category: str = ""
    unit: str = ""
    flag: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    open_only: bool = False
    errors: tuple[str, ...] = ()
    behind: tuple[str, ...] = ()  # what other apps' list filters applied (e.g. "the cases behind 按时交办率")


def parse_filters(params) -> Filters:
    """Read the list filters from a query dict; unknown values are reported, not obeyed."""
    errors = []
    f = Filters(
        q=(params.get("q") or "").strip()[:200],
        state=params.get("state") or "",
        channel=params.get("channel") or "",
        category=params.get("category") or "",
        unit=(params.get("unit") or "").strip(),
        flag=params.get("flag") or "",
        since=_date(params.get("since")),
        until=_date(params.get("until")),
        open_only=params.get("open") in ("1", "on", "true"),
    )
    if f.state and f.state not in State.values:
        errors.append(_("Unknown state."))
        f.state = ""
    if f.channel and f.channel not in Channel.values:
        errors.append(_("Unknown channel."))
        f.channel = ""
    if f.flag and f.flag not in FLAG_FIELDS:
        errors.append(_("Unknown flag."))
        f.flag = ""
    for key in ("since", "until"):
        if params.get(key) and getattr(f, key) is None:
            errors.append(_("Dates are written YYYY-MM-DD."))
    if f.since and f.until and f.since > f.until:
        errors.append(_("The start date is after the end date; the dates were swapped."))
        f.since, f.until = f.until, f.since
    f.errors = tuple(errors)
    return f


def units_for(user, text: str = "", limit: int = 15) -> list:
    """The active units `user` may read the cases of (`scope.units_q`) whose name holds `text` or whose code
    is `text`: what the unit filter offers as one types."""
    from ecopetition.org.models import Unit

    from .scope import units_q

    qs = Unit.objects.filter(units_q(user), active=True)
    text = (text or "").strip()
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(code__iexact=text))
    return list(qs.order_by("path")[:limit])


def resolve_unit(user, text: str):
    """The unit the filter names (its name or its code), among those `user` may read; None if none or
    several fit (a part of a name that fits exactly one unit is enough)."""
    from ecopetition.org.models import Unit

    from .scope import units_q

    mine = Unit.objects.filter(units_q(user))
    exact = list(mine.filter(Q(name=text) | Q(code__iexact=text))[:2])
    if len(exact) == 1:
        return exact[0]
    if exact:
        return None
    fits = list(mine.filter(name__icontains=text)[:2])
    return fits[0] if len(fits) == 1 else None


def filter_cases(qs: QuerySet[Complaint], params, user) -> tuple[QuerySet[Complaint], Filters]:
    """Apply the list page's filters for `user` (also used by exports, so both show the same cases)."""
    from django.utils import timezone

    f = parse_filters(params)
    if f.q:
        qs = qs.search(f.q, user)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.open_only:
        qs = qs.open()
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.category:
        qs = qs.filter(categories__code=f.category)
    if f.unit:
        unit = resolve_unit(user, f.unit)
        if unit is None:
            f.errors += (_("No single unit you may see is called “%(name)s”: pick one from the list.")
                         % {"name": f.unit},)
        else:
            f.unit = unit.name  # the unit and the units below it, as registering or lead unit
            qs = qs.filter(under_q([unit], "unit") | under_q([unit], "lead_unit"))
    if f.flag:
        qs = qs.filter(**{FLAG_FIELDS[f.flag]: True})
    tz = timezone.get_current_timezone()
    if f.since:
        qs = qs.filter(received_at__gte=dt.datetime.combine(f.since, dt.time.min, tzinfo=tz))
    if f.until:
        qs = qs.filter(received_at__lt=dt.datetime.combine(f.until + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    behind, errors = [], list(f.errors)
    for extra in registry.LIST_FILTERS.values():
        if any(params.get(p) for p in extra.params):
            qs, said, refused = extra.apply(qs, params, user)
            behind += said
            errors += refused
    f.behind, f.errors = tuple(behind), tuple(errors)
    return qs.distinct() if f.category else qs, f


# A list of search results ranks and pages through at most this many matches, the most recent ones; beyond it
# the count reads "1,000+" (issue 16: a common word matches a good part of a large register, and counting or
# ranking every match is what made such a search take seconds).
SEARCH_CAP = 1000


def bounded(qs: QuerySet[Complaint], cap: int | None = None) -> tuple[QuerySet[Complaint], int, bool]:
    """The `cap` (`SEARCH_CAP`) cases of `qs` registered last (`qs` keeps its own order among them), how many
    that is, and whether `qs` holds more.

    Neither the count nor the rank of a search reads every match: the matches are taken from the newest
    cases backwards (`Complaint.objects.latest_pks`), a window at a time, until more than `cap` are found;
    the rows of a page are then found by their keys."""
    cap = SEARCH_CAP if cap is None else cap
    ids = Complaint.objects.latest_pks(qs, cap + 1)
    return qs.among(ids[:cap]), min(len(ids), cap), len(ids) > cap


class BoundedPaginator(Paginator):
    """Pages the `bounded` part of a list: `count` stops at the cap, and `more` says there were more."""

    def __init__(self, object_list, per_page, cap: int | None = None, **kwargs):
        self.cap = SEARCH_CAP if cap is None else cap
        object_list, self._count, self.more = bounded(object_list, self.cap)
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def count(self) -> int:
        return self._count


def paginate(qs: QuerySet[Complaint], page, *, searched: bool, per_page: int = 30):
    """A page of a case list: with a search, of its `SEARCH_CAP` most recent matches (in `qs`'s order, the
    rank); without one, of every case."""
    return (BoundedPaginator if searched else Paginator)(qs, per_page).get_page(page)


# The actions that put a case in someone's queue: what waits for them.
QUEUE_ACTIONS = ("accept", "assign", "sign_for", "report", "review", "reply", "callback", "stage_close", "close",
                 "uphold")


def work_queue(user) -> dict[str, QuerySet[Complaint]]:
    """For each queue action the user may take somewhere, the visible cases waiting for it.

    Derived from the transition table, so the queue and the buttons never disagree.
    """
    out: dict[str, QuerySet[Complaint]] = {}
    base = Complaint.objects.visible_to(user)
    mems = org.memberships(user)
    roles = {m.role for m in mems}
    for action in QUEUE_ACTIONS:
        t = transitions.BY_ACTION[action]
        if not roles & t.roles:
            continue
        cond = transitions.restrict(user, action)
        sources = set(t.sources)
        if action == "callback":
            sources = {State.REPLIED}  # further answers are optional
        qs = base.filter(cond, state__in=sources)
        where = transitions.PRECONDITION_FILTERS.get(action)
        if where is not None:
            qs = qs.filter(where())
        if action in ("close", "stage_close"):
            qs = qs.exclude(satisfaction="unsatisfied") if not any(m.role == "supervisor" for m in mems) else qs
        out[action] = qs.select_related("unit", "lead_unit").order_by("received_at", "id")
    return out
