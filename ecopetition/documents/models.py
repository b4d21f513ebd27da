"""Official documents (文书): editable templates, numbered documents kept with their case, complainant notices.

A template is plain text with `{{ placeholder }}` fields filled from the case;
every generated document is numbered per unit and year (文号), rendered to PDF
and DOCX, stored with its SHA-256 and tied to the audit event that produced it.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ecopetition.cases.models import Complaint, Event
from ecopetition.core.lazyre import compile_later
from ecopetition.org.models import Unit


class DocKind(models.TextChoices):
    ACCEPTANCE = "acceptance", _("Acceptance notice")  # 受理告知书
    NON_ACCEPTANCE = "non_acceptance", _("Non-acceptance notice")  # 不予受理告知书
    REFERRAL = "referral", _("Referral notice")  # 转送告知书
    ASSIGNMENT = "assignment", _("Assignment slip")  # 交办单
    URGING = "urging", _("Urging notice")  # 催办单
    SUPERVISION = "supervision", _("Supervision order")  # 督办单
    REPLY = "reply", _("Reply letter")  # 答复意见书
    CONTACT_CARD = "contact_card", _("Contact card")  # 联系卡
    REVIEW_OPINION = "review_opinion", _("Review opinion")  # 复查意见书
    RE_REVIEW_OPINION = "re_review_opinion", _("Re-review opinion")  # 复核意见书
    # Short texts sent to the complainant by SMS/e-mail on key events; not numbered documents.
    NOTICE_ACCEPTED = "notice_accepted", _("Message to complainant: accepted")
    NOTICE_REJECTED = "notice_rejected", _("Message to complainant: not accepted")
    NOTICE_REFERRED = "notice_referred", _("Message to complainant: referred")
    NOTICE_REPLIED = "notice_replied", _("Message to complainant: replied")


# The actions after which the complainant gets a notice (an SMS), and the notice's kind (`actions.send_complainant_notice`).
NOTICE_FOR_ACTION = {"accept": DocKind.NOTICE_ACCEPTED, "reject": DocKind.NOTICE_REJECTED,
                     "refer": DocKind.NOTICE_REFERRED, "reply": DocKind.NOTICE_REPLIED}


DOCUMENT_KINDS = [k for k in DocKind if not k.value.startswith("notice_")]
NOTICE_KINDS = [k for k in DocKind if k.value.startswith("notice_")]

# Every field a template may use, with what it holds (shown beside the template editor).
PLACEHOLDERS: dict[str, str] = {
    "case_number": _("Case number"),
    "received_date": _("Date received"),
    "channel": _("Channel"),
    "title": _("Summary of the complaint"),
    "content": _("Complaint text"),
    "address": _("Place of the problem"),
    "reported_party": _("Reported party"),
    "complainant": _("Complainant's name (masked unless you may see it)"),
    "unit_name": _("Issuing unit"),
    "lead_unit": _("Lead handling unit"),
    "assisting_units": _("Assisting units"),
    "doc_number": _("Document number"),
    "issue_date": _("Date of issue"),
    "legal_route": _("Legal route for a complaint not accepted"),
    "legal_route_sentence": _("Sentence telling the complainant the legal route"),
    "reject_reason": _("Reason not accepted"),
    "referred_to": _("Authority referred to"),
    "finding": _("Finding (founded / partly / unfounded)"),
    "result": _("Result of the handling"),
    "measures": _("Measures taken"),
    "reply_text": _("Reply text"),
    "instructions": _("Assignment instructions"),
    "deadline": _("Deadline given in the document"),
    "order_number": _("Supervision order number"),
    "requirements": _("Requirements of the supervision order"),
    "opinion": _("Review or re-review opinion"),
    "decision": _("Review or re-review decision (upheld / overturned)"),
    "reviewing_unit": _("Unit that decided the review"),
    "order_unit": _("Unit the supervision order is addressed to"),
    "next_step": _("What the complainant may do after a review or re-review decision"),
    "handler_name": _("Handling officer's name"),
    "handler_phone": _("Handling officer's phone"),
    "note": _("Free note given when generating"),
    "review_days": _("Days within which a review may be requested"),
    "matters": _("What the complaint raised: the reported party, the place and the pollution categories"),
    "measures_dated": _("Measures taken, one a line with the date of each"),
    "legal_basis": _("Legal basis of refusing all or part of the request (empty when founded)"),
    "review_route": _("Sentence telling the complainant where and within how many days to request a review"),
}

PLACEHOLDER_RE = compile_later(r"\{\{\s*(.*?)\s*\}\}", re.S)


def unknown_placeholders(*texts: str) -> list[str]:
    """Names used in `{{ }}` that are not known fields, in order of appearance, each once."""
    seen: list[str] = []
    for text in texts:
        for name in PLACEHOLDER_RE.findall(text or ""):
            if name not in PLACEHOLDERS and name not in seen:
                seen.append(name)
    return seen


def _names(names: list[str]) -> str:
    return ", ".join("{{ " + n + " }}" for n in names)


class DocumentTemplate(models.Model):
    kind = models.CharField(_("kind"), max_length=30, choices=DocKind.choices)
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(
        _("body"), help_text=_("Plain text; one paragraph a line; fields as {{ case_number }}.")
    )
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["kind", "-active", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind"], condition=Q(active=True), name="one_active_template_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    def save(self, *args, **kwargs) -> None:
        # Refused on every path (admin, editor, shell, fixtures): a template must render.
        from ecopetition.core.exceptions import ValidationError

        bad = unknown_placeholders(self.title, self.body)
        if bad:
            raise ValidationError(
                _("Unknown placeholder: %(names)s.") % {"names": _names(bad)},
                field="body",
            )
        super().save(*args, **kwargs)

    def clean(self) -> None:
        bad = unknown_placeholders(self.title, self.body)
        if bad:
            raise DjangoValidationError(
                {"body": _("Unknown placeholder: %(names)s.") % {"names": _names(bad)}}
            )


class DocumentPrefix(models.Model):
    """The unit's prefix in document numbers (发文字号), e.g. 盐环信告 in 盐环信告〔2026〕17号.

    A row with a kind sets that kind's prefix; a row without one sets the
    unit's base (e.g. 盐环), to which each kind adds its own word (see
    `actions.KIND_WORD`). Every kind is numbered in its own yearly series.
    """

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="document_prefixes")
    kind = models.CharField(_("kind"), max_length=30, choices=DocKind.choices, blank=True,
                            help_text=_("Empty: the unit's base prefix, used by every kind without its own."))
    prefix = models.CharField(_("prefix"), max_length=20)

    class Meta:
        verbose_name = _("document number prefix")
        verbose_name_plural = _("document number prefixes")
        constraints = [models.UniqueConstraint(fields=["unit", "kind"], name="document_prefix_per_unit_kind")]

    def __str__(self) -> str:
        return self.prefix


class Document(models.Model):
    """One generated document, numbered, kept as PDF and DOCX with their hashes."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=30, choices=DocKind.choices)
    template = models.ForeignKey(DocumentTemplate, null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    number = models.CharField(_("document number"), max_length=60, db_index=True)
    unit = models.ForeignKey(Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    # Place in the unit's yearly series for the kind; empty when the document carries the number of the
    # record it prints (a supervision order prints the order's own number).
    seq = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(_("text"))
    # The text names the complainant unmasked: only people who may see the identity download it.
    has_identity = models.BooleanField(default=False)
    pdf_name = models.CharField(max_length=200)
    pdf_sha256 = models.CharField(max_length=64)
    pdf_size = models.PositiveIntegerField()
    docx_name = models.CharField(max_length=200)
    docx_sha256 = models.CharField(max_length=64)
    docx_size = models.PositiveIntegerField()
    event = models.OneToOneField(Event, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["unit", "kind", "year", "seq"],
                                               name="document_number_per_unit_kind_year")]

    def __str__(self) -> str:
        return self.number


# --- the archive (归档) --------------------------------------------------------------------------------

# Retention codes of DA/T 22-2015 (归档文件整理规则): permanent, 30 years, 10 years.
RETENTION_CODES = {None: "Y", 30: "D30", 10: "D10"}


def retention_label(years: int | None) -> str:
    return str(_("Permanent")) if years is None else str(_("%(n)d years") % {"n": years})


def retention_code(years: int | None) -> str:
    """The code of a retention period in an archive number (Y, D30, D10; D<n> for any other)."""
    return RETENTION_CODES.get(years, f"D{years}")


class RetentionPeriod(models.Model):
    """How long a kind of document is kept once its case is archived (保管期限); the row without a kind is
    the case file itself (its register, events and attachments). A case is kept as long as its longest."""

    kind = models.CharField(_("document kind"), max_length=30, choices=DocKind.choices, blank=True, unique=True,
                            help_text=_("Empty: the case file itself."))
    years = models.PositiveSmallIntegerField(_("kept for (years)"), null=True, blank=True,
                                             help_text=_("Empty: kept permanently."))

    class Meta:
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")
        ordering = ["kind"]
        constraints = [models.CheckConstraint(condition=Q(years__isnull=True) | Q(years__gt=0),
                                              name="retention_years_positive")]

    def __str__(self) -> str:
        what = self.get_kind_display() if self.kind else _("Case file")
        return f"{what}: {self.label}"

    @property
    def label(self) -> str:
        return retention_label(self.years)

    def clean(self) -> None:
        if self.kind and self.kind.startswith("notice_"):
            raise DjangoValidationError({"kind": _("Messages to the complainant are not archived documents.")})
        if self.years is not None and self.years <= 0:
            raise DjangoValidationError({"years": _("Give a number of years above zero, or leave it empty for "
                                                    "permanent.")})


class CaseArchive(models.Model):
    """A closed case put in the archive: its archive number (档号) and how long it is kept."""

    complaint = models.OneToOneField(Complaint, verbose_name=_("case"), on_delete=models.PROTECT,
                                     related_name="archive_record")
    number = models.CharField(_("archive number"), max_length=60, unique=True)
    unit = models.ForeignKey(Unit, verbose_name=_("archiving unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    seq = models.PositiveIntegerField()
    retention_years = models.PositiveSmallIntegerField(_("kept for (years)"), null=True, blank=True)
    # What decided the retention: [{"kind": "", "years": 30}, ...] for the case file and each document kind.
    retention_basis = models.JSONField(default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    archived_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("archived by"), on_delete=models.PROTECT,
                                    related_name="+")
    archived_at = models.DateTimeField(_("archived at"), db_index=True)
    event = models.OneToOneField(Event, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("archived case")
        verbose_name_plural = _("archived cases")
        ordering = ["-archived_at", "-id"]

    def __str__(self) -> str:
        return self.number

    @property
    def retention_label(self) -> str:
        return retention_label(self.retention_years)

    @property
    def keep_until(self) -> int | None:
        """The last year the file is kept (counted from the year after archiving); None when permanent."""
        return None if self.retention_years is None else self.year + self.retention_years


class ReplyDraft(models.Model):
    """The reply letter (答复意见书) while the clerk writes it: composed for the complainant from the case,
    edited, previewed, checked, and sent (then tied to the numbered letter it became). One open draft a case.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="reply_drafts")
    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("text"))
    # Filled with the identity in view (the clerk may see the complainant): shown masked to anyone else.
    has_identity = models.BooleanField(default=False)
    # Bumped on every save: a letter is sent only as the version the clerk last saw and previewed.
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()
    document = models.OneToOneField(Document, null=True, blank=True, on_delete=models.PROTECT, related_name="draft")

    class Meta:
        verbose_name = _("reply draft")
        verbose_name_plural = _("reply drafts")
        constraints = [models.UniqueConstraint(fields=["complaint"], condition=Q(document__isnull=True),
                                               name="one_open_reply_draft_per_case")]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.title}"
