"""Personal data in a letter's text: where a complainant's name, phone, ID number and home address sit.

A small span finder for scanned letters: the patterns (mobile and landline numbers, ID numbers
with a valid checksum, names after cues such as 我叫/本人/联系人/姓名/署名, addresses after
家住/住址) and the values the clerk confirmed, with their fragments. It returns character spans;
the letter module turns them into black boxes. The identity work on free text may replace it
with a shared detector.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HAN = r"\u4e00-\u9fff"
MOBILE = re.compile(r"(?<!\d)1[3-9]\d(?:[\s-]?\d){8}(?!\d)")
LANDLINE = re.compile(r"(?<!\d)0\d{2,3}[\s-]?\d{7,8}(?!\d)")
ID_NUMBER = re.compile(r"(?<![0-9Xx])\d{17}[0-9Xx](?![0-9Xx])")
LONG_DIGITS = re.compile(r"\d(?:[\s-]?\d){6,}")  # seven digits or more: a number someone can call or look up
NAME_CUE = re.compile(rf"(?:我叫|本人姓名|本人|联系人|姓名|署名|落款|举报人|投诉人|反映人|来信人)[：:\s]*([{HAN}]{{2,4}})")
ADDRESS_CUE = re.compile(r"(?:家庭住址|家住|住址|现住|住在|居住在|联系地址)[：:\s]*([^，。,；;！!？?\n]{4,60})")
PLACE_CUE = re.compile(r"(?:位于|地址在|地点[：:]|坐落于)[：:\s]*([^，。,；;！!？?\n]{4,60})")
PARTY = re.compile(
    rf"([{HAN}A-Za-z0-9（）()]{{2,40}}?(?:有限责任公司|股份有限公司|有限公司|公司|化工厂|工厂|厂|养殖场|"
    rf"合作社|工地|搅拌站|酒店|饭店|餐馆|加工点|作坊))"
)
PARTY_CUE = re.compile(r"(?:被举报(?:单位|企业|对象|人)?|被投诉(?:单位|企业|对象|人)?|举报|投诉|反映)[：:\s]*")
# Words a cue may be followed by that are not a name ("本人是附近居民", "我是受害者").
NOT_A_NAME = set("是在家住于现的因就向对要特系为与和从已也都反举投多一曾今近想实非认")
NAME_STOP = "家住现电联手身的是在，"

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def id_checksum_ok(value: str) -> bool:
    value = value.upper()
    if len(value) != 18 or not value[:17].isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(value[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == value[17]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # name, phone, id_number, address, number


def _clean_name(raw: str) -> str:
    if not raw or raw[0] in NOT_A_NAME:
        return ""
    for i, ch in enumerate(raw):
        if i >= 2 and ch in NAME_STOP:
            return raw[:i]
    return raw


def _fragments(name: str) -> list[str]:
    """The name and what identifies its bearer alone: the given name of a three- or four-character name."""
    out = [name]
    if len(name) >= 3:
        out.append(name[1:])
    if len(name) == 4:
        out.append(name[2:])
    return out


def _digits_pattern(value: str) -> re.Pattern | None:
    digits = re.sub(r"\D", "", value)
    if len(digits) < 7:
        return None
    return re.compile(r"[\s-]?".join(re.escape(d) for d in digits), re.IGNORECASE)


def find(text: str, known: list[tuple[str, str]] | None = None) -> list[Span]:
    """Spans of `text` that hold personal data; `known` holds confirmed (kind, value) pairs, kind one of
    name, phone, id_number, address."""
    spans: list[Span] = []
    for m in MOBILE.finditer(text):
        spans.append(Span(m.start(), m.end(), "phone"))
    for m in LANDLINE.finditer(text):
        spans.append(Span(m.start(), m.end(), "phone"))
    for m in ID_NUMBER.finditer(text):
        spans.append(Span(m.start(), m.end(), "id_number"))
    for m in LONG_DIGITS.finditer(text):  # a misread or unusual number still goes under black
        spans.append(Span(m.start(), m.end(), "number"))
    for m in NAME_CUE.finditer(text):
        name = _clean_name(m.group(1))
        if name:
            spans.append(Span(m.start(1), m.start(1) + len(name), "name"))
    for m in ADDRESS_CUE.finditer(text):
        spans.append(Span(m.start(1), m.end(1), "address"))
    for key, value in known or ():
        value = (value or "").strip()
        if not value:
            continue
        if key in ("phone", "id_number"):
            pattern = _digits_pattern(value)
            if pattern:
                spans.extend(Span(m.start(), m.end(), key) for m in pattern.finditer(text))
            continue
        needles = _fragments(value) if key == "name" else [value]
        if key == "address" and len(value) > 8:
            needles.append(value[-8:])  # the street and number without the district the letter may spell otherwise
        for needle in needles:
            if len(needle) < 2:
                continue
            start = text.find(needle)
            while start >= 0:
                spans.append(Span(start, start + len(needle), key))
                start = text.find(needle, start + 1)
    return merge(spans)


def merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, -s.end)):
        if out and s.start <= out[-1].end:
            last = out[-1]
            if s.end > last.end:
                out[-1] = Span(last.start, s.end, last.kind)
        else:
            out.append(s)
    return out


@dataclass
class Fields:
    name: str = ""
    phone: str = ""
    id_number: str = ""
    address: str = ""
    place: str = ""
    reported_party: str = ""


def extract(text: str) -> Fields:
    """The register form's fields as the letter gives them (the first of each); the clerk confirms them."""
    f = Fields()
    for m in NAME_CUE.finditer(text):
        name = _clean_name(m.group(1))
        if name:
            f.name = name
            break
    m = MOBILE.search(text) or LANDLINE.search(text)
    if m:
        f.phone = re.sub(r"[\s]", "", m.group(0))
    for m in ID_NUMBER.finditer(text):
        if id_checksum_ok(m.group(0)):
            f.id_number = m.group(0).upper()
            break
    m = ADDRESS_CUE.search(text)
    if m:
        f.address = m.group(1).strip()
    m = PLACE_CUE.search(text)
    if m:
        f.place = m.group(1).strip()
        if find(f.place, [("address", f.address), ("name", f.name)]):
            f.place = ""  # "位于我家门前…": the home address is not offered as the place everyone sees
    for cue in PARTY_CUE.finditer(text):
        m = PARTY.match(text, cue.end())
        if m:
            f.reported_party = m.group(1)
            break
    if not f.reported_party:
        m = PARTY.search(text)
        if m:
            f.reported_party = m.group(1)
    return f


def summary(text: str, max_length: int = 60) -> str:
    """A one-line summary without personal data: the first sentence left once the salutation and
    every clause holding personal data are dropped (a title is shown on every list, unmasked)."""
    for sentence in re.split(r"[。！？!?；;\n]", text):
        sentence = sentence.rsplit("：", 1)[-1].rsplit(":", 1)[-1]
        clauses = [c.strip() for c in re.split(r"[，,]", sentence) if c.strip() and not find(c)]
        out = ""
        for c in clauses:
            if len(out) + len(c) + 1 > max_length:
                break
            out = f"{out}，{c}" if out else c
        if len(out) >= 8:
            return out
    return ""
