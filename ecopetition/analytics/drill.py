"""The cases behind a number: a case-list filter (registered in AppConfig.ready) that narrows the visible
cases to exactly those a figure of the command centre counted.

Query string: `area` (unit id, default the user's top area), `from`/`to` (the dashboard's period), and one of
`figure=<rate key>&part=num|den`, `measure=<count>` or `clock=<clock key>&part=num|den`; `own=1` keeps only
cases whose responsible unit is the area itself (the "area itself" row of a unit table), `sector` and
`division` narrow to one bar of the charts. Cases start from the list's own `visible_to` queryset.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ecopetition.core.exceptions import DomainError

TRIGGERS = ("figure", "measure", "clock")
PARAMS = (*TRIGGERS, "part", "area", "from", "to", "own", "sector", "division")


def link(area, period, **kw) -> str:
    """The query string of the case list behind one number (without the list's URL)."""
    from urllib.parse import urlencode

    q = {"area": area.pk, "from": f"{period.first:%Y-%m}", "to": f"{period.last:%Y-%m}"}
    q.update({k: v for k, v in kw.items() if v not in (None, "")})
    return urlencode(q)


def apply(qs, params, user):
    from . import queries, rates  # when a list is asked for: start-up registers this filter without them

    if not any(params.get(k) for k in TRIGGERS):
        return qs, [], []
    try:
        area = queries.resolve_area(user, params.get("area"))
        period = queries.parse_period(params.get("from"), params.get("to"))
    except DomainError as exc:
        return qs.none(), [], [exc.message]
    unit_ids = [area.pk] if params.get("own") == "1" else queries.subtree_ids(area)
    part = "den" if params.get("part") == "den" else "num"
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
    if params.get("sector"):
        qs = qs.filter(sector__code=params["sector"])
    if params.get("division"):
        qs = qs.filter(division_code__startswith=params["division"][:6])
    where = area.name + ("" if params.get("own") != "1" else _(" (the unit itself)"))
    return qs, [_("Cases behind: %(what)s — %(area)s, %(period)s.") % {
        "what": what, "area": where, "period": period.label()}], []
