"""Campaigns (004: a 100-day drive): phases, town inventories, a plan per case, progress and evaluation.

Each change is an audited event on the system chain (or on the case, when an
inventory line is about a registered complaint).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from ecopetition.cases import scope as jurisdiction
from ecopetition.cases.actions import audit_event
from ecopetition.cases.models import Complaint
from ecopetition.core import clock
from ecopetition.core.exceptions import PermissionDenied, ValidationError
from ecopetition.org import queries as org
from ecopetition.org.models import Role, Unit

from .models import Campaign, CampaignPhase, InventoryItem

MANAGER_ROLES = (Role.LEADER, Role.SUPERVISOR, Role.ADMIN)


def _may_manage(user, unit: Unit) -> bool:
    return user.is_superuser or any(org.holds_role_over(user, r, unit) for r in MANAGER_ROLES)


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


@transaction.atomic
def do_update_item(item: InventoryItem, *, actor, status: str, plan: str | None = None) -> InventoryItem:
    if not _may_manage(actor, item.town) and not org.holds_role_over(actor, Role.OFFICER, item.town):
        raise PermissionDenied(_("You cannot update this inventory line."))
    if status not in InventoryItem.Status.values:
        raise ValidationError(_("Unknown status."), field="status")
    item = InventoryItem.objects.select_for_update().get(pk=item.pk)
    item.status = status
    if plan is not None:
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
