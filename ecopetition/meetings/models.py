"""Joint case meetings (周会办 / 联席会议) and typical problems (综合研判 / 每月一题).

A meeting has an agenda of cases (built from the flags and clocks that mark a case as needing one),
minutes per case and decisions. A decision is carried out through the existing supervision actions
(`deadlines.actions`): a supervision order with its own clock, a leader instruction with a clock of its
own, or a named owner; the decision row links it back to the meeting. A typical problem is a recurring
problem of an area turned into a task for a responsible department, answered in writing and closed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecopetition.cases.models import Complaint
from ecopetition.org.models import Unit


class MeetingKind(models.TextChoices):
    WEEKLY = "weekly", _("Weekly case meeting")
    JOINT = "joint", _("Joint meeting")


class Meeting(models.Model):
    number = models.CharField(_("number"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=MeetingKind.choices, default=MeetingKind.WEEKLY)
    unit = models.ForeignKey(Unit, verbose_name=_("convening unit"), on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"), db_index=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("chair"), on_delete=models.PROTECT,
                              related_name="+")
    attending = models.ManyToManyField(Unit, verbose_name=_("attending units"), related_name="+", blank=True)
    others = models.CharField(_("other attendees"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    closed_at = models.DateTimeField(_("minutes closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case meeting")
        verbose_name_plural = _("case meetings")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.number


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    complaint = models.ForeignKey(Complaint, verbose_name=_("case"), on_delete=models.PROTECT, related_name="+")
    reasons = models.JSONField(default=list, blank=True)  # codes of queries.REASONS; "added" by hand
    order = models.PositiveSmallIntegerField(default=0)
    minutes = models.TextField(_("minutes"), blank=True)
    # The names the detector found in the minutes and decisions as they were typed (they are stored masked), one
    # "姓名：X。" line each: read beside the case's own texts (`privacy.case_masks`, R17-10), never shown.
    found_names = models.TextField(_("names found in the minutes"), blank=True, editable=False)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "complaint"], name="one_agenda_line_per_case")]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.complaint_id}"


class DecisionKind(models.TextChoices):
    ORDER = "order", _("Supervision order")
    INSTRUCTION = "instruction", _("Instruction with a deadline")
    OWNER = "owner", _("Leader owns the case")


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="decisions")
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=DecisionKind.choices)
    text = models.TextField(_("decision"))
    unit = models.ForeignKey(Unit, verbose_name=_("responsible unit"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    order = models.OneToOneField("deadlines.SupervisionOrder", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="meeting_decision")
    instruction = models.OneToOneField("deadlines.Instruction", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="meeting_decision")
    ownership = models.OneToOneField("deadlines.Ownership", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="meeting_decision")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    done_at = models.DateTimeField(_("carried out at"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    done_note = models.TextField(_("how it was carried out"), blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.kind}"

    @property
    def clock_key(self) -> str:
        return f"meeting:{self.pk}"

    @property
    def is_done(self) -> bool:
        if self.kind == DecisionKind.ORDER and self.order_id:
            return self.order.responded_at is not None
        return self.done_at is not None

    @property
    def finished_at(self):
        if self.kind == DecisionKind.ORDER and self.order_id:
            return self.order.responded_at
        return self.done_at


class ProblemDimension(models.TextChoices):
    CATEGORY = "category", _("Category")
    SECTOR = "sector", _("Sector")
    DIVISION = "division", _("Place")
    PARTY = "party", _("Reported party")
    OTHER = "other", _("Other")


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("Sent, awaiting the response")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class TypicalProblem(models.Model):
    number = models.CharField(_("number"), max_length=40, unique=True)
    unit = models.ForeignKey(Unit, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month analysed"))
    dimension = models.CharField(_("found by"), max_length=10, choices=ProblemDimension.choices,
                                 default=ProblemDimension.OTHER)
    key = models.CharField(max_length=200, blank=True)
    title = models.CharField(_("problem"), max_length=200)
    analysis = models.TextField(_("analysis"))
    requirements = models.TextField(_("what the department is asked to do"))
    department = models.ForeignKey(Unit, verbose_name=_("responsible department"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    department_name = models.CharField(_("outside department"), max_length=100, blank=True)
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=ProblemStatus.choices,
                              default=ProblemStatus.OPEN, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    response = models.TextField(_("written response"), blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_note = models.TextField(_("closing remarks"), blank=True)
    typical_case = models.ForeignKey(Complaint, verbose_name=_("typical case"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    publication = models.ForeignKey("analytics.Publication", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = _("typical problem")
        verbose_name_plural = _("typical problems")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.number

    @property
    def department_label(self) -> str:
        return self.department.name if self.department_id else self.department_name
