"""The cases behind a number: a case-list filter (registered in AppConfig.ready) that narrows the visible
cases to exactly those a figure of the command centre counted.

Query string: `area` (unit id, default the user's top area), `from`/`to` (the dashboard's period) or
`day_from`/`day_to` (exact days, YYYY-MM-DD, both inclusive: cases received in those days; named apart
from the list's own `since`/`until`, which narrow by receipt and would drop a case closed in a phase but
received before it), and one of
`figure=<rate key>&part=num|den`, `measure=<count>`, `clock=<clock key>&part=num|den` or
`officer=<user id>` (the per-officer page: the cases that officer of the unit `area` signed for, with
`figure`/`part` those of one rate; only for the unit's own leader, as the page), or
`phase=<campaign phase figure>` (with `day_from`/`day_to`: a phase report's figure, `campaigns.phase_cases`); `own=1` keeps only
cases whose responsible unit is the area itself (the "area itself" row of a unit table), `sector` and
`division` narrow to one bar of the charts. Cases start from the list's own `visible_to` queryset.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ecopetition.core.exceptions import DomainError

TRIGGERS = ("figure", "measure", "clock", "phase", "officer")
PARAMS = (*TRIGGERS, "part", "area", "from", "to", "day_from", "day_to", "own", "sector", "division")


def link(area, period, **kw) -> str:
    """The query string of the case list behind one number (without the list's URL)."""
    from urllib.parse import urlencode

    q = {"area": area.pk, "from": f"{period.first:%Y-%m}", "to": f"{period.last:%Y-%m}"}
    q.update({k: v for k, v in kw.items() if v not in (None, "")})
    return urlencode(q)


def link_days(area, span, **kw) -> str:
    """The same for exact days (a campaign phase's `queries.DaySpan`)."""
    from urllib.parse import urlencode

    q = {"area": area.pk, "day_from": span.start.isoformat(), "day_to": span.stop.isoformat()}
    q.update({k: v for k, v in kw.items() if v not in (None, "")})
    return urlencode(q)


def apply(qs, params, user):
    # Imported when a list is asked for: start-up registers this filter without them.
    from ecopetition.org import queries as org

    from . import assessment, campaigns, queries, rates

    if not any(params.get(k) for k in TRIGGERS):
        return qs, [], []
    try:
        area = queries.resolve_area(user, params.get("area"))
        days = params.get("day_from") or params.get("day_to") or params.get("phase")
        period = (queries.parse_days(params.get("day_from"), params.get("day_to")) if days
                  else queries.parse_period(params.get("from"), params.get("to")))
    except DomainError as exc:
        return qs.none(), [], [exc.message]
    if params.get("phase"):
        if params["phase"] not in campaigns.PHASE_KEYS:
            return qs.none(), [], [_("Unknown figure.")]
        qs = campaigns.phase_cases(qs, area, period, params["phase"])
        return qs, [_("Cases behind: %(what)s — %(area)s, %(period)s.") % {
            "what": campaigns.phase_label(params["phase"]), "area": area.name, "period": period.label()}], []
    part = "den" if params.get("part") == "den" else "num"
    if params.get("officer"):
        if not org.holds_role_at(user, "leader", area):
            return qs.none(), [], [_("Only the unit's own leader sees the cases of its handling officers.")]
        rate = rates.RATES.get(params["figure"]) if params.get("figure") else None
        if params.get("figure") and rate is None:
            return qs.none(), [], [_("Unknown figure.")]
        who = assessment.officers_of(area).filter(pk=int(params["officer"]) if params["officer"].isdigit() else 0).first()
        if who is None:
            return qs.none(), [], [_("Not a handling officer of this unit.")]
        got = assessment.officer_cases(qs, area, who.pk, period, rate.measures(part) if rate else ())
        what = _("cases signed for by %(name)s") % {"name": who.get_full_name() or who.username}
        if rate:
            what += " · " + _("%(figure)s, %(part)s: %(definition)s") % {
                "figure": rate.name, "part": _("denominator") if part == "den" else _("numerator"),
                "definition": rate.definition}
        return got, [_("Cases behind: %(what)s — %(area)s, %(period)s.") % {
            "what": what, "area": area.name, "period": period.label()}], []
    unit_ids = [area.pk] if params.get("own") == "1" else queries.subtree_ids(area)
    part_label = _("denominator") if part == "den" else _("numerator")
    if params.get("figure"):
        rate = rates.RATES.get(params["figure"])
        if rate is None:
            return qs.none(), [], [_("Unknown figure.")]
        qs = rates.cases_behind(qs, unit_ids, period.first, period.last, rate.measures(part))
        what = _("%(figure)s, %(part)s: %(definition)s") % {
            "figure": rate.name, "part": part_label, "definition": rate.definition}
    elif params.get("measure"):
        m = params["measure"]
        if m not in rates.COUNTS:
            return qs.none(), [], [_("Unknown figure.")]
        qs = rates.cases_behind(qs, unit_ids, period.first, period.last, (m,))
        what = str(rates.COUNTS[m])
    else:
        key = params["clock"]
        qs = rates.clock_cases_behind(qs, unit_ids, period.first, period.last, key, on_time=part == "num")
        what = _("%(clock)s, %(part)s") % {"clock": queries.clock_name(key), "part": part_label}
    if days:  # the facts are by month of receipt: keep the cases received in the days themselves
        qs = queries.area_cases(area, period, qs)
    if params.get("sector"):
        qs = qs.filter(sector__code=params["sector"])
    if params.get("division"):
        qs = qs.filter(division_code__startswith=params["division"][:6])
    where = area.name + ("" if params.get("own") != "1" else _(" (the unit itself)"))
    return qs, [_("Cases behind: %(what)s — %(area)s, %(period)s.") % {
        "what": what, "area": where, "period": period.label()}], []
