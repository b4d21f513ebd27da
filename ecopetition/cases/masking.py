"""How personal data looks to someone without the right to it: the masks, and the detector of
personal data in free text. Plain text in, plain text out; who may see what is `privacy`'s rule.

Kept apart from `privacy` (which reads the models) so that the models can keep the masked searchable
text of each case (`search_text`) without importing the identity rule.
"""

from __future__ import annotations

import re


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


# --- The searchable masked text -----------------------------------------------------------------
#
# The free-text search (`ComplaintQuerySet.search`) must not match what the searcher cannot see: a
# guessed digit that still lists the case tells it is there. Each case therefore keeps its title,
# content and address as someone without the identity sees them (`Complaint.search_masked`), kept
# current by `models.refresh_search` whenever the text or the complainants change (see the models'
# save, delete and bulk operations). A change to the masking rules above must recompute the column for
# every case (`ecopetition search_reindex`, or a data migration like cases 0009): otherwise the old
# masks would answer for text the pages now hide.

def search_text(title: str, content: str, address: str, people=()) -> str:
    """The title, content and address of a case masked as the pages show them without the identity."""
    people = list(people)
    return "\n".join(mask_text(value or "", people) for value in (title, content, address))
