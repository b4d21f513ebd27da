"""Early warning (预警): what needs attention now in an area.

Spikes. For every (county division, pollution category) of the area we count
complaints in 7-day windows ending now: the current window and the 12 windows
before it (the baseline). Under the hypothesis that the current window follows
a Poisson law with the baseline's mean rate λ (floored at 0.25 a week so a
quiet pair does not alarm on its first case), the probability of seeing at
least x complaints is P(X ≥ x) = 1 − Σ_{k<x} e^{−λ} λ^k / k!. A pair is flagged
when that upper-tail probability is below 1 % and x ≥ 3: each pair is judged
against its own usual level, not a fixed number.

Also: reported parties complained about again and again (≥ 3 complaints in 90
days), key persons (the same phone or ID number behind ≥ 3 complaints in 90
days; shown masked), and collective-visit and media-attention cases still open.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from ecopetition.cases import privacy
from ecopetition.cases.models import FINAL_STATES, Complainant, Complaint
from ecopetition.cases.privacy import mask_name, mask_phone
from ecopetition.core import clock
from ecopetition.org.models import Membership, Role, Unit

from .queries import subtree_ids

WINDOW_DAYS = 7
BASELINE_WINDOWS = 12
ALPHA = 0.01
MIN_COUNT = 3
LAMBDA_FLOOR = 0.25
LOOKBACK_DAYS = 90
REPEAT_THRESHOLD = 3


def poisson_upper_tail(x: int, lam: float) -> float:
    """P(X >= x) for X ~ Poisson(lam)."""
    if x <= 0:
        return 1.0
    term = math.exp(-lam)
    cdf = term
    for k in range(1, x):
        term *= lam / k
        cdf += term
    return max(0.0, 1.0 - cdf)


@dataclass
class Warning:
    kind: str  # spike, party, person, collective, media
    title: str
    detail: str
    numbers: list[str] = field(default_factory=list)
    level: str = "warn"

    @property
    def key(self) -> str:
        raw = f"{self.kind}|{self.title}|{','.join(sorted(self.numbers))}"
        return hashlib.sha256(raw.encode()).hexdigest()[:16]


def _area_cases(area: Unit):
    ids = subtree_ids(area)
    return Complaint.objects.filter(Q(lead_unit_id__in=ids) | Q(lead_unit__isnull=True, unit_id__in=ids))


def spikes(area: Unit, now: dt.datetime | None = None, division_names: dict | None = None) -> list[Warning]:
    now = now or clock.now()
    since = now - dt.timedelta(days=WINDOW_DAYS * (BASELINE_WINDOWS + 1))
    rows = (_area_cases(area).filter(received_at__gt=since, received_at__lte=now, categories__isnull=False)
            .values_list("division_code", "categories__code", "categories__name", "received_at", "number"))
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * (BASELINE_WINDOWS + 1))
    current: dict[tuple[str, str], list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    for division, cat, cat_name, received, number in rows:
        w = int((now - received).total_seconds() // (WINDOW_DAYS * 86400))
        if w > BASELINE_WINDOWS:
            continue
        key = ((division or "")[:6], cat)
        names[cat] = cat_name
        counts[key][w] += 1
        if w == 0:
            current[key].append(number)
    out = []
    for (division, cat), weeks in counts.items():
        x = weeks[0]
        lam = max(LAMBDA_FLOOR, sum(weeks[1:]) / BASELINE_WINDOWS)
        p = poisson_upper_tail(x, lam)
        if x >= MIN_COUNT and p < ALPHA:
            where = (division_names or {}).get(division, division or _("unknown place"))
            out.append(Warning(
                "spike",
                _("%(category)s complaints jumped in %(place)s") % {"category": names[cat], "place": where},
                _("%(x)d in the last 7 days against a usual %(lam).1f a week (Poisson upper tail p = %(p).4f)")
                % {"x": x, "lam": lam, "p": p},
                sorted(current[(division, cat)]), "alert",
            ))
    return sorted(out, key=lambda w: -len(w.numbers))


def recurring_parties(area: Unit, now: dt.datetime) -> list[tuple[str, list[str]]]:
    """(reported party, case numbers) for parties named in at least REPEAT_THRESHOLD complaints of the area in
    the LOOKBACK_DAYS up to `now`, the most complained about first. The party is free text of those cases,
    pushed to readers not known here: masked against their complainants (`masking.mask_party`)."""
    since = now - dt.timedelta(days=LOOKBACK_DAYS)
    by_party: dict[str, list[str]] = defaultdict(list)
    ids: dict[str, list[int]] = defaultdict(list)
    for party, number, pk in (_area_cases(area).filter(received_at__gt=since, received_at__lte=now)
                              .exclude(reported_party_name="").values_list("reported_party_name", "number", "pk")):
        by_party[party.strip()].append(number)
        ids[party.strip()].append(pk)
    out = [(party, sorted(nums)) for party, nums in sorted(by_party.items(), key=lambda kv: -len(kv[1]))
           if len(nums) >= REPEAT_THRESHOLD]
    people: dict[int, list] = defaultdict(list)
    for p in privacy.with_their_case(Complainant.objects.filter(complaint_id__in=[pk for party, _n in out
                                                                              for pk in ids[party]])):
        people[p.complaint_id].append(p)
    return [(privacy.mask_party(party, [p for pk in ids[party] for p in people[pk]]), nums) for party, nums in out]


def repeat_parties(area: Unit, now: dt.datetime) -> list[Warning]:
    return [
        Warning("party", _("Reported again and again: %(party)s") % {"party": party},
                _("%(n)d complaints in %(days)d days") % {"n": len(nums), "days": LOOKBACK_DAYS}, nums)
        for party, nums in recurring_parties(area, now)
    ]


def key_persons(area: Unit, now: dt.datetime, user=None) -> list[Warning]:
    """The same person behind many complaints (重点人员), identified by phone or ID number, shown masked.

    Grouping cases by a person says who complained about each: it runs only among the cases whose identity
    `user` may see (`privacy.person_match_scope`; none without a user), and never over an anonymous case."""
    since = now - dt.timedelta(days=LOOKBACK_DAYS)
    cases = privacy.person_match_scope(user, _area_cases(area).filter(received_at__gt=since, is_anonymous=False))
    people: dict[str, set[str]] = defaultdict(set)
    shown: dict[str, str] = {}
    for name, phone, idn, number in (Complainant.objects.filter(complaint__in=cases)
                                     .values_list("name", "phone", "id_number", "complaint__number")):
        ident = idn or phone
        if not ident:
            continue
        people[ident].add(number)
        shown.setdefault(ident, f"{mask_name(name) or '—'} {mask_phone(phone) if phone else ''}".strip())
    return [
        Warning("person", _("Key person: %(who)s") % {"who": shown[ident]},
                _("%(n)d complaints in %(days)d days") % {"n": len(nums), "days": LOOKBACK_DAYS}, sorted(nums))
        for ident, nums in sorted(people.items(), key=lambda kv: -len(kv[1]))
        if len(nums) >= REPEAT_THRESHOLD
    ]


def open_flagged(area: Unit, now: dt.datetime) -> list[Warning]:
    since = now - dt.timedelta(days=LOOKBACK_DAYS)
    open_cases = _area_cases(area).filter(received_at__gt=since).exclude(
        state__in=FINAL_STATES)
    out = []
    for flag, kind, title in (
        ("is_collective", "collective", _("Collective visit still open")),
        ("media_attention", "media", _("Media attention case still open")),
    ):
        rows = list(open_cases.filter(**{flag: True}).values("id", "number", "title", "head_count")[:20])
        titles = privacy.masked_titles(rows)
        for row in rows:
            number, text, heads = row["number"], titles[row["id"]], row["head_count"]
            detail = text if kind == "media" else _("%(n)d people: %(title)s") % {"n": heads, "title": text}
            out.append(Warning(kind, title, detail, [number], "alert"))
    return out


def warnings_for(area: Unit, now: dt.datetime | None = None, division_names: dict | None = None,
                 user=None) -> list[Warning]:
    """The warnings of `area` for `user` (the key persons only among the cases whose identity they may see)."""
    now = now or clock.now()
    return (spikes(area, now, division_names) + open_flagged(area, now) + repeat_parties(area, now)
            + key_persons(area, now, user))


def responsible_leaders(area: Unit):
    """Leaders of the area itself, else of the nearest unit above it."""
    for unit in [area, *reversed(area.ancestors())]:
        users = [m.user for m in Membership.objects.filter(unit=unit, role=Role.LEADER, user__is_active=True)
                 .select_related("user")]
        if users:
            return users
    return []


def push(warning: Warning, area: Unit, *, actor) -> int:
    """Send the warning to the area's responsible leader(s) inbox; a second push of the same warning sends nothing."""
    from ecopetition.notify.services import send_message

    body = "\n".join([warning.title, warning.detail, _("Cases: %(list)s") % {"list": ", ".join(warning.numbers)}])
    sent = 0
    for leader in responsible_leaders(area):
        msg = send_message("inbox", leader, _("Early warning: %(title)s") % {"title": warning.title}, body,
                           dedupe_key=f"analytics-warning:{area.pk}:{warning.key}:{leader.pk}", kind="warning")
        sent += 1 if getattr(msg, "created", True) else 0
    return sent
