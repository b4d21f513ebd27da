"""Public disclosure (信息公开): handling results published without personal data.

Publishing freezes a de-identified snapshot: per case only its categories, the
place cut to the street, the finding and the measures taken. Nothing about
the complainant is copied, the free-text result is not published at all, and
every text is scrubbed again for the case's complainant names, phone and ID
numbers. Publishing is an audited event on the system chain.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ecopetition.cases import privacy
from ecopetition.cases.actions import audit_event, next_sequence
from ecopetition.cases.masking import name_spans
from ecopetition.cases.models import CLOSED_STATES, Complaint, Finding
from ecopetition.cases.privacy import mask_text
from ecopetition.core import clock
from ecopetition.core.exceptions import PermissionDenied, ValidationError
from ecopetition.org import queries as org
from ecopetition.org.models import Role, Unit

from .models import Publication
from .queries import Period, subtree_ids

PUBLISHER_ROLES = (Role.CLERK, Role.LEADER, Role.SUPERVISOR, Role.ADMIN)
MAX_ITEMS = 2000
# Street-level markers: a published place stops at the last one before any house number.
_MARKERS = re.compile(r"(街道|大道|镇|乡|路|街|巷|村|社区|开发区|园区)")
_DIGITS = re.compile(r"[0-9０-９]")
_LONG_NUMBER = re.compile(r"[0-9０-９Xx*\-]{6,}")
# A place given as somebody's home (欧阳建国家门前的小路, 王小明家旁边): published only up to before the person.
# Words that describe a spot rather than name a road or village (the stretch before a marker).
_DESCRIBES = re.compile(r"[的住门旁边那这屋店铺条]|靠近|附近|对面|后面|前面|隔壁|楼下|楼上|家后|家前|小卖部|理发")
_NAME_LENGTH = 8  # the longest road or village name after a town (解放北路, 世纪大道, 新洋港村) with room to spare
_HOME = re.compile(r"家(?:门前|门口|门外|旁边|旁|后面|后|前面|前|附近|对面|隔壁|楼下|院|里|边)")


def street_of(address: str) -> str:
    """The address cut to the street/road/village: no house number, building or person (nor a place given as
    somebody's home: cut before the name that stands before 家门前/家旁边…)."""
    text = (address or "").strip()
    m = _DIGITS.search(text)
    if m:
        text = text[: m.start()]
    home = _HOME.search(text)
    if home:
        # before the name found there, and in any case before the two characters a name has at least (王路家门口)
        names = [s for s, e in name_spans(text) if e == home.start()]
        text = text[: max(0, min([*names, home.start() - 2]))]
    # Each stretch from one marker to the next must read as a place's own name (幸福路, 新民村): one that describes
    # where somebody lives or a spot (王建国门口那条路, 张秀兰住的那条巷, 李秀英小卖部旁边的路) ends the published
    # place before it (R10-4), whoever it names, recorded or not.
    end, before = 0, 0
    for mm in _MARKERS.finditer(text):
        stretch = text[before:mm.start()]
        if before and (len(stretch) > _NAME_LENGTH or _DESCRIBES.search(stretch)) \
                or not before and _DESCRIBES.search(stretch):
            break
        end = before = mm.end()
    return text[:end]


def public_text(text: str, people) -> str:
    """Text the public may read: personal data masked by the identity rule (the case's recorded values and
    their fragments, names before 家门前/旁边, phones, ID numbers...), and any long number left starred."""
    return _LONG_NUMBER.sub("***", mask_text(text or "", people))


def public_place(address: str, people) -> str:
    """A case's place as every public output gives it (disclosure pages, Open311): to the street, masked."""
    return public_text(street_of(address), people)


def _measures(case_ids: list[int]) -> dict[int, list[str]]:
    from ecopetition.analytics.rollups import _measure_model

    Measure = _measure_model()
    out: dict[int, list[str]] = {}
    if Measure is None:
        return out
    for m in Measure.objects.filter(complaint_id__in=case_ids).order_by("at", "id"):
        label = str(m.get_kind_display())
        if m.amount_text:
            label += _(" (%(amount)s)") % {"amount": m.amount_text}
        out.setdefault(m.complaint_id, []).append(label)
    return out


def candidates(area: Unit, period: Period):
    """Cases closed in the period whose responsible unit lies in the area."""
    ids = subtree_ids(area)
    start, end = period.bounds()
    return (Complaint.objects.filter(state__in=CLOSED_STATES, closed_at__gte=start, closed_at__lt=end)
            .filter(Q(lead_unit_id__in=ids) | Q(lead_unit__isnull=True, unit_id__in=ids))
            .order_by("closed_at", "pk"))


def snapshot(cases) -> list[dict]:
    cases = list(cases.prefetch_related("categories", "complainants")[: MAX_ITEMS + 1])
    if len(cases) > MAX_ITEMS:
        raise ValidationError(_("More than %(n)d cases: publish a shorter period.") % {"n": MAX_ITEMS})
    measures = _measures([c.pk for c in cases])
    from .queries import division_names

    places = division_names()
    findings = dict(Finding.choices)
    items = []
    masks = privacy.case_masks_for(cases)  # the names found in the cases' texts too (R17-9), in a few queries in all
    for i, c in enumerate(cases, 1):
        people = masks[c.pk]
        division = places.get((c.division_code or "")[:6], "")
        street = public_place(c.address, people)
        place = street if not division or division in street else f"{division}{street}"
        items.append({
            "seq": i,
            "closed": f"{clock.localdate(c.closed_at):%Y-%m-%d}",
            "categories": public_text("、".join(cat.name for cat in c.categories.all()), people),
            "place": place,
            "finding": str(findings.get(c.finding, "")),
            "measures": [public_text(m, people) for m in measures.get(c.pk, [])],
        })
    return items


def may_publish(actor, area: Unit) -> bool:
    return bool(actor.is_superuser or any(org.holds_role_over(actor, r, area) for r in PUBLISHER_ROLES))


@transaction.atomic
def do_publish(*, actor, area: Unit, period: Period, title: str = "") -> Publication:
    if not may_publish(actor, area):
        raise PermissionDenied(_("Only intake clerks, leaders and supervisors of this area can publish."))
    items = snapshot(candidates(area, period))
    if not items:
        raise ValidationError(_("No case of this area was closed in %(p)s: nothing to publish.")
                              % {"p": period.label()}, field="period")
    title = (title or "").strip()[:200] or _("Handling results, %(area)s, %(period)s") % {
        "area": area.name, "period": period.label()}
    return _freeze(actor=actor, area=area, first=period.first, last=period.end - dt.timedelta(days=1),
                   items=items, title=title)


@transaction.atomic
def do_publish_cases(*, actor, area: Unit, cases, title: str) -> Publication:
    """Publish chosen closed cases of the area (a typical case, 典型案例) through the same snapshot and chain."""
    if not may_publish(actor, area):
        raise PermissionDenied(_("Only intake clerks, leaders and supervisors of this area can publish."))
    ids = subtree_ids(area)
    chosen = (Complaint.objects.filter(pk__in=[c.pk for c in cases], state__in=CLOSED_STATES)
              .filter(Q(lead_unit_id__in=ids) | Q(lead_unit__isnull=True, unit_id__in=ids)).order_by("closed_at", "pk"))
    if chosen.count() != len(cases) or not cases:
        raise ValidationError(_("Only closed cases of this area can be published."), field="case")
    items = snapshot(chosen)
    days = [clock.localdate(c.closed_at) for c in chosen]
    return _freeze(actor=actor, area=area, first=min(days), last=max(days), items=items,
                   title=(title or "").strip()[:200] or _("Typical case, %(area)s") % {"area": area.name})


def _freeze(*, actor, area: Unit, first: dt.date, last: dt.date, items: list[dict], title: str) -> Publication:
    year = clock.localdate().year
    number = f"{area.code}-GK-{year}-{next_sequence(f'disclosure:{area.code}:{year}'):03d}"
    pub = Publication.objects.create(number=number, title=title, unit=area, period_from=first, period_to=last,
                                     items=items, published_at=clock.now(), published_by=actor)
    audit_event(None, actor=actor, action="publish", note=title,
                data={"publication": number, "area": area.code, "count": len(items), "from": first, "to": last})
    return pub
