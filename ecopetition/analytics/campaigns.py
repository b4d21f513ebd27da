"""Campaigns (004: a 100-day drive): phases, town inventories, a plan per case, progress and evaluation.

Each change is an audited event on the system chain (or on the case, when an
inventory line is about a registered complaint).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecopetition.cases import privacy
from ecopetition.cases import scope as jurisdiction
from ecopetition.cases.actions import audit_event
from ecopetition.cases.models import Complaint
from ecopetition.core import clock
from ecopetition.core.exceptions import PermissionDenied, ValidationError
from ecopetition.org import queries as org
from ecopetition.org.models import Role, Unit

from . import assessment, queries, rollups
from .models import Campaign, CampaignPhase, InventoryItem, NonPetition

MANAGER_ROLES = (Role.LEADER, Role.SUPERVISOR, Role.ADMIN)


def may_manage(user, unit: Unit) -> bool:
    """Leaders, supervisors and administrators over the unit run its campaigns."""
    return user.is_superuser or any(org.holds_role_over(user, r, unit) for r in MANAGER_ROLES)


_may_manage = may_manage


@transaction.atomic
def do_create_campaign(*, actor, unit: Unit, name: str, starts: dt.date, ends: dt.date, goal: str = "",
                       phases: list[tuple[str, dt.date, dt.date]] = ()) -> Campaign:
    if not _may_manage(actor, unit):
        raise PermissionDenied(_("Only leaders and supervisors of this area can start a campaign."))
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the campaign a name."), field="name")
    if ends < starts:
        raise ValidationError(_("The campaign ends before it starts."), field="ends")
    c = Campaign.objects.create(name=name[:200], unit=unit, starts=starts, ends=ends, goal=goal, created_by=actor)
    for i, (pname, ps, pe) in enumerate(phases):
        if pe < ps or ps < starts or pe > ends:
            raise ValidationError(_("Phase “%(name)s” must lie inside the campaign, start before it ends.")
                                  % {"name": pname}, field="phases")
        CampaignPhase.objects.create(campaign=c, name=pname, starts=ps, ends=pe, order=i)
    audit_event(None, actor=actor, action="campaign_create", note=name,
                data={"campaign": c.pk, "unit": unit.code, "starts": starts, "ends": ends})
    return c


@transaction.atomic
def do_add_item(campaign: Campaign, *, actor, town: Unit, kind: str, description: str, plan: str = "",
                complaint: Complaint | None = None) -> InventoryItem:
    """A town enters an existing case or a potential problem into the campaign's inventory."""
    if not town.is_within(campaign.unit):
        raise ValidationError(_("That town is outside the campaign's area."), field="town")
    if not (_may_manage(actor, town) or org.holds_role_over(actor, Role.CLERK, town)
            or org.holds_role_over(actor, Role.OFFICER, town)):
        raise PermissionDenied(_("Only the town's own staff or the campaign's leaders can enter its inventory."))
    if kind not in InventoryItem.Kind.values:
        raise ValidationError(_("Choose an existing case or a potential problem."), field="kind")
    if not (description or "").strip():
        raise ValidationError(_("Describe the problem."), field="description")
    if kind == InventoryItem.Kind.EXISTING and complaint is None:
        raise ValidationError(_("An existing case names its complaint."), field="complaint")
    item = InventoryItem.objects.create(campaign=campaign, town=town, kind=kind, complaint=complaint,
                                        description=description.strip(), plan=(plan or "").strip())
    audit_event(complaint, actor=actor, action="campaign_item",
                note=description.strip()[:200], data={"campaign": campaign.pk, "item": item.pk, "kind": kind})
    return item


# A potential problem links no case, yet is written from the area's cases: its texts are shown masked for
# every reader against the complainants of the campaign's area (`queries.written_from_people`, the rule of a
# meeting's typical problem). A line of a case goes through that case's identity rule (`{% shown %}`).
ITEM_TEXTS = ("description", "plan")


def item_people(campaign: Campaign, items=()) -> list:
    """Whom the campaign's potential problems (`items`) must be masked against, whoever reads them."""
    named = "\n".join(getattr(i, f) or "" for i in items for f in ITEM_TEXTS)
    return queries.written_from_people(campaign.unit, campaign.starts, named)


def shown_item(item: InventoryItem, people=None) -> dict[str, str]:
    """A potential problem's description and plan as every reader sees them (`item_people`)."""
    people = item_people(item.campaign, [item]) if people is None else people
    return {f: privacy.mask_text(getattr(item, f) or "", people) for f in ITEM_TEXTS}


@transaction.atomic
def do_update_item(item: InventoryItem, *, actor, status: str, plan: str | None = None) -> InventoryItem:
    if not _may_manage(actor, item.town) and not org.holds_role_over(actor, Role.OFFICER, item.town):
        raise PermissionDenied(_("You cannot update this inventory line."))
    if status not in InventoryItem.Status.values:
        raise ValidationError(_("Unknown status."), field="status")
    item = InventoryItem.objects.select_for_update().get(pk=item.pk)
    item.status = status
    # A reader without the case's identity sees the plan masked (`{% shown %}`): sending back what was shown
    # unchanged keeps the plan as written.
    as_shown = (privacy.identity_for(actor, item.complaint).text(item.plan) if item.complaint_id
                else shown_item(item)["plan"])
    if plan is not None and not (as_shown != item.plan and plan.strip() == as_shown.strip()):
        item.plan = plan.strip()
    today = clock.localdate()
    item.phase = item.campaign.phases.filter(starts__lte=today, ends__gte=today).first() or item.phase
    item.done_at = clock.now() if status == InventoryItem.Status.DONE else None
    item.save()
    audit_event(item.complaint, actor=actor, action="campaign_item_update", note=str(item.get_status_display()),
                data={"campaign": item.campaign_id, "item": item.pk, "status": status})
    return item


@transaction.atomic
def do_evaluate(campaign: Campaign, *, actor, evaluation: str) -> Campaign:
    if not _may_manage(actor, campaign.unit):
        raise PermissionDenied(_("Only leaders and supervisors of this area can evaluate the campaign."))
    if clock.localdate() < campaign.ends:
        raise ValidationError(_("The campaign is evaluated at its end (%(d)s).") % {"d": campaign.ends},
                              field="evaluation")
    if not (evaluation or "").strip():
        raise ValidationError(_("Write the evaluation."), field="evaluation")
    campaign.evaluation, campaign.evaluated_at = evaluation.strip(), clock.now()
    campaign.save(update_fields=["evaluation", "evaluated_at"])
    audit_event(None, actor=actor, action="campaign_evaluate", note=evaluation.strip()[:500],
                data={"campaign": campaign.pk, **summary(campaign)})
    return campaign


def summary(campaign: Campaign, area: Unit | None = None) -> dict:
    """Counts of the campaign's lines; with `area`, of the lines of towns in that area only (a county sees
    its own part of a city's campaign, not its siblings')."""
    lines = campaign.items.all() if area is None else campaign.items.filter(jurisdiction.under_q(area, "town"))
    items = list(lines.values_list("kind", "status"))
    return {
        "items": len(items),
        "done": sum(1 for _k, s in items if s == InventoryItem.Status.DONE),
        "existing": sum(1 for k, _s in items if k == InventoryItem.Kind.EXISTING),
        "potential": sum(1 for k, _s in items if k == InventoryItem.Kind.POTENTIAL),
    }


def progress_for(area: Unit) -> list[dict]:
    """Campaigns touching the area, with per-phase progress (resolved lines by the phase's end)."""
    out = []
    camps = Campaign.objects.filter(unit__path__in=[p for p in _ancestor_paths(area)]) | Campaign.objects.filter(
        jurisdiction.under_q(area, "unit"))
    for c in camps.distinct().prefetch_related("phases")[:10]:
        items = list(c.items.filter(jurisdiction.under_q(area, "town")).values_list("status", "done_at"))
        total = len(items)
        today = clock.localdate()
        phases = []
        for p in c.phases.all():
            end = dt.datetime.combine(p.ends + dt.timedelta(days=1), dt.time(), clock.now().tzinfo)
            done = sum(1 for s, at in items if s == InventoryItem.Status.DONE and at and at < end)
            phases.append({"name": p.name, "starts": p.starts, "ends": p.ends, "done": done, "total": total,
                           "pct": round(100 * done / total) if total else 0,
                           "current": p.starts <= today <= p.ends})
        s = summary(c, area)
        out.append({"campaign": c, "phases": phases, "summary": s,
                    "pct": round(100 * s["done"] / s["items"]) if s["items"] else 0})
    return out


def _ancestor_paths(unit: Unit) -> list[str]:
    parts = [p for p in unit.path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


# --- phase reports ------------------------------------------------------------------------

@transaction.atomic
def do_write_phase_report(phase: CampaignPhase, *, actor, text: str) -> CampaignPhase:
    """The supervisor's account of what a phase did (阶段开展情况); the figures beside it come from the register."""
    phase = CampaignPhase.objects.select_for_update().select_related("campaign__unit").get(pk=phase.pk)
    if not _may_manage(actor, phase.campaign.unit):
        raise PermissionDenied(_("Only leaders and supervisors of this area can write a phase report."))
    if clock.localdate() < phase.starts:
        raise ValidationError(_("Phase “%(name)s” starts on %(d)s; report on it once it has begun.")
                              % {"name": phase.name, "d": phase.starts}, field="report")
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write what the phase did."), field="report")
    phase.report, phase.reported_at, phase.reported_by = text, clock.now(), actor
    phase.save(update_fields=["report", "reported_at", "reported_by"])
    audit_event(None, actor=actor, action="campaign_phase_report", note=text[:500],
                data={"campaign": phase.campaign_id, "phase": phase.pk})
    return phase


# Each figure of a phase report: key, label, the one sentence that defines it.
PHASE_FIGURES = (
    ("received", gettext_lazy("Complaints received"),
     gettext_lazy("Complaints received in the phase's dates whose responsible unit lies in the area.")),
    ("closed", gettext_lazy("Closed"),
     gettext_lazy("Complaints of the area closed in the phase's dates, whenever they were received.")),
    ("repeat", gettext_lazy("Repeat complaints"),
     gettext_lazy("Complaints received in the phase that repeat an earlier complaint of the same matter.")),
    ("escalated", gettext_lazy("Escalations"),
     gettext_lazy("Complaints received in the phase that went to a level above the local one (越级).")),
    ("non_petition", gettext_lazy("Non-petition behaviour"),
     gettext_lazy("Complaints of the area's units with abnormal petitioning recorded in the phase's dates, "
                  "each complaint counted once however many records it has.")),
)
MEASURE_LABELS = (
    ("rectify", gettext_lazy("Ordered to rectify")), ("filed", gettext_lazy("Cases filed")),
    ("daily_fine", gettext_lazy("Daily consecutive fines")), ("sealed", gettext_lazy("Sealed or seized")),
    ("limited", gettext_lazy("Production limited or stopped")),
    ("closed_down", gettext_lazy("Ordered to cease business or close")),
    ("detained", gettext_lazy("Referred for administrative detention")),
    ("police", gettext_lazy("Referred to police")), ("interviewed", gettext_lazy("Officials interviewed")),
    ("accountable", gettext_lazy("Held accountable")),
)
MEASURES_DEFINITION = gettext_lazy("Measures recorded on the complaints received in the phase, each kind counted "
                                   "once per complaint.")


def non_petitions(area: Unit, span: queries.DaySpan):
    """非访 records dated in the span, counted for units in the area."""
    return NonPetition.objects.filter(jurisdiction.under_q(area, "unit"),
                                      occurred_on__gte=span.start, occurred_on__lte=span.stop)


def phase_figures(area: Unit, span: queries.DaySpan) -> dict:
    """A phase's figures from the register, by the same counts as the command centre (`queries.stats_naive`)."""
    t = queries.stats_naive(area, span)["totals"]
    values = {
        "received": t["n"],
        "closed": queries.area_cases(area, span, on="closed_at").filter(state="closed").count(),
        "repeat": t["repeat"],
        "escalated": t["escalated"],
        "non_petition": non_petitions(area, span).values("complaint_id").distinct().count(),
    }
    return {
        "rows": [{"key": k, "label": label, "definition": d, "value": values[k]} for k, label, d in PHASE_FIGURES],
        "measures": [{"key": k, "label": label, "value": int(t.get(k) or 0)} for k, label in MEASURE_LABELS],
        "fines": t.get("fines", 0),
        "measures_definition": MEASURES_DEFINITION,
    }


PHASE_KEYS = tuple(k for k, _l, _d in PHASE_FIGURES) + tuple(k for k, _l in MEASURE_LABELS)


def phase_label(key: str) -> str:
    return str(dict([(k, label) for k, label, _d in PHASE_FIGURES] + list(MEASURE_LABELS))[key])


def phase_cases(qs, area: Unit, span: queries.DaySpan, key: str):
    """The cases of `qs` (the case list's visible_to) behind one phase figure of `phase_figures`: the same
    conditions over the same days (非访: the cases the records are on, as the figure counts them)."""
    if key not in PHASE_KEYS:
        raise KeyError(key)
    if key == "closed":
        return queries.area_cases(area, span, qs, on="closed_at").filter(state="closed")
    if key == "non_petition":
        return qs.filter(pk__in=non_petitions(area, span).values("complaint_id"))
    agg = rollups.measure_aggregates()["n" if key == "received" else key]
    hits = queries.area_cases(area, span).annotate(_hit=agg).filter(_hit__gt=0).values("pk")
    return queries.area_cases(area, span, qs).filter(pk__in=hits)


def phase_reports(campaign: Campaign, area: Unit) -> list[dict]:
    """Every phase with its report text and its figures for `area` (the campaign's area or the viewer's part)."""
    return [{"phase": p, "span": (span := queries.DaySpan.of(p.starts, p.ends)), "figures": phase_figures(area, span),
             "area": area,
             "started": clock.localdate() >= p.starts}
            for p in campaign.phases.all()]


# --- non-petition behaviour (非访) ----------------------------------------------------------

@transaction.atomic
def do_record_non_petition(*, actor, complaint: Complaint, kind: str, occurred_on: dt.date, place: str,
                           note: str = "", person=None) -> NonPetition:
    unit = complaint.lead_unit or complaint.unit
    if not (_may_manage(actor, unit) or org.holds_role_over(actor, Role.CLERK, unit)):
        raise PermissionDenied(_("Only clerks, leaders and supervisors of the case's unit can record this."))
    if not Complaint.objects.visible_to(actor).filter(pk=complaint.pk).exists():
        raise PermissionDenied(_("You cannot see that case."))
    if kind not in NonPetition.Kind.values:
        raise ValidationError(_("Choose what kind of behaviour it was."), field="kind")
    if occurred_on > clock.localdate():
        raise ValidationError(_("The date lies in the future."), field="occurred_on")
    place = (place or "").strip()
    if not place:
        raise ValidationError(_("Say where it happened."), field="place")
    if person is not None and person.complaint_id != complaint.pk:
        raise ValidationError(_("That person is not a complainant of this case."), field="person")
    rec = NonPetition.objects.create(complaint=complaint, person=person, unit=unit, kind=kind,
                                     occurred_on=occurred_on, place=place[:200], note=(note or "").strip(),
                                     recorded_by=actor)
    # The place and the note may name the person: the event carries the kind and the date only.
    audit_event(complaint, actor=actor, action="non_petition", note=str(rec.get_kind_display()),
                data={"record": rec.pk, "kind": kind, "occurred_on": occurred_on, "unit": unit.code})
    return rec


# --- the final evaluation ---------------------------------------------------------------------

ZERO_OUT_RULE = gettext_lazy(
    "Scored by the active assessment sheet over the campaign's dates; the grid item of a unit is zeroed when "
    "any complaint of it received during the campaign was escalated, or any non-petition behaviour was recorded "
    "for it in those dates (004).")


@dataclass
class GridScore:
    unit: Unit
    n: int
    sheet_score: Decimal | None  # None: not assessed (no complaints)
    escalated: list[str] = field(default_factory=list)
    non_petitions: int = 0

    @property
    def zeroed(self) -> bool:
        return bool(self.escalated or self.non_petitions)

    @property
    def score(self) -> Decimal | None:
        return Decimal(0) if self.zeroed else self.sheet_score


def evaluation(campaign: Campaign, sheet=None) -> list[GridScore]:
    """The units directly below the campaign's area, scored by the sheet (`assessment.score_units`) over the
    campaign's dates, with the grid zero-out rule applied."""
    span = queries.DaySpan.of(campaign.starts, campaign.ends)
    out = []
    for r in assessment.score_units(campaign.unit, span, sheet):
        esc = list(queries.area_cases(r.unit, span).filter(is_escalated=True).order_by("received_at")
                   .values_list("number", flat=True))
        out.append(GridScore(r.unit, r.n, r.score, esc, non_petitions(r.unit, span).count()))
    out.sort(key=lambda g: (g.score is None, -(g.score or 0), g.unit.path))
    return out
