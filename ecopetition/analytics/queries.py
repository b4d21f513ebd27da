"""The read side of the command centre: which areas a user may look at, periods, and the figures.

`stats(area, period)` reads the rollups; `stats_naive(area, period)` computes the
same figures by GROUP BY on the complaint table. The bench and the tests assert
they are identical.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecopetition.cases import privacy
from ecopetition.cases import scope as jurisdiction
from ecopetition.cases.models import Category, Channel, Complaint, Sector
from ecopetition.core import clock
from ecopetition.core.exceptions import PermissionDenied, ValidationError
from ecopetition.org import queries as org
from ecopetition.org.models import Unit, UnitKind

from . import rates as rates_
from . import rollups
from .models import MEASURES, Rollup

VIEWER_ROLES = ("leader", "supervisor", "admin")
MAX_MONTHS = 120  # a period longer than ten years is refused with a message
MEASURES_NAIVE = tuple(rollups.measure_aggregates())  # measures the register itself can count


# --- areas ------------------------------------------------------------------------

def top_units(user, roles=VIEWER_ROLES) -> list[Unit]:
    if user.is_superuser:
        return list(Unit.objects.filter(parent__isnull=True, active=True))
    units = sorted(org.units_with_role(user, roles), key=lambda u: len(u.path))
    return jurisdiction.top_paths(units)


def areas_for(user, roles=VIEWER_ROLES) -> list[Unit]:
    """The units the user may choose as an area: where they hold a viewer role, and everything below."""
    tops = top_units(user, roles)
    if not tops:
        return []
    return list(Unit.objects.filter(jurisdiction.under_q(tops, ""), active=True).order_by("path"))


def resolve_area(user, area_id, roles=VIEWER_ROLES) -> Unit:
    tops = top_units(user, roles)
    if not tops:
        raise PermissionDenied(_("Only leaders, supervisors and administrators see the command centre."))
    if area_id in (None, ""):
        return tops[0]
    try:
        unit = Unit.objects.get(pk=int(area_id))
    except (ValueError, TypeError, Unit.DoesNotExist):
        raise ValidationError(_("Unknown area."), field="area") from None
    if not jurisdiction.is_under(unit, tops):
        raise PermissionDenied(_("That area is outside your jurisdiction."))
    return unit


def subtree_ids(area: Unit) -> list[int]:
    return list(jurisdiction.subtree(area).values_list("pk", flat=True))


# --- periods ----------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    first: dt.date  # first day of the first month
    last: dt.date   # first day of the last month

    @property
    def months(self) -> int:
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1

    @property
    def end(self) -> dt.date:
        """The day after the period."""
        return add_months(self.last, 1)

    def label(self) -> str:
        if self.first == self.last:
            return f"{self.first:%Y-%m}"
        return f"{self.first:%Y-%m} – {self.last:%Y-%m}"

    def month_list(self) -> list[dt.date]:
        return [add_months(self.first, i) for i in range(self.months)]

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        z = rollups.tz()
        return (dt.datetime.combine(self.first, dt.time(), z), dt.datetime.combine(self.end, dt.time(), z))


@dataclass(frozen=True)
class DaySpan(Period):
    """A period of whole days (a campaign or one of its phases), inclusive at both ends; its months are the
    months it touches, its bounds the days themselves."""

    start: dt.date | None = None
    stop: dt.date | None = None

    @classmethod
    def of(cls, start: dt.date, stop: dt.date) -> DaySpan:
        return cls(dt.date(start.year, start.month, 1), dt.date(stop.year, stop.month, 1), start, stop)

    def label(self) -> str:
        from django.utils.formats import date_format

        return f"{date_format(self.start)} – {date_format(self.stop)}"

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        z = rollups.tz()
        return (dt.datetime.combine(self.start, dt.time(), z),
                dt.datetime.combine(self.stop + dt.timedelta(days=1), dt.time(), z))


def add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    return dt.date(d.year + y, m + 1, 1)


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


def _parse_one(text: str, *, end: bool) -> tuple[dt.date, dt.date]:
    text = (text or "").strip()
    if m := _MONTH.match(text):
        y, mo = int(m[1]), int(m[2])
        if not 1 <= mo <= 12:
            raise ValidationError(_("“%(value)s” is not a month.") % {"value": text}, field="period")
        d = dt.date(y, mo, 1)
        return d, d
    if m := _QUARTER.match(text):
        y, q = int(m[1]), int(m[2])
        return dt.date(y, 3 * q - 2, 1), dt.date(y, 3 * q, 1)
    if m := _YEAR.match(text):
        y = int(m[1])
        return dt.date(y, 1, 1), dt.date(y, 12, 1)
    raise ValidationError(
        _("“%(value)s” is not a period: write 2026, 2026-Q1 or 2026-03.") % {"value": text}, field="period"
    )


def parse_period(start: str | None, stop: str | None = None) -> Period:
    """A period from text: a year, a quarter or a month, or a range of them. Refuses what makes no sense."""
    if not start and not stop:
        today = clock.localdate()
        return Period(dt.date(today.year, 1, 1), dt.date(today.year, today.month, 1))
    first, last = _parse_one(start or stop or "", end=False)
    if stop and start:
        _f2, last = _parse_one(stop, end=True)
    if not (1990 <= first.year <= 2100 and 1990 <= last.year <= 2100):
        raise ValidationError(_("The period must lie between 1990 and 2100."), field="period")
    if last < first:
        raise ValidationError(
            _("The period ends (%(end)s) before it starts (%(start)s): swap the dates.")
            % {"start": f"{first:%Y-%m}", "end": f"{last:%Y-%m}"},
            field="period",
        )
    period = Period(first, last)
    if period.months > MAX_MONTHS:
        raise ValidationError(
            _("The period is %(n)d months long; choose at most %(max)d months.")
            % {"n": period.months, "max": MAX_MONTHS},
            field="period",
        )
    return period


# --- figures ----------------------------------------------------------------------

_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_days(since: str | None, until: str | None) -> DaySpan:
    """Exact day bounds (`since`, `until`, both inclusive, YYYY-MM-DD), e.g. a campaign phase's dates; refuses
    what makes no sense with a message, like `parse_period`."""
    since, until = (since or "").strip(), (until or "").strip()
    if not since or not until:
        raise ValidationError(_("Give both the first day and the last day."), field="period")
    days = []
    for text in (since, until):
        m = _DAY.match(text)
        try:
            days.append(dt.date(int(m[1]), int(m[2]), int(m[3])) if m else None)
        except ValueError:
            days.append(None)
        if days[-1] is None:
            raise ValidationError(_("“%(value)s” is not a day (year-month-day).") % {"value": text}, field="period")
    start, stop = days
    if not (1990 <= start.year <= 2100 and 1990 <= stop.year <= 2100):
        raise ValidationError(_("The period must lie between 1990 and 2100."), field="period")
    if stop < start:
        raise ValidationError(
            _("The period ends (%(end)s) before it starts (%(start)s): swap the dates.")
            % {"start": start.isoformat(), "end": stop.isoformat()}, field="period")
    span = DaySpan.of(start, stop)
    if span.months > MAX_MONTHS:
        raise ValidationError(_("The period is %(n)d months long; choose at most %(max)d months.")
                              % {"n": span.months, "max": MAX_MONTHS}, field="period")
    return span


def _clean(d: dict, measures) -> dict:
    return {m: int(d.get(m) or 0) for m in measures}


DIM_MEASURES = ("n", "closed", "clock_done", "clock_on_time")  # what the per-dimension breakdowns show


def _children(area: Unit) -> list[Unit]:
    return list(Unit.objects.filter(parent=area).order_by("path"))


def _shape(totals, dims_rows, trend_rows, by_unit, period: Period, measures) -> dict:
    """Both implementations hand their groups here, so the result's shape is one code."""
    by_dim: dict[str, dict[str, dict]] = {"channel": {}, "category": {}, "sector": {}, "division": {}, "clock": {}}
    for dim, key, vals in dims_rows:
        if dim in by_dim:
            cell = by_dim[dim].setdefault(key or "", dict.fromkeys(DIM_MEASURES, 0))
            for m in DIM_MEASURES:
                cell[m] += int(vals.get(m) or 0)
    trend = {m: dict.fromkeys(measures, 0) for m in period.month_list()}
    for month, vals in trend_rows:
        month = month.date() if isinstance(month, dt.datetime) else month
        if month in trend:
            for m in measures:
                trend[month][m] += int(vals.get(m) or 0)
    return {
        "totals": _clean(totals, measures),
        "by": {d: {k: v for k, v in sorted(rows.items()) if any(v.values())} for d, rows in by_dim.items()},
        "trend": {f"{k:%Y-%m}": v for k, v in sorted(trend.items())},
        "by_unit": {k: _clean(v, measures) for k, v in sorted(by_unit.items()) if v.get("n")},
    }


def stats(area: Unit, period: Period, measures=MEASURES) -> dict:
    """The dashboard's figures from the rollups: the area's own cells, a dozen rows per key for a year."""
    base = Rollup.objects.filter(month__gte=period.first, month__lte=period.last)
    own = base.filter(unit=area)
    sums = {m: Sum(m) for m in measures}
    totals = _clean(own.filter(dim="all").aggregate(**sums), measures)
    dims = [(r["dim"], r["key"], r) for r in own.exclude(dim="all").values("dim", "key")
            .annotate(**{m: Sum(m) for m in DIM_MEASURES}).order_by()]
    trend = [(r["month"], r) for r in own.filter(dim="all").values("month").annotate(**sums).order_by()]
    children = _children(area)
    by_unit = {r["unit_id"]: r for r in base.filter(dim="all", unit__in=children).values("unit_id")
               .annotate(**sums).order_by()}
    # Cases whose responsible unit is the area itself, not a unit below it.
    by_unit[area.pk] = {m: totals[m] - sum(int(v.get(m) or 0) for v in by_unit.values()) for m in measures}
    return _shape(totals, dims, trend, by_unit, period, measures)


def area_cases(area: Unit, period: Period, qs=None, *, on: str = "received_at"):
    """The complaints an area's figures count: received in the period (or with another moment `on`, e.g.
    closed_at), the responsible unit (lead unit once assigned, else the registering unit) in the area's
    subtree. `qs` narrows the start (e.g. visible_to)."""
    ids = subtree_ids(area)
    start, end = period.bounds()
    qs = Complaint.objects.all() if qs is None else qs
    return qs.filter(**{f"{on}__gte": start, f"{on}__lt": end}).filter(
        Q(lead_unit_id__in=ids) | Q(lead_unit__isnull=True, unit_id__in=ids))


def cases_under(area: Unit):
    """Cases registered in the area or led by a unit of it."""
    return Complaint.objects.filter(jurisdiction.under_q([area], "unit") | jurisdiction.under_q([area], "lead_unit"))


# A text written from an area's recent cases but linked to none of them (a meeting's typical problem, a
# campaign's potential problem) is masked when shown against the complainants of the area's cases received
# from this many months before the text's month (or the campaign's start) on, whoever reads it: the reader
# may see none of those cases.
WRITTEN_FROM_LOOKBACK_MONTHS = 3


def written_from_people(area: Unit, month: dt.date, text: str, cases=()) -> list:
    """Whom a text written in `month` from `area`'s cases must be masked against: the complainants of every case
    of the area, however old, whose recorded name, phone or ID number the text holds (`privacy.people_named_in`:
    indexed lookups), of the area's cases received since WRITTEN_FROM_LOOKBACK_MONTHS before `month` (their
    fragments too: a given name alone, a home address), of `cases`, and of the cases `text` names
    (`privacy.people_about`)."""
    since = add_months(month, -WRITTEN_FROM_LOOKBACK_MONTHS)
    recent = list(cases_under(area).filter(received_at__date__gte=since).values_list("pk", flat=True))
    people = privacy.people_about(text, [*recent, *cases])
    seen = {p.pk for p in people}
    return people + [p for p in privacy.people_named_in(text, cases_under(area)) if p.pk not in seen]


def stats_naive(area: Unit, period: Period, measures=MEASURES_NAIVE) -> dict:
    """The same figures by plain GROUP BY on the complaint table (what the rollups save us)."""
    from django.db.models.functions import Coalesce, TruncMonth

    ids = subtree_ids(area)
    qs = area_cases(area, period)
    all_aggs = rollups.measure_aggregates()
    aggs = {k: v for k, v in all_aggs.items() if k in measures}
    totals = qs.aggregate(**aggs)
    dims = []
    for dim in ("channel", "category", "sector", "division"):
        q = qs.filter(categories__isnull=False) if dim == "category" else qs
        for r in (q.annotate(r_key=rollups.dim_key_expr(dim)).values("r_key")
                  .annotate(**{m: all_aggs[m] for m in DIM_MEASURES if m in all_aggs}).order_by()):
            dims.append((dim, r["r_key"], r))
    clocks: dict[str, dict] = {}
    for (_month, _unit, key), vals in rollups.clock_groups(qs).items():
        cell = clocks.setdefault(key, {"clock_done": 0, "clock_on_time": 0})
        for m, v in vals.items():
            cell[m] += v
    dims += [("clock", k, v) for k, v in clocks.items()]
    trend = [(r["r_month"], r) for r in qs.annotate(r_month=TruncMonth("received_at", tzinfo=rollups.tz()))
             .values("r_month").annotate(**aggs).order_by()]
    children = _children(area)
    paths = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "path"))
    by_unit: dict[int, dict] = {}
    for r in qs.annotate(r_unit=Coalesce("lead_unit_id", "unit_id")).values("r_unit").annotate(**aggs).order_by():
        path = paths.get(r["r_unit"], "")
        owner = next((c.pk for c in children if path.startswith(c.path)), area.pk)
        cell = by_unit.setdefault(owner, dict.fromkeys(measures, 0))
        for m in measures:
            cell[m] += int(r.get(m) or 0)
    return _shape(totals, dims, trend, by_unit, period, measures)


def rate(num: int, den: int) -> float | None:
    return rates_.percent(num, den)


def rates(t: dict) -> dict:
    """Every rate of one set of totals, each defined once in `rates.RATES`."""
    return rates_.compute(t)


# A clock key run by several policies (one per channel) is named for the key, not for the last policy read.
CLOCK_KEY_LABELS = {
    "assign": gettext_lazy("Assignment (3 working days for letters and visits, 2 for phone and web)"),
    "site": gettext_lazy("Arrival on site (1 working day; urgent cases 2 hours)"),
}


def clock_labels() -> dict[str, str]:
    from django.apps import apps

    if not apps.is_installed("ecopetition.deadlines"):
        return {}
    Policy = apps.get_model("deadlines", "DeadlinePolicy")
    names: dict[str, set[str]] = {}
    for key, name in Policy.objects.values_list("key", "name"):
        names.setdefault(key, set()).add(name)
    out = {}
    for key, found in names.items():
        if len(found) == 1:
            out[key] = next(iter(found))
        else:
            out[key] = str(CLOCK_KEY_LABELS.get(key) or min(found).split("（")[0].split("(")[0])
    return out


# Clocks of one item each (a supervision order's, a meeting decision's): their key carries the item.
ITEM_CLOCKS = {"order": gettext_lazy("Supervision order %(ref)s"),
               "meeting": gettext_lazy("Meeting decision no. %(ref)s")}


def clock_name(key: str, names: dict[str, str] | None = None) -> str:
    """The words for a clock key: a policy's name, or the item a one-item clock belongs to."""
    names = clock_labels() if names is None else names
    if key in names:
        return names[key]
    prefix, _sep, ref = key.partition(":")
    if ref and prefix in ITEM_CLOCKS:
        return str(ITEM_CLOCKS[prefix]) % {"ref": ref}
    return key


def labels() -> dict[str, dict[str, str]]:
    return {
        "clock": clock_labels(),
        "channel": {k: str(v) for k, v in Channel.choices},
        "category": dict(Category.objects.values_list("code", "name")),
        "sector": dict(Sector.objects.values_list("code", "name")),
        "division": {},
    }


def division_names() -> dict[str, str]:
    """Division code -> name, from units and the bundled boundaries."""
    from . import geo

    names = geo.names()
    for code, name in Unit.objects.exclude(kind=UnitKind.DEPARTMENT).values_list("division_code", "name"):
        names.setdefault(code[:6], name)
    return names


def located_cases(user, area: Unit, period: Period, limit: int = 2000, division: str = "") -> list[dict]:
    """Points for the map: visible, located cases of the area and period (newest first); with `division`
    (a map level), only the cases placed in that region."""
    qs = area_cases(area, period, Complaint.objects.visible_to(user)).filter(lat__isnull=False, lon__isnull=False)
    if division:
        qs = qs.filter(division_code__startswith=division_prefix(division))
    qs = qs.order_by("-received_at").values("id", "number", "lat", "lon", "state", "title")[:limit]
    rows = list(qs)
    titles = privacy.masked_titles(rows)
    return [{"number": r["number"], "value": [r["lon"], r["lat"]], "state": r["state"],
             "title": titles[r["id"]][:40]} for r in rows]


# --- map levels -------------------------------------------------------------------
# A map level is a division code: a province (320000), a city (320900), a county (320902) or a town
# (320902001). The map of a level shows its children where a boundary file splits it, else its own shape.

def division_prefix(code: str) -> str:
    """The part of a division code that its descendants share: 320000 -> 32, 320900 -> 3209."""
    code = (code or "").strip()
    if len(code) == 6:
        if code.endswith("0000"):
            return code[:2]
        if code.endswith("00"):
            return code[:4]
    return code


def map_level(area: Unit, code: str | None) -> str:
    """The map level `code` when it lies in what the area's map may show, else an error.

    The map opens at the most detailed boundary file holding the area's division (its root); from there
    a user may go down into the area's own division and the regions between the root and it, never into
    a neighbour's region (its figures and cases are not theirs to see)."""
    from . import geo

    root = geo.map_for_division(area.division_code)
    code = (code or "").strip()
    if not code or code == root:
        return root
    if not code.isdigit() or len(code) not in (6, 9):
        raise ValidationError(_("“%(value)s” is not a region of the map.") % {"value": code[:20]}, field="map")
    own, here, top = division_prefix(area.division_code), division_prefix(code), division_prefix(root)
    if root == "100000":
        top = ""
    inside = here.startswith(own)
    between = own.startswith(here) and here.startswith(top)
    if not (inside or between):
        raise PermissionDenied(_("That part of the map is outside your area."))
    return code


def town_counts(area: Unit, period: Period, county: str) -> dict[str, int]:
    """Complaints per town (9-digit division) of one county, counted like the area's figures."""
    from django.db.models import Count
    from django.db.models.functions import Substr

    rows = (area_cases(area, period).filter(division_code__startswith=county[:6])
            .annotate(town=Substr("division_code", 1, 9)).values("town").annotate(n=Count("pk")).order_by())
    return {r["town"]: r["n"] for r in rows if len(r["town"] or "") == 9}
