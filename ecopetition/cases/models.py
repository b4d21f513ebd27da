"""The complaint register: complaints, complainants, assignments, attachments and the audit chain.

Every change to a complaint goes through `cases.actions`; this module holds the
data and the invariants the database itself can keep.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict

from django.conf import settings
from django.db import connections, models, transaction
from django.db.models import BooleanField, Case, FloatField, Q, When
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from ecopetition.org.models import Unit

from . import fts
from .masking import mask_party, mask_text, search_text, with_case, with_found_names
from .segment import SEPARATORS, person_texts, query_tokens, token_text


class State(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ACCEPTED = "accepted", _("Accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    REFERRED = "referred", _("Referred")
    MERGED = "merged", _("Merged")
    ASSIGNED = "assigned", _("Assigned")
    RETURNED = "returned", _("Returned")
    IN_PROGRESS = "in_progress", _("In progress")
    REPORTED = "reported", _("Reported")
    REVIEWED = "reviewed", _("Reviewed")
    REPLIED = "replied", _("Replied")
    CALLED_BACK = "called_back", _("Called back")
    # 阶段办结: investigated, replied and called back, while a long rectification is still followed up.
    STAGE_CLOSED = "stage_closed", _("Stage-closed")
    CLOSED = "closed", _("Closed")
    # 归档: a closed case put in the archive; read-only from then on.
    ARCHIVED = "archived", _("Archived")
    UNDER_REVIEW = "under_review", _("Under review")
    UNDER_RE_REVIEW = "under_re_review", _("Under re-review")


# States in which nothing more is expected of anyone (a review request may still reopen a closed case).
FINAL_STATES = frozenset({State.NOT_ACCEPTED, State.REFERRED, State.MERGED, State.CLOSED, State.ARCHIVED})
OPEN_STATES = frozenset(set(State) - FINAL_STATES)
# Closed, whether put in the archive since or not: what every "closed" count counts.
CLOSED_STATES = frozenset({State.CLOSED, State.ARCHIVED})


class Channel(models.TextChoices):
    LETTER = "letter", _("Letter")
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone (12369)")
    WEB = "web", _("Web")
    EMAIL = "email", _("E-mail")
    TRANSFER = "transfer", _("Transfer from a superior body")
    INSPECTION = "inspection", _("Inspection handover")
    INSTRUCTION = "instruction", _("Leader instruction")
    # Since 2024 the 12369 hotline is folded into the 12345 government hotline: its work orders are handed over.
    HOTLINE = "hotline", _("12345 hotline work order")


class Finding(models.TextChoices):
    FOUNDED = "founded", _("Founded")
    PARTLY = "partly", _("Partly founded")
    UNFOUNDED = "unfounded", _("Unfounded")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASIC = "basic", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class ReplyMethod(models.TextChoices):
    LETTER = "letter", _("Letter by post")
    SMS = "sms", _("SMS")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    PORTAL = "portal", _("Portal")
    IN_PERSON = "in_person", _("In person")


class ReferenceEntry(models.Model):
    """A coded entry of a reference list kept in the admin (ordered, can be retired)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Category(ReferenceEntry):
    """Pollution category (air, water, noise...)."""

    class Meta(ReferenceEntry.Meta):
        verbose_name = _("pollution category")
        verbose_name_plural = _("pollution categories")


class Sector(ReferenceEntry):
    """The trade of the reported party; the division of labour routes on it."""

    class Meta(ReferenceEntry.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class ComplaintQuerySet(models.QuerySet):
    def visible_to(self, user) -> ComplaintQuerySet:
        """The one door for reads: cases of the user's units and the units below them.

        A case belongs to the unit that registered it and to the units it is
        currently assigned to (lead and assisting); a user of any role in unit U
        sees a case when one of those units is U or below U. Never a sibling's.
        """
        from .scope import visible_q

        q = visible_q(user, Assignment.objects)
        return self.none() if q == Q(pk__in=[]) else self.filter(q)

    def open(self) -> ComplaintQuerySet:
        return self.filter(state__in=OPEN_STATES)

    def search(self, text: str, user) -> ComplaintQuerySet:
        """Free-text search for `user` (each word must match), ranked: the number, and the case's title, content,
        address, reported party and findings as `user` may see them; for a reader who may see the identity, also
        the complainants' names and phones (and the reported party as written: complainants write themselves
        into it too).

        A Chinese word is segmented as the stored text is (`segment.query_tokens`: 化工厂排污 → 化工 工厂 排污)
        and matched against the case's tokens: the masked ones (`search_tokens_masked`, made of the text as a
        reader without the identity sees it) for every reader, the full ones (`search_tokens_full`) only in
        the cases whose identity `user` may see (`scope.identity_q`: clerks of the registering unit or above,
        grant holders). A word with a digit or Latin letter, or one jieba does not know, is matched as a
        substring: against the masked copy (`search_masked`), and as written only in those same cases. So a
        guessed digit or character of a phone, ID number or name tells a reader without the right nothing
        the page does not show. `*` (what masks are made of) only separates words: a masked value typed
        back finds its visible parts, never a mask.
        """
        from .scope import identity_anywhere, identity_q

        words = [w for w in SEPARATORS.split(text or "") if w][:8]
        if not words:
            return self.none() if (text or "").strip() else self
        # Without a clerk's role or a grant nothing is matched as written: the query is then one text index's.
        may_see = identity_q(user, IdentityGrant.objects) if identity_anywhere(user, IdentityGrant.objects) else None
        qs, toks = self, []
        for word in words:
            word_tokens = query_tokens(word)
            if word_tokens:
                toks += [t for t in word_tokens if t not in toks]
                continue
            match = Q(number__icontains=word) | Q(search_masked__icontains=word)
            if may_see is not None:
                match |= may_see & (
                    Q(title__icontains=word) | Q(content__icontains=word) | Q(address__icontains=word)
                    | Q(reported_party_name__icontains=word)
                    | Q(pk__in=Complainant.objects.filter(Q(phone__contains=word) | Q(name__contains=word))
                        .values("complaint_id")))
            qs = qs.filter(match)
        if not toks:
            return qs
        connection = connections[self.db]
        vendor = connection.vendor
        if vendor == "sqlite" and fts.ready(connection):
            vendor = "sqlite-fts"
        if may_see is None:
            qs = qs.filter(_tokens_q("search_tokens_masked", toks, vendor))
            rank = _token_rank("search_tokens_masked", toks, vendor)
        else:
            qs = qs.filter(_tokens_q("search_tokens_masked", toks, vendor)
                           | (may_see & _tokens_q("search_tokens_full", toks, vendor)))
            # The rank reads the full tokens only where the match may: an order is an answer too.
            rank = Case(When(may_see, then=_token_rank("search_tokens_full", toks, vendor)),
                        default=_token_rank("search_tokens_masked", toks, vendor), output_field=FloatField())
        return qs.annotate(search_rank=rank).order_by("-search_rank", "-received_at", "-id")

    def latest_pks(self, qs: ComplaintQuerySet, limit: int) -> list[int]:
        """The keys of the `limit` cases of `qs` registered last, newest first, reading few more rows than that.

        The cases are looked at in windows of the newest keys, each sized from how many of `qs` the last one
        held (twice what that density asks for: on PostgreSQL each window reads a word's whole entry in the text
        index again, so a second window costs more than a wider one), until one holds `limit` of them (or, when
        the last one says the whole register holds at most four times `limit`, the whole register): the rows
        read grow with `limit`, not with the matches of a common word. On PostgreSQL a window is read through
        the bitmaps of the text index and the key range, never row by row down the key index (the planner takes
        a text match for cheap and a common word for many rows, and would walk the keys, reading each row's
        text vector)."""
        top = self.order_by("-pk").values_list("pk", flat=True).first() or 0
        keys = qs.order_by().values_list("pk", flat=True)
        connection = connections[qs.db]
        span = 5 * limit
        with contextlib.ExitStack() as stack:
            if connection.vendor == "postgresql":  # for these queries only, even inside a caller's transaction
                stack.enter_context(transaction.atomic(using=qs.db))
                cursor = stack.enter_context(connection.cursor())
                cursor.execute("SELECT current_setting('enable_indexscan'), set_config('enable_indexscan', 'off', true)")
                before = cursor.fetchone()[0]
                stack.callback(cursor.execute, "SELECT set_config('enable_indexscan', %s, true)", [before])
            while True:
                window = keys if span >= top else keys.filter(pk__gt=top - span)
                found = sorted(window, reverse=True)
                if len(found) >= limit or span >= top:
                    return found[:limit]
                if len(found) * top <= 4 * limit * span:  # the whole register holds few more: read them all
                    span = top
                else:
                    span = int(span * 2 * limit / len(found))

    def among(self, keys) -> ComplaintQuerySet:
        """The cases of these keys: on PostgreSQL as one array (`id = ANY(%s)`), since a thousand placeholders
        cost the driver more to prepare than the database to answer."""
        keys = list(keys)
        if connections[self.db].vendor != "postgresql":
            return self.filter(pk__in=keys)
        return self.filter(RawSQL(f"{_column_sql('id')} = ANY(%s)", [keys],  # noqa: S611 - the column is ours
                                  output_field=BooleanField()))

    def update(self, **kwargs) -> int:
        """As QuerySet.update; a change to the title, content or address recomputes the masked search text."""
        if SEARCH_SOURCE_FIELDS.isdisjoint(kwargs):
            return super().update(**kwargs)
        with transaction.atomic():  # the text and its masked copy change together
            pks = list(self.values_list("pk", flat=True))
            n = super().update(**kwargs)
            refresh_search(pks)
        return n

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:  # a new case has no complainants yet: their own insert recomputes it
            for column, value in search_columns(obj.__dict__).items():
                setattr(obj, column, value)
        with transaction.atomic():
            objs = super().bulk_create(objs, *args, **kwargs)
            if kwargs.get("update_conflicts"):
                refresh_search(o.pk for o in objs)
        return objs

    bulk_create.alters_data = True

    def bulk_update(self, objs, fields, *args, **kwargs) -> int:
        objs = list(objs)
        fields = [f for f in fields if f not in SEARCH_COLUMNS]
        with transaction.atomic():
            n = super().bulk_update(objs, fields, *args, **kwargs)
            if not SEARCH_SOURCE_FIELDS.isdisjoint(fields):
                refresh_search(o.pk for o in objs)
        return n

    bulk_update.alters_data = True


# The fields the searchable columns are made of (with the complainants), and the columns (kept by
# `refresh_search`).
SEARCH_SOURCE_ORDER = ("number", "title", "content", "address", "reported_party_name", "result_summary", "is_anonymous")
SEARCH_SOURCE_FIELDS = frozenset(SEARCH_SOURCE_ORDER)
SEARCH_COLUMNS = ("search_masked", "search_tokens_masked", "search_tokens_full")
# On PostgreSQL each token column has a stored text vector beside it, GIN-indexed (migration cases 0011).
PG_VECTORS = {"search_tokens_masked": "search_vector_masked", "search_tokens_full": "search_vector_full"}


def search_columns(values: dict, people=(), notes=()) -> dict[str, str]:
    """The searchable columns of a case from its source fields (`SEARCH_SOURCE_ORDER`) and complainants.

    `search_masked` and `search_tokens_masked` hold only what a reader without the identity is shown (the
    number as it is; the free text masked, `masking.mask_text`, and the reported party too, `masking.mask_party`,
    on a line of its own after the title, content and address); `search_tokens_full` holds the text as written
    and the complainants' names and phones. `notes`: the texts of the case's records (`privacy.case_notes`: the
    officer's report, instructions, the reply, callback notes), whose found names are masked here too (R16-13)."""
    people = list(people)
    v = {f: values.get(f) or "" for f in SEARCH_SOURCE_ORDER}
    # the trade name as the pages read it; an anonymous case's masks whole (R12-4)
    masks = with_case(people, v["reported_party_name"], v["address"], bool(v["is_anonymous"]))
    # a name the detector finds in one of these texts is masked in all of them, as the pages mask it (R15-1)
    masks = with_found_names(masks, [v[f] for f in ("title", "content", "address", "reported_party_name",
                                                    "result_summary")] + list(notes), party=v["reported_party_name"],
                             place=v["address"])
    masked = search_text(v["title"], v["content"], v["address"], masks)
    masked_party = mask_party(v["reported_party_name"], masks)
    masked_findings = mask_text(v["result_summary"], masks)
    plain = (v["number"], v["reported_party_name"])
    shown = token_text(v["number"], masked_party, masked, masked_findings)
    if masked == "\n".join((v["title"], v["content"], v["address"])) and masked_findings == v["result_summary"] \
            and masked_party == v["reported_party_name"]:
        # Nothing was masked: the text's tokens are those already cut (jieba is the costly part).
        full = " ".join(part for part in (shown.strip(), token_text(*person_texts(people)).strip()) if part)
        full = f" {full} " if full else ""
    else:
        full = token_text(*plain, v["title"], v["content"], v["address"], v["result_summary"], *person_texts(people))
    if masked_party:
        masked = f"{masked}\n{masked_party}"
    return {"search_masked": masked, "search_tokens_masked": shown, "search_tokens_full": full}


def _column_sql(column: str) -> str:
    return f'"{Complaint._meta.db_table}"."{column}"'


def _tokens_q(column: str, toks: list[str], vendor: str) -> Q:
    """Cases whose token column holds every token: its stored, GIN-indexed text vector on PostgreSQL, its FTS5
    index on SQLite ("sqlite-fts", `fts`), else ` token ` (each token is delimited by spaces and stored in
    lower case, so an exact INSTR: a scan)."""
    if vendor == "postgresql":
        vector = _column_sql(PG_VECTORS[column])
        return Q(RawSQL(f"{vector} @@ plainto_tsquery('simple', %s)", [" ".join(toks)],  # noqa: S611
                        output_field=BooleanField()))
    if vendor == "sqlite-fts":
        sql, params = fts.match_sql(column, toks, _column_sql("id"))
        return Q(RawSQL(sql, params, output_field=BooleanField()))  # noqa: S611
    col = _column_sql(column)
    return Q(RawSQL(" AND ".join([f"INSTR({col}, %s) > 0"] * len(toks)), [f" {t} " for t in toks],  # noqa: S611
                    output_field=BooleanField()))


def _token_rank(column: str, toks: list[str], vendor: str):
    """How well a case matches: ts_rank on PostgreSQL; elsewhere how often the tokens occur."""
    if vendor == "postgresql":
        vector = _column_sql(PG_VECTORS[column])
        return RawSQL(f"ts_rank({vector}, plainto_tsquery('simple', %s))", [" ".join(toks)],  # noqa: S611
                      output_field=FloatField())
    col = _column_sql(column)
    parts, params = [], []
    for tok in toks:
        parts.append(f"(LENGTH({col}) - LENGTH(REPLACE({col}, %s, ' '))) * 1.0 / %s")
        params += [f" {tok} ", len(tok) + 1]
    return RawSQL(" + ".join(parts), params, output_field=FloatField())  # noqa: S611


class Complaint(models.Model):
    number = models.CharField(_("number"), max_length=40, unique=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, db_index=True)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.REGISTERED, db_index=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("registering unit"), on_delete=models.PROTECT, related_name="registered_complaints"
    )
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("lead unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="led_complaints",
    )
    title = models.CharField(_("summary"), max_length=200)
    content = models.TextField(_("content"))
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    head_count = models.PositiveIntegerField(_("head count"), default=1)
    reported_party_name = models.CharField(_("reported party"), max_length=200, blank=True)
    reported_party_credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    division_code = models.CharField(_("division code"), max_length=12, blank=True, db_index=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    categories = models.ManyToManyField(Category, verbose_name=_("pollution categories"), blank=True)
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), null=True, blank=True, on_delete=models.PROTECT)

    is_starred = models.BooleanField(_("starred (key case)"), default=False)
    has_leader_instruction = models.BooleanField(_("leader instruction"), default=False)
    is_escalated = models.BooleanField(_("escalated"), default=False)
    is_repeat = models.BooleanField(_("repeat"), default=False)
    is_collective = models.BooleanField(_("collective"), default=False)
    media_attention = models.BooleanField(_("media attention"), default=False)
    is_urgent = models.BooleanField(_("urgent"), default=False)
    # A possible environmental emergency (chemical leak, dead fish, smoke, drinking water): one-hour clock, alerts.
    is_emergency = models.BooleanField(_("possible environmental emergency"), default=False, db_index=True)

    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="merged_children",
    )
    related = models.ManyToManyField("self", verbose_name=_("related cases"), blank=True, symmetrical=True)
    intake_key = models.CharField(
        _("external id"), max_length=100, null=True, blank=True, unique=True,
        help_text=_("Idempotency key of the sending system: the same key never creates a second complaint."),
    )

    # The latest outcome of each stage, for lists and figures; the events keep the history.
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    reject_reason = models.TextField(_("reason not accepted"), blank=True)
    legal_route = models.CharField(_("legal route"), max_length=200, blank=True)
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed for at"), null=True, blank=True)
    finding = models.CharField(_("finding"), max_length=20, choices=Finding.choices, blank=True)
    result_summary = models.TextField(_("result"), blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    reply_text = models.TextField(_("reply"), blank=True)
    reply_method = models.CharField(_("reply method"), max_length=20, choices=ReplyMethod.choices, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True)
    called_back_at = models.DateTimeField(_("called back at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reason = models.TextField(_("closing remarks"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Head of this case's audit chain, kept on the (row-locked) case so that
    # appending an event is serialised per case and a cut tail is detectable.
    event_seq = models.PositiveIntegerField(default=0, editable=False)
    last_hash = models.CharField(max_length=64, blank=True, editable=False)
    # The title, content and address as a reader without the identity sees them (masking.search_text), for
    # the search; the search tokens (`segment.token_text`) of what that reader sees, and of the text as
    # written with the complainants' names and phones (matched only where the reader may see the identity).
    # Kept by `refresh_search` (`search_columns`), never by an ordinary save (see `save`).
    search_masked = models.TextField(blank=True, default="", editable=False)
    search_tokens_masked = models.TextField(blank=True, default="", editable=False)
    search_tokens_full = models.TextField(blank=True, default="", editable=False)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "state"], name="complaint_unit_state"),
            models.Index(fields=["lead_unit", "state"], name="complaint_lead_state"),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        """Save; the searchable columns follow the source fields (`SEARCH_SOURCE_FIELDS`).

        A new case gets it at once (no complainant can point at it yet). An existing case's ordinary save
        never writes it (the copy in memory may be older than a complainant added since); when the text
        changed, `refresh_search` recomputes it in the same transaction, under the row lock.
        """
        update_fields = kwargs.get("update_fields")
        source = self._search_source_now()
        if self._state.adding:
            if source is not None and (update_fields is None or not SEARCH_SOURCE_FIELDS.isdisjoint(update_fields)):
                # `people_to_come`: the complainants the registration creates right after (`ComplainantQuerySet.
                # bulk_create(..., searched=True)`), so the columns are computed once, with them.
                people = getattr(self, "people_to_come", None)
                if people is None:
                    people = list(Complainant.objects.filter(complaint_id=self.pk)) if self.pk is not None else []
                for column, value in search_columns(dict(zip(SEARCH_SOURCE_ORDER, source, strict=True)),
                                                    people).items():
                    setattr(self, column, value)
            super().save(*args, **kwargs)
            self._search_source = source
            return
        for column in SEARCH_COLUMNS:  # now deferred: left out of the UPDATE
            self.__dict__.pop(column, None)
        if update_fields is not None:
            kwargs["update_fields"] = [f for f in update_fields if f not in SEARCH_COLUMNS]
            saved = set(kwargs["update_fields"])
        else:
            saved = {f for f in SEARCH_SOURCE_FIELDS if f in self.__dict__}
        if saved & SEARCH_SOURCE_FIELDS and (source is None or source != getattr(self, "_search_source", None)):
            with transaction.atomic():  # the text and its masked copy change together
                super().save(*args, **kwargs)
                self.__dict__["search_masked"] = refresh_search([self.pk]).get(self.pk, "")
        else:
            super().save(*args, **kwargs)
        self._search_source = self._search_source_now()

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @classmethod
    def from_db(cls, db, field_names, values):
        obj = super().from_db(db, field_names, values)
        obj._search_source = obj._search_source_now()
        return obj

    def _search_source_now(self) -> tuple | None:
        d = self.__dict__
        return tuple(d[f] for f in SEARCH_SOURCE_ORDER) if SEARCH_SOURCE_FIELDS <= d.keys() else None


class ComplainantQuerySet(models.QuerySet):
    """Every bulk write of complainants recomputes their cases' masked search text (`refresh_search`)."""

    def bulk_create(self, objs, *args, searched: bool = False, **kwargs):
        """`searched`: the new case these people belong to was saved in this transaction with its search columns
        computed with exactly them (`Complaint.people_to_come`): nothing to recompute."""
        if searched:
            return super().bulk_create(objs, *args, **kwargs)
        with transaction.atomic():  # the people and the masked copy change together
            objs = super().bulk_create(objs, *args, **kwargs)
            refresh_search(o.complaint_id for o in objs)
        return objs

    bulk_create.alters_data = True

    def bulk_update(self, objs, fields, *args, **kwargs) -> int:
        objs = list(objs)
        cases = {o.complaint_id for o in objs}
        with transaction.atomic():
            if {"complaint", "complaint_id"} & set(fields):  # moved: the case left behind changes too
                cases |= set(self.model._base_manager.filter(pk__in=[o.pk for o in objs])
                             .values_list("complaint_id", flat=True))
            n = super().bulk_update(objs, fields, *args, **kwargs)
            refresh_search(cases)
        return n

    bulk_update.alters_data = True

    def update(self, **kwargs) -> int:
        with transaction.atomic():
            cases = set(self.values_list("complaint_id", flat=True))
            n = super().update(**kwargs)
            if "complaint" in kwargs or "complaint_id" in kwargs:
                moved_to = kwargs.get("complaint", kwargs.get("complaint_id"))
                cases.add(getattr(moved_to, "pk", moved_to))
            refresh_search(cases)
        return n

    update.alters_data = True

    def delete(self):
        with transaction.atomic():
            cases = set(self.values_list("complaint_id", flat=True))
            result = super().delete()
            refresh_search(cases)
        return result

    delete.alters_data = True
    delete.queryset_only = True


class Complainant(models.Model):
    """A person behind a complaint; a collective visit has several. Identity is confidential.

    Their values mask the case's free text, so every write recomputes the case's masked search text.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="complainants")
    name = models.CharField(_("name"), max_length=50, blank=True, db_index=True)  # privacy.people_named_in looks names up
    phone = models.CharField(_("phone"), max_length=30, blank=True, db_index=True)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True, db_index=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ComplainantQuerySet.as_manager()

    class Meta:
        verbose_name = _("complainant")
        verbose_name_plural = _("complainants")
        ordering = ["order", "id"]
        base_manager_name = "objects"  # a related manager's add() updates through it too

    def __str__(self) -> str:
        return self.name or "-"

    def save(self, *args, **kwargs):
        with transaction.atomic():  # the person and the case's masked copy change together
            super().save(*args, **kwargs)
            refresh_search({self.complaint_id, getattr(self, "_loaded_complaint_id", None)})
        self._loaded_complaint_id = self.complaint_id

    def delete(self, *args, **kwargs):
        case = self.complaint_id
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            refresh_search([case])
        return result

    @classmethod
    def from_db(cls, db, field_names, values):
        obj = super().from_db(db, field_names, values)
        obj._loaded_complaint_id = obj.__dict__.get("complaint_id")
        return obj


def refresh_search(complaint_ids, *, batch: int = 500) -> dict[int, str]:
    """Recompute the searchable columns (`SEARCH_COLUMNS`, see `search_columns`) of these cases from their
    source fields and people.

    Each batch locks its cases' rows before reading them, so a concurrent change to a case's text or
    complainants either is seen here or recomputes after this commits (two people added to one case at
    once: the second waits, then reads both). FOR NO KEY UPDATE on PostgreSQL: it serialises with other
    recomputations and with an action on the case (`actions.perform` locks FOR UPDATE), but not with the
    foreign-key checks (KEY SHARE) of rows merely pointing at the case. Returns {pk: masked text}.
    """
    ids = sorted({int(i) for i in complaint_ids if i is not None})
    out: dict[int, str] = {}
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        with transaction.atomic():
            rows = list(Complaint.objects.select_for_update(no_key=True).filter(pk__in=chunk).order_by("pk")
                        .values("pk", *SEARCH_SOURCE_ORDER, *SEARCH_COLUMNS))
            people = defaultdict(list)
            for p in Complainant.objects.filter(complaint_id__in=chunk).order_by("order", "id"):
                people[p.complaint_id].append(p)
            notes = case_notes(chunk)
            for row in rows:
                columns = search_columns(row, people[row["pk"]], notes.get(row["pk"], ()))
                changed = {c: v for c, v in columns.items() if row[c] != v}
                if changed:
                    Complaint.objects.filter(pk=row["pk"]).update(**changed)
                out[row["pk"]] = columns["search_masked"]
    return out


def case_notes(pks, *, fieldwork: bool = True) -> dict[int, list[str]]:
    """{pk: the texts of the case's records} for the cases `pks`, in a few queries whatever their number: its events'
    notes, its callbacks' respondents and notes, and what other apps keep about it (`registry.CASE_RECORD_TEXTS`:
    the site visits' notes, the measures' details; not with `fieldwork` False: a migration that runs before the
    field work's tables exist)."""
    from django.apps import apps

    from ecopetition.core.registry import CASE_RECORD_TEXTS

    pks = list(pks)
    out: dict[int, list[str]] = {pk: [] for pk in pks}
    for pk, note in Event.objects.filter(complaint_id__in=pks).exclude(note="").order_by("pk").values_list(
            "complaint_id", "note"):
        out[pk].append(note)
    for pk, name, note in Callback.objects.filter(complaint_id__in=pks).order_by("pk").values_list(
            "complaint_id", "respondent_name", "note"):
        out[pk] += [f"姓名：{name}。" if name else "", note]
    for model, field in ((apps.get_model(a, m), f) for a, m, f in CASE_RECORD_TEXTS) if fieldwork else ():
        for pk, text in model.objects.filter(complaint_id__in=pks).exclude(**{field: ""}).order_by("pk").values_list(
                "complaint_id", field):
            out[pk].append(text)
    return out


def refresh_search_for_note(case_id: int, note: str, action: str = "") -> None:
    """A note appended to a case (the assign instructions, the reply, a callback note) that names someone the
    detector finds (信访人王建国, 回访对象：王建国): the case's search columns are recomputed with that name masked, as
    every page masks it now (R16-13: `q=王建国` must not find a case that shows 王**), and the redacted copy of its
    scanned letter is redone (R17-3, `registry.CASE_MASKS_CHANGED`). A note that names no one costs one run of the
    detector over it, no query. A callback always (its respondent's name is no note)."""
    from .masking import found_names

    if action == "callback" or (note and found_names([note])):
        refresh_search([case_id])
        from ecopetition.core.registry import CASE_MASKS_CHANGED

        for redo in CASE_MASKS_CHANGED:  # the scanned letter's picture masks the name too (R17-3; intake's)
            redo(case_id)


class Assignment(models.Model):
    """A unit handling a case: one lead unit, any assisting units (专班 task force)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments")
    is_lead = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    assigned_at = models.DateTimeField()
    instructions = models.TextField(blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [models.Index(fields=["unit", "active"], name="assignment_unit_active")]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint"], condition=Q(is_lead=True, active=True), name="one_active_lead_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} -> {self.unit_id}"


class Attachment(models.Model):
    """A file kept with a case, stored outside the web root and served only through a permission check."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="attachments")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=200, unique=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Callback(models.Model):
    """One answer in a callback survey: the complainant or a resident nearby."""

    class Respondent(models.TextChoices):
        COMPLAINANT = "complainant", _("Complainant")
        RESIDENT = "resident", _("Resident nearby")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="callbacks")
    respondent = models.CharField(_("respondent"), max_length=20, choices=Respondent.choices)
    respondent_name = models.CharField(_("respondent's name"), max_length=50, blank=True)
    result = models.CharField(_("result"), max_length=20, choices=Satisfaction.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"callback {self.pk} ({self.complaint_id})"


class Extension(models.Model):
    """A request to extend the statutory limit (once, up to 30 days), and its decision."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("days"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    approved = models.BooleanField(null=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} +{self.days}"


class IdentityGrant(models.Model):
    """Permission for one user to see one case's complainant identity unmasked. Granting is audited."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="identity_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    granted_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["complaint", "user"], name="identity_grant_unique")]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.user_id}"


class NumberSequence(models.Model):
    """Counters behind human-readable numbers (per unit and day, per unit and year...)."""

    key = models.CharField(max_length=100, unique=True)
    value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class Event(models.Model):
    """Append-only audit record, hash-chained per case.

    Database triggers refuse UPDATE and DELETE on this table (see migration
    0002); `ecopetition audit verify` recomputes every chain.
    """

    complaint = models.ForeignKey(Complaint, null=True, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=150)
    action = models.CharField(max_length=40, db_index=True)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["complaint_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["complaint", "seq"], name="event_chain_position")]
        indexes = [models.Index(fields=["complaint", "seq"], name="event_case_seq")]

    def __str__(self) -> str:
        return f"{self.action} #{self.seq}"


class SystemChain(models.Model):
    """Head of the audit chain for events that belong to no single case (grants, publications...)."""

    event_seq = models.PositiveIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"system chain {self.event_seq}"


class OutboxItem(models.Model):
    """Work that follows a committed action, left for the background worker (OUTBOX_MODE "worker").

    Written in the action's own transaction, so it exists exactly when the action
    does; the worker takes items in order, does the work and deletes them in one
    transaction, so each is done once even if the worker is killed half-way.
    """

    class Kind(models.TextChoices):
        EVENT = "event", _("event appended")
        ANNOUNCE = "announce", _("action committed")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    complaint_id = models.BigIntegerField(null=True)
    event_id = models.BigIntegerField(null=True)
    action = models.CharField(max_length=40)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    parked = models.BooleanField(default=False, help_text=_("Failed too often; waits for an administrator."))

    class Meta:
        verbose_name = _("outbox item")
        indexes = [models.Index(fields=["parked", "id"], name="cases_outbox_todo")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.action}:{self.complaint_id}"
