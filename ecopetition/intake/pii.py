"""Personal data in a letter's text: where a complainant's name, phone, ID number and home address sit.

A span finder for scanned letters: the patterns of the free-text detector that masks text for
those without the identity grant (cases/privacy.py: numbers also in Chinese numerals or spaced,
ID numbers, WeChat/QQ/e-mail, birth dates, names after cues and before 反映/门口, home addresses),
plus what only a letter needs (any run of seven digits, the whole clause after 家住/住址) and the
values the clerk confirmed, with their fragments. It returns character spans; the letter module
turns them into black boxes. `extract` reads the register form's fields from the same patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ecopetition.cases.masking import (
    ADDRESS_CUE,
    COMPOUND_SURNAMES,
    Shadow,
    id_numbers,
    is_person_name,
    name_spans,
    numerals_as_digits,
    pattern_spans,
    personal_spans,
    phone_numbers,
    signature_spans,
    valid_id_number,
    writer_spans,
)
from ecopetition.core.lazyre import compile_later

HAN = r"\u4e00-\u9fff"
LONG_DIGITS = compile_later(r"\d(?:[\s-]?\d){6,}")  # seven digits or more: a number someone can call or look up
PLACE_CUE = compile_later(r"(?:位于|地址在|地点[：:]|坐落于)[：:\s]*([^，。,；;！!？?\n]{4,60})")
PARTY = compile_later(
    rf"([{HAN}A-Za-z0-9（）()]{{2,40}}?(?:有限责任公司|股份有限公司|有限公司|公司|化工厂|工厂|厂|养殖场|"
    rf"合作社|工地|搅拌站|酒店|饭店|餐馆|加工点|作坊))"
)
PARTY_CUE = compile_later(r"(?:被举报(?:单位|企业|对象|人)?|被投诉(?:单位|企业|对象|人)?|举报|投诉|反映)[：:\s]*")


def id_checksum_ok(value: str) -> bool:
    """An 18-character ID number whose check character is right."""
    return len(value) == 18 and valid_id_number(value)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # name, phone, id_number, contact, birth_date, address, number


HONORIFICS = ("女士", "先生", "同志", "老师", "师傅", "大爷", "大妈", "阿姨", "老人", "家")


def _fragments(name: str) -> list[str]:
    """The name and what identifies its bearer alone: the given name of a three- or four-character name,
    and the surname with an honorific (上官女士, 王先生)."""
    out = [name]
    if len(name) >= 3:
        out.append(name[1:])
    if len(name) == 4:
        out.append(name[2:])
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]
    if len(name) > len(surname):
        out += [surname + h for h in HONORIFICS]
    return out


# --- the writer of a letter ------------------------------------------------------------------------
#
# A letter names its writer where free text rarely does: in its signature (此致/敬礼, then the name, then the
# date; beside 信访人（签字）：; before （签字）), found by the free-text detector's one rule
# (`masking.signature_spans`), and in a self-introduction as a resident (我是…居民X), found here.

_RESIDENT = compile_later(r"居民|村民|市民|住户|业主|户主")
_LAST_LINE_NAME = compile_later(rf"[ \u3000]*[{HAN}]{{2,4}}[ \u3000]*")


def writer_names(text: str) -> list[str]:
    """The writer's name as a letter gives it where the free-text detector finds no cue: the signature,
    我是…居民X. `text` keeps its line breaks (the signature is a line of its own)."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    joined = "".join(lines)
    names = []
    probe = _RESIDENT.sub("我是", joined)  # the same length: spans fall where they are in `joined`
    for a, b in name_spans(probe, homes=False):
        if _RESIDENT.fullmatch(joined[a - 2:a]):
            names.append(joined[a:b])
    signed = "\n".join(lines)
    names += [signed[a:b] for a, b in sorted(signature_spans(signed))]
    names += [signed[a:b] for a, b in writer_spans(signed)]  # 张秀兰，女…, 拜托了 张秀兰, 写信人 张秀兰 (R13-2)
    # On paper a letter ends with its writer's name, on a line of its own, after 谢谢！ or 盼复。 and with no
    # 此致/敬礼 or date the detector's signature rule needs (R10-3): the last line, when it is one name.
    if lines and _LAST_LINE_NAME.fullmatch(lines[-1]) and is_person_name(lines[-1].strip(" \u3000")):
        names.append(lines[-1].strip(" \u3000"))
    return list(dict.fromkeys(names))


def _digits_pattern(value: str) -> re.Pattern | None:
    digits = re.sub(r"\D", "", value)
    if len(digits) < 7:
        return None
    return re.compile(r"[\s-]?".join(re.escape(d) for d in digits), re.IGNORECASE)


def find(text: str, known: list[tuple[str, str]] | None = None) -> list[Span]:
    """Spans of `text` that hold personal data; `known` holds confirmed (kind, value) pairs, kind one of
    name, phone, id_number, address."""
    # numbers also as their `Shadow` reads them (139.2222.3333, 壹叁玖…), boxed where they were written
    shadow = Shadow(text)
    spans = [Span(s, e, kind) for s, e, kind in pattern_spans(text, shadow=shadow)]
    for m in LONG_DIGITS.finditer(shadow.text):  # a misread or unusual number still goes under black
        spans.append(Span(*shadow.span(*m.span()), "number"))
    for m in ADDRESS_CUE.finditer(text):  # on paper, the whole clause
        spans.append(Span(m.start(1), m.end(1), "address"))
    # the confirmed values as the text's masks find them (R13-2: one detector, so the redacted copy hides what the
    # case's text hides: pieces of the phone, the ID number's last six, the name in pinyin or traditional script or
    # spaced, the home's fragments)
    people = [{key: value} for key, value in known or () if (value or "").strip()
              and key in ("name", "phone", "id_number", "address")]
    if people:
        spans += [Span(s, e, "known") for s, e in personal_spans(text, people)]
    for key, value in known or ():
        value = (value or "").strip()
        if not value:
            continue
        if key in ("phone", "id_number"):
            pattern = _digits_pattern(value)
            if pattern:
                spans.extend(Span(m.start(), m.end(), key) for m in pattern.finditer(text))
                spans.extend(Span(*shadow.span(*m.span()), key) for m in pattern.finditer(shadow.text))
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
    names = name_spans(text, homes=False)  # the writer's, not the neighbour's before 家门口
    if names:
        f.name = text[names[0][0]:names[0][1]]
    digits = numerals_as_digits(text)
    shadow = Shadow(text).text
    for t in (text, digits, shadow):  # mobile first, then landline; as written, from Chinese numerals, regrouped
        if span := next(phone_numbers(t), None):
            value = (digits if t is not shadow else shadow)[span[0]:span[1]]
            f.phone = re.sub(r"^\+?86(?=1\d{10}$)", "", re.sub(r"[\s\u3000]", "", value))
            break
    for s, e in sorted({*id_numbers(text), *id_numbers(digits)}):
        value = re.sub(r"[\s\u3000-]", "", digits[s:e]).upper()
        if id_checksum_ok(value):
            f.id_number = value
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


def summary(text: str, max_length: int = 60, known: list[tuple[str, str]] | None = None) -> str:
    """A one-line summary without personal data: the first sentence left once the salutation and
    every clause holding personal data (found, or one of the `known` values) are dropped (a title is
    shown on every list)."""
    for sentence in re.split(r"[。！？!?；;\n]", text):
        sentence = sentence.rsplit("：", 1)[-1].rsplit(":", 1)[-1]
        clauses = [c.strip() for c in re.split(r"[，,]", sentence) if c.strip() and not find(c, known)]
        out = ""
        for c in clauses:
            if len(out) + len(c) + 1 > max_length:
                break
            out = f"{out}，{c}" if out else c
        if len(out) >= 8:
            return out
    return ""
