"""Complainant identity: who sees it unmasked, and how it looks to everyone else.

Intake clerks of the registering unit (or above) see identities; anyone else
only with a per-case grant, which is itself an audited event. Anonymous
complainants stay anonymous to everyone but intake. The masks themselves and
the detector of personal data in free text are in `masking` (imported here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from ecopetition.cases import scope as jurisdiction
from ecopetition.org import queries as org
from ecopetition.org.models import Role

from .masking import (
    CASE_NUMBER,
    COMPOUND_SURNAMES,
    INTERPUNCTS,
    SURNAMES,
    Shadow,
    mask_address,
    mask_id_number,
    mask_name,
    mask_party,
    mask_phone,
    mask_summary,
    mask_text,
    with_found_names,
)
from .models import Complainant, Complaint, IdentityGrant, case_notes  # noqa: F401  (case_notes: re-exported)


def identity_scope(user, qs):
    """The cases of `qs` whose complainants `user` may see unmasked (the rule of `can_see_identity`).

    Any search by a person's phone, ID number or name must run inside it: a match is itself a
    disclosure ("this phone complained about that case"). The free-text search does the same
    (`ComplaintQuerySet.search`): outside it, words are matched against the masked text only.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(jurisdiction.identity_q(user, IdentityGrant.objects))


def person_match_scope(user=None, qs=None, *, unit=None):
    """THE door for "which cases may a person key be matched against": a search or a match by a complainant's
    phone, ID number or name (and a score over text as written, which carries them), for `user`, runs only
    among the cases of `qs` (default: the cases `user` may see) whose complainants `user` may see unmasked.

    With no user but a `unit` (the system acting for the unit that registered a case: the repeat flag set
    after registering), the cases whose identities that unit's intake clerks may see: registered at or below
    it. Used by the triage suggestions (console, API), the case page's triage panel, the repeat flag, the
    phone history of intake and the key persons (page and warnings)."""
    if unit is not None and user is None:
        base = Complaint.objects.all() if qs is None else qs
        return base.filter(jurisdiction.under_q([unit], "unit"))
    base = Complaint.objects.visible_to(user) if qs is None else qs
    return identity_scope(user, base)


def linked_cases(user, case: Complaint):
    """The cases linked to `case` (`related`) that `user` may see, less those linked only by a person (the
    repeat flag's phone, ID number or name reasons) where `user` may not see both complainants: such a link
    says "the same person complained there". Links by party, place or matter, and merges, stay."""
    from .models import Event

    qs = Complaint.objects.visible_to(user).filter(pk__in=case.related.values("pk"))
    others = {c.pk: c for c in qs.only("pk", "number")}
    if not others:
        return qs
    mine = person_match_scope(user, Complaint.objects.filter(pk__in=[case.pk, *others]))
    known = set(mine.values_list("pk", flat=True))
    if case.pk in known and set(others) <= known:
        return qs
    by_number = {c.number: pk for pk, c in others.items()}
    reasons: dict[int, set[str]] = {pk: set() for pk in others}
    flagged: set[int] = set()
    events = Event.objects.filter(action="flag_repeat").filter(
        Q(complaint=case) | Q(complaint_id__in=list(others))).values_list("complaint_id", "data")
    for complaint_id, data in events:
        for link in (data or {}).get("related", []):
            other = by_number.get(link.get("number")) if complaint_id == case.pk else (
                complaint_id if link.get("number") == case.number else None)
            if other is not None:
                flagged.add(other)
                reasons[other] |= set(link.get("reasons") or [])
    hidden = {pk for pk in flagged if not (case.pk in known and pk in known)
              and not reasons[pk] - IDENTITY_MATCH_REASONS}
    return qs.exclude(pk__in=hidden)


def can_see_identity(user, case: Complaint) -> bool:
    """The rule for one case in hand; `scope.identity_q` is its SQL twin."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if jurisdiction.holds(user, Role.CLERK, case.unit):
        return True
    return IdentityGrant.objects.filter(complaint=case, user=user).exists()


@dataclass(frozen=True)
class PersonView:
    name: str
    phone: str
    id_number: str
    address: str
    masked: bool


def view_person(person: Complainant, *, unmasked: bool, anonymous: bool) -> PersonView:
    if unmasked:
        return PersonView(person.name, person.phone, person.id_number, person.address, False)
    if anonymous:  # nothing of the person, not the phone's ends either (R12-4: 136****0000 beside 我是周*)
        return PersonView(_("Anonymous"), "", "", "", True)
    return PersonView(
        mask_name(person.name), mask_phone(person.phone), mask_id_number(person.id_number),
        mask_address(person.address), True,
    )


def people_for(user, case: Complaint) -> tuple[list[PersonView], bool]:
    """The case's complainants as `user` may see them, and whether they are unmasked."""
    unmasked = can_see_identity(user, case)
    people = [view_person(p, unmasked=unmasked, anonymous=case.is_anonymous) for p in case.complainants.all()]
    return people, unmasked


# The case's own texts whose found names mask all of them (R15-1), beside the fields of FREE_TEXT_FIELDS.
_MORE_CASE_TEXTS = ("close_reason",)


def case_texts(case: Complaint) -> list[str]:
    """Every free text of `case` a reader is shown: its fields, its events' notes (the officer's report, the
    callback note, the reply, reasons), the callback respondents' names and the field work's notes."""
    texts = [getattr(case, f, "") or "" for f in (*FREE_TEXT_FIELDS, *_MORE_CASE_TEXTS)]
    if getattr(case, "pk", None) is None:
        return texts
    return texts + case_notes([case.pk])[case.pk]


def _masks_key(case: Complaint) -> tuple:
    return tuple(getattr(case, f, "") or "" for f in (*FREE_TEXT_FIELDS, *_MORE_CASE_TEXTS, "is_anonymous"))


def _masks_of(case: Complaint, texts) -> list:
    people = with_found_names(case.complainants.all(), texts,
                              party=getattr(case, "reported_party_name", "") or "", place=getattr(case, "address", "") or "")
    case.__dict__["_case_masks"] = (_masks_key(case), people)
    return people


def case_masks(case: Complaint) -> list:
    """THE people a case's free text is masked against: its complainants and every person's name the detector
    finds in any of its texts (`case_texts`, `masking.with_found_names`): a name found once, after a cue or in a
    signature, is masked wherever it appears in all of the case's texts (R15-1). Worked out once per case object
    (a page, an answer, a document reads one), again when its own fields change."""
    cached = case.__dict__.get("_case_masks")
    if cached is not None and cached[0] == _masks_key(case):
        return cached[1]
    return _masks_of(case, case_texts(case))


def case_masks_for(cases) -> dict[int, list]:
    """{pk: `case_masks(case)`} for many cases (read whole, their complainants prefetched) at once: their records'
    texts read in four queries in all (`case_notes`), not four per case. Each case object keeps its masks, so
    `case_masks` and `masked_title` of it then ask nothing more (a meeting's agenda, R16-12)."""
    cases = [c for c in cases if c is not None and getattr(c, "pk", None) is not None]
    todo = [c for c in cases if (c.__dict__.get("_case_masks") or (None,))[0] != _masks_key(c)]
    if todo:
        notes = case_notes({c.pk for c in todo})
        for c in todo:
            _masks_of(c, [getattr(c, f, "") or "" for f in (*FREE_TEXT_FIELDS, *_MORE_CASE_TEXTS)] + notes[c.pk])
    return {c.pk: c.__dict__["_case_masks"][1] for c in cases}


def masked_copy(case: Complaint, value: str, people=None) -> str:
    """Free text of `case` written into a copy whose reader is not known when it is written (an inbox
    notice, an e-mail to staff, a line beside other cases): masked for everyone, whoever reads it."""
    return mask_text(value or "", case_masks(case) if people is None else people)


def masked_party(case: Complaint, people=None) -> str:
    """The case's reported party written into a copy whose reader is not known (a warning pushed to units, a
    list of parties): masked for everyone as `Identity.text` masks the field (`masking.mask_party`)."""
    return mask_party(case.reported_party_name or "", case_masks(case) if people is None else people)


def masked_about_cases(value: str, cases=(), named_in: str = "") -> str:
    """Free text not of one case but about some (a typical problem, a meeting's attendees, a campaign line),
    written into a record every reader of which sees it: masked for everyone against the complainants of
    `cases` and of every case whose number the text (or `named_in`, the record's other texts) names, beside the
    detector's generic patterns."""
    if not value:
        return value or ""
    return mask_text(value, people_about(f"{value}\n{named_in}", cases) + names_found_about(f"{value}\n{named_in}", cases))


def names_found_about(text: str, cases=()) -> list:
    """The names found in the texts of `cases` (given as cases or their pks) and of every case whose number `text`
    names (`case_masks`, less the recorded complainants `people_about` gives): a record about cases (a meeting's
    minutes, a decision) is masked against the same people as the cases' own texts (R16-12: a name found once in
    a case, after 我叫, is masked in its meeting's minutes too)."""
    ids = {c if isinstance(c, int) else c.pk for c in cases if c is not None}
    numbers = {m.group(0) for m in CASE_NUMBER.finditer(text or "")}
    if not ids and not numbers:
        return []
    found = Complaint.objects.filter(Q(pk__in=ids) | Q(number__in=numbers)).prefetch_related("complainants")
    return [p for people in case_masks_for(found).values() for p in people if isinstance(p, dict)]


def people_about(text: str, cases=()) -> list:
    """The complainants a record about cases must be masked against: those of `cases` (given as cases or
    their pks) and of every case whose number `text` names. The record is masked when it is shown, against
    the cases linked to it then, so a case linked later masks what was written before."""
    ids = {c if isinstance(c, int) else c.pk for c in cases if c is not None}
    numbers = {m.group(0) for m in CASE_NUMBER.finditer(text or "")}
    people = list(with_their_case(Complainant.objects.filter(complaint_id__in=ids))) if ids else []
    if numbers:
        people += list(with_their_case(Complainant.objects.filter(complaint__number__in=numbers)
                                       .exclude(complaint_id__in=ids)))
    return people


# What `masking` reads of a complainant's case (`masking.recorded_people`): its party and address (trade names) and
# whether it is anonymous (whole masks).
CASE_FIELDS_FOR_MASKS = ("id", "reported_party_name", "address", "is_anonymous")


def with_their_case(complainants):
    """`complainants` (a queryset) read with the few fields of their case the masks need, in the same query."""
    return complainants.select_related("complaint").defer(
        *(f"complaint__{f.name}" for f in Complaint._meta.concrete_fields if f.name not in CASE_FIELDS_FOR_MASKS))


# Surnames that `masking.SURNAMES` leaves out because they mostly stand for a word (于, 向, 曾…): a name looked up
# in the register (`people_named_in`) may still start with one.
_MORE_SURNAMES = frozenset("于向和曾时成全明常万")
_LOOKUP_CHUNK = 400  # names or numbers per query (SQLite's limit of bound parameters is far above it)


# A name with an interpunct is stored as typed (阿不都热合曼·买买提, 爱新觉罗•溥仪) and a text may dot it otherwise, space it
# or run it together (R10-12): around each dot or space between ideographs in the text, its last two to six ideographs
# before and first two to six after, joined by each interpunct, a space or nothing. A Latin name (Tom Smith) as written.
# Bounded: the first `_DOTTED_LOOKUPS` such places.
_DOT_BETWEEN = re.compile(rf"(?<=[\u4e00-\u9fff])[ \u3000]?[{INTERPUNCTS} \u3000][ \u3000]?(?=[\u4e00-\u9fff])")
_LATIN_NAME_RUN = re.compile(r"(?<![A-Za-z])[A-Z][a-z]+(?:[ .·\-]{1,2}[A-Z][a-z]+){1,2}(?![A-Za-z])")
_DOTTED_LOOKUPS = 10


def _dotted_and_latin_names(text: str) -> set[str]:
    out: set[str] = set()
    for m in list(_DOT_BETWEEN.finditer(text))[:_DOTTED_LOOKUPS]:
        before = re.search(r"[\u4e00-\u9fff]{1,6}$", text[:m.start()]).group()
        after = re.match(r"[\u4e00-\u9fff]{1,6}", text[m.end():]).group()
        for i in range(max(0, len(before) - 6), len(before) - 1):
            for j in range(2, len(after) + 1):
                out.update(before[i:] + dot + after[:j] for dot in (*INTERPUNCTS, " ", ""))
    out.update(m.group() for m in list(_LATIN_NAME_RUN.finditer(text))[:50])
    return out


def people_named_in(text: str, cases) -> list:
    """The complainants of `cases` (a queryset) whose recorded name, phone or ID number `text` holds, however old
    their case: a record about an area's matters (a typical problem, a campaign line) names a complainant of a
    case received years before. Found by indexed lookups on what the text offers, not by reading the area's
    complainants: each run of two to four CJK characters that starts with a surname, each window of 11 or 12
    digits (and its dashed and +86 forms) and of 15 or 18 characters of an ID number in the text's `Shadow`. The
    cost grows with the text, not with the register."""
    if not text:
        return []
    names: set[str] = set()
    for run in re.findall(r"[\u4e00-\u9fff]{2,}", text):
        for i in range(len(run) - 1):
            if run[i:i + 2] in COMPOUND_SURNAMES:
                names.update(run[i:i + n] for n in (3, 4) if i + n <= len(run))
            elif run[i] in SURNAMES or run[i] in _MORE_SURNAMES:
                names.update(run[i:i + n] for n in (2, 3, 4) if i + n <= len(run))
    names |= _dotted_and_latin_names(text)
    phones: set[str] = set()
    ids: set[str] = set()
    for run in re.findall(r"[0-9Xx]{7,}", Shadow(text).text):
        digits = run.upper()
        for n in (11, 12):
            for i in range(len(digits) - n + 1):
                w = digits[i:i + n]
                if w.isdigit():
                    phones.update((w, f"+86{w}", f"{w[:3]}-{w[3:]}", f"{w[:4]}-{w[4:]}"))
        for n in (15, 18):
            ids.update(digits[i:i + n] for i in range(len(digits) - n + 1))
    area = cases.values("pk")
    found: dict[int, Complainant] = {}
    for field, values in (("name", names), ("phone", phones), ("id_number", ids)):
        values = sorted(values)
        for start in range(0, len(values), _LOOKUP_CHUNK):
            for p in with_their_case(Complainant.objects.filter(
                    complaint__in=area, **{f"{field}__in": values[start:start + _LOOKUP_CHUNK]})):
                found[p.pk] = p
    return list(found.values())


def masked_title(case: Complaint, people=None) -> str:
    """A case's title wherever it appears beside other cases or travels on: lists, queues, boards, the
    map, related cases, alerts, inbox messages and notices. Masked for everyone, whoever reads it; only
    the case page itself shows the title as the reader may see it (`identity_for`)."""
    content = case.__dict__.get("content")  # not read when the list deferred it
    if people is None:  # lists read many cases: the names found in the title and content (R15-1), no more queries
        cached = case.__dict__.get("_case_masks")
        people = cached[1] if cached is not None else with_found_names(
            case.complainants.all(), (case.title, content), party=case.__dict__.get("reported_party_name") or "",
            place=case.__dict__.get("address") or "")
    return mask_summary(case.title or "", content or "", people)


def masked_titles(rows, *, key: str = "id") -> dict:
    """{pk: masked title} for rows of `.values(key, "title")`, reading the complainants in one query."""
    pks = [r[key] for r in rows]
    people: dict = {}
    # with the case's party and address (the given name as the party's trade name: masking.trade_names) and whether it
    # is anonymous (masking.anonymous_case)
    # and its content: a summary made of it is masked as the content's lines read (R15-2)
    contents: dict = {}
    for p in Complainant.objects.filter(complaint_id__in=pks).select_related("complaint").defer(
            *(f"complaint__{f.name}" for f in Complaint._meta.concrete_fields
              if f.name not in (*CASE_FIELDS_FOR_MASKS, "content"))):
        people.setdefault(p.complaint_id, []).append(p)
        contents[p.complaint_id] = p.complaint.content
    if missing := [pk for pk in pks if pk not in contents]:  # cases without complainants (anonymous)
        contents.update(Complaint.objects.filter(pk__in=missing).values_list("pk", "content"))
    return {r[key]: mask_summary(r["title"] or "", contents.get(r[key]) or "", with_found_names(
        people.get(r[key], ()), (r["title"], contents.get(r[key])))) for r in rows}


# --- The one identity rule ---------------------------------------------------------------------

# The reported party is free text of the case too (R7-1): whoever complains types it, their own name and phone
# in it as often as in the content. A phone in it is the party's own unless the field speaks of the complainant
# (`masking.mask_party`).
PARTY_FIELD = "reported_party_name"
FREE_TEXT_FIELDS = ("title", "content", "address", "reply_text", "result_summary", "reject_reason", "referred_to", "legal_route",
                    PARTY_FIELD)


class Purpose:
    VIEW = "view"          # a page, an API answer, an export, a search result
    DOCUMENT = "document"  # a generated document (only those sent to the complainant carry the name)
    PUBLIC = "public"      # Open311, the portal's public lists, disclosure: never unmasked
    CALLBACK = "callback"  # the case page: the callback officer / reply clerk also get the phone to call


@dataclass(frozen=True)
class Identity:
    """What one user may see of one case's complainants, for one purpose."""

    case: Complaint
    unmasked: bool
    people: list
    phone_shown: bool = False  # the callback officer's and the reply clerk's phone-only view
    viewer: int | None = None  # the reader's user id: who uploaded a file sees the name they gave it

    def text(self, value: str, *, party: bool = False) -> str:
        """A free-text value of the case (content, address, reply, report, note; with `party`, a reported
        party's name) as this user may see it."""
        if self.unmasked:
            return value or ""
        return (mask_party if party else mask_text)(value or "", case_masks(self.case))

    def file_name(self, attachment) -> str:
        """An attachment's file name as this user may see it: as uploaded, or a neutral one (R10-2: a photo
        named 张秀兰13605151111现场.jpg or zhangxiulan_家门口.jpg names its sender in ways no detector reads)."""
        return file_name_for(attachment, unmasked=self.unmasked, viewer=self.viewer)

    def person_name(self, value: str) -> str:
        """A field that holds a person's name as typed (a callback's respondent: the complainant, a spouse, a
        neighbour asked for feedback): personal data whoever it names, so masked like a complainant's name
        (first character and stars) for a reader without the grant, not merely run through the free-text
        detector, which leaves an unrecorded name readable (R10-10)."""
        if self.unmasked:
            return value or ""
        return mask_name(value or "")

    def party(self) -> str:
        """The case's reported party as this user may see it."""
        return self.text(self.case.reported_party_name, party=True)

    def fields(self) -> dict[str, str]:
        out = {f: self.text(getattr(self.case, f, ""), party=f == PARTY_FIELD) for f in FREE_TEXT_FIELDS}
        out["title"] = self.title()
        return out

    def title(self) -> str:
        """The case's title as this user may see it: a summary made of the content is masked as the content's
        lines read (R15-2: a signature joined into one line)."""
        if self.unmasked:
            return self.case.title or ""
        return mask_summary(self.case.title or "", self.case.content or "", case_masks(self.case))

    def data(self, value):
        """An event's or record's structured data (reasons, names of files, who it went to) as this user may
        see it: every string inside masked like free text; numbers, flags and keys as they are."""
        if self.unmasked:
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            if "attachment" in value and isinstance(value.get("name"), str):  # an upload's event: the file's name
                value = {**value, "name": neutral_file_name(value["attachment"], value["name"])}
            return {k: (_person_reasons(v) if k == "reasons" else self.data(v)) for k, v in value.items()
                    if not _is_digest_key(k)}
        if isinstance(value, list | tuple):
            return [self.data(v) for v in value if not _person_link(v)]
        return value


_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,8}$")


def file_name_for(attachment, *, unmasked: bool, viewer: int | None) -> str:
    """The one rule for an attachment's name: as uploaded for a reader with the grant and for whoever uploaded it
    (the officer's own site photo), else `neutral_file_name`."""
    if unmasked or (viewer is not None and attachment.uploaded_by_id == viewer):
        return attachment.original_name
    return neutral_file_name(attachment.pk, attachment.original_name)


def neutral_file_name(pk, name: str) -> str:
    """附件12.jpg: the attachment's number and the original's extension, nothing of its name."""
    ext = _EXTENSION.search(name or "")
    return _("attachment%(n)s%(ext)s") % {"n": pk, "ext": ext.group().lower() if ext else ""}


# Why two cases were linked as the same matter: a match on the complainant's phone, ID number or name says
# "this person complained about that case too" (an anonymous case tied to a named one), so a reader without
# the grant gets only the other reasons (place, party, matter).
IDENTITY_MATCH_REASONS = frozenset({"phone", "id_number", "name", "name_address"})


def _is_digest_key(key) -> bool:
    """A digest kept in event data (a document's or file's SHA-256, a hash): over content as written, so beside
    the masked copy it would confirm a guessed name. Left out for readers without the grant (R10-9)."""
    key = str(key).lower()
    return key.endswith(("sha256", "hash", "digest"))


def _person_link(value) -> bool:
    """A link to another case (the repeat flag's `related`: number, score, reasons) made by a person alone (phone,
    ID number, name): it says "the same person complained there", so a reader without the grant does not get it at
    all, not even with its reasons emptied (R16-3), as `linked_cases` leaves it off the case page."""
    return (isinstance(value, dict) and "number" in value and isinstance(value.get("reasons"), list | tuple)
            and not set(value["reasons"]) - IDENTITY_MATCH_REASONS)


def _person_reasons(reasons):
    if not isinstance(reasons, list | tuple):
        return reasons
    return [r for r in reasons if r not in IDENTITY_MATCH_REASONS]


def may_call(user, case: Complaint) -> bool:
    """The callback officer (or clerk recording the reply) of the registering unit, while the case waits
    for the callback or the reply: they see the phone number to call (never the ID number)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if case.state == "replied":
        return org.holds_role_over(user, Role.CALLBACK, case.unit)
    if case.state == "reviewed":
        return org.holds_role_over(user, Role.CLERK, case.unit)
    return False


def identity_for(user, case: Complaint, purpose: str = Purpose.VIEW) -> Identity:
    """THE identity rule: whether `user` may see `case`'s complainants for `purpose`, and how they look."""
    unmasked = purpose != Purpose.PUBLIC and can_see_identity(user, case)
    people = [view_person(p, unmasked=unmasked, anonymous=case.is_anonymous) for p in case.complainants.all()]
    phone_shown = False
    if not unmasked and purpose == Purpose.CALLBACK and may_call(user, case):
        real = list(case.complainants.all())
        people = [PersonView(v.name, r.phone, v.id_number, v.address, True) for v, r in zip(people, real, strict=True)]
        phone_shown = any(r.phone for r in real)
    return Identity(case, unmasked, people, phone_shown, getattr(user, "pk", None))


def mask_for(user, case: Complaint, value: str, purpose: str = Purpose.VIEW) -> str:
    """One free-text value of `case` as `user` may see it."""
    if purpose != Purpose.PUBLIC and can_see_identity(user, case):
        return value or ""
    return mask_text(value or "", case_masks(case))


def record_phone_view(user, case: Complaint) -> None:
    """Each time the callback officer (or reply clerk) is shown the phone number: an audit event."""
    from .actions import audit_event

    audit_event(case, actor=user, action="phone_view", note="", data={"state": case.state})
