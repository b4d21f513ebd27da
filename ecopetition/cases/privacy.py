"""Complainant identity: who sees it unmasked, and how it looks to everyone else.

Intake clerks of the registering unit (or above) see identities; anyone else
only with a per-case grant, which is itself an audited event. Anonymous
complainants stay anonymous to everyone but intake.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ecopetition.cases import scope as jurisdiction
from ecopetition.org import queries as org
from ecopetition.org.models import Role

from .models import Complainant, Complaint, IdentityGrant


def mask_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, min(len(name) - 1, 3))


def mask_phone(phone: str) -> str:
    digits = (phone or "").strip()
    if len(digits) >= 11:
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) >= 7:
        return f"{digits[:2]}***{digits[-2:]}"
    return "*" * len(digits)


def mask_id_number(value: str) -> str:
    value = (value or "").strip()
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"


def mask_address(value: str) -> str:
    value = (value or "").strip()
    if len(value) <= 6:
        return "*" * len(value)
    return value[:6] + "****"


def identity_scope(user, qs):
    """The cases of `qs` whose complainants `user` may see unmasked (the rule of `can_see_identity`).

    Any search by a person's phone, ID number or name must run inside it: a match is itself a
    disclosure ("this phone complained about that case").
    """
    from django.db.models import Q

    if user is None or not getattr(user, "is_authenticated", False):
        return qs.none()
    allowed = Q(pk__in=IdentityGrant.objects.filter(user=user).values("complaint_id"))
    allowed |= jurisdiction.under_q(org.units_with_role(user, Role.CLERK), "unit")
    return qs.filter(allowed)


def can_see_identity(user, case: Complaint) -> bool:
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
    if anonymous:
        return PersonView(_("Anonymous"), mask_phone(person.phone) if person.phone else "", "", "", True)
    return PersonView(
        mask_name(person.name), mask_phone(person.phone), mask_id_number(person.id_number),
        mask_address(person.address), True,
    )


def people_for(user, case: Complaint) -> tuple[list[PersonView], bool]:
    """The case's complainants as `user` may see them, and whether they are unmasked."""
    unmasked = can_see_identity(user, case)
    people = [view_person(p, unmasked=unmasked, anonymous=case.is_anonymous) for p in case.complainants.all()]
    return people, unmasked


# --- Personal data in free text ----------------------------------------------------------------
#
# Complainants write their own name, phone, ID number and home address into the content and the
# address; officers and clerks write them into reports and replies (the reply letter opens with the
# complainant's name). Stored text stays as written: what is shown to someone without the right to
# the identity goes through `mask_text`, which masks
#   - the case's own recorded values and their fragments (the given name alone, the ID number's
#     last six digits, the detailed part of the home address), wherever they stand;
#   - mobile and landline numbers and ID numbers (checksum) found by pattern;
#   - names after cues (我叫, 本人是, 联系人, 姓名, 署名) and the name before 家门前/家门口;
#   - home addresses written as 小区/花园/新村 + building and room numbers.

import re  # noqa: E402

COMPOUND_SURNAMES = (
    "欧阳", "诸葛", "司马", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒",
    "夏侯", "端木", "独孤", "南宫", "西门", "百里", "呼延", "闻人", "轩辕", "澹台", "申屠", "太史",
)
_HAN = r"[\u4e00-\u9fff]"
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_MOBILE_RE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
_LANDLINE_RE = re.compile(r"(?<!\d)0\d{2,3}[- ]?\d{7,8}(?!\d)")
_CUE_RE = re.compile(rf"(?:我叫|我是|本人是|本人[:：]|本人姓名[:：]?|联系人[:：]?|姓名[:：]?|署名[:：]?|签名[:：]?)\s*({_HAN}{{2,4}})")
_HOME_RE = re.compile(rf"(?:{_HAN}{{2,8}}?)?(?:小区|花园|新村|公寓|家园|苑|村|组)\s*"
                      rf"[0-9一二三四五六七八九十]+\s*(?:幢|栋|号楼|组)(?:\s*[0-9]+\s*单元)?(?:\s*[0-9]+\s*(?:室|号))?")
_FAMILY_HOME_RE = re.compile(rf"({_HAN}{{2,3}})家(?:门前|门口|门外|旁边|附近|后面|屋后|楼下)")
# Words that end in "家" and are not a name: kept ("专家门口" is not somebody's door).
_NOT_NAMES = {"国家", "专家", "商家", "厂家", "店家", "农家", "人家", "住家", "老家", "大家", "自家", "东家", "居民"}


def valid_id_number(value: str) -> bool:
    """An 18-character resident ID number whose check character is right (or a 15-digit old one)."""
    value = value.upper()
    if len(value) == 15:
        return value.isdigit()
    if len(value) != 18 or not value[:17].isdigit():
        return False
    check = "10X98765432"[sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True)) % 11]
    return value[17] == check


def given_name(name: str) -> str:
    name = (name or "").strip()
    for surname in COMPOUND_SURNAMES:
        if name.startswith(surname):
            return name[len(surname):]
    return name[1:]


def identity_fragments(people) -> list[str]:
    """The recorded values of `people` (Complainant rows or dicts) and the fragments that still identify."""
    out: set[str] = set()
    for p in people:
        get = p.get if isinstance(p, dict) else (lambda k, _p=p: getattr(_p, k, ""))
        name = (get("name") or "").strip()
        if len(name) >= 2:
            out.add(name)
            given = given_name(name)
            if len(given) >= 2:
                out.add(given)
        phone = re.sub(r"\D", "", get("phone") or "")
        if len(phone) >= 7:
            out.add(phone)
            if len(phone) == 11:
                out.update({f"{phone[:3]}-{phone[3:7]}-{phone[7:]}", f"{phone[:3]} {phone[3:7]} {phone[7:]}"})
        id_number = (get("id_number") or "").strip()
        if len(id_number) >= 15:
            out.update({id_number, id_number.lower(), id_number[-6:]})
            if len(id_number) == 18:
                out.add(id_number[6:14])  # the birth date
        address = (get("address") or "").strip()
        if len(address) >= 4:
            out.add(address)
            tail = re.split(r"(?:省|市|区|县|镇|乡|街道)", address)[-1]
            if len(tail) >= 4:
                out.add(tail)
    return sorted(out, key=len, reverse=True)


def _mask_span(value: str) -> str:
    if not value:
        return value
    if value[0].isdigit() or value[0] == "+":
        return "*" * len(value)
    if re.fullmatch(f"{_HAN}{{2,4}}", value):
        return mask_name(value)
    return value[:1] + "*" * min(len(value) - 1, 6)


def personal_spans(text: str, people=()) -> list[tuple[int, int]]:
    """(start, end) of every piece of personal data in `text` (merged, in order)."""
    spans: list[tuple[int, int]] = []
    for fragment in identity_fragments(people):
        start = text.find(fragment)
        while start != -1:
            spans.append((start, start + len(fragment)))
            start = text.find(fragment, start + 1)
    for m in _ID_RE.finditer(text):
        if valid_id_number(m.group(1)):
            spans.append(m.span(1))
    for regex in (_MOBILE_RE, _LANDLINE_RE, _HOME_RE):
        spans += [m.span() for m in regex.finditer(text)]
    spans += [m.span(1) for m in _CUE_RE.finditer(text)]
    for m in _FAMILY_HOME_RE.finditer(text):
        name = m.group(1)
        if name[-2:] not in _NOT_NAMES and name not in _NOT_NAMES:
            spans.append((m.end(1) - min(len(name), 3), m.end(1)))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def mask_text(text: str, people=()) -> str:
    """`text` with the personal data in it masked (see the comment above)."""
    if not text:
        return text or ""
    out, last = [], 0
    for s, e in personal_spans(text, people):
        out.append(text[last:s])
        out.append(_mask_span(text[s:e]))
        last = e
    out.append(text[last:])
    return "".join(out)


def masked_title(case: Complaint, people=None) -> str:
    """A case's title wherever it appears beside other cases or travels on: lists, queues, boards, the
    map, related cases, alerts, inbox messages and notices. Masked for everyone, whoever reads it; only
    the case page itself shows the title as the reader may see it (`identity_for`)."""
    return mask_text(case.title or "", case.complainants.all() if people is None else people)


def masked_titles(rows, *, key: str = "id") -> dict:
    """{pk: masked title} for rows of `.values(key, "title")`, reading the complainants in one query."""
    pks = [r[key] for r in rows]
    people: dict = {}
    for p in Complainant.objects.filter(complaint_id__in=pks):
        people.setdefault(p.complaint_id, []).append(p)
    return {r[key]: mask_text(r["title"] or "", people.get(r[key], ())) for r in rows}


# --- The one identity rule ---------------------------------------------------------------------

FREE_TEXT_FIELDS = ("title", "content", "address", "reply_text", "result_summary", "reject_reason", "referred_to")


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

    def text(self, value: str) -> str:
        """A free-text value of the case (content, address, reply, report, note) as this user may see it."""
        if self.unmasked:
            return value or ""
        return mask_text(value or "", self.case.complainants.all())

    def fields(self) -> dict[str, str]:
        return {f: self.text(getattr(self.case, f, "")) for f in FREE_TEXT_FIELDS}

    def data(self, value):
        """An event's or record's structured data (reasons, names of files, who it went to) as this user may
        see it: every string inside masked like free text; numbers, flags and keys as they are."""
        if self.unmasked:
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {k: self.data(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.data(v) for v in value]
        return value


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
    return Identity(case, unmasked, people, phone_shown)


def mask_for(user, case: Complaint, value: str, purpose: str = Purpose.VIEW) -> str:
    """One free-text value of `case` as `user` may see it."""
    if purpose != Purpose.PUBLIC and can_see_identity(user, case):
        return value or ""
    return mask_text(value or "", case.complainants.all())


def record_phone_view(user, case: Complaint) -> None:
    """Each time the callback officer (or reply clerk) is shown the phone number: an audit event."""
    from .actions import audit_event

    audit_event(case, actor=user, action="phone_view", note="", data={"state": case.state})
