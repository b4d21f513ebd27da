"""Field work actions: arrival on site, the report with its measures, photos, rectification checks.

Each runs in one transaction on the locked case and leaves one audit event
(the report's event is the core's `report`; the measures point at it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from ecopetition.cases import actions as case_actions
from ecopetition.cases import privacy, transitions
from ecopetition.cases.attachments import sniff, store_attachment
from ecopetition.cases.models import Attachment, Callback, Complaint, Event, Finding, Satisfaction, State
from ecopetition.cases.validators import check_coordinates
from ecopetition.core import clock
from ecopetition.core.exceptions import TransitionNotAllowed, ValidationError
from ecopetition.org import queries as org
from ecopetition.org.models import Role, Unit

from .models import SURVEY_STATES, Measure, MeasureKind, Rectification, SiteVisit

PHOTO_KINDS = {"jpeg", "png", "gif", "webp", "heic"}
MAX_FINE = Decimal("100000000")  # 1e8 yuan: anything above is a typing error, not a fine


def _lock(case: Complaint | int) -> Complaint:
    pk = case.pk if isinstance(case, Complaint) else case
    return Complaint.objects.select_for_update(of=("self",)).select_related("unit", "lead_unit").get(pk=pk)


def _require_lead_officer(case: Complaint, actor, what: str) -> None:
    if not org.holds_role_at(actor, Role.OFFICER, case.lead_unit):
        raise TransitionNotAllowed(
            _("Only a handling officer of the lead unit may %(what)s.") % {"what": what}, code="not_your_role"
        )


# --- arrival on site ------------------------------------------------------------

def do_site_visit(case, *, actor, lat=None, lon=None, accuracy_m=None, note: str = "") -> SiteVisit:
    """The officer is on site (到达现场): records the time and GPS point as a `site_visit` event.

    The deadlines app stops the on-site clock on this action name.
    """
    note = (note or "").strip()[:2000]
    lat, lon = check_coordinates(lat, lon)
    acc = None
    if accuracy_m not in (None, ""):
        try:
            acc = max(0.0, float(accuracy_m))
        except (TypeError, ValueError):
            raise ValidationError(_("The GPS accuracy must be a number of metres."), field="accuracy_m") from None
    with transaction.atomic():
        locked = _lock(case)
        if locked.state != State.IN_PROGRESS:
            raise TransitionNotAllowed(
                _("Arrival on site can be recorded only while the case is in progress (signed for)."),
                code="wrong_state",
            )
        _require_lead_officer(locked, actor, _("record the arrival on site"))
        now = clock.now()
        data = {"lat": lat, "lon": lon, "accuracy_m": acc}
        event = case_actions.audit_event(locked, actor=actor, action="site_visit", note=note, data=data)
        return SiteVisit.objects.create(
            complaint=locked, by=actor, at=now, lat=lat, lon=lon, accuracy_m=acc, note=note, event=event
        )


# --- the survey after the site visit (现场查处后回访) ------------------------------------



def can_survey(user, case: Complaint) -> bool:
    return (case.state in SURVEY_STATES and org.holds_role_over(user, Role.CALLBACK, case.unit)
            and case.site_visits.exists())


def do_survey(case, *, actor, result: str, respondent: str = Callback.Respondent.RESIDENT,
              respondent_name: str = "", note: str = "") -> Callback:
    """The callback officer asks residents (or the complainant) about the site visit, within 3 working days of
    it (seed 000; 003: residents surveyed before the report goes up). Recorded as a `survey` event, which stops
    the after-visit callback clock; the case's satisfaction is set only by the final callback after the reply."""
    if result not in Satisfaction.values:
        raise ValidationError(_("Choose satisfied, basically satisfied or unsatisfied."), field="result")
    if respondent not in Callback.Respondent.values:
        raise ValidationError(_("Unknown respondent."), field="respondent")
    respondent_name = (respondent_name or "").strip()[:50]
    note = (note or "").strip()[:5000]
    with transaction.atomic():
        locked = _lock(case)
        if locked.state not in SURVEY_STATES:
            raise TransitionNotAllowed(
                _("The survey after the site visit is recorded while the case is worked on, before the reply; "
                  "after the reply, record the callback."), code="wrong_state")
        if not org.holds_role_over(actor, Role.CALLBACK, locked.unit):
            raise TransitionNotAllowed(_("Only a callback officer of the registering unit may record the survey."),
                                       code="not_your_role")
        if not locked.site_visits.exists():
            raise TransitionNotAllowed(_("No site visit is recorded yet: the survey follows the visit."),
                                       code="no_site_visit")
        event = case_actions.audit_event(locked, actor=actor, action="survey", note=note,
                                         data={"result": result, "respondent": respondent})
        return Callback.objects.create(complaint=locked, respondent=respondent, respondent_name=respondent_name,
                                       result=result, note=note, by=actor, at=event.at)


# --- the report with its measures --------------------------------------------------

@dataclass
class RectifyItem:
    description: str
    deadline: dt.date | str | None


@dataclass
class MeasureInput:
    kind: str
    detail: str = ""
    fine_amount: Decimal | str | None = None
    daily_amount: Decimal | str | None = None  # for "daily_fine" only
    penalty_days: int | str | None = None  # for "daily_fine" only
    items: list[RectifyItem] = field(default_factory=list)  # for "rectify" only


def _parse_date(value, field_name: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value}, field=field_name) from None


def _yuan(value, label, field_name: str) -> Decimal:
    """A fine in yuan, as typed (commas allowed), within (0, MAX_FINE]."""
    if value in (None, ""):
        raise ValidationError(_("%(measure)s: the fine amount is missing.") % {"measure": label}, field=field_name)
    try:
        amount = Decimal(str(value).replace(",", "").strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("The fine amount must be a number of yuan."), field=field_name) from None
    if not amount.is_finite() or amount <= 0 or amount > MAX_FINE:
        raise ValidationError(_("The fine amount must be more than 0 and at most 100,000,000 yuan."),
                              field=field_name)
    return amount


MAX_PENALTY_DAYS = 3650  # ten years of daily fines: more is a typing error


def _days(value, label) -> int:
    """The number of days a daily consecutive fine ran (按日连续处罚), a whole number from 1."""
    if value in (None, ""):
        raise ValidationError(_("%(measure)s: the number of days is missing.") % {"measure": label},
                              field="penalty_days")
    try:
        days = int(str(value).strip())
    except ValueError:
        raise ValidationError(_("The number of days must be a whole number."), field="penalty_days") from None
    if not 1 <= days <= MAX_PENALTY_DAYS:
        raise ValidationError(_("The number of days must be from 1 to %(max)d.") % {"max": MAX_PENALTY_DAYS},
                              field="penalty_days")
    return days


def _clean_measures(measures: list[MeasureInput]) -> list[dict]:
    today = clock.localdate()
    out = []
    seen = set()
    for m in measures:
        if m.kind not in MeasureKind.values:
            raise ValidationError(_("Unknown measure “%(kind)s”.") % {"kind": m.kind}, field="measures")
        if m.kind in seen:
            raise ValidationError(_("Each measure is given once."), field="measures")
        seen.add(m.kind)
        label = MeasureKind(m.kind).label
        detail = (m.detail or "").strip()[:5000]
        amount = daily = days = None
        if m.kind == MeasureKind.FINE:
            amount = _yuan(m.fine_amount, label, "fine_amount")
        if m.kind == MeasureKind.DAILY_FINE:
            daily = _yuan(m.daily_amount, label, "daily_amount")
            days = _days(m.penalty_days, label)
            amount = daily * days
            if amount > MAX_FINE:
                raise ValidationError(_("The fine amount must be more than 0 and at most 100,000,000 yuan."),
                                      field="penalty_days")
        items = []
        if m.kind == MeasureKind.RECTIFY:
            for item in m.items:
                desc = (item.description or "").strip()
                deadline = _parse_date(item.deadline, "rectify_deadline")
                if not desc and deadline is None:
                    continue
                if not desc:
                    raise ValidationError(_("%(measure)s: say what must be put right.") % {"measure": label},
                                          field="rectify_items")
                if deadline is None:
                    raise ValidationError(
                        _("%(measure)s: the rectification deadline is missing.") % {"measure": label},
                        field="rectify_deadline",
                    )
                if deadline < today:
                    raise ValidationError(_("The rectification deadline cannot be in the past."),
                                          field="rectify_deadline")
                items.append({"description": desc[:2000], "deadline": deadline})
            if not items:
                raise ValidationError(
                    _("%(measure)s: list at least one item to put right, with its deadline.") % {"measure": label},
                    field="rectify_items",
                )
        out.append({"kind": m.kind, "detail": detail, "fine_amount": amount, "daily_amount": daily,
                    "penalty_days": days, "items": items})
    return out


def do_report_findings(
    case, *, actor, finding: str, result: str, measures: list[MeasureInput] | None = None
) -> Complaint:
    """Record the measures taken and report the result (办理结果上报) in one transaction."""
    if not finding:
        raise ValidationError(_("The findings are missing: choose founded, partly founded or unfounded."),
                              field="finding")
    if finding not in Finding.values:
        raise ValidationError(_("Unknown finding “%(value)s”.") % {"value": finding}, field="finding")
    result = (result or "").strip()
    if not result:
        raise ValidationError(_("The result is missing: describe what was found and done."), field="result")
    with transaction.atomic():
        locked = _lock(case)
        transitions.check(locked, "report", actor)  # refuse early, before anything is written
        clean = _clean_measures(list(measures or []))
        now = clock.now()
        made = []
        for m in clean:
            measure = Measure.objects.create(
                complaint=locked, kind=m["kind"], detail=m["detail"], fine_amount=m["fine_amount"],
                daily_amount=m["daily_amount"], penalty_days=m["penalty_days"], by=actor, at=now,
            )
            made.append(measure)
            for item in m["items"]:
                Rectification.objects.create(
                    complaint=locked, measure=measure, description=item["description"], deadline=item["deadline"]
                )
        reported = case_actions.do_report(locked, actor=actor, finding=finding, result=result)
        event = Event.objects.filter(complaint=reported, action="report").order_by("-seq").first()
        Measure.objects.filter(pk__in=[m.pk for m in made]).update(event=event)
    return reported


# --- rectifications ------------------------------------------------------------------

def can_verify(user, case: Complaint) -> bool:
    """Someone other than the lead unit that reported it checks a rectification (清单销号): a supervisor of the
    registering unit or above, or an officer of an assisting unit — never the lead unit's own officer."""
    if org.holds_role_over(user, Role.SUPERVISOR, case.unit):
        return True
    assisting = case.assignments.filter(active=True, is_lead=False).values_list("unit_id", flat=True)
    return any(org.holds_role_at(user, Role.OFFICER, u) for u in Unit.objects.filter(pk__in=list(assisting)))


def do_verify_rectification(
    rectification: Rectification | int, *, actor, passed: bool, note: str = "", new_deadline=None
) -> Rectification:
    """Check on a rectification: verified (销号), or not yet done (it stays open, maybe with a new date)."""
    note = (note or "").strip()[:5000]
    if not passed and not note:
        raise ValidationError(_("Say what is still not put right."), field="note")
    new_deadline = _parse_date(new_deadline, "new_deadline")
    pk = rectification.pk if isinstance(rectification, Rectification) else rectification
    with transaction.atomic():
        case_id = Rectification.objects.values_list("complaint_id", flat=True).get(pk=pk)
        locked = _lock(case_id)
        rect = Rectification.objects.select_for_update().get(pk=pk)
        if not can_verify(actor, locked):
            raise TransitionNotAllowed(
                _("A rectification is verified by a supervisor or an assisting unit's officer, not by the lead unit "
                  "that reported it."),
                code="not_your_role",
            )
        if locked.state == State.ARCHIVED:
            raise transitions.archived_refusal()
        if locked.state == State.CLOSED:
            raise TransitionNotAllowed(_("The case is closed."), code="wrong_state")
        if not rect.is_open:
            raise TransitionNotAllowed(_("This rectification is already verified."), code="already_verified")
        if new_deadline is not None and new_deadline < clock.localdate():
            raise ValidationError(_("The rectification deadline cannot be in the past."), field="new_deadline")
        if passed:
            rect.status = Rectification.Status.VERIFIED
            rect.verified_by, rect.verified_at = actor, clock.now()
        else:
            rect.failed_checks += 1
            if new_deadline is not None:
                rect.deadline = new_deadline
        rect.verification_note = note
        rect.save()
        case_actions.audit_event(
            locked, actor=actor, action="verify_rectification", note=note,
            data={"rectification": rect.pk, "passed": passed, "deadline": rect.deadline},
        )
    return rect


def open_rectifications(case: Complaint):
    return case.rectifications.filter(status=Rectification.Status.OPEN).order_by("deadline", "id")


def _open_exists():
    from django.db.models import Exists, OuterRef

    return Exists(Rectification.objects.filter(complaint=OuterRef("pk"), status=Rectification.Status.OPEN))


def close_refusal(case: Complaint) -> TransitionNotAllowed | None:
    """Closing waits until every rectification is verified (清单销号); until then a case may be stage-closed."""
    open_items = list(open_rectifications(case)[:3])
    if open_items:
        # Shown to whoever the refusal reaches (a precondition has no reader): masked for all.
        people = privacy.case_masks(case)
        names = "；".join(privacy.masked_copy(case, r.description, people)[:40] for r in open_items)
        return TransitionNotAllowed(
            _("The case cannot close: rectifications are not verified yet (%(items)s). Stage-close it to follow "
              "them up.") % {"items": names},
            code="rectification_open",
        )
    return None


def stage_close_refusal(case: Complaint) -> TransitionNotAllowed | None:
    """Stage closing (阶段办结) is for a case whose only open work is rectification: with none open, close it."""
    if not open_rectifications(case).exists():
        return TransitionNotAllowed(
            _("No rectification is open: close the case instead of stage-closing it."), code="no_open_rectification")
    return None


def guard_close(case: Complaint, actor) -> None:
    """Close guard (also on upholding a review, which closes): every rectification must be verified first."""
    refusal = close_refusal(case)
    if refusal is not None:
        raise refusal


def some_open():
    """The cases with an open rectification (the stage-closing queue), as a filter."""
    return _open_exists()


def none_open():
    """The cases without one (the closing queue), as a filter."""
    return ~_open_exists()


def do_stage_close(case, *, actor, reason: str) -> Complaint:
    """Stage-close (阶段办结): investigation, reply and callback done, rectification still followed up.

    The same people and the same rule as closing (`check_closing`); the event lists the open items, and the
    deadlines app starts the follow-up clock on it. Verifying the last item lets the clerk close the case."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say what has been done and how the open rectification will be followed up."),
                              field="reason")
    if len(reason) > 5000:
        raise ValidationError(_("The remarks are too long (at most 5000 characters)."), field="reason")

    def change(c, t):
        case_actions.check_closing(c, actor, reason)
        items = [{"id": r.pk, "description": r.description[:200], "deadline": r.deadline.isoformat()}
                 for r in open_rectifications(c)]
        return {"rectifications": items, "satisfaction": c.satisfaction}

    return case_actions.perform(case, "stage_close", actor, change, note=reason)


def stage_closing(case: Complaint) -> dict | None:
    """Where a stage-closed case stands: when and by whom, the items listed then and how each stands now."""
    event = (Event.objects.filter(complaint=case, action="stage_close").select_related("actor").order_by("-seq")
             .first())
    if event is None:
        return None
    listed = [i["id"] for i in (event.data or {}).get("rectifications", [])]
    rects = list(Rectification.objects.filter(pk__in=listed).select_related("complaint"))
    done = sum(1 for r in rects if not r.is_open)
    return {"event": event, "rects": rects, "done": done, "total": len(rects),
            "waiting": case.state == State.STAGE_CLOSED, "ready": case.state == State.STAGE_CLOSED and done == len(rects)}


# --- photos -------------------------------------------------------------------------

def do_add_photo(case, *, actor, upload) -> Attachment:
    """Keep a site photo with the case: only pictures, through the core's checked attachment store."""
    if upload is None:
        raise ValidationError(_("Choose a photo."), field="photo")
    head = upload.read(64)
    upload.seek(0)
    kind = sniff(head)
    if kind not in PHOTO_KINDS:
        raise ValidationError(
            _("“%(name)s” is not a photo (JPEG, PNG, WebP, HEIC or GIF).") % {"name": upload.name}, field="photo"
        )
    return store_attachment(case, upload, actor=actor)
