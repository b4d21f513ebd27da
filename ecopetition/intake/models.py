"""Intake records around the register: portal tracking codes, import batches and mappings,
webhook subscriptions and deliveries, Open311 tokens, reception days, rate-limit buckets.

The complaints themselves live in `cases`; these rows only link to them.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecopetition.cases.models import Complaint
from ecopetition.org.models import Unit


def hash_code(code: str) -> str:
    """Keyed hash of a portal query code: the code itself is never stored."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, code.strip().upper().encode(), hashlib.sha256).hexdigest()


class PortalTicket(models.Model):
    """The tracking side of a complaint filed on the public portal (number + query code).

    Wrong codes are throttled in `actions.find_ticket` by windows that end by themselves, never by a lock
    kept on the ticket (which anyone could set off for a number they guessed)."""

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="portal_ticket")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    rated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"ticket of case {self.complaint_id}"

    def check_code(self, code: str) -> bool:
        return hmac.compare_digest(self.code_hash, hash_code(code or ""))


class RateBucket(models.Model):
    """Counter of requests per key (hashed: a client address, a tracking number) in a fixed time window."""

    key = models.CharField(max_length=100, unique=True)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.key


class ColumnMapping(models.Model):
    """A saved column mapping for handover imports: which source column fills which field.

    It belongs to the unit it was saved for (the unit the file is imported into): a clerk lists, uses and
    overwrites only that unit's mappings, and the same name in two units is two mappings. One without a
    unit (saved before mappings had one, its author's unit unknown) serves no import until an
    administrator gives it a unit.
    """

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), null=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    columns = models.JSONField(_("columns"), default=dict, help_text=_("target field -> source column"))
    date_format = models.CharField(
        _("date format"), max_length=40, blank=True,
        help_text=_("strftime format of the date column; empty means ISO 8601 (2026-11-23 or 2026-11-23 14:05)."),
    )
    channel = models.CharField(_("channel"), max_length=20, default="inspection")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="column_mapping_name_per_unit")]
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")

    def __str__(self) -> str:
        return self.name


class ImportUpload(models.Model):
    """An uploaded handover file, parsed and waiting for its mapping and import."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=200)
    header = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()
    batch = models.OneToOneField("Batch", null=True, blank=True, on_delete=models.SET_NULL, related_name="upload")

    def __str__(self) -> str:
        return self.file_name


class Batch(models.Model):
    """One numbered handover batch (批次), imported all or nothing."""

    number = models.CharField(_("batch number"), max_length=40, unique=True)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    source_name = models.CharField(_("source file"), max_length=200)
    mapping = models.ForeignKey(ColumnMapping, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    count = models.PositiveIntegerField(_("complaints"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(verbose_name=_("created at"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("batch")
        verbose_name_plural = _("batches")

    def __str__(self) -> str:
        return self.number


class BatchItem(models.Model):
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="items")
    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="batch_item")
    row = models.PositiveIntegerField()
    source_id = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row}"


class WebhookSubscription(models.Model):
    """A linked platform that wants case events, signed with its own secret."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(_("secret"), max_length=200)
    events = models.JSONField(_("events"), default=list, blank=True, help_text=_("Actions to send; empty means all."))
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+",
        help_text=_("Only cases of this unit and the units below it are sent."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return self.name

    def wants(self, action: str) -> bool:
        return not self.events or action in self.events


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed (gave up)")

    subscription = models.ForeignKey(WebhookSubscription, verbose_name=_("subscription"), on_delete=models.CASCADE, related_name="deliveries")
    complaint = models.ForeignKey(Complaint, verbose_name=_("complaint"), null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(verbose_name=_("action"), max_length=40)
    payload = models.JSONField()
    status = models.CharField(verbose_name=_("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(verbose_name=_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_status_code = models.PositiveSmallIntegerField(verbose_name=_("last status code"), null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"))
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.action} → {self.subscription_id} ({self.status})"


class Open311Token(models.Model):
    """Token answered to a batch-type Open311 POST; resolves to the request id."""

    token = models.CharField(max_length=64, unique=True)
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.token


class ReceptionSession(models.Model):
    """A leader's reception day (领导接访日): who receives, where, when."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("leader"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    leader_name = models.CharField(_("leader's name and title"), max_length=100)
    place = models.CharField(_("place"), max_length=200)
    date = models.DateField(_("date"), db_index=True)
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("until"), null=True, blank=True)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("reception day")
        verbose_name_plural = _("reception days")

    def __str__(self) -> str:
        return f"{self.date} {self.leader_name}"


class ReceptionVisit(models.Model):
    session = models.ForeignKey(ReceptionSession, on_delete=models.PROTECT, related_name="visits")
    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="reception_visit")

    def __str__(self) -> str:
        return f"{self.session_id}:{self.complaint_id}"


class ScannedLetter(models.Model):
    """A scanned letter (来信) read by OCR before registration.

    The original holds the complainant's identity: it stays with intake (stored beside the
    attachments, served only to those who may see the identity). The case gets a redacted copy
    as an ordinary attachment. `lines` keeps what OCR read, with boxes, for the redaction.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be read")
        READING = "reading", _("Being read")
        DONE = "done", _("Read")
        EMPTY = "empty", _("No text found")
        FAILED = "failed", _("Could not be read")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(max_length=8)  # png, jpeg, pdf
    storage_name = models.CharField(max_length=200, unique=True)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    pages_total = models.PositiveSmallIntegerField(default=0)
    pages_done = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    # [{"page": n, "box": [x0, y0, x1, y1], "text": str, "score": float}, ...] in rendered-page pixels
    lines = models.JSONField(default=list, blank=True)
    confidence = models.FloatField(null=True, blank=True)
    # problems met while reading, as codes (shown in words by the page): pages left unread, blank pages
    notes = models.JSONField(default=dict, blank=True)
    complaint = models.OneToOneField(Complaint, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="scanned_letter")
    redacted = models.ForeignKey("cases.Attachment", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("scanned letter")
        verbose_name_plural = _("scanned letters")

    def __str__(self) -> str:
        return self.original_name


class IntakeRoute(models.Model):
    """Where a complaint that came in by itself (portal, Open311, API, import) was filed, and why.

    `unrouted`: its place could not be read (or lies outside the channel's area), so it stayed at the channel's
    own intake unit for a clerk to place; such cases head that unit's queue while they are still registered.
    """

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="intake_route")
    channel_unit = models.ForeignKey(Unit, verbose_name=_("channel's intake unit"), on_delete=models.PROTECT,
                                     related_name="+")
    division_code = models.CharField(_("place read"), max_length=12, blank=True)
    reason = models.TextField(_("why filed here"))
    confidence = models.FloatField(_("confidence"), default=0.0)
    unrouted = models.BooleanField(_("unrouted"), default=False, db_index=True)

    class Meta:
        verbose_name = _("intake route")
        verbose_name_plural = _("intake routes")

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.reason[:40]}"
