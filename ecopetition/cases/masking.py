"""How personal data looks to someone without the right to it: the masks, and the detector of
personal data in free text. Plain text in, plain text out; who may see what is `privacy`'s rule.

Kept apart from `privacy` (which reads the models) so that the models can keep the masked searchable
text of each case (`search_text`) without importing the identity rule.
"""

from __future__ import annotations

import bisect
import itertools
import re
import threading
import unicodedata
from functools import lru_cache

from ecopetition.core.lazyre import compile_later


def mask_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, min(len(name) - 1, 3))


def mask_phone(phone: str) -> str:
    digits = recorded_value(phone, "phone")
    if len(digits) >= 11:
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) >= 7:
        return f"{digits[:2]}***{digits[-2:]}"
    return "*" * len(digits)


def mask_id_number(value: str) -> str:
    value = recorded_value(value, "id_number")
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"


def mask_address(value: str) -> str:
    value = (value or "").strip()
    if len(value) <= 6:
        return "*" * len(value)
    return value[:6] + "****"


# --- What the detectors read ---------------------------------------------------------------------
#
# Text comes in with characters a reader never sees or reads as others: invisible and format characters
# (zero-width space and joiners, word joiner, soft hyphen, BOM, bidi marks: Unicode category Cf), control
# characters, tabs, variation selectors, and compatibility forms (styled digits 𝟏𝟑𝟖, circled ①③⑧, ⑴, ㈠,
# compatibility ideographs). Copy-paste from chats, web pages, spreadsheets and PDFs brings them in as much as an
# attacker does. Every detector reads the text through `read_text`: NFKC, the invisible characters dropped, a tab
# as a space, any digit as its ASCII digit; the spans found map back to the original characters, so that the mask
# covers what was written, invisible characters inside a value included. Full-width forms and the ideographic space
# stay as written here (the detectors know them, and `Shadow` reads full-width digits). The recorded values go
# through `recorded_value`, the one door by which a complainant's name, phone, ID number and address become
# needles (masks, fragments, search columns).

_IGNORABLE = frozenset(map(chr, (0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0, *range(0x180B, 0x1810),
                                 *range(0xFE00, 0xFE10))))


# Look-alikes of ideographs that NFKC leaves as they are: the CJK Radicals Supplement (⻢ U+2EE2 for 马, ⻩ for 黄, ⺠ for
# 民, ⻜ for 飞…) and the CJK Strokes that are an ideograph's one stroke (㇐ for 一), pixel-identical to the ideograph in
# common fonts. Each reads as its equivalent unified ideograph, from Unicode's EquivalentUnifiedIdeograph.txt (UCD);
# the few radicals the file gives no ideograph for (⺍, ⺕, ⺗…) stay as written.
_LOOK_ALIKES = {
    0x2E81: 0x5382, 0x2E82: 0x4E5B, 0x2E83: 0x4E5A, 0x2E84: 0x4E59, 0x2E85: 0x4EBB, 0x2E86: 0x5182, 0x2E87: 0x20628,
    0x2E89: 0x5202, 0x2E8A: 0x535C, 0x2E8B: 0x353E, 0x2E8C: 0x5C0F, 0x2E8E: 0x5140, 0x2E8F: 0x5C23, 0x2E90: 0x5C22,
    0x2E91: 0x21BC2, 0x2E92: 0x5DF3, 0x2E93: 0x5E7A, 0x2E94: 0x5F51, 0x2E96: 0x5FC4, 0x2E98: 0x624C, 0x2E99: 0x6535,
    0x2E9B: 0x65E1, 0x2E9C: 0x65E5, 0x2E9D: 0x6708, 0x2E9E: 0x6B7A, 0x2E9F: 0x6BCD, 0x2EA0: 0x6C11, 0x2EA1: 0x6C35,
    0x2EA2: 0x6C3A, 0x2EA3: 0x706C, 0x2EA4: 0x722B, 0x2EA6: 0x4E2C, 0x2EA7: 0x725B, 0x2EA8: 0x72AD, 0x2EA9: 0x738B,
    0x2EAA: 0x758B, 0x2EAB: 0x76EE, 0x2EAC: 0x793A, 0x2EAD: 0x793B, 0x2EAF: 0x7CF9, 0x2EB0: 0x7E9F, 0x2EB1: 0x7F53,
    0x2EB2: 0x7F52, 0x2EB3: 0x34C1, 0x2EB6: 0x7F8A, 0x2EB9: 0x8002, 0x2EBA: 0x8080, 0x2EBB: 0x807F, 0x2EBC: 0x8089,
    0x2EBD: 0x81FC, 0x2EBE: 0x8279, 0x2EBF: 0x8279, 0x2EC0: 0x8279, 0x2EC1: 0x864E, 0x2EC2: 0x8864, 0x2EC3: 0x8980,
    0x2EC4: 0x897F, 0x2EC5: 0x89C1, 0x2EC6: 0x89D2, 0x2EC8: 0x8BA0, 0x2EC9: 0x8D1D, 0x2ECB: 0x8F66, 0x2ECC: 0x8FB6,
    0x2ECD: 0x8FB6, 0x2ECF: 0x961D, 0x2ED0: 0x9485, 0x2ED1: 0x9577, 0x2ED2: 0x9578, 0x2ED3: 0x957F, 0x2ED4: 0x95E8,
    0x2ED5: 0x961C, 0x2ED6: 0x961D, 0x2ED7: 0x96E8, 0x2ED8: 0x9752, 0x2ED9: 0x97E6, 0x2EDA: 0x9875, 0x2EDB: 0x98CE,
    0x2EDC: 0x98DE, 0x2EDD: 0x98DF, 0x2EDF: 0x98E0, 0x2EE0: 0x9963, 0x2EE2: 0x9A6C, 0x2EE3: 0x9AA8, 0x2EE4: 0x9B3C,
    0x2EE5: 0x9C7C, 0x2EE6: 0x9E1F, 0x2EE7: 0x5364, 0x2EE8: 0x9EA6, 0x2EE9: 0x9EC4, 0x2EEA: 0x9EFE, 0x2EEB: 0x6589,
    0x2EEC: 0x9F50, 0x2EED: 0x6B6F, 0x2EEE: 0x9F7F, 0x2EEF: 0x7ADC, 0x2EF0: 0x9F99, 0x2EF1: 0x9F9C, 0x2EF2: 0x4E80,
    0x2EF3: 0x9F9F,
    0x31D0: 0x4E00, 0x31D1: 0x4E28, 0x31D2: 0x4E3F, 0x31D4: 0x4E36, 0x31DA: 0x4E85, 0x31DF: 0x4E5A, 0x31E0: 0x4E59,
}


_NUMBERED = compile_later(r"\(?([0-9〇一二三四五六七八九十]+)[).,]?")
# A run of numerals each in brackets, as typed: (一)(三)(七), （1）（3）, [1][3] (a lone （一） heading stays as written).
_BRACKETED = r"[(（\[［【〔]\s?[0-9０-９〇○零幺一二三四五六七八九]\s?[)）\]］】〕]"
_BRACKETED_RUN = compile_later(rf"{_BRACKETED}(?:[ \u3000]*{_BRACKETED})+")
_BRACKET_OR_SPACE = compile_later(r"[(（\[［【〔)）\]］】〕\s]")


class _Reading(dict):
    """`str.translate` table filled on first use: what each character reads as ("" when it is dropped)."""

    def __missing__(self, code: int):
        c = chr(code)
        if c in "\n\r" or 0xFF01 <= code <= 0xFF5E or code == 0x3000:
            value = c
        elif c == "\t":
            value = " "
        elif code in _READ_AS_19A:  # look-alike colons (R19-2)
            value = _READ_AS_19A[code]
        elif unicodedata.category(c) in ("Cf", "Cc", "Cs", "Co", "Me") or c in _IGNORABLE or 0xE0000 <= code <= 0xE0FFF:
            value = ""  # Me: enclosing marks, the keycap U+20E3 of 1️⃣ among them
        else:
            value = chr(_LOOK_ALIKES[code]) if code in _LOOK_ALIKES else unicodedata.normalize("NFKC", c)
            if unicodedata.numeric(c, None) is not None and (bare := _NUMBERED.fullmatch(value)):
                value = bare.group(1)  # ⑴ (1), ⒈ 1., 🄂 1, and ㈠ (一) as the numeral alone
            value = "".join(str(unicodedata.digit(n)) if unicodedata.digit(n, None) is not None and not n.isascii()
                            else n for n in value)
            if unicodedata.category(c) in ("Nl", "No") and code != 0x3007 and not any(
                    n.isdigit() or _is_han(n) for n in value):
                number = unicodedata.numeric(c, -1) / (10 if 0x1D369 <= code <= 0x1D371 else 1)  # rods' tens forms
                if number in range(10):
                    _NUMERAL_FORMS[code] = (str(int(number)), value.isascii() and value.isalpha())
        self[code] = value
        return self[code]


# Numerals that are no digit for `unicodedata.digit` nor by NFKC: Suzhou numerals 〡…〩 (U+3021-3029, still used in
# trade; 〇 is the Chinese numeral), counting rods 𝍠…𝍨 and their tens forms 𝍩…𝍱, Roman numerals Ⅰ…Ⅸ and ⅰ…ⅸ
# (any character of category Nl or No whose numeric value is 0 to 9). Each reads as its digit where it stands in a
# run of numerals (`_numeral_runs`): next to another of them, or next to a digit or a Chinese numeral (〡三七…,
# 〡〣〧-5555), a space or one of -.· between; a Roman numeral, which reads as Latin letters otherwise (Ⅲ: III), only
# next to another numeral of these. A lone one stays as read (地表水Ⅲ类, 〡号仓库, GB3838-2002Ⅲ类). Filled by
# `_Reading`: code → (digit, whether it reads as Latin letters otherwise).
_NUMERAL_FORMS: dict[int, tuple[str, bool]] = {}
_NUMERAL_NEIGHBOURS = frozenset("0123456789０１２３４５６７８９〇○零一二三四五六七八九壹贰叁肆伍陆柒捌玖")


@lru_cache(maxsize=16)
def _numerals_read(text: str) -> tuple[str, tuple[int, ...] | None]:
    """`text` read with its numerals in a run as digits (`_numeral_runs`), and the positions as `read_text` gives them
    (kept for the few calls one text gets while it is masked)."""
    pieces = _numeral_runs(text, [_READING[ord(c)] for c in text])
    read = "".join(pieces)
    return read, None if read == text else tuple(i for i, p in enumerate(pieces) for _ in p)


def _numeral_runs(text: str, pieces: list[str]) -> list[str]:
    """`pieces` (what each character of `text` reads as) with the numerals of `_NUMERAL_FORMS` in a run as digits."""
    out = list(pieces)
    for i, c in enumerate(text):
        if (form := _NUMERAL_FORMS.get(ord(c))) is None:
            continue
        for step in (-1, 1):
            j = i + step
            if 0 <= j < len(text) and text[j] in " \u3000-.·" and 0 <= j + step < len(text):
                j += step
            if 0 <= j < len(text) and (ord(text[j]) in _NUMERAL_FORMS or (
                    not form[1] and (text[j] in _NUMERAL_NEIGHBOURS or pieces[j] in _NUMERAL_NEIGHBOURS))):
                out[i] = form[0]
                break
    return out


_READING = _Reading()
# (R19-2) the look-alike colons (ratio ∶, the vertical two-dot ︰, the modifier letter colon ꞉, ˸, ⁚, ⦂, ፡) read as a
# colon, and the Japanese and variant forms of cue characters (挙/擧 for 举, 検 for 检, 実 for 实, 発 for 发, 訴 for 诉,
# 県 for 县) as the simplified ones, one character for one: 举报人∶王建国, 挙报人：王建国.
_READ_AS_19A = {0x2236: "：", 0xFE30: "：", 0xA789: "：", 0x02F8: "：", 0x205A: "：", 0x2982: "：", 0x1361: "：",
                0xFE13: "：", 0xFE55: "："}
_VARIANTS_19A = str.maketrans("挙擧検実発訴県", "举举检实发诉县")
_VARIANT_19A = compile_later("[挙擧検実発訴県]")
# Characters that read as themselves (tests/test_identity_normalisation.py checks each): most texts are made of
# nothing else, and skip the table.
PLAIN_CHARS = ("\n\r\x20-\x7e\u4e00-\u9fff\u3000-\u3003\u3008-\u3011\u3014-\u301f\uff01-\uff5e"
               "\u2018\u2019\u201c\u201d\u2014\u00b7")
_PLAIN = compile_later(f"[{PLAIN_CHARS}]*")


def read_text(text: str) -> tuple[str, list[int] | None]:
    """`text` as the detectors read it, and for each of its characters the position of the original one it
    comes from (None when it is the text as written)."""
    if _PLAIN.fullmatch(text):
        read, index = text, None
    else:
        read = text.translate(_READING)
        if _NUMERAL_FORMS and not _NUMERAL_FORMS.keys().isdisjoint(map(ord, text)):
            read, at = _numerals_read(text)
            index = None if at is None else list(at)
        else:
            index = None if read == text else [i for i, c in enumerate(text) for _ in _READING[ord(c)]]
    if _VARIANT_19A.search(read):  # 挙报人, 擧報人: the Japanese and variant forms of the cue words (R19-2), one for one
        read, index = read.translate(_VARIANTS_19A), index if index is not None else list(range(len(read)))
    runs = list(_BRACKETED_RUN.finditer(read))
    if runs:  # (一)(三)(七) as 一三七
        read, index = _dropped(read, index, [(m.start() + j, m.start() + j + 1) for m in runs
                                             for j, c in enumerate(m.group()) if _BRACKET_OR_SPACE.match(c)])
    return read, index


def _span_of(index: list[int], start: int, end: int, text: str = "") -> tuple[int, int]:
    """The original characters of the read text's `start:end`, with what reads as nothing right after them (the
    U+FE0F and keycap U+20E3 of a last 1️⃣) when `text` is the original."""
    end = index[end - 1] + 1
    while end < len(text) and not _READING[ord(text[end])]:
        end += 1
    return index[start], end


# Traditional characters (陳建華 for 陈建华): the recorded name and the text are both matched in simplified script,
# one character for one (OpenCC's t2s table, character by character, so that positions stay those of the text).
_t2s_lock = threading.Lock()
_t2s = None


def t2s_converter():
    """The OpenCC traditional → simplified converter, made once (loading its tables takes a moment)."""
    global _t2s
    if _t2s is None:
        with _t2s_lock:
            if _t2s is None:
                import opencc

                _t2s = opencc.OpenCC("t2s")
    return _t2s


class _Folding(dict):
    """`str.translate` table filled on first use: each ideograph as its simplified form, when that is one character."""

    def __missing__(self, code: int) -> int:
        value = code
        if 0x3400 <= code <= 0x9FFF or code >= 0x20000:
            simplified = t2s_converter().convert(chr(code))
            if len(simplified) == 1:
                value = ord(simplified)
        self[code] = value
        return value


_FOLDING = _Folding()


def fold_traditional(text: str) -> str:
    """`text` with its traditional characters in simplified script, one character for one."""
    return text if text.isascii() else text.translate(_FOLDING)


# The interpunct that parts the names of Uyghur, Kazakh, Tibetan… citizens and the Chinese forms of foreign names
# (阿不都热合曼·买买提, 爱新觉罗·溥仪), and what is typed for it (•, ・, ‧, ∙, ⋅; ･ reads as ・): no part of the name as
# it is matched, as a space is not (R10-12). The text is matched with whatever stands between two ideographs dropped
# (`Shadow.joined`), so the recorded name without it is found however the text dots or spaces it.
INTERPUNCTS = "·•・‧∙⋅"
_NAME_PARTS = compile_later(rf"[{INTERPUNCTS}\s]+")
_CAMEL_PARTS = compile_later(r"[A-Z][a-z]+")


@lru_cache(maxsize=4096)
def recorded_value(value: str, kind: str) -> str:
    """A recorded value (kind: name, phone, id_number, address) as it is matched: read as the detectors read
    text (`read_text`), full-width as ASCII, without any space; a phone only its digits, an ID number only its
    digits and X, upper case; a name without its interpuncts (阿不都热合曼买买提)."""
    value = unicodedata.normalize("NFKC", read_text(value or "")[0])
    value = "".join(value.split())
    if kind == "name":
        value = value.translate(_NO_INTERPUNCT)
    if kind == "phone":
        return "".join(c for c in value if c in "0123456789+")
    if kind == "id_number":
        return "".join(c for c in value if c in "0123456789Xx").upper()
    if kind == "name":
        return fold_traditional(value)
    return value


# What a clerk types into the name field when the caller gives none (R10-8): no name, and masking these words would
# hide them everywhere (匿名举报称… as 匿*举报称…).
PLACEHOLDER_NAMES = frozenset("匿名 匿名者 市民 群众 热心群众 热心市民 村民 居民 网友 不详 未知 无 略 某某 先生 女士 "
                              "来电人 来信人 来访人 举报人 投诉人 信访人 反映人".split())


_NO_INTERPUNCT = dict.fromkeys(map(ord, INTERPUNCTS))


@lru_cache(maxsize=4096)
def name_parts(value: str) -> dict[str, tuple[str, ...]]:
    """{recorded name: its parts} for each person of a recorded name field written in parts: with an interpunct or
    a space (阿不都热合曼·买买提, 爱新觉罗 溥仪), or in Latin letters (Tom Smith, TomSmith). Each part of two
    characters or more is then what the given name is for a Han name (`whole_fragments`, `given_names`); a Latin
    name is matched in its parts (`latin_name_spans`)."""
    out = {}
    value = unicodedata.normalize("NFKC", read_text(value or "")[0]).strip()
    for chunk in _PEOPLE_SEP.split(value):
        chunk = _HEADCOUNT.sub("", chunk.strip()).strip()
        parts = [part for part in _NAME_PARTS.split(chunk) if part]
        latin = bool(chunk) and chunk.isascii()
        if latin and len(parts) == 1 and len(camel := _CAMEL_PARTS.findall(chunk)) >= 2 and "".join(camel) == chunk:
            parts = camel  # TomSmith
        if len(parts) >= 2 and (latin or all(_HAN_WORD.fullmatch(part) for part in parts)):
            out[recorded_value(chunk, "name")] = tuple(recorded_value(part, "name") for part in parts)
    return out


# A complainant that is an organisation (新民村村委会, 幸福小区业主委员会, 某某有限公司) names no person: its name in the
# text is what the case is about, and masking it hides the case from its reader (R11-9).
_ORGANISATION_NAME = compile_later(r".{2,}(?:委员会|委会|公司|协会|合作社|集团|学校|医院|中心|办公室|村民小组|商会|研究会)$")


def _no_person_name(name: str) -> bool:
    return name in PLACEHOLDER_NAMES or bool(_ORGANISATION_NAME.match(name or ""))


def recorded_people(people) -> list[dict]:
    """`people` (Complainant rows or dicts) as dicts of their recorded values, each through `recorded_value`, and
    their case's reported party and address where known ("party", "place": `trade_names`); a name field that holds
    several people (张伟、李娜, 张伟等3人: `people_in_name`) as one dict each, the first with the phone, ID number and
    address. Read again, the same dicts."""
    out = []
    for p in people:
        get = p.get if isinstance(p, dict) else (lambda k, _p=p: getattr(_p, k, ""))
        person = {k: recorded_value(get(k) or "", k) for k in ("name", "phone", "id_number", "address")}
        party, place, anonymous = (get("party"), get("place"), get("anonymous")) if isinstance(p, dict) else _case_of(p)
        person.update(party=recorded_value(party or "", "party"), place=recorded_value(place or "", "place"),
                      anonymous=bool(anonymous))
        names = tuple(n for n in people_in_name(get("name") or "") if not _no_person_name(n))
        if _no_person_name(person["name"]):
            person["name"] = ""
        parts = name_parts(get("name") or "")
        if isinstance(p, dict) and p.get("parts"):  # read again
            parts = {**parts, recorded_value(get("name") or "", "name"): tuple(p["parts"])}
        out.append({**person, "name": names[0], "parts": parts.get(names[0], ())} if names else person)
        out += [{**person, "name": name, "parts": parts.get(name, ()), "phone": "", "id_number": "", "address": ""}
                for name in names[1:]]
    return out


def _case_of(person) -> tuple[str, str, bool]:
    """The reported party and address of a Complainant row's case, and whether the case is anonymous, when the row
    holds its case already (it was read through `case.complainants`), without a query; else nothing."""
    field = getattr(type(person), "complaint", None)
    if field is None or not getattr(field, "is_cached", None) or not field.is_cached(person):
        return "", "", False
    case = person.complaint
    return case.reported_party_name or "", case.address or "", bool(getattr(case, "is_anonymous", False))


def with_case(people, party: str, place: str, anonymous: bool = False) -> list[dict]:
    """`people` as `recorded_people` with their case's reported party name and address (`trade_names`) and whether
    the case is anonymous (`anonymous_case`)."""
    return [{**p, "party": party or "", "place": place or "", "anonymous": bool(anonymous or p.get("anonymous"))}
            for p in recorded_people(people)]


def anonymous_case(people) -> bool:
    """Whether `people` (recorded, `recorded_people`) are an anonymous case's (R12-4): its box shows none of their
    values, so its free text may show nothing of them either: every mask is whole (no first character of a name, no
    road before a recorded home's number), and the surname the writer gives (我姓黄) is masked."""
    return any(p.get("anonymous") for p in people)


# A name field holding more than one person (R9-2): a 12345 work order or a clerk records a joint complaint as
# 张伟、李娜, 张伟，李娜, 张伟/李娜, 张伟 李娜, 张伟和李娜, or with a headcount: 张伟等3人, 张伟一家. Each person is a
# recorded name of its own (masks, fragments, search columns). A space or 和/及/与/跟 splits only where every part
# is a name of two to four ideographs (a spaced 慕 容 秋 水 and 王和平 are one person).
_PEOPLE_SEP = compile_later(r"[、,，/／;；|｜]+")
_HEADCOUNT = compile_later(r"(?:等(?:[0-9〇一二两三四五六七八九十百]+(?:人|位|户|名|家))?|等人|一家(?:人|子)?|全家|夫妇|夫妻)$")
_PEOPLE_JOIN = compile_later(r"[和及与跟]")
_PERSON_WORD = compile_later(r"[\u4e00-\u9fff]{2,4}")
_HAN_WORD = compile_later(r"[\u4e00-\u9fff]+")


@lru_cache(maxsize=4096)
def people_in_name(value: str) -> tuple[str, ...]:
    """The people a recorded name field holds, each through `recorded_value` (empty: none)."""
    value = unicodedata.normalize("NFKC", read_text(value or "")[0]).strip()
    out = []
    for chunk in _PEOPLE_SEP.split(value):
        chunk = _HEADCOUNT.sub("", chunk.strip()).strip()
        parts = chunk.split()
        if len(parts) < 2 or not all(_PERSON_WORD.fullmatch(part) for part in parts):
            parts = [chunk]
        for part in parts:
            joined = _PEOPLE_JOIN.split(part)
            if len(joined) > 1 and all(_PERSON_WORD.fullmatch(j) and (j[0] in SURNAMES or j[:2] in COMPOUND_SURNAMES)
                                       for j in joined):
                parts_of = joined
            else:
                parts_of = [part]
            out += [name for name in (recorded_value(j, "name") for j in parts_of) if name]
    return tuple(dict.fromkeys(out))


# --- Personal data in free text ----------------------------------------------------------------
#
# Complainants write their own name, phone, ID number and home address into the content and the
# address; officers and clerks write them into reports and replies (the reply letter opens with the
# complainant's name). Stored text stays as written: what is shown to someone without the right to
# the identity goes through `mask_text`, which masks
#   - the case's own recorded values and their fragments (the given name alone, the ID number's
#     last six digits, the detailed part of the home address), wherever they stand; the names also split
#     by separators, in traditional characters (`Shadow.joined`) and in pinyin (`pinyin_spans`);
#   - by pattern (`pattern_spans`, which the letter scanner's black boxes use too, intake/pii.py):
#     mobile and landline numbers, also spaced or in Chinese numerals (一三九…, 〇/零/幺); ID numbers
#     with a right check character, also spaced; WeChat and QQ handles, e-mail addresses; a birth
#     date next to 出生/生于;
#   - names after cues (我叫, 我的名字是, 姓名, 联系人, 署名, 落款, 信访人, 举报人, 来信人, 本人, 我是…,
#     我姓…名…), a name standing alone before 反映/举报/投诉 at the start of a clause, a name
#     before 家门口/家旁边/门口…, and a signature (此致/敬礼 + name, name + （签字）: `signature_spans`);
#   - the street-and-number part of a home address after 住址/家住/现住/家在/我家/住…, and home addresses
#     written as 小区/花园/新村 + building and room numbers, the room after them included;
#   - the recorded home's building and room whatever joins them (12-303, 12#303, 7-5-2, 七栋五零二:
#     `home_spans`), and the recorded phone's last eight digits, the ID number's last six and birth date
#     written in groups (2222，4444: `recorded_number_pieces`).
#
# A cue that says "a name follows" (我叫, 姓名：) takes whatever stands there; where the cue is weaker
# (本人, 我是, a role word without a colon, a word before 反映 or 门口) only a word that starts with a
# common surname and is not a common word (方面, 白天, 周边…) is taken for a name. Plain regular
# expressions, kept cheap: this runs on every page render. (jionlp's extractors know none of the
# Chinese-numeral, spaced or cue forms, and importing it takes about a second; start-up stays free
# of it, core/tests/test_startup.py.)


COMPOUND_SURNAMES = (
    "欧阳", "诸葛", "司马", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒",
    "夏侯", "端木", "独孤", "南宫", "西门", "百里", "呼延", "闻人", "轩辕", "澹台", "申屠", "太史",
    "万俟", "赫连", "公羊", "公冶", "宗政", "濮阳", "淳于", "单于", "钟离", "鲜于", "闾丘", "司空", "拓跋",
    "左丘", "第五",
)
# Common single-character surnames, without those that mostly stand for a word in a complaint
# (于, 向, 和, 曾, 时, 成, 全, 明, 常, 万…): where no cue says that a name follows, a word is taken for a
# name only when it starts with one of these.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭肖田董潘袁蔡蒋余杜叶程魏苏吕丁任"
    "卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付傅方邹熊白孟秦邱侯江尹薛闫阎段雷龙黎史陶贺毛郝顾龚邵覃武钱戴"
    "严欧莫孔汤康易乔赖文施洪牛樊葛邢安齐伍庞颜倪庄聂章鲁岳翟殷詹申耿关兰焦俞左柳甘祝包宁尚符舒阮柯"
    "纪梅童凌毕裴霍涂苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶牟艾尤穆卓褚娄窦戚岑卜晏瞿佟臧"
    "闵苟邬卞姬栾隋刁巫寇桑郎甄仲虞敖佘邝鞠荆冀胥栗鄢谌奚粟冼蔺郜阚屠廉禹邸雍辜裘亓邰赫逯嵇湛昝"
)
# Common words that start with a surname character: not a name where only the surname vouches for one.
_NOT_NAMES = frozenset(
    "马上 马路 方面 方向 方式 方法 方便 白天 白色 高层 高速 高度 高温 高压 高空 高中 高新 江边 江面 江苏 江西 "
    "路边 路上 路口 路灯 路面 金属 金额 石化 石料 石灰 石头 田间 田地 田里 黄色 黄沙 黄昏 洪水 安全 安徽 "
    "安装 安排 龙虾 毛病 林业 林地 农业 农民 关于 关闭 关注 关停 严重 严格 严禁 申请 申报 房屋 房子 甘肃 宁夏 "
    "宁愿 宁可 苏州 苏北 苏南 徐州 温州 杨树 柳树 管道 管理 夏天 夏季 钱款 文明 文件 文化 包括 齐全 任何 "
    "任职 任务 何时 何况 何必 程度 余下 余热 叶子 雷雨 雷声 易燃 乔木 康复 左右 左边 左侧 柴油 蓝色 游客 "
    "辛苦 华东 华北 阳光 孙子 孙女 梅雨 凌晨 涂料 涂装 苗木 盛夏 毕竟 陆续 尚未 杜绝 章程 纪律 符合 舒适 "
    "莫名 孔洞 牛羊 郑重 路线 房前 房后 林立 毛坯 武装 谢谢 谢意 游泳 游玩 华人 金色 江水 湖水 "
    "房东 房主 施工 许可".split()  # (round 15: 找房东说理, 找许可证, 施工方（化工厂）称)
    + [f"周{c}" for c in "一二三四五六日天末边围期年岁"]
)
# Last characters of a place or a business, not of a person (化工厂, 王集镇, 石化公司).
_PLACE_SUFFIX = frozenset("厂司局站店场镇村区县市所院委会部处队组社校馆园楼室间路街港集庄圩坊铺库棚厅工")
# First characters after a cue that start no name (本人是…, 举报人称…, 本人多次…).
_NOT_A_NAME = frozenset("是在家住于现的因就向对要特系为与和从已也都反举投多一曾今近想实非认了他她它你您我们这那该此其"
                        "本匿无未不略保隐某称说诉提所情均仍另见详同如")
# …and after a cue that does say a name follows (姓名：不详, 联系人：本人, 我叫了).
_NOT_A_NAME_AFTER_NAME_CUE = frozenset("本匿无未不略保隐某见详同如了他她它你您我们这那该此"
                                       "电性地身手住联序备")  # a table's header after 姓名: 电话, 性别, 地址… (R11-9)
# Characters that end a name once it has two (张三反映, 李四家住, 王五电话, 张三丰年龄…).
_NAME_STOP = frozenset("家住现电联手身的是在称说于向对等和与及也都又再多已曾今因就要请反举投性男女年岁号人后想特从为将把被让给了着过")
# words that begin no given name: a surname before them is a word (老人关在里面, 找王的人)
_NOT_A_GIVEN_START = frozenset("在是的了着过被把让给将从向对")
# the stops of a name that also end given names (永和, 德和, 秀都, 永在…)
_NAME_END_WORDS = frozenset("和都也在是就又要对给把被让向从与及将已曾再")
# Uyghur names often start so; written without a dot, such a name is the whole run of ideographs after a cue
_UYGHUR_PREFIXES = ("阿不都", "阿布都", "阿卜杜", "阿不力", "阿布力")
_BOUNDARY = frozenset("，。,.；;：:！!？?、 \t\u3000\n（(）)“”\"'‘’《》【】据经由在到从往至于朝对")

_HAN = r"[\u4e00-\u9fff]"
_SEP = r"[ \u3000-]"  # what people put between the groups of a number
# Chinese numerals (also the financial ones, 壹贰叁…) and full-width digits, one character each, as ASCII
# digits: the number patterns run on the translated text, whose positions are those of the original.
# The digits as operators and hotline clerks speak them (R13-1): 两 2, 拐 7, 勾 9, 洞 0 (幺三八洞洞拐拐勾勾两两); read
# as digits only in a run of four numerals or more, like the others (两三天, 拐弯, 洞口 stay words).
_SPOKEN_DIGITS = "两拐勾洞"
_CN_DIGITS = "〇○零Ｏ幺一二三四五六七八九壹贰叁肆伍陆柒捌玖" + _SPOKEN_DIGITS
_NUMERALS = str.maketrans(_CN_DIGITS + "０１２３４５６７８９",
                          "0000" "1" "123456789" "123456789" "2790" "0123456789")
# what people put between the groups of a number besides a space or a hyphen: 139.1111.2222, 139/1111,
# 139_1111, 139—1111, 139 - 1111 - 2222
_GROUP_SEP = "-.．/／_—–·・"
# four or more numerals in a row, of which the first is a Chinese one or a full-width digit (not 一二三车间)
_NUMERAL_RUN = compile_later(rf"[{_CN_DIGITS}０-９][{_CN_DIGITS}０-９0-9 \u3000{re.escape(_GROUP_SEP)}]{{3,}}")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
# (the patterns start with a digit or a literal, which lets the regex engine skip ahead quickly)
ID_NUMBER = compile_later(rf"\d(?<![0-9A-Za-z]\d)(?:(?:{_SEP}?\d){{16}}{_SEP}?[\dXx]|\d{{14}})(?![0-9A-Za-z])")
# after 身份证号 a number of that shape is one even with a wrong check character (a slip of the pen)
_ID_CUE = compile_later(rf"(?:身份证|身份号码|证件)(?:号码|号)?\s*(?:[:：]|是|为)?\s*({ID_NUMBER.pattern})")
MOBILE = compile_later(rf"1[3-9]\d(?:{_SEP}?\d){{8}}(?![0-9A-Za-z])")  # not after a digit, but after +86: see phone_numbers
_COUNTRY_CODE = compile_later(rf"(?<![\d+])\+?86{_SEP}?$")
LANDLINE = compile_later(rf"0(?<!\d0)\d{{2,3}}[)）]?{_SEP}?\d{{3,4}}{_SEP}?\d{{4}}(?!\d)")
# WeChat and QQ: a cue (微信, 扣扣, or a Latin word: wx, vx, qq, weixin, wechat) and the handle after it
_HANDLE_CUE = compile_later(r"[微薇威VvWw][ \u3000]*信|扣扣|微博[ \u3000]*@?|抖音|快手|小红书|加我[ \u3000]*[薇威V](?![ \u3000]*信)|"
                            r"[微薇威](?=[ \u3000]*[:：])|绿泡泡")  # 微：, 绿泡泡： (R17-8)  # 微信 and how it is dodged: V信, 薇信, 威信; 微博@, 加我薇 (R11-8)
_LATIN_WORD = compile_later(r"[WwVvQq](?<![A-Za-z][WwVvQq])[A-Za-z]{1,5}(?![A-Za-z])")
# Other identity documents after their name (R11-8): a Hong Kong or Macau ID (A123456(7)), a passport, a
# Mainland travel permit for Hong Kong, Macau or Taiwan residents.
_OTHER_ID = compile_later(r"(?:香港|澳门|港澳)?(?:身份证|身份證|居民身份证|护照|護照|通行证|回乡证|台胞证)(?:号码|号|號碼|號)?"
                          r"[ \u3000]*[:：]?[ \u3000]*([A-Za-z]{1,2}[0-9]{6,9}[ \u3000]*(?:[（(][0-9Aa][）)])?)")
_AT_HANDLE = compile_later(r"(?:微博|抖音|快手|小红书|B站|推特)[ \u3000]*[@＠]([\w\u4e00-\u9fff-]{2,30})")
_HANDLE_WORDS = frozenset(("wx", "vx", "qq", "weixin", "wechat"))
HANDLE = compile_later(r"(?:号码|账号|号|id|ID)?\s*(?:[:：]|是|为)?\s*([A-Za-z0-9][A-Za-z0-9_-]{4,29})(?![A-Za-z0-9_-])")
EMAIL = compile_later(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# An e-mail address written so that no @ is there: wangxm(at)163.com, wangxm#163.com, wangxm @ 163.com,
# wangxm at 163 dot com, wangxm［at］qq.com (run on the `Shadow`: full-width brackets as ASCII). The domain must
# end in a common top-level domain, so that "车间at night" or "#3车间" is no address.
_AT = r"(?:\s*(?:@|#)\s*|\s*[(\[{【（]\s*(?:at|AT|艾特)\s*[)\]}】）]\s*|\s+(?:at|AT)\s+)"
_DOT = r"(?:\s*[.。]\s*|\s*[(\[{【（]\s*(?:dot|DOT|点)\s*[)\]}】）]\s*|\s+(?:dot|DOT)\s+)"
EMAIL_DODGED = compile_later(
    rf"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*{_AT}[A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)*{_DOT}"
    r"(?:com|cn|net|org|edu|gov|top|vip|cc|io|me|info|biz|co)(?![A-Za-z0-9])")
_DATE = (r"(?:19|20)\d{2}\s*[年./-]\s*[0-9〇零一二三四五六七八九十]{1,3}\s*[月./-]\s*"
         r"(?:[0-9〇零一二三四五六七八九十]{1,3}\s*[日号]?)?")
BIRTH_DATE = compile_later(rf"(?:出生(?:于|在|日期|年月日?)?|生于|生日)\s*(?:[:：]|是|为)?\s*({_DATE})"
                        rf"|({_DATE})\s*(?:出生|生人|生(?=[，。,、；;\s)）]|$))")
# 九〇年一月一日生, 出生于90年1月1日: a two-digit year (the numerals not yet digits: a run of two is no number)
_SHORT_DATE = (r"[0-9〇○零一二三四五六七八九]{2}\s*年\s*[0-9〇○零一二三四五六七八九十]{1,3}\s*月\s*"
               r"(?:[0-9〇○零一二三四五六七八九十]{1,3}\s*[日号]?)?")
SHORT_BIRTH_DATE = compile_later(rf"(?:出生(?:于|在|日期|年月日?)?|生于|生日)\s*(?:[:：]|是|为)?\s*({_SHORT_DATE})"
                              rf"|({_SHORT_DATE})\s*(?:出生|生人|生(?=[，。,、；;\s)）]|$))")
ADDRESS_CUE = compile_later(r"(?:家庭住址|家住|住址|现住|住在|居住在|居住地|联系地址)[：:\s]*([^，。,；;！!？?\n]{4,60})")
_HOUSE_NUMBER = compile_later(r"[0-9０-９一二三四五六七八九十百零〇]+\s*(?:号楼|号|室|幢|栋|单元|组|楼|层|弄|巷)")
_ADMIN = compile_later(r"(?:省|(?<!超)市|县|(?<![小社园厂景校营])区|镇|乡|街道)")
# a building and room number in a housing estate or village; the estate's name before it is added
_NUM = "[0-9一二三四五六七八九十零〇○]"
_HOME_RE = compile_later(rf"(?:小区|花园|新村|公寓|家园|苑|村|组)\s*"
                      rf"(?:{_NUM}+\s*(?:幢|栋|号楼|组)(?:\s*{_NUM}+\s*单元)?(?:\s*{_NUM}+\s*(?:室|号))?"
                      rf"|(?:{_NUM}+\s*单元\s*)?{_NUM}{{3,4}}\s*室)")  # 幸福小区五零一室
# The home cues of the masks (pattern_spans): those of ADDRESS_CUE (which the letter scanner reads to pre-fill the
# address, intake/pii.py) and the looser ones of free text: 家在, 我家, 住 alone (邻居住…; not 住户, 住宿, 住了), and
# 地址： (not after the reported party: 被举报单位地址：, 该厂地址：). Each still needs a house number in its clause
# (`_HOUSE_NUMBER` or a building-room pair, 3-201, 5#302); after a looser cue a 号 or 组 only after a road or a
# village (幸福路88号, 红旗村三组: 堵住3号排口 is no address).
_HOME_CUE = compile_later(r"(?:家庭住址|家住|住址|现住|住在|居住在|居住地|联系地址|通讯地址|邮寄地址|回信地址|收信地址|"
                       r"户籍地址?[：:]?|现居住?地?|(?<![厂司店单企])(?:住所|住处|寓所)(?:地址)?[：:]|"  # R11-8
                       r"(?:回复|回信)?请?寄(?:至|到|往)?[：:]|寄(?:至|到|往)|(?<![厂商店农东大人国专作老])家在|[我俺]家(?![在住]|座机|电话|固话|手机)"
                       r"|敝宅|寒舍|(?:我|俺)屋里?在"  # 敝宅新华路108号, 俺屋里在新华路108号 (R16-9)
                       r"|住(?![户宅房所宿院址处的了着过区])|地址(?:[：:]|是|为)?"
                       r"|(?<![厂商店农东大人国专作老卖买行业玩管庄酒娘婆亲冤仇赢输])家[：:])"  # 家：人民路25号 (R15-9)
                       r"[：:\s]*([^，。,；;！!？?\n]{2,60})")
_ROADS = frozenset("路街道巷弄里村队")
# a village group written beside a name (新华村三组的王建国, （新华村三组）：, 新华村三组 / 王建国) or where a field or a
# works lies (田在新华村3组): the name is what is masked, the group is no home (R16 over-masks)
_GROUP_THEN_NAME = compile_later(r"的|[)）][ \u3000]*[:：]?|[ \u3000]*[/／|｜][ \u3000]*")
_NOT_HOME_BEFORE = compile_later(r"(?:田|地|厂|塘|棚|坟|店|场)(?:在|位于)[\u4e00-\u9fff]{0,8}$")
# The people of a village group after it (新华村三组村民, 三组全体村民): the group is where they live, not a home.
_GROUP_PEOPLE = compile_later(r"[ \u3000]*(?:的|全体|所有|广大|部分)?(?:村民|居民|群众|住户|百姓|老百姓|农户|乡亲)")
# A lettered or 座/区 building and its room after a home cue (A栋1502, B座1502, B-1502, 3座1502, 2区301): the numbered
# 栋/幢/号楼 forms are `_HOUSE_NUMBER`'s, the dashed ones `_HOME_PAIR`'s.
_BUILDING_ROOM = compile_later(
    r"(?:(?<![A-Za-zＡ-Ｚａ-ｚ])[A-Za-zＡ-Ｚａ-ｚ]\s*(?:号楼|栋|幢|座|区|单元|[-－‐‒–—―−ーｰ#＃]{1,2})?"
    r"|[0-9０-９零〇○一二三四五六七八九十]{1,4}\s*[座区])\s*[0-9０-９零〇○幺一二两三四五六七八九十百]{2,5}(?:室|号|户)?"
    r"(?![0-9０-９A-Za-zＡ-Ｚａ-ｚ])")
# A cue's address written over two clauses (家住：幸福里，3号楼502; 我家住在人民路，88号): the next clause starts with the
# house number and ends there (not 住在这里，3号排口).
_NEXT_CLAUSE = compile_later(r"[，,][ \u3000]*")
_HOUSE_ENDS = compile_later(r"(?:室|楼|层|单元|栋|幢)?(?:[^\w]|$)")
_NOT_A_PLACE = compile_later(r"(?:这里|那里|这边|那边|附近|旁边|周边|隔壁|对面|楼上|楼下|边上|一带)$")
_PARTY_BEFORE = compile_later(r"被举报|被投诉|单位|企业|公司|工厂|厂|工地|商家|店|项目")
# Numerals of a house number: Arabic (also full-width) or Chinese, digit by digit (五零二) or counted (十二, 三百零三).
_NUMERAL = "0-9０-９零〇○幺一二两三四五六七八九十百"
# What joins a building and its room (12栋303, 12号楼303, 12-303, 12#303, 3单元502, 5楼2号): the dashes of
# every kind as `read_text` leaves them (‐ U+2010 for U+2011, − U+2212, ー U+30FC, full-width －).
_HOME_JOIN = r"(?:号楼|栋|幢|座|单元|楼|层|号|[-－‐‒–—―−ーｰ#＃]{1,2})"
_HOME_PAIR = compile_later(rf"[{_NUMERAL}]+\s*[-－‐‒–—―−ーｰ#＃]{{1,2}}\s*[{_NUMERAL}]+")
# A building-room chain: two to four numbers, each joined to the last by one of _HOME_JOIN (run on the text with
# its spaces dropped, `_despaced`: 7 栋 5 0 2).
_HOME_CHAIN = compile_later(rf"(?<![{_NUMERAL}A-Za-z])[{_NUMERAL}]{{1,5}}(?:{_HOME_JOIN}[{_NUMERAL}]{{1,5}}){{1,3}}"
                         rf"(?:室|号|户)?(?![{_NUMERAL}])")
_HOME_GROUP = compile_later(rf"[{_NUMERAL}]+")
# A room number after a masked address (…7栋 + 502, …3单元 + 502, …7栋 + 5楼2号, …12 + -303): adjacent, or after a
# joiner; not a count, a date or a measure (3号排口 after a comma is never reached: the tail stops at punctuation).
_ROOM_TAIL = compile_later(rf"(?:[-－‐‒–—―−ーｰ#＃]{{1,2}}\s*)?[{_NUMERAL}]+(?:号楼|栋|幢|座|单元|楼|层|号|室|户)?"
                        rf"(?![{_NUMERAL}年月日时点分秒元米万千个次天岁度克吨斤倍%A-Za-z])")
# Cues before a name: those that say a name follows; somebody's role (举报人…, not 被举报人); the writer.
_NAMED_CUES = frozenset(("我叫", "俺叫", "本人叫", "我的名字是", "我的名字叫", "名字是", "名字叫", "名叫", "本人姓名", "姓名",
                         "我的名字"))
# 叫 as a verb after 我/俺/本人 (叫车, 叫醒, 叫上, 叫来, 叫人…): no name follows (R18-10; 上官 is a surname)
_CALLS_FOR = frozenset(("我叫", "俺叫", "本人叫"))
_CALLED_FOR = compile_later(r"车|醒|上(?!官)|来|人|去|了|过|到|出|起|好|停|住(?![院])|喊|骂|嚷|苦|屈|卖|我|他|她|你|大家|家人|"
                            r"邻居|救护|警察|民警|村干部|干部|物业|保安|朋友|同事|外卖|滴滴|出租|的士|快递|师傅|医生")
_OF_KIN = frozenset("子女妻夫母父孙兄弟姐妹")
_ROLE_CUES = frozenset(("联系人", "署名", "签名", "签字", "落款", "信访人", "举报人", "投诉人", "反映人", "来信人",
                        "来访人", "来电人", "申请人",
                        # a joint complaint's (R9-1): 联名人：张伟、李娜, 村民代表张伟, 签字人：东方白云
                        "联名人", "联名举报人", "村民代表", "群众代表", "签字人", "具名人", "全体村民",
                        # the legal and letter words for the same people (R11-4): 检举人：赵德胜, 控告人：钱玉珍
                        "检举人", "控告人", "报案人", "求助人", "知情人", "申诉人", "反映者", "投诉者", "举报者",
                        "受害人", "受害者", "发件人", "寄件人", "来访人员", "村民名单", "签名的有", "联名的有",
                        "陈情人", "请愿人",  # (R13-4)
                        # (R15-6, R15-7) 举报人信息：王建国/…, 代表人：王建国 (not 法定代表人: the party's), 留名：王建国
                        "举报人信息", "投诉人信息", "反映人信息", "信访人信息", "联系人信息", "来电人信息", "申请人信息",
                        "代表人", "村民代表人", "群众代表人", "留名",
                        # (R16-4) 发信人：王建国, 联络人王建国, 执笔人：, 代书人：, 具状人：, 求助者：, 按手印：王建国 赵德胜
                        "发信人", "联络人", "执笔人", "代书人", "具状人", "求助者", "按手印",
                        # (R18-1) 签名人：王建国, 署名人：, 立字人：, 报告人：, 经手人：
                        "签名人", "署名人", "立字人", "报告人", "经手人"))
_NAME_CUE = compile_later("(" + "|".join(sorted(_NAMED_CUES | _ROLE_CUES | {"本人是", "本人系", "本人", "我是", "我系"},
                                                key=len, reverse=True))
                       + r")(\s*(?:[:：;；]|[—－–\-]{1,2})\s*|[ \t\u3000]+|[ \u3000]*[（(【“\"][ \u3000]*|为|系)?")
# 举报人：, 举报人—张秀兰, 举报人－张秀兰, 举报人；张秀兰 (OCR's colon), 举报人（张秀兰）, 举报人“张秀兰”, 举报人为张秀兰
# (R10-5) Cues after which a name is judged as after a weak one (a common surname, not a common word, not a place),
# with a colon or a dash or not: what a letter, a transcript or a staff note writes before a person who is not the
# reported party. Role words (写信人：, 当事人：, 户主…: a company or an office may follow them too), 联名：/举报： with
# their colon, the writer's words for themselves (鄙人, 小女子, 俺是; 在下 not before 游/面/午…), relatives and
# neighbours (我丈夫, 老伴, 其妻, 之子, 媳妇, 邻居…, then 叫/是), whom to contact (请联系, 有事请找), and the first name
# of a list after 我、/我和 (我、李秀英、赵德胜三户).
_WEAK_CUE = compile_later(
    r"(?:写信人|当事人|委托人|户主|收件人|见证人|证人|代笔人|代写人|回访对象|陪同人员|接听人为?|联系对象|"
    r"(?:联名|举报)(?=[ \u3000]*[:：—－])|"
    r"鄙人|小女子|(?:^|(?<=[，。,.；;！!？?\s：:]))在下(?![游面午班雨方边来])|俺是|"
    r"(?:我|俺|其|他|她)?(?:丈夫|老公|妻子|老婆|爱人|老伴儿?|夫人|妈妈|妈|母亲|爸爸|爸|父亲|儿子|女儿|儿媳妇?|女婿|"
    r"哥哥|姐姐|弟弟|妹妹|公公|婆婆|岳父|岳母|爷爷|奶奶|外公|外婆|孙子|孙女)|媳妇|邻居|"
    # more family and friends, only as somebody's (我闺女, 我同事; not 孩子游完…: R11-4 residual)
    r"(?:我|俺|其|他|她)(?:的|家)?(?:闺女|姑娘|孩子|外甥女?|侄子|侄女|小叔子|嫂子|姐夫|妹夫|对象|那口子|老头子?|"
    r"老太婆|朋友|同事|同学|亲戚|"
    # cousins, aunts, uncles and in-laws (R12-3): 我表哥陈立新, 我大姨刘桂芳, 我舅钱立新, 俺男人孙志强, 我弟媳钱秀梅
    r"[表堂](?:哥|姐|弟|妹|叔|舅|姑|姨)|[大小二三](?:姨|舅|姑|叔|伯|爷)|姨妈|姨父|姨夫|舅舅|舅妈|姑姑|姑妈|姑父|"
    r"叔叔|伯伯|婶婶|婶子|弟媳妇?|嫂子|男人|女人|连襟|妯娌|干妈|干爹|舅(?!舅)|姑(?![姑且娘])|姨(?!妈))|"
    # a relative named by the writer (R12-3): 他叫孙志强, 她叫钱秀梅 (not 他叫我…, 她叫人…: a surname must follow)
    r"(?:^|(?<=[，。,.；;！!？?\s：:]))[他她](?=叫|名叫)|"
    # staff notes (R11-4 residual): 回访赵德胜, 经电话联系赵德胜本人, 向赵德胜反馈, 询问了赵德胜, 来电人自称赵德胜
    r"回访了?|(?:电话)?联系了?|向(?=\w{2,4}(?:反馈|了解|核实|说明|解释|告知))|询问了?|走访了?|约见了?|自称|"
    r"(?:我们几家|受影响的住户有|签名的有|联名的有|参与联名的有)[：:]?|"
    r"(?:其|之)[妻夫子女]|(?:请|有事请?|可以?)(?:联系|找)|我[、和与跟](?:邻居)?|"
    # (R13-4) 有事打电话给张秀兰, 我们几户：, 据张秀兰介绍, 写信的是我张秀兰, 我（张秀兰）, 患者/老人/原告张秀兰,
    # 业主群里张秀兰说, @张秀兰
    r"(?:打|来|回)?电话给|打给|我们几[户家个人位]|据(?=\w{2,4}(?:介绍|反映|称|说|讲|讲述|回忆))|"
    r"(?:写信|来信|反映|举报|投诉)的(?:人)?是(?:我|本人)?|(?:我|本人|俺|您|你)[（(]|"
    r"(?:患者|病人|老人|原告|上诉人|被害人)|(?:业主|微信|居民|村民)?群里的?|[@＠]|"
    # (R14-2, R14-3, R14-7) more writers' and notes' words: 上访人：李秀英, 匿名：李秀英, 落款人李秀英, 提交人：, 受访人：,
    # 被回访人：, 家属（李秀英）, 这里是李秀英, 不要告诉他们是我李秀英举报的, 孩子他爹赵德胜, 我当家的赵德胜; a reply and an
    # officer's report: 回复李秀英：, 致李秀英的一封信, 已将处理结果告知李秀英, 经与李秀英核实
    r"被回访人|受访人|上访人|落款人|提交人|填报人|录入人|揭发人|证明人|监护人|目击者|家属[（(]?|"
    r"匿名(?=[ \t\u3000]*[:：])|(?:^|(?<=[，。,.；;！!？?\s：:]))这里是|"
    r"是我(?=\w{2,4}(?:举报|反映|投诉|写|打))|(?:我|俺)?当家的|孩子他[爹爸妈娘]|"
    # (R15-7, R15-8) 感谢王建国对…, 请回电王建国, 有事打王建国的电话
    r"感谢(?=\w{2,4}对)|回电给?|打(?=\w{2,4}的(?:电话|手机))|老乡|老[\u4e00-\u9fff]头|"
    r"回复(?:给)?|告知了?|致(?=\w{2,4}的?(?:一封)?信)|(?:经|已)?与(?=\w{2,4}(?:核实|沟通|联系|确认|交流|面谈|见面))|"
    # (R16-4, R16-6, R16-7, R16-8) 口述：王建国 代笔：赵德胜, 抄送：王建国, 会同王建国, 户名王建国, 车主王建国, 分机转王建国
    r"(?:口述|代笔)(?=[ \u3000]*[:：])|抄送|会同|户名|车主|分机转)"
    r"(?:[ \t\u3000]*(?:[:：]|[—－–]{1,2})[ \t\u3000]*|叫|名叫|是|为)?")
# A name's own words after it that make it no name (王老师, 李局长, 张总: a surname and a title).
_TITLE_AFTER = compile_later(r"老师|老板|老总|师傅|局长|主任|书记|经理|科长|所长|站长|队长|厂长|村长|镇长|组长|总|工|律师|医生|"
                            r"女士|先生|小姐|同志|阿姨|大爷|大妈|大娘|大姐|大哥|大叔|奶奶|爷爷|叔叔|伯伯|婶婶|阿婆|老伯")
_SURNAME_AND_NAME = compile_later(rf"(?<!百)姓({_HAN}{{1,2}}?)[，,\s]*(?:名字?叫|名叫|名|叫)({_HAN}{{1,2}})")
# the writer or a neighbour as a resident: 我是村民王小明, 本人是本村村民李四, 群众濮阳雪松, 一村民张伟 (a weak cue: a
# common surname must start the name)
_RESIDENT_CUE = compile_later(r"(?:(?:我是|本人是|本人系|我系)(?:本村|本小区|本地|当地|附近|周边)?的?)?"
                          r"(?:村民|居民|业主|市民|住户|群众|退伍军人|退役军人|残疾人|低保户|五保户|贫困户|小组长)(?!方)")  # 业主方: the owner's side
# a name written with spaces between its characters after a cue that says a name follows: 我叫王 小 明
_SPACED_NAME = compile_later(rf"{_HAN}(?:[ \u3000]+{_HAN}){{1,3}}(?![ \u3000]*{_HAN})")
# a name with an interpunct after a cue that says a name follows: taken whole (阿不都热合曼·买买提, 爱新觉罗・溥仪)
_DOTTED_NAME = compile_later(rf"{_HAN}{{1,8}}(?:[ \u3000]?[{INTERPUNCTS}][ \u3000]?{_HAN}{{1,8}})+")
_COMPLAINS = compile_later(r"反映|举报|投诉")
# An organisation, an office or a place's people after a role cue (R13-10): a run of ideographs, with no word of a
# person's home or presence in it, that ends in an organisation's or a place's word.
_ORGANISATION_AFTER = compile_later(
    r"(?:(?![家的在门旁边对住是和与及系])[\u4e00-\u9fff]){2,16}?(?:有限公司|公司|集团|工厂|厂|政府|委员会|村委会|居委会|委会|"
    r"局|科|站|所|中心|医院|学校|协会|合作社|纸业|化工|村民|居民|群众|业主|办公室|街道|社区)")
# (R17-2) what a person does right after the name (信访人王建国反映化工厂…, 举报人王建国称…厂…): the organisation test
# looks at the characters right after the name, not at a 厂 or 公司 later in the clause
_SAID_AFTER_NAME = compile_later(r"[ \u3000]*(?:多次|再次|一再|一直|曾|又|也|已|还|等人?|实名|联名)?"
                                 r"(?:反映|举报|投诉|控告|称|诉|说|表示|来信|来电|来访|致电|要求|请求|的(?:投诉|举报|来信|来电|反映))")
# between the name and 反映: 张三多次反映
_ADVERBS = frozenset(("多次", "再次", "一再", "一直", "曾经", "已经", "先后", "来电", "来信", "来访", "电话", "实名", "联名"))
_ADVERBS_1 = frozenset("曾又也已还")
_NEAR = compile_later(r"门前|门口|门外|旁边|附近|后面|屋后|屋前|楼下|对面|隔壁")
# A list of names after a cue or before a signature mark (R9-1): 举报人：张伟、李娜、王芳, 签名：张伟 李娜, 本人张伟和李娜,
# one name a line after 签名：, 张伟、李娜、王芳（签字）. Each further name is judged as after a weak cue (a common surname,
# not a common word, not a place) and must end where a name ends (punctuation, a separator, the end, or a word said of
# people: 等, 均, 反映…); the list stops at 等N人 and at the first word that is no name (举报人：张伟，王集镇化工厂…).
_LIST_SEP = compile_later(r"[ \u3000]*(?:[、，,/／;；和及与跟]|\n)[ \u3000\n]*|[ \u3000]+")
_AFTER_NAME_BRACKET = compile_later(r"[ \u3000]*[(（][^()（）\n]{1,24}[)）]")
_LIST_SEP_CHARS = frozenset("、，,/／;；和及与跟\n")
_COLON = compile_later(r"(?:[ \u3000]*[:：][ \u3000\n]*)?")
_AFTER_LISTED = compile_later(r"[^\u4e00-\u9fff]|$|等|均|都|也|一起|共同|联名|反映|举报|投诉|多次|说|称|签|按"
                              r"|[一二两三四五六七八九十几]+(?:户|家|人|位)")  # 我、李秀英、赵德胜三户


def valid_id_number(value: str) -> bool:
    """An 18-character resident ID number whose check character is right (or a 15-digit old one)."""
    value = value.upper()
    if len(value) == 15:
        return value.isdigit()
    if len(value) != 18 or not value[:17].isdigit():
        return False
    return value[17] == ID_CHECK[sum(int(d) * w for d, w in zip(value[:17], ID_WEIGHTS, strict=True)) % 11]


def digits_of(value: str) -> str:
    """`value` with Chinese numerals and full-width digits as ASCII digits, one character for one."""
    return value.translate(_NUMERALS)


def numerals_as_digits(text: str) -> str:
    """`text` with its runs of four numerals or more (一三九一…, 壹叁玖…, 一九八七) in ASCII digits."""
    return _NUMERAL_RUN.sub(lambda m: digits_of(m.group()), text)


# Between two digits, whatever groups them: spaces, or one of _GROUP_SEP with spaces around it.
_BETWEEN_DIGITS = compile_later(rf"(?<=\d)(?:[ \u3000]*[{re.escape(_GROUP_SEP)}][ \u3000]*|[ \u3000]+)(?=\d)")
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}  # ！…～ as ASCII (＠ as @), one for one
# Ordinary punctuation or a line break between groups (138，1234，5678; 320924、19900101、0020; a number broken
# over lines): dropped only between groups of 3 to 8 digits that together make a phone or an ID number
# (`_number_shaped`), so that a list (3、4、5; 001、002、003), an amount (1,000,000) or two whole numbers one
# after the other (13812345678；13987654321) stay apart. A chain of groups is cut into numbers left to right first
# (`_chain_drops`): 139ー8888ー2222，138ー1111ー3333 is two phones, each joined, the ， between them kept.
# Any other run of up to three characters that are neither letters, digits nor CJK ideographs (dashes of every
# kind: ー U+30FC, ——, U+2010-2015, − U+2212; bullets and middle dots •‧∙; : # ' + 〜 and the like) is one too,
# under the same rule: IMEs, Word, WPS, Excel and PDFs put them where the writer typed a hyphen.
_WIDE_SEP = compile_later(r"(?<=\d)(?:[ \u3000]*(?:[,、;。~*|]|\r?\n)[ \u3000\r\n]*|(?:[^\w\u4e00-\u9fff]|[ー_]){1,3})(?=\d)")
_WIDE_NUMERAL_RUN = compile_later(rf"[{_CN_DIGITS}０-９][{_CN_DIGITS}０-９0-9 \u3000{re.escape(_GROUP_SEP)}，、；。～＊｜\n]{{3,}}")
_DIGIT_RUN = compile_later(r"\d+")
_MAY_WIDE = compile_later(r"\d(?:[^\w\u4e00-\u9fff]|[ー_])")  # (cheap: most texts have no wide separator)
WIDE_GROUP = (3, 8)


def _number_shaped(digits: str, first: int) -> bool:
    """Whether groups joined into `digits` make a phone or an ID number: a mobile (1[3-9], 11 digits), a
    landline with its area code (0, not 00; 11 or 12 digits), or an ID number (15 or 18, its first group
    the six-digit area code or more). Lists of codes (001、002、003) and years (2025、2026) are none."""
    n = len(digits)
    if n == 11 and re.match(r"1[3-9]", digits):
        return True
    if n in (11, 12) and re.match(r"0[1-9]", digits):
        return True
    return n in (15, 18) and first >= 6


_NUMBER_LENGTHS = frozenset((11, 12, 15, 18))
_CHECK_X = compile_later(r"[Xx](?![0-9A-Za-z])")


def _number_at(groups: list[str], wide: list[bool], i: int) -> int | None:
    """The last group of the number that starts at group `i` of a chain (None when none starts there): the
    groups i..j joined make a phone or an ID number (`_number_shaped`), and where a wide separator stands
    among them, every run of digits between wide separators has 3 to 8 digits (not 1,000,000 nor 13,800,000,000).
    An ID number with a right check character comes first, then a phone, then any other ID-shaped run."""
    found: dict[str, int] = {}
    digits, runs, run, any_wide = "", [], "", False
    for j in range(i, len(groups)):
        if j > i and wide[j - 1]:
            if not WIDE_GROUP[0] <= len(run) <= WIDE_GROUP[1]:
                break  # every longer number would hold this run
            runs.append(run)
            run, any_wide = "", True
        digits += groups[j]
        run += groups[j]
        if len(digits) > 18 or "X" in digits[:-1] or (digits[-1] == "X" and len(digits) != 18):
            break  # (an ID number's check character X ends it)
        if len(digits) not in _NUMBER_LENGTHS or not _number_shaped(digits, len(runs[0]) if runs else len(run)):
            continue
        if any_wide and not WIDE_GROUP[0] <= len(run) <= WIDE_GROUP[1]:
            continue
        kind = ("id" if valid_id_number(digits) else "shape") if len(digits) in (15, 18) else "phone"
        found.setdefault(kind, j)
    return next((found[k] for k in ("id", "phone", "shape") if k in found), None)


def _chain_drops(groups: list[str], seps: list[tuple[int, int, bool]]) -> list[tuple[int, int]]:
    """The separators of a chain of digit groups to drop. The chain is cut into numbers left to right
    (`_number_at`): two numbers in a row (139ー8888ー2222，138ー1111ー3333) are two, each whole. Inside a number
    every separator is dropped; between two numbers none; elsewhere only the plain ones (`_BETWEEN_DIGITS`:
    2026.12.07 reads 20261207, and a number cut short, 320924.19900312.456, stays one run for `CUT_TAIL`)."""
    wide = [w for _a, _b, w in seps]
    owner = [-1] * len(groups)  # which number each group belongs to
    i = 0
    while i < len(groups):
        j = _number_at(groups, wide, i)
        if j is None:
            i += 1
            continue
        owner[i:j + 1] = [i] * (j + 1 - i)
        i = j + 1
    drops = []
    for k, (a, b, w) in enumerate(seps):
        left, right = owner[k], owner[k + 1]
        if left >= 0 and right >= 0:
            if left == right:
                drops.append((a, b))
        elif not w:
            drops.append((a, b))
    return drops


def _separator_drops(text: str) -> list[tuple[int, int]]:
    """The spans of `text` that separate the groups of a number, to be dropped in its `Shadow`: spaces and
    _GROUP_SEP between digits (plain), and wide separators (`_WIDE_SEP`) inside a phone or an ID number only."""
    drops: list[tuple[int, int]] = []
    groups: list[str] = []
    seps: list[tuple[int, int, bool]] = []
    pos = 0
    for m in _DIGIT_RUN.finditer(text):
        sep = None
        if groups:
            plain = _BETWEEN_DIGITS.match(text, pos)
            if plain and plain.end() == m.start():
                sep = (pos, m.start(), False)
            elif (w := _WIDE_SEP.match(text, pos)) and w.end() == m.start():
                sep = (pos, m.start(), True)
        if sep is None and groups:
            drops += _chain_drops(groups, seps)
            groups, seps = [], []
        if sep is not None:
            seps.append(sep)
        x = _CHECK_X.match(text, m.end())  # an ID number's check character X
        groups.append(m.group() + ("X" if x else ""))
        pos = x.end() if x else m.end()
    if groups:
        drops += _chain_drops(groups, seps)
    return drops


def _dropped(text: str, index: list[int] | None, drops) -> tuple[str, list[int] | None]:
    """`text` without the spans `drops` (in order, apart), and the positions of what is kept (`index` composed)."""
    kept, last = [], 0
    for a, b in drops:
        kept.append((last, a))
        last = b
    if not kept:
        return text, index
    kept.append((last, len(text)))
    index = index or list(range(len(text)))
    return "".join(text[a:b] for a, b in kept), [index[i] for a, b in kept for i in range(a, b)]


# Latin letters read as digits inside a run of digits (R10-15): OCR of a scanned letter reads 0 as O and 1 as l or I,
# and people type them so (138OOOO1111, l38000011l1, 320902198503I50012). In a run of digits and these letters (a
# space or a hyphen between groups allowed) with seven digits or more, each of them is its digit; in a shorter run
# only one that stands between two digits (1O1). A | only between two of them, and not where it parts groups that
# make a phone or an ID number as they stand (138|1234|5678). Never inside a word (Bill, IO, SO2, COD120mg/l).
_AS_DIGIT = str.maketrans("OoIl|", "00111")
_MAY_LOOK_ALIKE = compile_later(r"\d[ \-]?[OoIl|]|[OoIl|][ \-]?\d")
_DIGIT_LIKE_RUN = compile_later(r"(?<![A-Za-z0-9])[0-9OoIl|](?:[ \-]?[0-9OoIl|])*+(?![A-Za-z0-9])")
_LIKE = frozenset("OoIl|")
LOOK_ALIKE_DIGITS = 7


def _look_alikes_read(m: re.Match) -> str:
    run = m.group()
    digits = sum(c.isdigit() for c in run)
    if not digits or not any(c in _LIKE for c in run):
        return run
    chars = list(run)
    for i, c in enumerate(run):
        if c not in _LIKE:
            continue
        if c == "|" and not (0 < i < len(run) - 1 and run[i - 1] not in " -" and run[i + 1] not in " -"):
            continue
        if digits >= LOOK_ALIKE_DIGITS or (any(d.isdigit() for d in run[:i]) and any(d.isdigit() for d in run[i + 1:])):
            chars[i] = c.translate(_AS_DIGIT)
    if "|" in run:
        as_groups = "".join(c for c in run.replace("|", "").translate(_AS_DIGIT) if c.isdigit())
        if len(as_groups) in _NUMBER_LENGTHS:
            chars = [c if c == "|" else chars[i] for i, c in enumerate(run)]
    return "".join(chars)


# A mobile number with a letter between its groups (139x1234x5678, 139X12345678: R10-7), the letter read as a hyphen.
_PHONE_LETTERED = compile_later(r"(?<![0-9A-Za-z])1[3-9]\d(?:[xX×]?\d){8}(?![0-9A-Za-z])")
_LETTER_AS_SEP = str.maketrans("xX×", "---")


_NOT_DIGIT_OR_WORD = compile_later(r"[^0-9A-Za-z\u4e00-\u9fff\u3400-\u4dbf]+")

# Between two ideographs: a single space (东 方 白 云反映, 我叫 王 小 明: what the cue detector reads) and, in the
# shadow the recorded names are matched on (`Shadow.joined`), any whitespace (line breaks included) or a run of up
# to three other characters that are neither letters, digits nor ideographs (宇文\n朝阳, 慕、容、秋、水, 秋 - 水, 秋（水).
_HAN_SPACE = compile_later(r"(?<=[\u4e00-\u9fff])[ \u3000](?=[\u4e00-\u9fff])")
_HAN_GAP = compile_later(r"(?<=[\u4e00-\u9fff])(?:\s+|(?:[^\w]|[_ー]){1,3})(?=[\u4e00-\u9fff])")


# A word between the groups of a number (R13-6): 杠 (a dash, as spoken) or 点, between digits or numerals, read as a
# hyphen (one character for one), so that the groups join where they make a phone or an ID number.
_WORD_SEP = compile_later(rf"(?<=[0-9０-９{_CN_DIGITS}])(?:[ \u3000]*)[杠点](?=[ \u3000]*[0-9０-９{_CN_DIGITS}])")
# Digits spelt out in English or in pinyin (R13-1): one three nine five…, yāo sān jiǔ… A run of seven such words or
# more (a phone, an ID number; fewer are ordinary words: one or two shifts) reads as its digits, each word as its digit
# where its first letter stands, the rest of the run dropped.
_SPOKEN_WORDS = {
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9",
    "ling": "0", "líng": "0", "dong": "0", "dòng": "0", "yao": "1", "yāo": "1", "yi": "1", "yī": "1", "er": "2",
    "èr": "2", "liang": "2", "liǎng": "2", "san": "3", "sān": "3", "si": "4", "sì": "4", "wu": "5", "wǔ": "5",
    "liu": "6", "liù": "6", "qi": "7", "qī": "7", "guai": "7", "guǎi": "7", "ba": "8", "bā": "8", "jiu": "9",
    "jiǔ": "9", "gou": "9", "gōu": "9",
}
_SPOKEN_WORD = "(?:" + "|".join(sorted(map(re.escape, _SPOKEN_WORDS), key=len, reverse=True)) + ")"
SPOKEN_RUN_WORDS = 7
_SPOKEN_RUN = compile_later(rf"(?<![^\W\d_]){_SPOKEN_WORD}(?:[ \u3000,，\-]+{_SPOKEN_WORD}){{{SPOKEN_RUN_WORDS - 1},}}"
                            r"(?![^\W\d_])", re.IGNORECASE)
_SPOKEN_ONE = compile_later(rf"(?<![^\W\d_]){_SPOKEN_WORD}(?![^\W\d_])", re.IGNORECASE)
_MAY_SPOKEN = compile_later(r"(?i)(?:one|two|three|four|five|six|seven|eight|nine|zero|[a-zàáǎāèéěēìíǐīòóǒōùúǔū]{2,5}"
                            r"[ \u3000,，\-]+[a-zàáǎāèéěēìíǐīòóǒōùúǔū]{2,5}[ \u3000,，\-]+[a-zàáǎāèéěēìíǐīòóǒōùúǔū]{2,5})")


def _spoken_read(text: str) -> tuple[str, list[int] | None]:
    """`text` with each run of spelt-out digits (`_SPOKEN_RUN`) as its digits, and the positions of what is kept."""
    chars, drops = list(text), []
    for run in _SPOKEN_RUN.finditer(text):
        last = run.start()
        for word in _SPOKEN_ONE.finditer(text, run.start(), run.end()):
            if word.start() > last:
                drops.append((last, word.start()))
            chars[word.start()] = _SPOKEN_WORDS[word.group().lower()]
            drops.append((word.start() + 1, word.end())) if word.end() > word.start() + 1 else None
            last = word.end()
    if not drops:
        return text, None
    drops = [d for d in sorted(drops) if d[0] < d[1]]
    return _dropped("".join(chars), None, drops)


class Shadow:
    """A copy of a text made for matching numbers and names however they are written: read as every detector reads
    it (`read_text`: invisible characters dropped, styled digits as digits), traditional characters in simplified
    script (`fold_traditional`), Chinese and financial numerals as digits, full-width characters as ASCII, what
    separates the groups of a number dropped (139.1111.2222, 139 - 1111 - 2222, 壹叁玖…: 13911112222) and a
    single space between two ideographs dropped (东 方 白 云). `.joined()` drops whatever else stands between
    two ideographs too (`_HAN_GAP`: 宇文\n朝阳, 慕-容-秋-水), for matching the recorded names. A span found in
    `.text` maps back to the characters of the original (`.span`), so that masking still masks what was written."""

    __slots__ = ("text", "_index", "same", "names_differ")

    def __init__(self, original: str):
        read, base = read_text(original)  # invisible characters dropped, styled digits as digits
        folded = fold_traditional(read)  # one character for one
        if "杠" in folded or "点" in folded:  # 138杠2222杠3333, 一三九杠五一二三… (R13-6): a hyphen
            folded = _WORD_SEP.sub("-", folded)
        spoken = None
        if _MAY_SPOKEN.search(folded):  # one three nine…, yāo sān jiǔ… (R13-1): each word its digit
            folded, spoken = _spoken_read(folded)
        translated = _WIDE_NUMERAL_RUN.sub(lambda m: digits_of(m.group()), folded).translate(_FULL_WIDTH)
        if _MAY_LOOK_ALIKE.search(translated):
            translated = _DIGIT_LIKE_RUN.sub(_look_alikes_read, translated)  # 138OOOO1111, l38000011l1
        if "x" in translated or "X" in translated or "×" in translated:  # 139x1234x5678
            translated = _PHONE_LETTERED.sub(lambda m: m.group().translate(_LETTER_AS_SEP), translated)
        drops = _separator_drops(translated) if _MAY_WIDE.search(translated) else []
        text, index = _dropped(translated, spoken, drops)
        spaces = [m.span() for m in _HAN_SPACE.finditer(text)]
        text, index = _dropped(text, index, spaces)
        # (without drops, one character for one: positions are those of the original)
        if base is not None:  # positions in the read text to those of the original
            index = base if index is None else [base[i] for i in index]
        self.text, self._index = text, index
        self.same = self.text == original
        # whether a name may read otherwise here than in the text: folded script, spaces between ideographs
        self.names_differ = bool(spaces) or folded != read

    def joined(self) -> Shadow:
        """This shadow with whatever stands between two ideographs dropped too (`_HAN_GAP`): where the recorded
        names are matched (宇文\n朝阳, 慕-容-秋-水)."""
        gaps = [m.span() for m in _HAN_GAP.finditer(self.text)]
        if not gaps:
            return self
        out = Shadow.__new__(Shadow)
        out.text, index = _dropped(self.text, self._index, gaps)
        out._index, out.same, out.names_differ = index, False, True
        return out

    def words_only(self) -> Shadow:
        """This shadow with everything but digits, letters and ideographs dropped, an ID number's x as X: where the
        recorded phone and ID number are looked for whatever stands between their digits (letters and ideographs
        still part two numbers)."""
        drops = [m.span() for m in _NOT_DIGIT_OR_WORD.finditer(self.text)]
        out = Shadow.__new__(Shadow)
        text, out._index = _dropped(self.text, self._index, drops)
        out.text = text.replace("x", "X")
        out.same, out.names_differ = out.text == self.text and self.same, self.names_differ
        return out

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original characters of `.text[start:end]`, separators between them included."""
        if self._index is None:
            return start, end
        if start >= end:
            return (self._index[start], self._index[start]) if start < len(self._index) else (end, end)
        return self._index[start], self._index[end - 1] + 1

    def index_of(self, position: int) -> int:
        """The first character of `.text` that stands at or after `position` of the original."""
        return position if self._index is None else bisect.bisect_left(self._index, position)


# A phone written as the reported party's (被举报单位电话…, 该公司联系电话…): the officer needs it and it names no
# complainant. Not after 我的/本人 (我的公司电话 is the writer's); a complainant's recorded phone is masked
# wherever it stands (`identity_fragments`).
_PARTY_PHONE_CUE = compile_later(
    r"(?:被举报|被投诉|该|这家|涉事|对方)?的?(?:单位|企业|公司|工厂|厂方|厂家|厂|工地|项目部|商家|店家|饭店|餐馆|酒店|物业|门店)"
    r"的?(?:联系|办公|值班|客服|投诉)?(?:电话|座机|热线)(?:号码?)?\s*(?:是|为|[:：])?\s*$")
_WRITER_BEFORE = compile_later(r"(?:我|本人|我们)(?:的|所在的?)?$")
# A landline after the party's name and a comma or bracket (被举报单位X公司，电话0515-…; X公司（电话0515-…）, R9-7):
# a landline only (a mobile there may be anybody's), and not in a clause where the writer says where they work or
# live (我在X公司，电话…).
_PARTY_LANDLINE_CUE = compile_later(
    r"(?:单位|企业|公司|工厂|厂|厂家|工地|项目部|商家|店|饭店|餐馆|酒店|宾馆|物业|门店|车间|养殖场|作坊)[ \u3000]*[，,、（(]"
    r"[ \u3000]*(?:联系|办公|值班|客服)?(?:电话|座机)(?:号码?)?\s*(?:是|为|[:：])?\s*$")
_WRITER_IN_CLAUSE = compile_later(r"(?:我|本人)们?(?:的|在|所在|工作|上班|家)")
_CLAUSE_START = compile_later(r"[。！!？?；;\n][^。！!？?；;\n]*$")


def _party_phone(text: str, start: int) -> bool:
    before = text[max(0, start - 24):start]
    m = _PARTY_PHONE_CUE.search(before)
    if m:
        return not _WRITER_BEFORE.search(before, 0, m.start())
    if text[start:start + 1] not in "0０〇○零" or not (m := _PARTY_LANDLINE_CUE.search(before)):
        return False
    clause = text[max(0, start - 60):start]
    clause = clause[c.start() + 1:] if (c := _CLAUSE_START.search(clause)) else clause
    return not _WRITER_IN_CLAUSE.search(clause)


def phone_numbers(digits: str):
    """(start, end) of the mobile (with +86) and landline numbers in `digits`."""
    pos = 0
    while m := MOBILE.search(digits, pos):
        start = m.start()
        if country := _COUNTRY_CODE.search(digits, max(0, start - 4), start):
            start = country.start()
        if start == 0 or digits[start - 1] not in "0123456789+":
            yield start, m.end()
            pos = m.end()
        else:
            pos = m.start() + 1
    yield from (m.span() for m in LANDLINE.finditer(digits))


def handles(digits: str):
    """(start, end) of the WeChat and QQ handles in `digits`."""
    cues = [m.end() for m in _HANDLE_CUE.finditer(digits)]
    cues += [m.end() for m in _LATIN_WORD.finditer(digits) if m.group().lower() in _HANDLE_WORDS]
    for end in cues:
        if m := HANDLE.match(digits, end):
            yield m.span(1)


def id_numbers(digits: str):
    """(start, end) of each ID number in `digits` (a text, or it through `numerals_as_digits`), spaced
    or not: valid ones anywhere, any after 身份证号."""
    yield from (m.span(1) for m in _ID_CUE.finditer(digits))
    pos = 0
    while m := ID_NUMBER.search(digits, pos):
        if valid_id_number(re.sub(_SEP, "", m.group())):
            yield m.span()
            pos = m.end()
        else:
            pos = m.start() + 1  # "139… 3209…": the ID number may start inside a longer run


# A name written right against a phone or ID number (秀兰13605151111反映, 张秀兰13605151111): the two or three
# ideographs before the number, after the text's start, punctuation or a space, unless they end in a word that
# asks for a number (电话, 手机, 号码, 联系, 拨打, 是, 为…) or name a business (R10-2: the anonymous portal title).
_BEFORE_NUMBER_END = frozenset("话机码系打拨电号是为至到叫找给发加信微式线证厂司店场局站所部处队委会院校")
_GIVEN_BEFORE_NUMBER = compile_later(rf"{_HAN}{{2,3}}[0-9０-９]{{7}}")


_FUNCTION_WORD_END = frozenset("的了着过吧呢啊吗")  # 你说的13877778888: no name ends in these (R15-12)


def names_before_numbers(text: str, numbers) -> list[tuple[int, int]]:
    """(start, end) of the name written right before each of `numbers` (spans of phones and ID numbers)."""
    out = []
    for start, _end in numbers:
        stop = start
        while stop > 0 and stop > start - 2 and text[stop - 1] in " \t\u3000":
            stop -= 1  # a table's row: 1 陈志强 13700001111
        a = stop
        while a > 0 and a > stop - 5 and _is_han(text[a - 1]):
            a -= 1
        run = text[a:stop]
        if run[-1:] in _FUNCTION_WORD_END:
            continue
        if len(run) < 2 or run[-1] in _BEFORE_NUMBER_END or (stop < start and run[-3:-2] not in SURNAMES
                                                              and run[-2:-1] not in SURNAMES):
            continue  # apart from the number by a space, only a word that starts with a surname is a name
        n = 3 if len(run) >= 3 and run[-3] in SURNAMES else 2
        out.append((stop - n, stop))
    return out


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _name_end(text: str, s: int, *, named: bool) -> int | None:
    """Where a name starting at `s` ends (None if no name starts there). A `named` place is one a cue
    says holds a name; elsewhere the word must start with a common surname and not be a common word."""
    if s + 1 >= len(text) or not (_is_han(text[s]) and _is_han(text[s + 1])):
        return None
    if text[s:s + 2] in COMPOUND_SURNAMES:
        given, longest = s + 2, s + 4
    elif named:
        if text[s] in _NOT_A_NAME_AFTER_NAME_CUE:
            return None
        given, longest = s + 1, s + 4
    elif text[s] in SURNAMES and text[s] not in _NOT_A_NAME and text[s:s + 2] not in _NOT_NAMES:
        given, longest = s + 1, s + 3
    else:
        return None
    if given >= len(text) or not _is_han(text[given]):
        return None
    if text[given] == "家" and text[given + 1:given + 2] in ("老", "小", "大", "二", "三", "四", "五", "六", "七"):
        return None  # 我是王家老三: a family's son, no name (R17 OM-2)
    end = given + 1
    while end < min(longest, len(text)) and _is_han(text[end]) and (
            text[end] not in _NAME_STOP or text[end] == text[end - 1]):  # 王多多
        end += 1
    # a function word that ends the ideographs there ends the name (R13-11: 张永和、李德和, 我叫张秀都, 王永和，电话…);
    # one that a word follows is one (王某和李某, 王五和他一起)
    if end - s == 2 and end < len(text) and text[end] in _NAME_END_WORDS and (
            end + 1 == len(text) or not _is_han(text[end + 1])):
        end += 1
    if end - s >= 3 and (t := _TITLE_AFTER.match(text, end - 1)) and t.end() == end + 1:
        end -= 1  # 反映人：王建国同志: the honorific is not cut in the middle (R17 OM-3)
    if end - s >= 4 and text[end - 1] == "之" and text[end:end + 1] in _OF_KIN:
        end -= 1  # 联系人：王建国之子王小军: 之 is no part of the name (R18-10)
    if named and text.startswith(_UYGHUR_PREFIXES, s):  # 阿不都热合曼: the whole name (R13-11)
        run = _HAN_RUN.match(text, s)
        if run.end() - s <= 8:
            end = run.end()
    return end


def _name_before(text: str, a: int, *, clause: bool) -> int | None:
    """Where a name ending at `a` starts: a compound surname and one or two characters, or a common
    surname and one or two; with `clause`, the name is all that stands between a clause's start and `a`."""
    han = 0
    while han < 4 and han < a and _is_han(text[a - han - 1]):
        han += 1
    for n in range(han, 1, -1):
        s = a - n
        if clause and s > 0 and text[s - 1] not in _BOUNDARY:
            continue
        word = text[s:a]
        if word[:2] in COMPOUND_SURNAMES:
            if n == 2:
                continue
        elif n == 4 or word[0] not in SURNAMES or word[0] in _NOT_A_NAME:
            continue
        if word[-1] in _PLACE_SUFFIX or word[:2] in _NOT_NAMES:
            continue
        return s
    return None


def _listed_after(text: str, end: int) -> list[tuple[int, int]]:
    """(start, end) of the further names of a list whose first name ends at `end` (see `_LIST_SEP` above); a bracket
    right after a name (联名：王建国（138****8888）、赵德胜, 签名：王建国（三组）、赵德胜: R15-6) does not end the list."""
    out = []
    while (sep := _LIST_SEP.match(text, (b.end() if (b := _AFTER_NAME_BRACKET.match(text, end)) else end))):
        s = sep.end()
        e = _name_end(text, s, named=False)
        if e is None or text[e - 1] in _PLACE_SUFFIX or not _AFTER_LISTED.match(text, e):
            break
        out.append((s, e))
        end = e
    return out


def _listed_before(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of the names of a list before the name that starts at `start` (张伟、李娜、王芳（签字）): each a
    whole word (`is_person_name`) after the start of a clause, a line or a separator."""
    out = []
    while True:
        k = start
        while k > 0 and text[k - 1] in " \u3000\n" + "".join(_LIST_SEP_CHARS):
            k -= 1
        if k == start:
            break
        a = next((k - n for n in (4, 3, 2) if k - n >= 0 and all(_is_han(c) for c in text[k - n:k])
                  and (k - n == 0 or text[k - n - 1] in _BOUNDARY or text[k - n - 1] in _LIST_SEP_CHARS)
                  and is_person_name(text[k - n:k])), None)
        if a is None:
            break
        out.append((a, k))
        start = a
    return out


# A place written before the name after a strong cue (举报人：东河村吴海燕, 举报人：新华村三组 吴海燕, 我叫射阳县合德镇新华村三组
# 吴海燕): villages, towns, groups and house numbers, each ending in its unit word; the name is what follows (R15-4).
_PLACE_CHAR = r"(?:(?![住在是的家人和与及说等叫])[\u4e00-\u9fff])"
_PLACE_BEFORE_NAME = compile_later(
    rf"(?:{_PLACE_CHAR}{{1,6}}?(?:街道|社区|小区|新村|村|组|镇|乡|县|区|市|省)|[{_NUMERAL}]{{1,5}}(?:号楼|号|楼|栋|幢|单元|室|组))+"
    r"[ \u3000]*")


def _name_after_place(text: str, s: int) -> tuple[int, int] | None:
    """The span of a name that follows a place written at `s` (see above), or None."""
    place = _PLACE_BEFORE_NAME.match(text, s)
    if place and (end := _weak_name(text, place.end())):
        return place.end(), end
    return None


# (R16 over-masks) what follows a role cue or a weak one and is no person: people of a place or an office (举报人：周边
# 居民, 投诉人：一群老百姓, 联系人：村委会), a works named after 厂名叫/店名叫 (厂名叫宏达化工), and a works' name that runs
# into its trade word (请联系白云化工厂的安全员)
_NO_PERSON_AFTER_CUE = compile_later(r"[ \u3000]*(?:周边|附近|周围|一群|一些|部分|全体|广大|众多|当地|本村|本地)的?"
                                     r"(?:居民|村民|群众|老百姓|百姓|住户|业主|乡亲|人)|[ \u3000]*(?:村委会|居委会|村委|委会)")
_THING_NAMED = compile_later(r"(?:厂|店|公司|企业|单位|厂子|工厂|作坊|饭店|酒店|超市|河|路|村|小区)的?$")
_ORG_WORD = compile_later(r"化工|工厂|公司|集团|纸业|酒店|饭店|宾馆|超市|商店|养殖场|加工厂|有限|厂(?![长里子区房门内外])")


def _organisation_at(text: str, s: int, e: int | None) -> bool:
    """Whether the name found at text[s:e] runs into a works' trade word from its third character on (白云化工厂)."""
    return e is not None and any(_ORG_WORD.match(text, k) for k in range(s + 2, e + 1))


def name_spans(text: str, *, homes: bool = True) -> list[tuple[int, int]]:
    """(start, end) of the names in `text`: after a cue, before 反映/举报/投诉 and, with `homes`,
    before 家门口/门口… (a neighbour's as much as the writer's)."""
    out = []
    for m in _NAME_CUE.finditer(text):
        cue = m.group(1)
        if cue in _ROLE_CUES and text[m.start() - 1:m.start()] == "被" or cue == "代表人" and text[
                m.start() - 2:m.start()] == "法定":
            continue  # 被举报人: the reported party; 法定代表人: the reported company's
        gap = m.group(2) or ""
        if cue in _CALLS_FOR and not gap and _CALLED_FOR.match(text, m.end()):
            continue  # 我叫车去医院, 我叫醒了邻居, 我叫上了村干部: 叫 a verb, no name after it (R18-10)
        if cue == "信访人" and "\n" in gap and text[m.start() - 2:m.start()] == "匿名":
            continue  # 匿名信访人：⏎问题已处理: the salutation of a letter to an anonymous writer (R15-12)
        dash = bool(gap.strip(" \t\u3000")) and ":" not in gap and "：" not in gap
        named = cue in _NAMED_CUES or bool(gap) and (not dash or cue in _ROLE_CUES)  # 举报人—张秀兰, not 本人—化工厂…
        if _NO_PERSON_AFTER_CUE.match(text, m.end()) or cue in _NAMED_CUES and _THING_NAMED.search(
                text, max(0, m.start() - 3), m.start()) or _organisation_at(text, m.end(), _name_end(text, m.end(), named=True)):
            continue  # 举报人：周边居民, 联系人：村委会, 厂名叫宏达化工: no person (R16 over-masks)
        if gap.strip(" \t\u3000")[:1] in ("为", "系", "（", "(", "【", "“", '"'):
            named = False  # 举报人为赵德胜 but 举报人为附近居民, 举报人（男，50岁）: a name must look like one
        if named and (dotted := _DOTTED_NAME.match(text, m.end())):  # 举报人：阿不都热合曼·买买提
            out.append(dotted.span())
            continue
        if named and (latin := _LATIN_PERSON.match(text, m.end())):  # 举报人：Zhang Xiulan
            out.append(latin.span())
            continue
        if named and (spaced := _SPACED_NAME.match(text, m.end())) and " " in spaced.group().replace("\u3000", " "):
            out.append(spaced.span())
            continue
        if named and (placed := _name_after_place(text, m.end())):  # 举报人：东河村吴海燕 (R15-4)
            out += [placed, *_listed_after(text, placed[1])]
            continue
        end = _name_end(text, m.end(), named=named)
        if end and not named and text[end - 1] in _PLACE_SUFFIX:
            continue  # 我是黄海村村民, 我是王集镇居民: a place
        if end and cue not in _NAMED_CUES and _ORGANISATION_AFTER.match(text, m.end()) and not _SAID_AFTER_NAME.match(
                text, end):
            continue  # 举报人：东方化工有限公司, 签字人：射阳县合德镇人民政府, 陈情人：新华村村民 (R13-10)
        if end:
            out += [(m.end(), end), *_listed_after(text, end)]
    for m in _RESIDENT_CUE.finditer(text):
        start = _COLON.match(text, m.end()).end()  # 东河村村民：张伟、李娜
        end = _name_end(text, start, named=False)
        if end:
            out += [(start, end), *_listed_after(text, end)]
    if "姓" in text:
        out += [(m.start(1), m.end(2)) for m in _SURNAME_AND_NAME.finditer(text)]
    for m in _COMPLAINS.finditer(text):
        a = m.start()
        if text[a - 2:a] in _ADVERBS:
            a -= 2
        elif text[a - 1:a] in _ADVERBS_1:
            a -= 1
        s = _name_before(text, a, clause=True)
        if s is not None:
            out.append((s, a))
    if homes:
        for m in _NEAR.finditer(text):
            a = m.start()
            home = text[a - 1:a] == "家"
            if not home and m.group() not in ("门前", "门口", "门外", "楼下"):
                continue  # "张三旁边" is no one's home; "张三门口" and "张三家旁边" are
            s = _name_before(text, a - home, clause=not home)
            if s is None and m.group() in ("门前", "门口", "门外", "楼下") and not home:
                s = _name_before_home(text, a)  # 合德镇王建国门口, 张秀兰楼下的烧烤店
            if s is not None:
                out.append((s, a - home))
        if "家" in text or "宅" in text or "房子" in text or "院子" in text or "屋" in text or "户" in text:
            for m in _HOME_OF.finditer(text):  # 李秀英家的鸡舍, 隔壁赵德胜家, 新华村三组李秀英户 (R15-7: only a name)
                s = _name_before_home(text, m.start())
                if s is not None and (m.group() != "户" or is_person_name(text[s:m.start()])):
                    out.append((s, m.start()))
    out += _more_name_spans(text)
    out += report_name_spans(text)
    return sorted(nineteenth_review_c_kept(text, out))  # (R19-11)


# (R15-3) An officer's report, note or measure names the complainant of an anonymous case in official phrasing: a name
# opening a clause before what the person did or said (王建国表示满意, 经核实，王建国所述属实, 赵德胜夫妻俩也在场, 周桂英指认了
# 排口, 王建国老人对结果满意), or after what was done with them (现场见到了王建国夫妇, 已将结果反馈给王建国, 陪同王建国到现场, 当面
# 向周桂英致歉, 已给王建国回了电话, 与王建国夫妇见面). The name is judged as after a weak cue (a common surname, not a word).
_REPORT_AFTER = compile_later(r"表示|夫妇|夫妻|签字|签名|所述|所说|所反映|同意|不同意|要求|情绪|指认|老人|致谢|本人|对结果")
_REPORT_LEAD = compile_later(r"见到了|见到|反馈给|转告给?|陪同|约见|走访了?|赔偿给?|补偿给?|赔付给?|现答复|负责人及|接到|接|"
                             r"向|给|与")  # 赔偿王建国2000元 (R17-2), 约谈化工厂负责人及王建国, 接王建国来电 (R17 open)
_CALL_WORDS = ("来电", "的来电", "电话", "的电话", "来信", "的来信", "来访", "的来访", "反映", "投诉", "举报")
_REPORT_LEAD_NEEDS = {"向": ("致歉", "道歉", "说明", "解释", "赔礼"), "给": ("回了电话", "回电话", "回电", "打了电话", "打电话"),
                      "与": ("见面", "夫妇", "夫妻", "面谈", "之间", "达成", "协商", "签订", "和解", "的纠纷", "的矛盾"),
                      "接": _CALL_WORDS, "接到": _CALL_WORDS}
# a name opening a clause before 对…满意 (王建国对化工厂的处理结果满意; 化工厂对整改结果满意 stays: no person)
_NAME_SATISFIED = compile_later(r"(?:^|(?<=[，。,.；;！!？?\s：:]))([\u4e00-\u9fff]{2,3}?)对[^，。,.；;！!？?\n]{0,16}?"
                                r"(?:满意|不满|认可|无异议)")


def report_name_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the names in an officer's phrasing (see above)."""
    out = []
    for m in _REPORT_AFTER.finditer(text):
        s = _name_before(text, m.start(), clause=True)
        if s is not None and _weak_name(text, s):
            out.append((s, m.start()))
    if "对" in text:
        for m in _NAME_SATISFIED.finditer(text):
            if _a_person(text, *m.span(1)) and _weak_name(text, m.start(1)) == m.end(1):
                out.append(m.span(1))
    for m in _REPORT_LEAD.finditer(text):
        s = m.end()
        e = _weak_name(text, s)
        if not e:
            continue
        needs = _REPORT_LEAD_NEEDS.get(m.group())
        if needs is None:
            out.append((s, e))
        elif text.startswith(needs, e):
            out.append((s, e))
        elif e - s == 3 and text.startswith(needs, e - 1):  # 给王芳回了电话: a two-character name
            out.append((s, e - 1))
    return out


# (R10-5) A name before 家 (its home: not 家具, 家园, 家属…) or 门口/楼下 where a clause, a place or 隔壁/邻居 stands
# before it: 李秀英家的鸡舍, 经查，李秀英家确有异味, 隔壁赵德胜家, 合德镇王建国门口.
_HOME_OF = compile_later(r"家(?![具电园庭乡属族长政务常禽畜用境门人])|宅基地|宅院|老宅|房子|院子|屋后|屋前|户(?![口籍主型外头名数])")
_HOME_LEAD = ("隔壁", "对门", "对面", "邻居", "去", "到", "是")


def _name_before_home(text: str, a: int) -> int | None:
    s = _name_before(text, a, clause=False)
    if s is None or text[a - 1] in _NOT_A_NAME or a - s < 3 and text[s:a][:2] not in COMPOUND_SURNAMES and text[
            a - 1] in "子儿女人家":
        return None  # 金港路那家: no name
    if s == 0 or text[s - 1] in _BOUNDARY or text[s - 1] in _PLACE_SUFFIX or text[:s].endswith(_HOME_LEAD) \
            or text[s - 1] in "号號" and text[s - 2:s - 1].isdigit():  # 人民路25号李秀英屋后 (R15-7)
        return s
    return None


def _weak_name(text: str, s: int) -> int | None:
    """Where a name judged as after a weak cue ends, starting at `s` (None: no name there): a common surname, not a
    common word, not a place, not a surname and a title (王老师, 李局长)."""
    e = _name_end(text, s, named=False)
    if e is not None and e - s == 2 and text[e - 1] == "头" and text[s - 1:s] == "老":
        return None  # 老孙头: a nickname, no name (R17 OM-2)
    if e is None or text[e - 1] in _PLACE_SUFFIX or text[e - 1] in _NAME_STOP or text[e - 1] in _NOT_A_NAME \
            or _TITLE_AFTER.match(text, s + 1) or text[s + 1] in _NOT_A_GIVEN_START:
        return None  # (老人关在里面: 在 begins no given name)
    return e


# An honorific after a full name (张秀兰女士, 张秀兰同志要求保密): a surname and one or two characters, at a clause's start
# or after a place or a word said before a person; 王老师 alone (the surname only) stays.
_HONORIFIC = compile_later(r"女士|先生|同志|老师|阿姨|大爷|大妈|大娘|师傅|大姐|大哥|大叔|小姐|老太太|老太|老人家|老先生|老大爷|"
                           r"老汉|老头儿?|老太婆")  # 王建国老汉气得睡不着 (R15-7)
_BEFORE_PERSON = frozenset("的是和与及跟给找请向对叫位问让被由经据到从们谢")  # 谢: 感谢王建国同志 (R15-8)
# A description between the writer's 我是 and the name: 我是六组的李秀英, 我是退休教师李秀英 (the name ends there).
_SELF_CUE = compile_later(r"(?:我们是|我是|本人是|本人系|我系|俺是)")
_SELF_DESCRIPTION = 6
_SELF_DESCRIPTION_OF = 16
# A list numbered a line each (1、张秀兰\n2、李桂英): a line that is a number and a name alone.
_NUMBERED_LINE = compile_later(r"^[ \t\u3000]*[(（]?[0-9０-９一二三四五六七八九十]{1,3}[)）]?[、.．,，)）:：\s][ \t\u3000]*"
                               rf"({_HAN}{{2,4}})[ \t\u3000]*$", re.MULTILINE)
# A numbered list written on one line (R11 residual): 1.郑国华 2.冯春梅 3.褚卫东, 1、郑国华；2、冯春梅, （1）郑国华（2）冯春梅:
# two items or more in a row, each a number and a word of two to four ideographs alone; the words that are names (as
# after a weak cue: 1.停产整顿 2.清理废渣 stays) are masked.
_INLINE_ITEM = compile_later(rf"(?:[(（][0-9０-９一二三四五六七八九十]{{1,2}}[)）]|(?<![0-9A-Za-z.．])[0-9０-９]{{1,2}}[、.．)）])"
                             rf"[ \u3000]*({_HAN}{{2,4}})(?!{_HAN})")
_INLINE_ITEM_GAP = compile_later(r"[ \u3000，,；;、]*")
# A name before a call or a letter (R11 residual): 王建国来电称, 李秀英来信称, 赵德胜来电表示 (at a clause's start).
_WROTE = compile_later(r"写于|亲笔|親筆|敬启|顿首|再拜|留言(?![板区])|对(?:处理|调查|办理|答复|回复)(?:结果|意见|情况)")
_CALLED_IN = compile_later(r"(?:来电|来信|来访|致电|打电话)(?:称|说|表示|反映|投诉|举报|询问|咨询|要求|求助)")
# Names before a headcount: 张秀兰等15户村民, 李秀英赵德胜孙玉珍等十二户村民联名 (names run together).
_HEADCOUNT_AFTER = compile_later(r"等[0-9〇一二两三四五六七八九十百几]*(?:户|人|位|名|家)?(?:村民|居民|群众|住户|业主|人|户)")
# A postal line ending in the addressee: …幸福路12号张秀兰收 (at a line's end); a letter written for someone: 由张秀兰代写.
_ADDRESSEE = compile_later(r"收[ \t\u3000]*[。.！!]?[ \t\u3000]*$", re.MULTILINE)
_WRITTEN_FOR = compile_later(r"代(?:写|笔|书|签)|执笔|撰写|书写|口述|提供")  # 本信由张秀兰执笔 (R13-4)
# A sign-off with no 此致 and no date: the name after 盼复/谢谢 at the text's end (盼复。张秀兰, 谢谢！\n张秀兰, 谢谢领导！张秀兰
# 12月1日, 急盼解决 张秀兰), or on the line after an e-mail signature's "-- ".
_THANKS = compile_later(r"(?:盼复|盼回复|盼答复|望回复|谢谢(?:领导|您|你们)?|感谢(?:领导|您|你们)?|急盼解决|盼解决|望解决|"
                        r"拜托了?|拜托(?:领导|您|你们)|麻烦了|有劳了?|"  # 拜托了 张秀兰 (R13-4)
                        r"恳请解决|请尽快解决|请尽快处理)[ \t\u3000]*[。.！!，,…]*[ \t\u3000\n]*"
                        rf"({_HAN}{{2,4}})(?:[ \t\u3000]+[0-9０-９一二三四五六七八九十]{{1,2}}月[0-9０-９一二三四五六七八九十]{{1,3}}[日号]?)?"
                        r"[ \t\u3000\n]*$")
_SIG_DASHES = compile_later(rf"^--[ \t]*\n[ \t\u3000]*({_HAN}{{2,4}})[ \t\u3000]*$", re.MULTILINE)
# A name in Latin letters after a cue that says a name follows: 举报人：Zhang Xiulan, 我叫Zhang Xiulan.
_LATIN_PERSON = compile_later(r"[A-Z][A-Za-z]{1,15}(?:(?:[ \u3000\-·.]{1,2}[A-Z]|-[a-z])[A-Za-z]{1,15}){0,3}(?![A-Za-z])"
                              r"|[a-z]{2,15}(?:[ \u3000\-][a-z]{2,15})?(?![A-Za-z])")


def _names_run_together(text: str, a: int) -> int | None:
    """Where the names run together before `a` start (李秀英赵德胜孙玉珍), each a common surname and one or two
    characters: at a clause's start."""
    def start_of(end: int, depth: int) -> int | None:
        for n in (3, 2):
            s = end - n
            if s < 0 or not all(_is_han(c) for c in text[s:end]):
                continue
            word = text[s:end]
            if word[0] not in SURNAMES or word[0] in _NOT_A_NAME or word[:2] in _NOT_NAMES or word[-1] in _PLACE_SUFFIX:
                continue
            if s == 0 or not _is_han(text[s - 1]) or text[s - 1] in _BOUNDARY:
                return s
            if depth < 5 and (before := start_of(s, depth + 1)) is not None:
                return before
        return None
    return start_of(a, 0)


def _more_name_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the names the tenth outside review found readable (R10-5; see the patterns above)."""
    out = []
    for m in _WEAK_CUE.finditer(text):
        if text[m.start() - 1:m.start()] == "被":
            continue
        end = _weak_name(text, m.end())
        if end and _organisation_at(text, m.end(), end):
            continue  # 请联系白云化工厂的安全员 (R16 over-masks)
        if end:
            out += [(m.end(), end), *_listed_after(text, end)]
        elif "人" in m.group() and (placed := _name_after_place(text, m.end())):  # 写信人：新华村三组吴海燕 (R15-4)
            out += [placed, *_listed_after(text, placed[1])]
    for m in _HONORIFIC.finditer(text):
        a = m.start()
        s = _name_before(text, a, clause=False)
        if s is not None and a - s >= 2 and (a - s >= 3 or text[a - 2:a][:1] in SURNAMES) and not _TITLE_AFTER.match(
                text, s + 1) and (s == 0 or not _is_han(text[s - 1]) or text[s - 1] in _BOUNDARY
                                  or text[s - 1] in _BEFORE_PERSON or text[s - 1] in _PLACE_SUFFIX):
            if a - s == 2 and text[s + 1] in "老小大家氏":  # 老王师傅, 李家大姐: no full name
                continue
            out.append((s, a))
    for m in _SELF_CUE.finditer(text):  # a longer description ending in 的: 我是南洋镇新华村三组的李秀英 (R14-2)
        if (of := text.find("的", m.end() + 1, m.end() + _SELF_DESCRIPTION_OF)) != -1 \
                and all(_is_han(c) or c in "0123456789" for c in text[m.end():of]):
            end = _weak_name(text, of + 1)
            if end and (end == len(text) or not _is_han(text[end]) or _AFTER_LISTED.match(text, end)):
                out += [(of + 1, end), *_listed_after(text, end)]  # 我们是新华村三组的王建国、赵德胜夫妇 (R16-5)
        for k in range(1, _SELF_DESCRIPTION + 1):
            s = m.end() + k
            if s >= len(text) or not _is_han(text[s - 1]) and text[s - 1] not in "0123456789":
                break
            end = _weak_name(text, s)
            if end and (end == len(text) or not _is_han(text[end]) or _AFTER_LISTED.match(text, end)):
                out.append((s, end))
                break
    for m in _NUMBERED_LINE.finditer(text):
        if is_person_name(m.group(1)):
            out.append(m.span(1))
    items = list(_INLINE_ITEM.finditer(text))
    listed = {k for i in range(len(items) - 1) if _INLINE_ITEM_GAP.fullmatch(text, items[i].end(), items[i + 1].start())
              for k in (i, i + 1)}
    out += [items[k].span(1) for k in sorted(listed) if is_person_name(items[k].group(1))]
    for m in _WROTE.finditer(text):  # 李秀英写于2026年12月7日, 李秀英亲笔, 李秀英敬启 (R14-2)
        s = _name_before(text, m.start(), clause=True)
        if s is not None and is_person_name(text[s:m.start()]):
            out.append((s, m.start()))
    for m in _CALLED_IN.finditer(text):
        s = _name_before(text, m.start(), clause=True)
        if s is not None:
            out.append((s, m.start()))
    if "等" in text:
        for m in _HEADCOUNT_AFTER.finditer(text):
            s = _names_run_together(text, m.start())
            if s is not None:
                out.append((s, m.start()))
                out += _listed_before(text, s)
    if "收" in text:
        for m in _ADDRESSEE.finditer(text):
            s = _name_before(text, m.start(), clause=False)
            if s is not None and m.start() - s >= 2 and is_person_name(text[s:m.start()]):
                out.append((s, m.start()))
    if "由" in text:
        for m in _WRITTEN_FOR.finditer(text):
            s = _name_before(text, m.start(), clause=False)
            if s is not None and text[s - 1:s] == "由":
                out.append((s, m.start()))
    if m := _THANKS.search(text, max(0, len(text) - 80)):
        if is_person_name(m.group(1)):
            out.append(m.span(1))
    out += self_named_spans(text)
    if "--" in text:
        out += [m.span(1) for m in _SIG_DASHES.finditer(text) if is_person_name(m.group(1))]
    out += writer_form_spans(text)
    out += eighteenth_review_b_spans(text)
    out += sixteenth_review_spans(text)
    out += seventeenth_review_spans(text)
    out += nineteenth_review_b_spans(text)
    out += eighteenth_review_a_spans(text)
    out += nineteenth_review_a_spans(text)
    out += nineteenth_review_c_spans(text)  # (R19-7)
    return out


# (R13-4) How a writer or a note names a person without a cue the detectors knew: a header 张秀兰，女，58岁 (a name, then
# the sex), a name before 称/本人 or a bracket with a phone word (张秀兰称其家中, 与张秀兰本人电话沟通, 张秀兰（手机）), a quoted
# name before 反映 (“张秀兰”反映), a text's last line that is a name alone (a right-aligned signature), and a nickname
# after 微信名/网名/昵称 (taken whole to the clause's end: 秀兰姐姐, “新华村秀兰”).
_SEX_AFTER = compile_later(rf"({_HAN}{{2,4}})[ \u3000]*[，,、 ][ \u3000]*[男女]性?[ \u3000]*(?:[，,、 ]|$)")
_SAID = compile_later(r"称(?![号呼谓赞为作道])|本人|[(（](?:手机|电话|联系电话|联系方式|身份证|微信)")
_QUOTED_COMPLAINS = compile_later(rf"[“\"‘「]({_HAN}{{2,4}})[”\"’」](?:多次|再次|一直)?(?:反映|举报|投诉|来电|来信|称|说)")
_NICKNAME = compile_later(r"(?:微信名|微信昵称|网名|昵称|抖音名|快手名|群名片)[ \u3000]*(?:是|叫|为|[:：])?[ \u3000]*[“\"‘「]?"
                          r"([^，。,；;！!？?\n”\"’」]{1,16})")
_CHILD = compile_later(r"孩子|小孩|儿童|学生")
_CHILD_AFTER = compile_later(r"哮喘|咳嗽|过敏|生病|住院|发烧|上学|在|也|今年|[^\w]|$")
_LAST_LINE = compile_later(rf"\n[ \t\u3000]*({_HAN}{{2,4}})[ \t\u3000]*$")


def self_named_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the names given in the forms above (R13-4)."""
    out = []
    for m in _SEX_AFTER.finditer(text):
        s = m.start(1)
        if (s == 0 or text[s - 1] in _BOUNDARY) and is_person_name(m.group(1)):
            out.append(m.span(1))
    for m in _SAID.finditer(text):
        s = _name_before(text, m.start(), clause=False)
        if s is not None and (s == 0 or text[s - 1] in _BOUNDARY or text[s - 1] in _BEFORE_PERSON) \
                and is_person_name(text[s:m.start()]):
            out.append((s, m.start()))
    if "“" in text or '"' in text or "‘" in text or "「" in text:
        out += [m.span(1) for m in _QUOTED_COMPLAINS.finditer(text) if is_person_name(m.group(1))]
    if "名" in text:
        out += [m.span(1) for m in _NICKNAME.finditer(text)]
    if (m := _LAST_LINE.search(text, max(0, len(text) - 40))) and is_person_name(m.group(1)):
        out.append(m.span(1))
    for m in _CHILD.finditer(text):  # 孩子张小明哮喘严重 (not 孩子游完皮肤过敏)
        end = _weak_name(text, m.end())
        if end and _CHILD_AFTER.match(text, end):
            out.append((m.end(), end))
    return out


# (Round 15: forms the fourteenth review left open) More ways a writer or a neighbour is named with no cue the detectors
# knew: a name at a clause's start before a bracket and 反映/举报/称… (李秀英（62岁，新华村）反映) or before （匿名）; 我 and a
# name before a spoken particle (喂，你好，我李秀英啊); the English by and From: (by 李秀英, From: 李秀英); 找 (你们找李秀英就行);
# names listed right after a village, a group or an estate (我们新华村三组李秀英、赵德胜); a name before 的 and a relative
# (李秀英的儿子王强说: the son after 儿子 was masked, his mother not); a line that is a name and 同意 (住户意见：\n周桂英 同意).
# Each name is judged as after a weak cue (a common surname, not a common word, not a place).
_BRACKET_THEN = compile_later(r"[（(][^（()）\n]{1,24}[)）](?:多次|再次|一直)?(?:反映|举报|投诉|来电|来信|称|说)"
                              r"|[（(][ \u3000]*(?:匿名|化名|请保密|保密)[ \u3000]*[)）]")
# what such a bracket says of a person (62岁, 女, 新华村, 退休, 电话…), not of a company (施工方（化工厂）称)
_PERSON_BRACKET = compile_later(r"岁|男|女|村|组|小区|社区|电话|手机|退休|居民|村民|住户|业主|家属|匿名|化名|保密")
_SPOKEN_SELF = compile_later(r"(?:^|(?<=[，。,.；;！!？?\s：:]))(?:我|俺)(?=[\u4e00-\u9fff]{2,4}[啊呀哈嘛啦哟噢哦])")
_PARTICLES = frozenset("啊呀哈嘛啦哟噢哦")
_LATIN_CUE = compile_later(r"(?<![A-Za-z])(?:[Bb]y|BY|[Ff]rom|FROM)(?![A-Za-z])[ \t\u3000]*(?:[:：][ \t\u3000]*)?"
                           r"(?=[\u4e00-\u9fff])")
_LOOK_FOR = compile_later(r"(?<![寻查])找(?=[\u4e00-\u9fff]{2})")
# after the name: a word said of meeting a person (找李秀英就行, 找李秀英了解); the clause's end only after 你们/您/直接/
# 可以 (你们找李秀英。, not 找许可证)
_AFTER_FOUND = compile_later(r"就|吧|问|谈|说|了解|反映|核实|商量|联系|签字|处理")
_FOUND_BY = compile_later(r"(?:你们|你|您|直接|可以|可|去|来)$")
_PLACE_THEN_NAME = compile_later(r"(?:(?<=[\u4e00-\u9fff])(?:[村组队庄屯]|社区|小区)(?:里|的)?|(?:[村组队]|社区|小区)里)"
                                 r"(?=[\u4e00-\u9fff]{2,4}(?:[、，,和及与跟]|等|都|反映|举报|投诉))")
_PLACE_NAME_AFTER = compile_later(r"等|都|反映|举报|投诉")
_OF_RELATIVE = compile_later(r"的(?:儿子|女儿|丈夫|老公|妻子|老婆|爱人|老伴|孙子|孙女|父亲|母亲|爸爸|妈妈|哥哥|姐姐|弟弟|"
                             r"妹妹|儿媳妇?|女婿|孩子|家人|邻居)")
_AGREED_LINE = compile_later(rf"^[ \t\u3000]*({_HAN}{{2,4}})[ \t\u3000]*[:：]?[ \t\u3000]*"
                             r"(?:同意|不同意|赞成|反对|已签|签字|签名|按手印)[ \t\u3000。.！!]*$", re.MULTILINE)
_AGREED_WORDS = compile_later(r"同意|赞成|反对|已签|签字|签名|按手印")


# (R15-7) the writer naming themselves after the name (王建国是我，…), and a full name in brackets after an alias of the
# same surname (小王（王建国）, 王某某（王建国）, 王先生（王建国）)
_IS_ME = compile_later(rf"(?:^|(?<=[，。,.；;！!？?\s：:]))({_HAN}{{2,4}}?)(?:就|正|才)?是我(?!们)")
_BRACKET_LINE = compile_later(rf"^[ \t\u3000]*[（(][ \u3000]*({_HAN}{{2,4}})[ \u3000]*[，,、]", re.MULTILINE)
_ALIAS_BRACKET = compile_later(rf"(?:[小老阿]({_HAN})|({_HAN})(?:某某?|先生|女士|小姐|师傅|大爷|阿姨|大姐|大哥|大叔|老师|同志))"
                               rf"[ \u3000]*[（(][ \u3000]*({_HAN}{{2,4}})[ \u3000]*[)）]")


def _a_person(text: str, s: int, e: int) -> bool:
    """Whether text[s:e] is a name as after a weak cue, and not a surname and a title (王主任, 李局长) nor a family
    (张家的儿子, 李氏)."""
    return not _TITLE_AFTER.match(text, s + 1) and not (e - s == 2 and text[s + 1] in "家氏") \
        and is_person_name(text[s:e])


def writer_form_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the names given in the forms above (round 15)."""
    out = []
    if "（" in text or "(" in text:
        for m in _BRACKET_THEN.finditer(text):
            s = _name_before(text, m.start(), clause=True)
            if s is not None and _PERSON_BRACKET.search(m.group()) and _a_person(text, s, m.start()):
                out.append((s, m.start()))
    for m in _SPOKEN_SELF.finditer(text):
        end = _weak_name(text, m.end())
        if end and text[end:end + 1] in _PARTICLES:
            out.append((m.end(), end))
    for m in _LATIN_CUE.finditer(text):
        end = _weak_name(text, m.end())
        if end and (end == len(text) or not _is_han(text[end]) or _AFTER_LISTED.match(text, end)):
            out.append((m.end(), end))
    if "找" in text:
        for m in _LOOK_FOR.finditer(text):
            end = _weak_name(text, m.end())
            if end and (_AFTER_FOUND.match(text, end) or (end == len(text) or not _is_han(text[end]))
                        and _FOUND_BY.search(text, max(0, m.start() - 2), m.start())):
                out.append((m.end(), end))
    for m in _PLACE_THEN_NAME.finditer(text):
        end = _weak_name(text, m.end())
        if end is None:
            continue
        listed = _listed_after(text, end)
        if listed or _PLACE_NAME_AFTER.match(text, end):
            out += [(m.end(), end), *listed]
    if "的" in text:
        for m in _OF_RELATIVE.finditer(text):
            s = _name_before(text, m.start(), clause=False)
            if s is not None and (s == 0 or text[s - 1] in _BOUNDARY or text[s - 1] in _BEFORE_PERSON
                                  or text[s - 1] in _PLACE_SUFFIX) and _a_person(text, s, m.start()):
                out.append((s, m.start()))
    if _AGREED_WORDS.search(text):
        out += [m.span(1) for m in _AGREED_LINE.finditer(text) if _a_person(text, *m.span(1))]
    if "是我" in text:
        out += [m.span(1) for m in _IS_ME.finditer(text) if _a_person(text, *m.span(1))]
    if "（" in text or "(" in text:  # a line that opens with a bracket, a name and a comma: （王建国，新华村三组）
        out += [m.span(1) for m in _BRACKET_LINE.finditer(text) if _a_person(text, *m.span(1))]
    if "（" in text or "(" in text:
        out += [m.span(3) for m in _ALIAS_BRACKET.finditer(text)
                if m.group(3).startswith(m.group(1) or m.group(2)) and "某" not in m.group(3) and is_person_name(m.group(3), named=True)]
    return out


# (R16-4, R16-5, R16-6, R16-7, R16-8) More ways the sixteenth outside review found a writer, a co-signer or a relative
# named with no cue the detectors knew. Each name is judged as after a weak cue (a common surname, not a common word,
# not a place); where the cue is a common phrase (我就是, 找我, 我们家), the name must also end its clause or come before
# a word said of a person.
_CLAUSE_OPENS = r"(?:^|(?<=[，。,.；;！!？?\s：:]))"
# the writer set apart by commas or dashes (我，王建国，要求处理; 我——王建国——), and self-naming words (我就是王建国,
# 我乃王建国, 找我王建国就行, 真名王建国, 大名张强); a title after 我是… (我是新华村村委会主任王建国)
_SELF_APART = compile_later(rf"{_CLAUSE_OPENS}(?:我|俺|本人)(?:[ \u3000]*[，,][ \u3000]*|[ \u3000]*[—－–]{{1,2}}[ \u3000]*)"
                            rf"(?={_HAN}{{2,4}}[ \u3000]*(?:[，,。.！!；;]|[—－–]|$))")
_SELF_WORDS = compile_later(r"(?:我|俺|咱)(?:就是|便是|乃)|本人乃|找我|真名(?:是|叫)?|大名(?:是|叫)?|本名(?:是|叫)?|"
                            r"(?:我|本人|俺)是[\u4e00-\u9fff0-9]{1,14}?(?:主任|书记|组长|村长|会计|队长|委员|代表)")
_SELF_END = compile_later(r"[^\u4e00-\u9fff]|$|就|也|都|又|多次|反映|举报|投诉|说|要求|代表")
# relatives the weak cues lacked: 我爹王建国, 俺爹, 我叔王建国, 我婶李秀英, 俺们家老头子王建国; 我们家王建国说
_KIN_WORDS = compile_later(r"(?:我|俺|咱)们?(?:家的?)?(?:老头子|老头儿?|老婆子|爹|娘|叔|婶|大伯|伯伯|大爷)|(?:我|俺|咱)们家(?:的)?")
_KIN_END = compile_later(r"[^\u4e00-\u9fff]|$|说|讲|称|也|都|又|气|咳|病|反映|举报|投诉|在|就|天天|一直")
# a name before 媳妇儿/老伴/儿子… and 反映/说 (王建国媳妇儿反映的); names before 附议/联署 and before 联名投诉
_RELATIVE_THEN = compile_later(r"(?:媳妇儿?|老婆|老伴儿?|爱人|老公|儿子|闺女|女儿|家属|家里人)(?=反映|举报|投诉|说|称|来电|打电话)")
_SECONDED = compile_later(r"附议|联署|(?:联名|共同|一起)(?:投诉|举报|反映)")
# a name before the phone it gives (王建国，13912345678; 王建国，电话：139…), at a clause's start
_NAME_THEN_PHONE = compile_later(rf"{_CLAUSE_OPENS}({_HAN}{{2,3}})[ \u3000]*[，,][ \u3000]*(?:(?:联系)?电话|手机|联系方式)?"
                                 r"[ \u3000]*[:：]?[ \u3000]*(?=(?:\+?86)?1[3-9]\d|0\d{2,3}[ \-]?\d{7,8})")
# a name that closes the text as its last clause (…，我住新华村三组，王建国。; 化工厂排臭气。王建国; …！！！王建国 新华村)
_CLOSING_NAME = compile_later(rf"[，,。！!？?][ \u3000]*({_HAN}{{2,3}})(?:[ \u3000]+{_HAN}{{1,6}}(?:村|组|社区|小区))?"
                              r"[ \t\u3000。.！!]*$")
# a signature line: a place, the name and the date (新华村 王建国 2026.12.1); a name and a bracket on the last line
# (王建国（化工厂东边住户）)
_PLACE_NAME_DATE = compile_later(rf"^[ \t\u3000]*(?:{_HAN}{{1,8}}(?:村|组|社区|小区|镇)[ \u3000]+)?({_HAN}{{2,3}})[ \u3000]+"
                                 r"(?:\d{4}[ \u3000]*[./-][ \u3000]*\d{1,2}[ \u3000]*[./-][ \u3000]*\d{1,2}|(?:\d{4}年)?\d{1,2}月\d{1,2}[日号]?)"
                                 r"[ \t\u3000。.]*$", re.MULTILINE)
_NAME_BRACKET_END = compile_later(rf"(?:^|(?<=[。！!？?\n]))[ \t\u3000]*({_HAN}{{2,3}})[ \u3000]*[（(]([^（()）\n]{{1,24}})[)）]"
                                  r"[ \t\u3000。.]*$", re.MULTILINE)
# a reply's salutation with a bracket or after Hi (王建国（新华村三组）：, Hi 王建国，问题已处理), a name before 满意 in a
# callback summary (回访情况：王建国：满意), an alias with the given name in brackets (我老王（建国）), an imported name
# column joined into the content (王建国 / 化工厂…, 新华村三组 / 王建国 / …)
_BRACKET_SALUTATION = compile_later(rf"[ \t\u3000\n]*({_HAN}{{2,4}}?)[ \u3000]*[（(][^（()）\n]{{1,24}}[)）][ \u3000]*[:：]")
_HI_SALUTATION = compile_later(rf"[ \t\u3000\n]*(?:[Hh]i|[Hh]ello|[Dd]ear|[Tt]o)[ \u3000]+({_HAN}{{2,4}}?)[ \u3000]*[，,:：]")
_SATISFIED = compile_later(rf"{_CLAUSE_OPENS}({_HAN}{{2,4}}?)[ \u3000]*[:：][ \u3000]*(?:非常|很|基本|比较)?(?:不满意|满意)")
_ALIAS_GIVEN = compile_later(rf"(?:我|俺)[老小]{_HAN}[ \u3000]*[（(][ \u3000]*({_HAN}{{2}})[ \u3000]*[)）]")
_PARTICLE_END = frozenset("吧呢啊吗呀啦哈了的哦河湖沟渠塘桥")  # and no water or bridge closes it: 污水直排，黄河。
_SLASHED = compile_later(rf"(?:^|[/／|｜])[ \t\u3000]*({_HAN}{{2,3}})[ \t\u3000]+[/／|｜][ \t\u3000]")


def sixteenth_review_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the names given in the forms above (R16-4 to R16-8)."""
    out = []
    if "我" in text or "俺" in text or "本人" in text:
        for m in _SELF_APART.finditer(text):
            end = _weak_name(text, m.end())
            if end and not _is_han(text[end:end + 1] or "。"):
                out.append((m.end(), end))
    for m in _SELF_WORDS.finditer(text):
        end = _weak_name(text, m.end())
        if end and _SELF_END.match(text, end):
            out.append((m.end(), end))
    for m in _KIN_WORDS.finditer(text):
        end = _weak_name(text, m.end())
        if end and _KIN_END.match(text, end):
            out += [(m.end(), end), *_listed_after(text, end)]
    for m in _RELATIVE_THEN.finditer(text):
        s = _name_before(text, m.start(), clause=True)
        if s is not None and _a_person(text, s, m.start()):
            out.append((s, m.start()))
    for m in _SECONDED.finditer(text):
        s = _name_before(text, m.start(), clause=True)
        if s is not None and _a_person(text, s, m.start()):
            out += [(s, m.start()), *_listed_before(text, s)]
    for m in _NAME_THEN_PHONE.finditer(text):
        if _a_person(text, *m.span(1)):
            out.append(m.span(1))
    if (m := _CLOSING_NAME.search(text, max(0, len(text) - 24))) and _a_person(text, *m.span(1)) \
            and m.group(1)[-1] not in _PARTICLE_END and m.group(1)[0] != m.group(1)[1]:  # not 管管吧
        out.append(m.span(1))
    for pattern in (_PLACE_NAME_DATE, _NAME_BRACKET_END):
        for m in pattern.finditer(text):
            if _a_person(text, *m.span(1)) and (pattern is _PLACE_NAME_DATE or _PERSON_BRACKET.search(m.group(2))
                                                or "户" in m.group(2)):
                out.append(m.span(1))
    for pattern in (_BRACKET_SALUTATION, _HI_SALUTATION):
        if (m := pattern.match(text)) and is_person_name(m.group(1)):
            out.append(m.span(1))
    if "满意" in text:
        out += [m.span(1) for m in _SATISFIED.finditer(text) if _a_person(text, *m.span(1))]
    if "（" in text or "(" in text:
        out += [m.span(1) for m in _ALIAS_GIVEN.finditer(text)]
    if "/" in text or "／" in text or "|" in text or "｜" in text:
        out += [m.span(1) for m in _SLASHED.finditer(text) if _a_person(text, *m.span(1))]
    return out


# (R17-4, R17-5) the seventeenth review's forms: 我是王大爷，叫王建国 / 我是新华村人，叫王建国; 我王建国今天实名举报,
# 俺王建国说话算话; 王建国，新华村三组村民，反映… and （王建国，新华村村民）; 老汉/寡妇/老党员/访民/咨询人 and kin words
# (我小舅子, 我发小, 俺家掌柜的) before a name, lists after 受害户：/受害群众有; 我爹王建国 before any word, 我爹叫王建国; a
# signature after a dash (——新华村 王建国 2026.12.1); a reply's salutation after a place (新华村王建国：你好！) and its
# heading (关于王建国信访事项的答复意见).
_CALLED_AFTER_SELF = compile_later(r"(?:我|俺|本人)是[\u4e00-\u9fff0-9]{1,12}?[ \u3000]*[，,][ \u3000]*(?:我?叫|名叫|名字叫)")
_SELF_THEN_NAME = compile_later(rf"{_CLAUSE_OPENS}(?:我|俺)(?={_HAN}{{2,3}}(?:今天|实名|说话|在此|特此|郑重|再次|多次|反映|举报|"
                                r"投诉|要求|代表|保证|承诺|发誓|敬上))")
_NAME_THEN_RESIDENT = compile_later(rf"(?:^|(?<=[，。,.；;！!？?\s：:（(]))({_HAN}{{2,3}})[ \u3000]*[，,][ \u3000]*"
                                    rf"{_HAN}{{1,12}}?(?:村民|居民|住户|业主|村人)(?=[，,。)）]|反映|举报|投诉)")
_CUE_17 = compile_later(r"(?:老汉|寡妇|老党员|访民|咨询人|(?:我|俺)(?:的|家)?(?:小舅子|发小|掌柜的)|受害户|受害群众有?)"
                        r"(?:[ \t\u3000]*[:：][ \t\u3000]*|是)?")
_KIN_CALLED = compile_later(r"(?:我|俺|咱)(?:家的?)?(?:老头子|老婆子|爹|娘)(?:叫|名叫)?")
_DASH_SIGNATURE = compile_later(rf"[—－–]{{1,2}}[ \t\u3000]*(?:{_HAN}{{1,8}}(?:村|组|社区|小区|镇)[ \u3000]*)?({_HAN}{{2,3}})"
                                r"[ \u3000]+(?:\d{4}[ \u3000]*[./-年][ \u3000]*\d{1,2}|(?:\d{4}年)?\d{1,2}月)")
_PLACE_SALUTATION = compile_later(rf"^[ \t\u3000\n]*{_HAN}{{1,8}}?(?:村|组|社区|镇)({_HAN}{{2,3}})[ \u3000]*[:：][ \u3000\n]*"
                                  r"(?:你好|您好)")
_REPLY_HEADING = compile_later(rf"关于({_HAN}{{2,3}}?)(?:同志)?(?:信访|来信|来访|来电|投诉|举报|反映)(?:事项|件|问题)?的?"
                               r"(?:答复|回复|处理)")

# co-signers given by their village group: 一组王建国、二组赵德胜、三组孙玉珍共同反映 (two such items or more)
_GROUP_ITEM = compile_later(rf"(?:^|(?<=[、，,；;：:\s]))[一二三四五六七八九十0-9]{{1,3}}组({_HAN}{{2,3}}?)"
                            r"(?=[、，,；;。]|$|共同|等|联名|反映|举报|投诉)")
# the writer's name first (孙德旺就是俺，…), and where a reply is to be sent (回复请寄王建国, 寄给王建国)
_NAME_IS_ME = compile_later(rf"{_CLAUSE_OPENS}({_HAN}{{2,3}})(?:就是|便是|正是)(?:俺|我|本人)(?!们)")
_SEND_TO = compile_later(r"请寄(?:给)?|寄给")
# (R17 open) a title after a full name before 家 (王建国书记家), a name opening a line before 泣血上书, a given name after
# 贱名/我是 with the surname given before (鄙姓王，贱名建国), a description after 一名 (一名普通工人吴海燕)
_TITLE_HOME = compile_later(rf"{_CLAUSE_OPENS}({_HAN}{{2,3}}?)(?:书记|主任|村长|队长|组长|会计|厂长|镇长|支书)家")
_PETITION_LINE = compile_later(rf"(?:^|(?<=\n))[ \t\u3000]*({_HAN}{{2,3}}?)(?:泣血|含泪|冒死)(?:上书|陈情|控诉|跪求)")
_SURNAME_THEN_GIVEN = compile_later(rf"(?:鄙姓|敝姓|免贵姓|本人姓|我姓|俺姓)({_HAN})[ \u3000]*[，,、]?[ \u3000]*"
                                    rf"(?:贱名|名叫|名字叫|我是|俺是|叫)({_HAN}{{1,2}})(?=[，,。.；;！!？?\s]|$)")
# (R17-9) a person's home as a place (the case's place field, anonymous or not): a name after a village, group or town
# before 的院子/宅/房子/屋 or a bracketed phone (新华村王建国的院子东边, 新华村王建国宅, 新华村王建国（电话…）家北), and a name in
# brackets after 家 (老王家（王建国）对面)
_HOME_AS_PLACE = compile_later(rf"(?<=[村组镇庄屯])({_HAN}{{2,3}}?)(?:的?(?:院子|宅子|房子|老宅|屋[前后旁])|宅(?![基院])|"
                               r"[（(](?:电话|手机|联系))")
_NAME_AFTER_HOME = compile_later(rf"家[ \u3000]*[（(]({_HAN}{{2,3}})[）)]")
_ONE_OF = compile_later(r"一名(?:普通|退休|老)?的?(?:工人|农民工|农民|村民|群众|党员|职工|教师|市民|居民|退伍军人|老兵|环卫工)")

def seventeenth_review_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the names given in the forms above (R17-4, R17-5)."""
    out = []
    if "我" in text or "俺" in text or "本人" in text:
        for pattern in (_CALLED_AFTER_SELF, _SELF_THEN_NAME, _KIN_CALLED):
            for m in pattern.finditer(text):
                if end := _weak_name(text, m.end()):
                    out.append((m.end(), end))
    for m in _CUE_17.finditer(text):
        if end := _weak_name(text, m.end()):
            out += [(m.end(), end), *_listed_after(text, end)]
    if "组" in text and len(items := [m for m in _GROUP_ITEM.finditer(text) if _a_person(text, *m.span(1))]) >= 2:
        out += [m.span(1) for m in items]
    if "寄" in text:
        for m in _SEND_TO.finditer(text):
            if end := _weak_name(text, m.end()):
                out.append((m.end(), end))
    if "一名" in text:
        for m in _ONE_OF.finditer(text):
            if end := _weak_name(text, m.end()):
                out.append((m.end(), end))
    if "姓" in text:
        for m in _SURNAME_THEN_GIVEN.finditer(text):
            if is_person_name(m.group(1) + m.group(2)):  # the cue's last character kept as a mask's first (名**)
                out.append((m.start(2) - 1, m.end(2)))
    for pattern in (_NAME_THEN_RESIDENT, _DASH_SIGNATURE, _PLACE_SALUTATION, _REPLY_HEADING, _NAME_IS_ME, _TITLE_HOME,
                    _PETITION_LINE, _HOME_AS_PLACE, _NAME_AFTER_HOME):
        for m in pattern.finditer(text):
            if _a_person(text, *m.span(1)):
                out.append(m.span(1))
    return out


# --- The eighteenth outside review, part a (R18-1, R18-2, R18-3) ----------------------------------------------------
#
# (R18-1) a name after a plain name label, whatever its separator: 名字：王建国, 本人名字：, 全名王建国, 名：王建国 (at a
# clause's start), 姓名|王建国, 姓名=王建国, 姓名/Name：, a pasted table row (| 姓名 | 王建国 |), 举报人信息｜王建国｜男,
# Name: 王建国 / Name: Wang Jianguo, JSON ("name": "王建国"); the label family 名/名字/姓名/全名/真名/本名/签名/署名/落款
# with ：:|=/a space and quotes.
_LABEL_18 = compile_later(
    r"(?:(?<=本人|我的|本名|真实)|(?<![\u4e00-\u9fff]))(?:姓名|名字|全名|真名|本名|签名人?|署名人?|落款人?|名)"
    r"(?:[ \u3000]*[/／][ \u3000]*(?:[Nn]ame|NAME))?[\"”'’」]?"
    r"(?:[ \t\u3000]*[|｜=＝:：][ \t\u3000]*|(?<=全名|真名|本名)(?=[\u4e00-\u9fff])|(?P<space>[ \t\u3000]+))"
    r"[\"“'‘「『]?[ \t\u3000]*"
    r"|(?:举报人|投诉人|反映人|信访人|联系人|来电人|申请人|来信人|个人)信息[ \t\u3000]*[|｜=＝][ \t\u3000]*")
_LATIN_LABEL_18 = compile_later(r"(?<![A-Za-z])(?:[Ff]ull[ _]?[Nn]ame|[Nn]ame|NAME)[\"”'’]?[ \t\u3000]*[|｜=＝:：][ \t\u3000]*"
                                r"[\"“'‘]?[ \t\u3000]*")
# (R18-2) a name joined to a complainant's role word by 是/为/系/即/就是/实为 (匿名举报人就是李秀英, 本件信访人是王建国,
# 王建国是本件信访人), after 实名：, in brackets with the role (李秀英（投诉人）, （举报人）李秀英), as a letter's writer (系王建国
# 所写, 写信的周志强, 来访的周志强) and the home unit bracketed after such a name (匿名人实为李秀英（幸福家园3-502）)
_ROLE_18 = (r"(?:匿名|实名)?(?:举报人|投诉人|信访人|反映人|来信人|来电人|来访人|写信人|上访人|举报者|投诉者|反映者|"
            r"匿名人|匿名者|上访户|访民|信访群众|投诉群众|来信群众|来电群众)")
_ROLE_IS_18 = compile_later(rf"(?:本件|此件|该件|本案|该案|这封信的|该信的|此信的)?的?{_ROLE_18}[ \u3000]*"
                           r"(?:就是|即是|即为|实为|实系|确为|确系|应为|乃是|是|为|系|即|乃)[ \u3000]*"
                           r"(?:本村|本组|本小区|该村|村里的?|厂里的?)?(?:的?(?:村民|居民|群众|前员工|员工|职工))?")
_IS_ROLE_18 = compile_later(rf"(?:也|亦)?(?:就是|即是|即为|实为|实系|确为|确系|是|为|系|即)(?:本件|此件|该件|本案|该案|这封信的|该信的|"
                           rf"此信的)?的?(?:{_ROLE_18}|写信的人|写信人)")
# names listed before 均为/都是 + a role (现场有王建国、赵德胜两户受影响，均为反映人), and a name described after 举报的是
# (举报的是厂里的前员工王建国)
_ALL_ROLE_18 = compile_later(rf"(?:均|都|皆)(?:为|是|系)(?:{_ROLE_18}|写信的人|写信人)")
_SENTENCE_START_18 = compile_later(r"[。！!？?；;\n][^。！!？?；;\n]*$")
_DESCRIBED_18 = compile_later(r"(?:举报|投诉|反映|写信|来信)的(?:人)?(?:是|为)")
_DESCRIPTION_END_18 = ("员工", "职工", "工人", "村民", "居民", "住户", "邻居", "老乡", "同事")
_DESCRIPTION_REACH_18 = 14
_REAL_NAME_18 = compile_later(r"实名[ \t\u3000]*[:：][ \t\u3000]*")
_ROLE_BRACKET_18 = compile_later(rf"[（(][ \u3000]*(?:老|即|系|是)?{_ROLE_18}(?:本人)?[ \u3000]*[)）]")
_WROTE_18 = compile_later(r"(?:本人)?(?:所写|所寄|所发|所投|所举报|所反映|亲笔所写|写的|寄的|发的)")
_WRITER_OF_18 = compile_later(r"(?:打电话|来电|来访|写信|来信|上访|打12345|打12369)的(?:那个|那位)?")
_UNIT_18 = compile_later(r"[（(][^（()）\n]{0,16}[0-9０-９一二三四五六七八九十][ \u3000]*(?:号|室|栋|幢|单元|楼|[-－#])"
                         r"[^（()）\n]{0,12}[)）]")

# (R18-3) a reply letter's opening line addresses its complainant, whatever words the addressee is made of (王建国阁下：,
# 尊敬的王建国村民：, 王建国（收）, 建国老弟：, 建国：, 您好，王建国！); generic salutations stay (尊敬的信访人：, 您好！, 群众同志：).
# Three groups as the salutation's (`_saluted`): the name, nothing, what follows it before the colon.
_ADDRESS_WORDS_18 = ("阁下", "村民", "居民", "乡亲", "老乡", "贤弟", "贤侄", "贤妹", "老弟", "老哥", "老兄", "老姐", "老妹",
                     "大兄弟", "兄弟", "兄", "弟", "姐", "妹", "哥", "嫂子", "嫂", "同学", "朋友", "家属", "家人", "业主",
                     "老人家", "老先生", "君", "叔", "婶", "伯", "先生", "女士", "小姐", "老师", "师傅", "同志",
                     "阿姨", "大爷", "大妈", "大娘", "大姐", "大哥", "大叔", "老人", "老太", "奶奶", "爷爷", "叔叔", "伯伯",
                     "婶婶", "阿婆", "老伯")
_ADDRESS_SUFFIX_18 = "(?:" + "|".join(sorted(map(re.escape, _ADDRESS_WORDS_18), key=len, reverse=True)) + ")"
_OPENING_18 = compile_later(
    rf"[ \t\u3000\n]*(?:尊敬的|敬爱的|亲爱的|致)?[ \u3000]*({_HAN}{{2,4}}?)((?:[ \u3000]*[、，,和与及][ \u3000]*{_HAN}{{2,4}}?)*)"
    rf"((?:[ \u3000]*{_ADDRESS_SUFFIX_18})*"
    r"(?:[ \u3000]*[（(][ \u3000]*收[ \u3000]*[)）]|收)?)[ \u3000]*"
    r"(?:[:：][ \t\u3000]*(?:\n|$|您|你)|[，,]?[ \u3000]*(?:您|你)好|(?<=[)）收])[ \t\u3000]*(?:\n|$))")
_GREETING_FIRST_18 = compile_later(
    rf"[ \t\u3000\n]*(?:您好|你好|您们好)[ \u3000]*[，,！!][ \u3000]*(?:尊敬的|亲爱的)?({_HAN}{{2,4}}?)()"
    rf"((?:[ \u3000]*{_ADDRESS_SUFFIX_18})*)[ \u3000]*(?:[！!，,：:。]|\n|$)")
_LISTED_18 = compile_later(rf"[ \u3000]*[、，,和与及][ \u3000]*({_HAN}{{2,4}}?)(?=[ \u3000]*[、，,和与及]|$)")
_GROUP_ADDRESS_18 = frozenset(("村民", "居民", "乡亲", "老乡", "业主", "朋友", "同学", "家属", "家人"))  # 新华村民： is a place's
_NOT_ADDRESSEE_18 = frozenset("局委厅部办院所站处科室队会司厂府中心组村镇县市区乡省街路号们人者长员官领导")
_GENERIC_ADDRESSEE_18 = frozenset(("同志", "朋友", "大家", "各位", "您好", "你好", "乡亲", "群众", "市民", "网友", "居民",
                                   "村民", "业主", "先生", "女士", "老师", "师傅", "读者", "用户", "家长", "老乡", "举报",
                                   "投诉", "反映", "问题", "情况", "标题", "主题", "事由", "地址", "内容", "附件", "说明",
                                   "备注", "答复", "回复", "结果", "意见", "通知", "摘要", "正文", "诉求", "事项", "关于",
                                   "来信", "来电", "来访", "尊敬", "亲爱", "兄弟", "姐妹", "父老", "老人"))
_REPLY_SHAPED_18 = compile_later(r"(?:您|你)(?!们)[^\n。]{0,8}?(?:反映|来信|来电|来访|投诉|举报|诉求|信访|咨询)|来信收悉|"
                                 r"现(?:将|予)?[^\n。]{0,12}答复|经(?:核)?查")


def _addressee_18(text: str) -> tuple[re.Match, list[tuple[int, int]]] | None:
    """The opening line of a reply letter (see above) and the span of the addressee's name in it, or None."""
    for pattern in (_OPENING_18, _GREETING_FIRST_18):
        m = pattern.match(text)
        if not m:
            continue
        core, suffix = m.group(1), m.group(3).strip(" \u3000")
        if core in _GENERIC_ADDRESSEE_18 or core in _ADDRESS_WORDS_18 or any(c in _NOT_ADDRESSEE_18 for c in core) \
                or _TITLE_AFTER.search(core):
            continue
        if is_person_name(core):  # and each name listed after it (王建国、赵德胜村民：)
            return m, [m.span(1)] + [(m.start(2) + n.start(1), m.start(2) + n.end(1))
                                     for n in _LISTED_18.finditer(m.group(2)) if is_person_name(n.group(1))]
        if m.group(2):
            continue
        personal = suffix and not all(w in _GROUP_ADDRESS_18 for w in re.findall(_ADDRESS_SUFFIX_18, suffix))
        if pattern is _OPENING_18 and len(core) == 2 and (personal or not suffix and _REPLY_SHAPED_18.search(
                text, m.end())):
            return m, [m.span(1)]  # 建国老弟：, 建国： in a reply letter
    return None


def eighteenth_review_a_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the names given in the forms above (R18-1, R18-2, R18-3)."""
    out = []
    if "名" in text or "信息" in text:
        for m in _LABEL_18.finditer(text):
            s = m.end()
            if _NO_PERSON_AFTER_CUE.match(text, s):
                continue
            if (latin := _LATIN_PERSON.match(text, s)) and latin.group().split()[0].lower() in _pinyin_surnames():
                out.append(latin.span())
                continue
            # 名字 王建国, 全名王建国, 姓名|王建国: judged as after a weak cue (签名|按手印 stays); after a colon as after 姓名：
            weak = m.group("space") is not None or not re.search(r"[:：][\"“'‘「『 \t\u3000]*$", m.group())
            end = _weak_name(text, s) if weak else _name_end(text, s, named=True)
            if end and not _organisation_at(text, s, end) and not (m.group().startswith("名") and end - s < 2):
                out += [(s, end), *_listed_after(text, end)]
    if "ame" in text or "AME" in text:
        for m in _LATIN_LABEL_18.finditer(text):
            s = m.end()
            if (latin := _LATIN_PERSON.match(text, s)) and {latin.group().split()[0].split("-")[0].lower(),
                                                           latin.group().split()[-1].lower()} & _pinyin_surnames():
                out.append(latin.span())
            elif (end := _weak_name(text, s)) and not _organisation_at(text, s, end):  # not name="亭湖区"
                out.append((s, end))
    if "实名" in text:
        for m in _REAL_NAME_18.finditer(text):
            if (end := _name_end(text, m.end(), named=True)) and not _organisation_at(text, m.end(), end):
                out.append((m.end(), end))
    if any(w in text for w in ("人", "者", "户", "访民", "群众")):
        for m in _ROLE_IS_18.finditer(text):
            if end := _weak_name(text, m.end()):
                out.append((m.end(), end))
                if u := _UNIT_18.match(text, end):  # 匿名人实为李秀英（幸福家园3-502）
                    out.append((u.start() + 1, u.end() - 1))
        for m in _IS_ROLE_18.finditer(text):
            s = _name_before(text, m.start(), clause=False)
            if s is not None and _a_person(text, s, m.start()) and (
                    s == 0 or text[s - 1] in _BOUNDARY or text[s - 1] in _BEFORE_PERSON or not _is_han(text[s - 1])):
                out.append((s, m.start()))
        for m in _ROLE_BRACKET_18.finditer(text):
            s = _name_before(text, m.start(), clause=False)
            if s is not None and _a_person(text, s, m.start()):
                out.append((s, m.start()))
            elif end := _weak_name(text, m.end()):  # （举报人）李秀英
                out.append((m.end(), end))
    if "均" in text or "都" in text or "皆" in text:
        for m in _ALL_ROLE_18.finditer(text):
            head = _SENTENCE_START_18.search(text, 0, m.start())
            start = head.start() + 1 if head else 0
            for k in range(start, m.start()):
                if text[k] in "、和与及":
                    if (s := _name_before(text, k, clause=False)) is not None and _a_person(text, s, k):
                        out.append((s, k))
                    if end := _weak_name(text, k + 1):
                        out.append((k + 1, end))
    if "的" in text:
        for m in _DESCRIBED_18.finditer(text):
            for k in range(m.end() + 2, min(len(text), m.end() + _DESCRIPTION_REACH_18)):
                if not _is_han(text[k - 1]):
                    break
                if text.endswith(_DESCRIPTION_END_18, 0, k) and (end := _weak_name(text, k)) \
                        and not _organisation_at(text, k, end):
                    out.append((k, end))  # 举报的是厂里的前员工王建国
                    break
    for m in _WROTE_18.finditer(text):
        s = _name_before(text, m.start(), clause=False)
        if s is not None and text[s - 1:s] in ("系", "是", "为", "乃", "由") and _a_person(text, s, m.start()):
            out.append((s, m.start()))
    if "的" in text:
        for m in _WRITER_OF_18.finditer(text):
            if (end := _weak_name(text, m.end())) and not _organisation_at(text, m.end(), end):
                out.append((m.end(), end))
    if found := _addressee_18(text):
        out += found[1]
    return out


# --- The nineteenth outside review, part a (R19-1, R19-2, R19-6) ----------------------------------------------------
#
# (R19-1) a reply letter's classical salutation (王建国台鉴：, 钧鉴, 惠鉴, 大鉴, 雅鉴, 尊鉴, 如晤, 见字好, 安好; 建国兄如晤：)
# on any line; 致 王建国 alone on a line; a heading naming the addressee (致王建国的答复函, 答复王建国); 您好王建国：; 王建国——
# opening the text; a saluted list with the other co-signers (王建国、赵德胜及其他联名群众：); and the usual layout with a
# heading line above the salutation (…信访事项答复意见书⏎王建国：): the opening line read under up to three heading lines.
_CLASSICAL_19A = compile_later(
    rf"(?:^|(?<=\n))[ \t\u3000]*(?:尊敬的|致)?[ \u3000]*({_HAN}{{2,4}}?)"
    rf"((?:[ \u3000]*{_ADDRESS_SUFFIX_18})*)[ \u3000]*"
    r"(?:台鉴|钧鉴|均鉴|惠鉴|大鉴|雅鉴|尊鉴|台启|钧启|台览|如晤|如面|见字如面|见字好|见信好|见信如面|安好)"
    r"(?=[ \u3000]*(?:[:：，,！!。]|\n|$))")
_NOT_SALUTED_19A = frozenset("您你祝全家们诸各列众位领导")
_TO_ALONE_19A = compile_later(rf"(?:^|(?<=\n))[ \t\u3000]*(?:致|答复|回复)[ \u3000]*({_HAN}{{2,4}}?)[ \u3000]*"
                              r"(?:同志|先生|女士)?(?:的?(?:答复|回复)(?:函|信|意见书|意见|书)|[ \u3000]*[:：]?[ \t\u3000]*(?=\n|$))")
_HELLO_NAME_19A = compile_later(rf"(?:^|(?<=\n))[ \t\u3000]*(?:您好|你好)[ \u3000]*({_HAN}{{2,4}}?)"
                                rf"((?:[ \u3000]*{_ADDRESS_SUFFIX_18})*)[ \u3000]*[:：，,！!]")
_DASH_OPENING_19A = compile_later(rf"[ \t\u3000\n]*({_HAN}{{2,3}})[ \u3000]*(?:——|－－|--|—|－)")
_COSIGNERS_19A = compile_later(rf"(?:^|(?<=\n))[ \t\u3000]*({_HAN}{{2,3}}(?:[ \u3000]*[、，,][ \u3000]*{_HAN}{{2,3}})+)"
                               r"[ \u3000]*(?:及|和|与|等)(?:其他|其余|全体|各位)?(?:联名)?(?:群众|村民|居民|乡亲|同志|住户|朋友|家属)"
                               r"[ \u3000]*[:：]")
_HEADING_LINES_19A = 3
_HEADING_LENGTH_19A = 40
_SENTENCE_END_19A = compile_later(r"[。！!？?]")
# (R19-2) a name after a strong cue with something between them: an annotation in brackets (举报人（实名）：, 反映人：（签名）),
# the cue in brackets (【举报人】), 如下 or …及联系方式/姓名及电话 after the cue, an arrow (举报人>>, 举报人→), an emoji or a
# quotation mark before the name (签名：🖊王建国, 举报人：「王建国」); a name split by / - . _ ~ * or an emoji (王/建/国, 王-建国,
# 王建🌟国) or its given name bracketed (王（建国）) after any strong cue; a cue broken over lines (举⏎报⏎人：); payment and
# search words (收款人：, 支付宝账号王建国, 转账给王建国, 加我微信，搜王建国); a quoted or emoji-marked name before 实名举报
# (「王建国」实名举报, 王建国🙏实名举报). Look-alike colons (∶ ︰ ꞉) and variant cue characters (挙报人, 擧報人) are folded
# where the text is read (`read_text`: `_READ_AS_19A`, `_VARIANTS_19A`).
_EMOJI_19A = r"[\u2600-\u27bf\u2b00-\u2bff\U0001F000-\U0001FAFF\ufe0f]"
_CUE_WORDS_19A = "|".join(sorted(_NAMED_CUES | _ROLE_CUES | {"收款人", "收款方", "开户人", "反应人", "实名反应人", "我的名字"},
                                 key=len, reverse=True))
_ANNOTATION_19A = r"[（(【\[［〔][^（()）【】\[\]［］〔〕\n]{1,8}[)）】\]］〕]"
_CUE_BETWEEN_19A = compile_later(
    rf"(?P<bracketed>[【\[［〔](?:实名|匿名)?(?:{_CUE_WORDS_19A})[】\]］〕])?(?(bracketed)|(?:{_CUE_WORDS_19A}))"
    r"(?P<more>(?:姓名|名字)?(?:及|和|与|、)(?:联系方式|联系电话|电话|手机号?|住址|地址|身份证号?)|如下)?"
    rf"[ \t\u3000]*(?P<note1>{_ANNOTATION_19A})?[ \t\u3000]*"
    r"(?:[:：;；]|(?P<arrow>>>|＞＞|->|→|=>|⇒|》|[—－–]{1,2}(?=[ \t\u3000]*[（(【\[「『“\"])))?"
    rf"[ \t\u3000]*(?P<note2>{_ANNOTATION_19A})?[ \t\u3000]*(?P<mark>(?:{_EMOJI_19A}|[「『“\"])+)?[ \t\u3000]*")
_SPLIT_NAME_19A = compile_later(rf"{_HAN}(?:(?:[ \u3000]*(?:[/／\-－._＿~～＊*·・]|{_EMOJI_19A})[ \u3000]*|){_HAN}){{1,3}}"
                                rf"(?![\u4e00-\u9fff])")
_SPLIT_MARK_19A = compile_later(rf"[/／\-－._＿~～＊*·・]|{_EMOJI_19A}")
_BRACKETED_GIVEN_19A = compile_later(rf"({_HAN})[ \u3000]*[（(][ \u3000]*({_HAN}{{1,2}})[ \u3000]*[)）]")
_BROKEN_CUE_19A = compile_later(r"(?:举|投|反|信|检|控|签)\s*(?:报|诉|映|访|举|告|名|字)\s*人?[ \t\u3000]*[:：][ \t\u3000]*")
_PAID_TO_19A = compile_later(r"(?:支付宝|微信|银行卡?|收款)?(?:账号|帐号|账户|帐户)(?:[ \t\u3000]*[:：])?[ \t\u3000]*|"
                             r"(?:转账|转钱|打款|汇款)给|(?:加我|加)(?:微信|好友|[Qq]{2}|抖音)[，,、 \u3000]*(?:搜索?|查找)")
_MARKED_NAME_19A = compile_later(rf"(?:^|(?<=[^\u4e00-\u9fff]))(?P<open>[「『《“\"])?({_HAN}{{2,4}})(?P<close>[」』》”\"])?"
                                 rf"(?P<emoji>(?:{_EMOJI_19A})+)?[ \u3000]*(?:实名|联名)?(?:举报|反映|投诉)")
# (R19-6) an officer's report and a callback naming the complainant of an anonymous case: a name before what the person
# did, said or owns (王建国说…, 王建国带领…, 王建国拒绝签收, 王建国住宅…, 王建国院内, 王建国在场, 王建国提供了照片, 王建国在回访
# 单上签字, 王建国反应… for 反映), after what was done with them (已书面答复王建国, 通知王建国到…, 请王建国补充材料, 约王建国明天
# …, 联系上了王建国, 对王建国进行了安抚, 由王建国签收, 与王建国进行了沟通, 根据王建国提供的…).
_DID_19A = compile_later(r"说(?![明服明法])|带领|带着|拒绝|拒签|拒不|住宅|院内|院子里|屋内|在场|提供|签收|在回访单|在告知书|"
                         r"反应(?![釜池器罐塔堆炉物液])|陪同|进行了?(?:沟通|安抚|解释)|补充|表示|所(?:反映|反应|述|说|举报|投诉|提)")
_BEFORE_DID_19A = frozenset("时方了查访知将由据")
_PARTY_BEFORE_19A = compile_later(r"(?:公司|厂方|企业|单位|厂里|工厂|厂家|商家|店里|项目部?)的?(?:代表|负责人|法人|老板|经理|员工|"
                                  r"工人|人员)?[ \u3000]*[:：]?[ \u3000]*$")
_DONE_TO_19A = compile_later(r"(?:书面|电话|当面|口头|正式)?答复(?:了|给)?|通知(?:了)?|(?<![申邀])请|约(?:了)?|联系上了?|"
                             r"对(?=\w{2,4}进行)|由(?=\w{2,4}签收)|与(?=\w{2,4}进行)|给(?=\w{2,4}送达)|根据|依据|送达给?")
_AFTER_DONE_19A = compile_later(r"[^\u4e00-\u9fff]|$|同志|本人|的|到|补充|明天|今天|后天|再|来|去|在|提供|进行|签收|现场|"
                                r"面谈|说明|核实|确认|配合|送达")


_PINYIN_SYLLABLE_19A = (r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|"
                        r"en|er|ia|ie|in|iu|ua|uo|ue|ui|un|a|o|e|i|u|v)")
_LATIN_GIVEN_19A = compile_later(rf"(?:{_PINYIN_SYLLABLE_19A}){{2}}")
_LATIN_DEAR_19A = compile_later(r"[ \t\u3000\n]*(?:[Dd]ear|DEAR|[Hh]i|[Hh]ello)[ \u3000]+([A-Z][a-z]{3,11})[ \u3000]*[,，:：]")


def _salutation_19a(text: str) -> list[tuple[int, int]]:
    """The names of the classical and heading-line salutations of (R19-1) above."""
    out = []
    if "鉴" in text or "晤" in text or "见" in text or "安好" in text or "启" in text or "览" in text:
        for m in _CLASSICAL_19A.finditer(text):
            core, suffix = m.group(1), m.group(2).strip(" \u3000")
            if core in _GENERIC_ADDRESSEE_18 or any(c in _NOT_ADDRESSEE_18 or c in _NOT_SALUTED_19A for c in core) \
                    or _TITLE_AFTER.search(core):
                continue
            if is_person_name(core) or len(core) == 2 and (suffix or m.group().rstrip().endswith(("鉴", "晤"))):
                out.append(m.span(1))
    for pattern in (_TO_ALONE_19A, _HELLO_NAME_19A):
        for m in pattern.finditer(text):
            if _a_person(text, *m.span(1)):
                out.append(m.span(1))
    if (m := _LATIN_DEAR_19A.match(text)) and _LATIN_GIVEN_19A.fullmatch(m.group(1).lower()):
        out.append(m.span(1))  # Dear Jianguo, (a pinyin given name of two syllables)
    if (m := _DASH_OPENING_19A.match(text)) and _a_person(text, *m.span(1)):
        out.append(m.span(1))
    if "、" in text or "，" in text or "," in text:
        for m in _COSIGNERS_19A.finditer(text):
            base = m.start(1)
            names = [(base + n.start(), base + n.end()) for n in _SALUTED.finditer(m.group(1))]
            if names and all(is_person_name(text[s:e]) for s, e in names):
                out += names
    start = 0
    for _ in range(_HEADING_LINES_19A):  # a heading line (or a blank one) above the salutation
        nl = text.find("\n", start)
        if nl == -1 or nl - start > _HEADING_LENGTH_19A or _SENTENCE_END_19A.search(text, start, nl):
            break
        start = nl + 1
        if text[start:start + 1] == "\n":
            continue
        if found := _saluted(text[start:]):
            out += [(start + s, start + e) for s, e in found[1]]
            break
    return out


def _split_name_19a(text: str, s: int) -> int | None:
    """Where a name split by single marks (王/建/国, 王-建国, 王建🌟国) or with its given name bracketed (王（建国）)
    starting at `s` ends, or None."""
    if (m := _SPLIT_NAME_19A.match(text, s)) and _SPLIT_MARK_19A.search(m.group()):
        joined = "".join(c for c in m.group() if _is_han(c))
        parts = [p for p in _SPLIT_MARK_19A.split(m.group()) if p.strip(" \u3000")]
        if len(parts) >= 2 and all(len(p.strip(" \u3000")) >= 2 for p in parts):
            return None  # 张伟/李娜: two names listed, not one split
        if 2 <= len(joined) <= 4 and (joined[0] in SURNAMES or joined[:2] in COMPOUND_SURNAMES) \
                and is_person_name(joined, named=True):
            return m.end()
    if (m := _BRACKETED_GIVEN_19A.match(text, s)) and m.group(1) in SURNAMES and m.group(1) not in _NOT_A_NAME:
        return m.end()
    return None


def _cued_19a(text: str) -> list[tuple[int, int]]:
    """The names after a strong cue with something between of (R19-2) above."""
    out = []
    for m in _CUE_BETWEEN_19A.finditer(text):
        if text[m.start() - 1:m.start()] == "被" or text[max(0, m.start() - 2):m.start()] == "法定":
            continue
        s = m.end()
        if (end := _split_name_19a(text, s)) is not None:
            out.append((s, end))
            continue
        cue = m.group().split("（")[0].split("(")[0]
        notable = any(m.group(g) for g in ("bracketed", "more", "note1", "note2", "arrow", "mark")) or \
            cue.startswith(("收款", "开户", "反应", "实名反应"))
        if not notable or _NO_PERSON_AFTER_CUE.match(text, s):
            continue
        end = _name_end(text, s, named=True)
        if end and end - s >= 2 and not _organisation_at(text, s, end) and not (
                _ORGANISATION_AFTER.match(text, s) and not _SAID_AFTER_NAME.match(text, end)) \
                and text[end - 1] not in _PLACE_SUFFIX:
            out += [(s, end), *_listed_after(text, end)]
    if "\n" in text or " " in text:
        for m in _BROKEN_CUE_19A.finditer(text):
            if any(c in m.group()[:-1] for c in "\n \t\u3000") and (end := _name_end(text, m.end(), named=True)) \
                    and not _organisation_at(text, m.end(), end) and not _NO_PERSON_AFTER_CUE.match(text, m.end()):
                out.append((m.end(), end))
    for m in _PAID_TO_19A.finditer(text):
        if (end := _weak_name(text, m.end())) and not _organisation_at(text, m.end(), end) and (
                end == len(text) or not _is_han(text[end])):
            out.append((m.end(), end))
    if "实名" in text or "举报" in text or "反映" in text or "投诉" in text:
        for m in _MARKED_NAME_19A.finditer(text):
            quoted = m.group("open") and m.group("close")
            if (quoted or m.group("emoji")) and _a_person(text, *m.span(2)):
                out.append(m.span(2))
    return out


def _reported_19a(text: str) -> list[tuple[int, int]]:
    """The names in an officer's report or a callback note of (R19-6) above."""
    out = []
    for m in _DID_19A.finditer(text):
        a = m.start()
        s = _name_before(text, a, clause=False)
        if s is None or _weak_name(text, s) != a or text[s + 1] in "老小阿" \
                or _PARTY_BEFORE_19A.search(text, max(0, s - 10), s):
            continue  # 张老汉说…; 公司代表：李建军说会整改 (the reported party's)
        if s == 0 or text[s - 1] in _BOUNDARY or text[s - 1] in _BEFORE_PERSON or text[s - 1] in _BEFORE_DID_19A \
                or not _is_han(text[s - 1]):
            out += [(s, a), *_listed_before(text, s)]
    for m in _DONE_TO_19A.finditer(text):
        s = m.end()
        end = _weak_name(text, s)
        if end and not _organisation_at(text, s, end) and _AFTER_DONE_19A.match(text, end) and (
                end - s >= 3 or m.group() not in ("请", "约", "约了", "通知", "通知了")):  # 请严查: no name
            out.append((s, end))
    return out


def nineteenth_review_a_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the names given in the forms above (R19-1, R19-2, R19-6)."""
    return _salutation_19a(text) + _cued_19a(text) + _reported_19a(text)


# (R18-4, R18-5, R18-6, R18-7, R18-9) The eighteenth outside review's cue forms (part b). Names: a humble word for
# oneself before the name (草民/老朽/小的/晚生/老身王建国); the name before …就是我 after 的 or in brackets (上次来访的王建国
# 就是我, 二狗子（王建国）就是我) and after 我就是…的 (我就是那个天天打12369的王建国); a petition verb after the name at a
# clause's start (。王建国泣血上书); a group letter's organisers (代表：, 代表全村：, 牵头人：, 发起人：, 组织者, 召集人, 群主,
# 网格员, 业委会主任, 忠实读者) and the names listed after them; a name in quotation marks or brackets after a role cue
# (举报人：“王建国”, 姓名：【王建国】); a name between #…# or in 【】 before 实名/举报; a self-introduction line opening with
# the name (王建国/男/58岁, 王建国，退休工人，58岁, 王建国，党员，住…, 王建国，幸福村人, 王建国，村民); 有事找我：王建国; a
# handle after an app's name (快手：王建国168, 抖音号：, 微博：, 小红书：, QQ：) is masked whole, its name too; relatives by
# kinship words of every family: in-laws (大舅哥, 大姨子, 小姑子, 亲家), step- and foster (继父, 养母, 后爹), siblings by order
# (二哥, 三姐, 家老二), grandparents in dialects (姥爷, 姥姥, 外公), partners (男朋友, 未婚妻, 前夫, 家那位叫), landlord and
# roommate (房东, 房客, 室友, 舍友). A Tibetan name after a naming cue is taken whole (我叫扎西多吉).
_HUMBLE_SELF = compile_later(rf"(?:草民|老朽|晚生|老身|小民|贱民|愚民|{_CLAUSE_OPENS}(?:小的|小人))"
                             r"[ \u3000]*[:：，,]?[ \u3000]*")
_BEFORE_IS_ME = compile_later(rf"(?<=[的（(【“\"])({_HAN}{{2,3}})[）)】”\"]?(?:就|便|正|才)?是(?:我|俺|本人)(?!们)")
_I_AM_THE_ONE = compile_later(rf"(?:我|俺)(?:就|便|正|才)是[^，。,.；;！!？?\n]{{0,24}}?的({_HAN}{{2,3}})(?=[^\u4e00-\u9fff]|$)")
_PETITION_VERB = compile_later(rf"{_CLAUSE_OPENS}({_HAN}{{2,3}}?)[ \u3000]*(?:泣血|含泪|冒死|斗胆|跪求|叩首|敬上|谨上|拜上)"
                               r"(?:上书|陈情|控诉|跪求|举报|反映)?")
_ORGANISER_CUE = compile_later(r"(?:(?<![司方业位定厂店局委府])代表[^：:\n，,。]{0,6}[:：]|(?:牵头人|发起人|发起者|组织者|组织人|召集人|召集者|群主|网格员|"
                               r"业委会主任|业委会成员|楼长|栋长|忠实读者|热心读者)(?:[ \t\u3000]*[:：][ \t\u3000]*|是|为)?)"
                               r"[ \t\u3000]*")
_ORGANISER_WORDS = "|".join(sorted(_NAMED_CUES | _ROLE_CUES | {"实名", "真名", "本名", "代表", "牵头人", "发起人", "写信人",
                                                               "署名人", "签名人"}, key=len, reverse=True))
_QUOTED_AFTER_CUE = compile_later(rf"(?:{_ORGANISER_WORDS})[ \t\u3000]*(?:[:：][ \t\u3000]*)?[“\"「『‘【\[［〔]"
                                  rf"[ \u3000]*({_HAN}{{2,4}})[ \u3000]*[”\"」』’】\]］〕]")
_TAGGED_NAME = compile_later(rf"[#＃]({_HAN}{{2,4}})[#＃]|[【\[［〔]({_HAN}{{2,4}})[】\]］〕](?=[ \u3000]*(?:实名|举报|反映|投诉|"
                             r"来信|来电|签名|签字|敬上|谨上))")
_INTRO_LINE = compile_later(rf"(?:^|(?<=[。！!？?\n]))[ \t\u3000]*({_HAN}{{2,3}})[ \u3000]*[，,、/／|｜][ \u3000]*"
                            rf"(?:[^，,、/／|｜。\n]{{1,10}}[，,、/／|｜][ \u3000]*)?"
                            rf"(?:[男女](?:性)?(?=[，,、/／|｜ \u3000。]|$)|[0-9一二三四五六七八九十]{{1,3}}岁|党员|退休|住(?!院)|"
                            rf"(?:村民|居民|住户|农民|工人|职工|业主|群众|村人|镇人|社区人)(?=[，,、。/／|｜ \u3000]|$)|"
                            rf"{_HAN}{{1,8}}(?:村|组|社区|小区|镇)人(?=[，,、。/／|｜ \u3000]|$))", re.MULTILINE)
_FIND_ME = compile_later(r"(?:有事)?(?:请|可以)?(?:找|联系|呼叫|打给|问)(?:我|俺|本人)[ \u3000]*[:：][ \u3000]*")
_APP_HANDLE = compile_later(r"(?:快手|抖音|微博|小红书|[Qq]{2}|扣扣|B站|头条|视频号|微信|钉钉)(?:号|名|账号|帐号|昵称|[Ii][Dd])?"
                            r"[ \u3000]*(?:[:：]|是|为)[ \u3000]*([\w\u4e00-\u9fff-]{2,30})")
_CALLED_18 = compile_later(r"致电|称呼[ \u3000]*[:：][ \u3000]*|(?:大家|人家|他们|村里人?|邻居们?)?都叫我|人称|"
                           r"(?:退休|老)?(?:教师|工人|干部|职工|医生|农民|党员|村医|会计|老兵)(?=[\u4e00-\u9fff]{2,3}(?:多次|一直|再次)?"
                           r"(?:反映|举报|投诉|来信|来电|实名|写信))")
# a given name in brackets after a surname and a title (称呼：王先生（建国）, 王会计（建国）, 举报人：王大爷（建国）); a name in
# brackets after a role cue and a description (写信人：一名普通村民（王建国）); a name after a mobile at a line's end
# (13912345678 王建国) and a name line over a phone line (王建国⏎手机：…)
_TITLE_GIVEN = compile_later(rf"({_HAN})(?:先生|女士|小姐|师傅|老师|会计|大爷|大妈|大娘|大姐|大哥|大叔|阿姨|主任|书记|村长|队长|组长|同志)"
                             rf"[ \u3000]*[（(][ \u3000]*({_HAN}{{1,2}})[ \u3000]*[)）]")
_ORGANISER_DESCRIBED_18 = compile_later(rf"(?:{_ORGANISER_WORDS})[ \t\u3000]*[:：][^，,。\n（(]{{1,12}}[（(][ \u3000]*({_HAN}{{2,3}})[ \u3000]*[)）]")
_NAME_AFTER_MOBILE = compile_later(rf"(?<!\d)1[3-9]\d{{9}}[ \u3000]+({_HAN}{{2,3}})(?=[^\u4e00-\u9fff]|$)")
_NAME_OVER_PHONE = compile_later(rf"(?:^|(?<=[\n。！!？?]))[ \t\u3000]*({_HAN}{{2,3}})[ \t\u3000]*\n[ \t\u3000]*(?:手机|电话|联系电话|联系方式)")
# a given name alone after 都叫我 (大家都叫我建国。): what the writer is called by everyone
_CALLED_ME = compile_later(r"(?:大家|人家|村里人?|邻居们?|乡亲们?|街坊们?|乡里乡亲)都叫我[ \u3000]*"
                           r"((?![别不去来快多少再也都赶要会能请先一])" + _HAN + r"{2})(?=[^\u4e00-\u9fff]|$)")
_HANDLE_SHAPE = compile_later(r"(?:[A-Za-z0-9][A-Za-z0-9_\-]{1,29}|[\u4e00-\u9fff]{1,4}[A-Za-z0-9_\-]{1,20})"
                              r"(?![\w\u4e00-\u9fff])")
# a name in brackets after a handle or a number (微信：wjg_1985（王建国）), a Latin name under an English sign-off
# (Regards,⏎Wang Jianguo)
_BRACKET_AFTER_HANDLE = compile_later(rf"[A-Za-z0-9_*][A-Za-z0-9_\-*]{{4,}}[ \u3000]*[（(][ \u3000]*({_HAN}{{2,3}})[ \u3000]*[)）]")
_SIGN_OFF = compile_later(r"(?:(?:[Bb]est |[Kk]ind |[Ww]arm )?[Rr]egards|[Ss]incerely|[Yy]ours(?: sincerely| faithfully| truly)?|"
                          r"[Tt]hanks|[Tt]hank you|[Cc]heers|[Bb]est wishes)[ \t]*[,，!！.]?[ \t]*\n[ \t\u3000]*")
# a given name alone signing after thanks and a dash at the text's end (万分感谢！——建国)
_THANKS_DASH_GIVEN = compile_later(rf"(?:感谢|谢谢|多谢|拜托|致敬|敬礼|盼复|盼回复)[^\n—－–]{{0,6}}[ \u3000]*[—－–]{{1,2}}[ \u3000]*"
                                   rf"({_HAN}{{2}})[ \t\u3000。.！!]*$")
_KIN_18 = compile_later(
    r"(?:我|俺|咱|其|他|她)们?(?:的|家的?)?"
    r"(?:大舅哥|小舅哥|舅哥|大舅子|大姨子|小姨子|大姑姐|小姑子|大伯子|亲家(?:公|母)?|连襟|"
    r"继父|继母|继子|继女|养父|养母|养子|养女|后爹|后妈|后娘|干儿子|干女儿|"
    r"[大二三四五六七八九小](?:哥|姐|弟|妹|嫂|姐夫|妹夫|弟媳|儿子|闺女|女儿|孙子|孙女)|老[大二三四五六七八九幺]|"
    r"姥爷|姥姥|姥娘|外公|外婆|外祖父|外祖母|祖父|祖母|太爷|太奶|太公|太婆|阿公|阿婆|阿爷|阿嬷|"
    r"男朋友|女朋友|男友|女友|未婚夫|未婚妻|前夫|前妻|那位|另一半|先生|太太|"
    r"房东|房客|租客|室友|舍友|合租(?:的)?室友|老表|师傅|徒弟)"
    r"(?:叫|名叫|是)?")
_TIBETAN_PART = compile_later(r"扎西|多吉|次仁|卓玛|格桑|顿珠|平措|达瓦|尼玛|拉姆|央金|索朗|旺堆|洛桑|丹增|白玛|普布|边巴|德吉|强巴|"
                              r"巴桑|米玛|拉巴|益西|阿旺|仁增|曲珍|桑珠|贡布|次旦|才让|多杰|卓嘎|措姆|旦增")
_NAMING_CUE_18 = compile_later(r"(?:我|俺|本人)(?:叫|名叫)|(?:我的)?名字(?:是|叫)|姓名[ \u3000]*[:：]?|名叫")
# Homes: an address after 收件地址：/快递地址：/收货地址：/门牌：/房号：/室号：/楼号/敝处：/舍下/老宅在/我的房子在, before
# 就是我家 / （就是我家） / 的业主 after 我是, and 我在…住了; in the case's place field, an address before 我家门口 / （本人住处）.
_HOME_CUE_18 = compile_later(r"邮编[ \u3000:：]*\d{6}[ \u3000，,]*|[男女]性?[ \u3000，,/／]+[0-9]{1,3}岁[ \u3000，,/／]*|"
                             r"(?<=\n)[ \t\u3000]*(?:地址|住址)(?=[ \t\u3000]*[:：])|(?:收件|收货|快递|寄件|邮寄|送货|收信|邮递)(?:人)?地址|门牌号?码?(?=[ \t\u3000]*[:：])|房号|房间号|室号|楼号|单元号|敝处|"
                             r"舍下|寒舍|老宅(?:在|位于)?|(?:我|俺|本人)(?:的|家的?)?(?:房子|住房|住宅|宅子|老房子)(?:在|位于)")
_HOME_TAIL_18 = compile_later(r"[:：是为\s]*([^，。,；;！!？?\n]{1,40})")
_BARE_ROOM = compile_later(rf"[{_NUMERAL}A-Za-z]{{1,5}}(?:[-－#＃][{_NUMERAL}]{{1,5}})?")
_HOME_BEFORE_SELF = compile_later(rf"(?:的{_HAN}家)?[ \u3000]*[（(]?[ \u3000]*(?:就|便|正|也)?是(?:我|俺|本人)的?家|"
                                  r"(?:的)?(?:我|俺|本人)(?:的)?家(?:门口|门前|楼下|屋后|屋前|旁边|附近)?|"
                                  r"[（(](?:本人|我|俺)的?(?:住处|住所|住宅|家|家门口)[)）]")
# a home before 住户 (王建国，男，1968年生，幸福路18号住户) and after a name's sex and age (举报人：王建国 男 58岁 幸福路18号)
_HOME_BEFORE_RESIDENT = compile_later(r"的?(?:住户|户主|房主)(?=[，。,；;！!？?\s]|$)")
_SELF_AT = compile_later(r"(?:我|俺|本人)(?:们家)?(?:是|在)")
# Phones: an unrecorded mobile in labelled pieces in any order (后四位5678，前三位139，中间1234), and one with its middle
# four hidden and then given (１３９ｘｘｘｘ５６７８（中间四位一二三四）).
_PIECE_LABEL = compile_later(r"(?P<first>前三位|头三位|开头|前三|首三位)|(?P<middle>中间(?:四位|4位)?|中四位)|"
                             r"(?P<last>后四位|尾号|末四位|最后四位|后4位|尾数|最后|末尾)")
_PIECE_DIGITS = compile_later(r"[ \u3000]*(?:是|为|[:：])?[ \u3000]*(\d{3,4})(?!\d)")
_HIDDEN_MIDDLE = compile_later(r"(?<!\d)1[3-9]\d[ \u3000-]?[xX×*＊ｘＸ]{4}[ \u3000-]?\d{4}(?!\d)")
_MIDDLE_GIVEN = compile_later(r"中间(?:四位|4位)?[ \u3000]*(?:是|为|[:：])?[ \u3000]*(\d{4})(?!\d)")
# Other identifiers: the writer's own car plate, an employee number, a military or officer ID, a birthday.
_OWN_PLATE = compile_later(r"(?:我|俺|本人)(?:的|家的?)?(?:车|车子|汽车|私家车|小车|轿车|电动车)(?:的)?(?:车?牌号?码?|牌照|号牌)?"
                           r"(?:是|为|[:：])?[ \u3000]*([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
                           r"[ \u3000]*[A-Za-z][ \u3000]*[·・.\-]?[ \u3000]*[A-Za-z0-9]{5,6})")
_STAFF_NUMBER = compile_later(r"(?:工号|员工号|职工号|工牌号?|员工编号|职工编号|警号|学号)(?:码)?[ \u3000]*(?:是|为|[:：])?[ \u3000]*"
                              r"([A-Za-z0-9][A-Za-z0-9\-]{1,15})")
_SERVICE_ID = compile_later(r"(?:军官证|士兵证|警官证|文职干部证|军人证|退伍证|退役证|残疾证|残疾人证|学生证|工作证|驾驶证|驾照|"
                            r"社保卡|医保卡|老年证)(?:号码?|号)?[ \u3000]*(?:是|为|[:：])?[ \u3000]*"
                            r"([\u4e00-\u9fff]{0,3}字?第?[ \u3000]*[A-Za-z0-9][A-Za-z0-9\-]{3,20}号?)")
_MONTH_DAY = r"(?:农历|阴历|阳历|公历)?[0-9一二三四五六七八九十]{1,2}月(?:[0-9]{1,2}|[一二三四五六七八九十廿卅初]{1,3})[日号]?"
_BIRTHDAY = compile_later(rf"({_MONTH_DAY})(?:的)?(?:生日|出生|生(?=[，,。；;！!\s]|$))|(?:生日|出生日期|出生于|生于)[ \u3000]*(?:是|为|在|[:：])?"
                          rf"[ \u3000]*({_MONTH_DAY})")
_AGE = compile_later(r"[0-9一二三四五六七八九十]{1,3}[岁周]")
_BIRTH_YEAR = compile_later(r"((?:19|20)?[0-9〇零一二三四五六七八九]{2}年(?:农历|阴历)?(?:[0-9一二三四五六七八九十]{1,2}月"
                            r"(?:[0-9]{1,2}|[一二三四五六七八九十廿卅初]{1,3})?[日号]?)?)(?:出?生(?:人|的)?(?=[，,。；;！!\s]|$))|"
                            r"(?:生于|出生于)[ \u3000]*((?:19|20)?[0-9〇零一二三四五六七八九]{2}年)")


def eighteenth_review_b_spans(text: str, *, names: bool = True) -> list[tuple[int, int]]:
    """(start, end) of the names given in the forms above (R18-4, R18-5; `names`), or of the other personal data
    (homes, phones in pieces, handles, plates, staff and service numbers, birthdays: R18-6, R18-7, R18-9)."""
    return _names_18(text) if names else _others_18(text)


_GATES: dict[tuple[str, ...], re.Pattern] = {}


def _has(text: str, words: tuple[str, ...]) -> bool:
    """Whether any of `words` is in `text` (cheap: it spares most texts the patterns above)."""
    if (gate := _GATES.get(words)) is None:
        gate = _GATES[words] = re.compile("|".join(map(re.escape, words)))
    return gate.search(text) is not None


_SELF_WORDS_18 = ("我", "俺", "本人")
_BRACKETS_18 = ("（", "(", "“", '"', "「", "『", "‘", "【", "[", "［", "〔")
_APP_WORDS = ("快手", "抖音", "微博", "小红书", "QQ", "qq", "扣扣", "B站", "头条", "视频号", "微信", "钉钉")


def _names_18(text: str) -> list[tuple[int, int]]:
    out = []
    weak = [_KIN_18]
    if _has(text, ("草民", "老朽", "晚生", "老身", "小民", "贱民", "愚民", "小的", "小人")):
        weak.append(_HUMBLE_SELF)
    if _has(text, ("代表", "牵头", "发起", "组织", "召集", "群主", "网格员", "业委会", "楼长", "栋长", "读者")):
        weak.append(_ORGANISER_CUE)
    if _has(text, _SELF_WORDS_18) and ("：" in text or ":" in text):
        weak.append(_FIND_ME)
    if _has(text, ("致电", "称呼", "人称", "教师", "工人", "干部", "职工", "医生", "农民", "党员", "村医", "会计", "老兵")):
        weak.append(_CALLED_18)
    for pattern in weak:
        for m in pattern.finditer(text):
            if end := _weak_name(text, m.end()):
                out += [(m.end(), end), *_listed_after(text, end)]
    strong = [_INTRO_LINE]
    if "是" in text and _has(text, _SELF_WORDS_18):
        strong += [_BEFORE_IS_ME, _I_AM_THE_ONE]
    if _has(text, ("泣血", "含泪", "冒死", "斗胆", "跪求", "叩首", "敬上", "谨上", "拜上")):
        strong.append(_PETITION_VERB)
    if "（" in text or "(" in text:
        strong += [_ORGANISER_DESCRIBED_18, _BRACKET_AFTER_HANDLE]
    if _DIGITS_11.search(text):
        strong.append(_NAME_AFTER_MOBILE)
    if "\n" in text and _has(text, ("手机", "电话", "联系")):
        strong.append(_NAME_OVER_PHONE)
    for pattern in strong:
        for m in pattern.finditer(text):
            if _a_person(text, *m.span(1)):
                out.append(m.span(1))
    if "叫我" in text:
        out += [m.span(1) for m in _CALLED_ME.finditer(text)]
    if _has(text, ("—", "－", "–")) and (m := _THANKS_DASH_GIVEN.search(text, max(0, len(text) - 30))):
        if m.group(1) not in ("敬上", "谨上", "拜上", "敬呈", "谨呈", "顿首", "叩首", "再拜", "感谢", "谢谢", "致敬", "敬礼"):
            out.append(m.span(1))
    if "\n" in text and _LATIN.search(text):
        for m in _SIGN_OFF.finditer(text):
            if (latin := _LATIN_PERSON.match(text, m.end())) and latin.group()[0].isupper():
                out.append(latin.span())
    if "（" in text or "(" in text:
        out += [m.span(2) for m in _TITLE_GIVEN.finditer(text) if m.group(1) in SURNAMES]
    for m in _QUOTED_AFTER_CUE.finditer(text) if _has(text, _BRACKETS_18) else ():
        if is_person_name(m.group(1), named=True):
            out.append(m.span(1))
    if "#" in text or "＃" in text or "【" in text or "[" in text or "［" in text or "〔" in text:
        for m in _TAGGED_NAME.finditer(text):
            g = m.lastindex
            if _a_person(text, *m.span(g)):
                out.append(m.span(g))
    for m in _APP_HANDLE.finditer(text) if _has(text, _APP_WORDS) else ():
        run = _HAN_RUN.match(text, m.start(1))
        if run and 2 <= len(run.group()) <= 4 and is_person_name(run.group()):
            out.append(run.span())
    if _TIBETAN_PART.search(text):  # 我叫扎西多吉: the whole name, not 扎* and 多吉 shown
        for m in _NAMING_CUE_18.finditer(text):
            n = 0
            while _TIBETAN_PART.match(text, m.end() + n):
                n += 2
            if n >= 4:
                out.append((m.end(), m.end() + n))
    return out


def _home_number_end(clause: str) -> tuple[int, int] | None:
    """(first, end) of the house numbers in a home clause (幸福路18号, 幸福家园3-502, 3-502), None if it holds none."""
    numbers = [*_HOUSE_NUMBER.finditer(clause), *_HOME_PAIR.finditer(clause), *_BUILDING_ROOM.finditer(clause)]
    if not numbers:
        return None
    return min(n.start() for n in numbers), max(n.end() for n in numbers)


def _home_clause_span(text: str, s: int, e: int, *, house: bool = False) -> tuple[int, int] | None:
    """The street-and-number part of text[s:e] (from the last administrative unit before the house number on); with
    `house`, only a house, a building or a room number counts (一楼住户 is no address)."""
    found = _home_number_end(text[s:e])
    if found is None or house and not _HOUSE_18.search(text, s, e):
        return None
    first, end = found
    cut = len(lead.group()) if (lead := _SELF_LEAD.match(text, s)) else 0
    for unit in _ADMIN.finditer(text, s, s + first):
        cut = unit.end() - s
    return s + cut, room_tail(text, s + end)


_HOME_WORDS_18 = ("地址", "门牌", "房号", "房间号", "室号", "楼号", "单元号", "敝处", "舍下", "寒舍", "老宅", "房子", "住房",
                  "住宅", "宅子", "邮编", "岁")


def _others_18(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _HOME_CUE_18.finditer(text) if _has(text, _HOME_WORDS_18) else ():
        tail = _HOME_TAIL_18.match(text, m.end())
        if not tail:
            continue
        s, e = tail.span(1)
        if m.group().strip(" \t\u3000")[:1] in "地住" and not _PHONE_WORDS.search(
                text, text.rfind("\n", 0, m.start() - 1) + 1, m.start()):
            continue  # a signature block's 地址： only under its phone line (the reported party's 地址： stays)
        span = _home_clause_span(text, s, e)
        if span is None and m.group()[:1] in "房室楼单" and (bare := _BARE_ROOM.match(text, s)):
            span = bare.span()  # 房号：3-502, 楼号3
        if span:
            out.append(span)
    if _has(text, _SELF_WORDS_18) and ("家" in text or "住" in text or "业主" in text):
        for m in _HOME_BEFORE_SELF.finditer(text):
            clause = max(text.rfind(c, 0, m.start()) for c in "，。,；;！!？?\n") + 1
            if span := _home_clause_span(text, clause, m.start()):
                out.append(span)
        for m in _SELF_AT.finditer(text):  # 我在幸福路18号住了三十年, 我是幸福路18号的业主
            stop = _CLAUSE_STOP_18.search(text, m.end())
            e = stop.start() if stop else len(text)
            if re.search(r"住|业主|住户|户主|房主", text[m.end():e]) and (span := _home_clause_span(text, m.end(), e)):
                out.append(span)
    if "-" in text or "－" in text or "#" in text:  # 幸福家园3-502室楼下 (the case's place field): the room
        out += [m.span(1) for m in _ESTATE_ROOM.finditer(text)]
    for m in _HOME_BEFORE_RESIDENT.finditer(text) if _has(text, ("住户", "户主", "房主")) else ():
        clause = max(text.rfind(c, 0, m.start()) for c in "，。,；;！!？?\n") + 1
        if span := _home_clause_span(text, clause, m.start(), house=True):
            out.append(span)
    if "手机" in text or "电话" in text or "号码" in text or "尾号" in text:
        out += _phone_pieces_18(text)
    for m in _APP_HANDLE.finditer(text) if _has(text, _APP_WORDS) else ():  # a handle with a digit or a Latin letter (快手：王建国168, 抖音号：wjg1985)
        if handle := _HANDLE_SHAPE.match(text, m.start(1)):
            out.append(handle.span())
    if "车" in text and _has(text, _SELF_WORDS_18):
        out += [m.span(1) for m in _OWN_PLATE.finditer(text)]
    if _has(text, ("号", "工牌", "编号")):
        out += [m.span(1) for m in _STAFF_NUMBER.finditer(text)]
    if "证" in text or "驾照" in text or "卡" in text:
        out += [m.span(1) for m in _SERVICE_ID.finditer(text)]
    if "生" in text and _AGE.search(text):  # a birthday with the age (今年41岁，3月15日生日): the whole birth date
        out += [m.span(m.lastindex) for m in _BIRTHDAY.finditer(text)]
    if "生" in text:
        out += [m.span(m.lastindex) for m in _BIRTH_YEAR.finditer(text)]
    return out


_CLAUSE_STOP_18 = compile_later(r"[，。,；;！!？?\n]")
_DIGITS_11 = compile_later(r"\d{11}")
_ESTATE_ROOM = compile_later(r"(?:小区|花园|新村|公寓|家园|苑|府|庭|城)[ \u3000]*([0-9]{1,3}[ \u3000]*[-－#＃][ \u3000]*[0-9]{3,4}室?)"
                             r"(?![0-9])")
_SELF_LEAD = compile_later(r"(?:我|俺|本人)们?家?(?:是|在|住在|住)?")
_HOUSE_18 = compile_later(rf"[{_NUMERAL}]+\s*(?:号楼|号|室|幢|栋|单元)|[0-9]+[-－#＃][0-9]+")


def _phone_pieces_18(text: str) -> list[tuple[int, int]]:
    digits = text.translate(_NUMERALS)
    out = []
    pieces = {}
    for m in _PIECE_LABEL.finditer(text):
        if (d := _PIECE_DIGITS.match(digits, m.end())) is None:
            continue
        kind = m.lastgroup
        if pieces and m.start() - max(p[2] for p in pieces.values()) > 24:
            pieces = {}
        pieces[kind] = (d.group(1), d.start(1), d.end(1))
        if len(pieces) == 3 and len(pieces["first"][0]) == 3 and len(pieces["middle"][0]) == 4 \
                and len(pieces["last"][0]) == 4 and re.fullmatch(r"1[3-9]\d", pieces["first"][0]):
            out += [(a, b) for _, a, b in pieces.values()]
            pieces = {}
    for m in _HIDDEN_MIDDLE.finditer(digits):
        if given := _MIDDLE_GIVEN.search(digits, m.end(), m.end() + 16):
            out += [m.span(), given.span(1)]
    return out


# --- The nineteenth outside review, part b (R19-3, R19-4, R19-5, R19-8, R19-9) ----------------------------------------
# Kin in humble or literary words (家父王建国, 拙荆张桂花, 犬子王小军, 小女王小红, 外子…) and kin words of other families
# (我丈母娘, 我义父, 我闺蜜, 我岳父, 我干妈, 我表姐…): the name after them.
_KIN_19B = compile_later(
    r"(?:家父|家母|家严|家慈|家兄|家姐|家姊|家叔|先父|先母|先考|先妣|亡父|亡母|亡妻|亡夫|舍弟|舍妹|舍侄|拙荆|贱内|犬子|爱妻)|"
    r"(?:(?<![\u4e00-\u9fff])|(?<=[我俺的是和与及跟为因]))(?:内人|内子|小儿|小女|外子|爱女|爱子)|"  # (室内人员, 车内人)
    r"(?:我|俺|咱)们?(?:的|家的?)?(?:丈母娘|老丈人|丈人|岳父|岳母|公公|婆婆|义父|义母|义兄|义妹|干爹|干妈|干娘|干爸|"
    r"表哥|表姐|表弟|表妹|堂哥|堂姐|堂弟|堂妹|闺蜜|姐妹|兄弟|同学|同事|战友|工友|姑父|姑妈|姑姑|姨妈|姨父|姨|舅舅|舅妈|"
    r"叔叔|婶婶|伯父|伯母|爷爷|奶奶|外甥女?|侄子|侄女|孙子|孙女|外孙女?|儿媳妇?|女婿|嫂子|弟媳|姐夫|妹夫)(?:叫|名叫|是)?")
# A description before the name (八十岁的王建国, 身患癌症的王建国写信反映, 养殖户王建国, 我是一个普通的农民王建国) and a
# pleading verb, a sign-off or a date after it (王建国特此举报, 王建国 叩谢, 王建国于2026年12月1日, 王建国 2026-12-01).
_AGED_19B = compile_later(r"[0-9一二三四五六七八九十百]{1,3}(?:多)?岁(?:高龄)?的?(?:老人|老汉|老党员)?")
_TRADE_19B = compile_later(r"(?:养殖户|个体户|种植户|种粮大户|承包户|专业户|大户|农户|果农|菜农|渔民|店主|摊主|户主|业主|商户|"
                           r"退休工人|退休教师|退休职工|老党员|老兵|老农)(?:代表)?")
_SELF_ROLE_19B = compile_later(
    r"(?:我|俺|本人)们?(?:是|系)(?:一[个名位])?[\u4e00-\u9fff0-9]{0,12}?(?:农民|大户|户|村民|居民|工人|职工|党员|教师|群众|市民|"
    r"老人|老汉|司机|医生|渔民|业主|商户|店主|老板|军人|老兵|家长|学生|职员|员工|住户)")
_NAME_END_19B = compile_later(r"[^\u4e00-\u9fff]|$|说|讲|称|也|都|又|一直|多次|再次|反映|举报|投诉|来信|写信|实名|老人|要求|"
                              r"表示|家|、|和|等")
_DESCRIBED_19B = compile_later(rf"的({_HAN}{{2,3}}?)(?:老人|老汉)?(?:写信|来信|多次|一直|再次)?(?:反映|举报|投诉)")
_PLEADING_19B = compile_later(
    rf"{_CLAUSE_OPENS}({_HAN}{{2,3}}?)[ \u3000]*(?:特此|恳请|恳求|恳切|诚恳|[叩呷扣]谢|拜谢|百拜|拜托|携(?:全家|家人|妻|子|老)|"
    r"强烈要求|强烈请求|于(?:19|20)?[0-9〇零一二三四五六七八九]{2}年|于[0-9一二三四五六七八九十]{1,2}月)")
_SIGNED_LINE_19B = compile_later(
    rf"(?:^|(?<=[\n。！!？?]))[ \t\u3000]*({_HAN}{{2,3}}?)[ \t\u3000]*(?:呈|留|执笔|谢谢|敬呈|谨呈|"
    r"(?:19|20)\d{2}[ \u3000]*[-./年][ \u3000]*\d{1,2}(?:[ \u3000]*[-./月][ \u3000]*\d{1,2}日?)?)[ \t\u3000。.！!]*$", re.MULTILINE)
_AGE_AFTER_19B = compile_later(rf"{_CLAUSE_OPENS}({_HAN}{{2,3}}?)[ \u3000]*(?:今年|已经|已)?[0-9一二三四五六七八九十]{{1,3}}多?岁")
_BRACKET_SAID_19B = compile_later(rf"{_CLAUSE_OPENS}({_HAN}{{2,3}}?)[ \u3000]*[（(][^（()）\n]{{1,12}}[)）][ \u3000]*"
                                  r"(?:多次|再次|一直)?(?:反映|举报|投诉|来信|来电|说|称|实名)")
_OUR_PLACE_19B = compile_later(r"(?:我|俺|咱)们?(?:村|组|小区|社区|庄|屯|队)(?:里)?的|(?:我|俺|咱)们老[\u4e00-\u9fff]家的?")
_SAID_19B = compile_later(r"说|讲|反映|举报|投诉|来信|写信")
_DEED_19B = compile_later(rf"(?:房产证|户口本|土地证|宅基地证|不动产证|承包合同|合同)上(?:是|写的是|写着|登记的是)"
                          rf"({_HAN}{{2,3}}?)的?名字")
_OUR_FAMILY_19B = compile_later(rf"(?:我们|俺们|咱们)是({_HAN}{{2,3}}?)一家")
# Co-signer lists in other shapes: names apart by spaces, slashes or bars before a headcount or 联名 (王建国 赵德胜 孙玉珍
# 三户联名, 王建国/赵德胜/孙玉珍 联名, …孙玉珍三家, …赵德胜几个老邻居), circled numbers (①王建国 ②赵德胜), 王建国他们几家,
# and a name after a phone (请打13912345678转王建国).
_LIST_19B = compile_later(
    rf"({_HAN}{{2,3}}(?:(?:[ \u3000]+|[ \u3000]*[、/／|｜][ \u3000]*)(?![一二两三四五六七八九十几][户家人位名个]){_HAN}{{2,3}}){{1,11}})[ \u3000]*"
    r"(?=[0-9一二两三四五六七八九十几]+(?:户|家|人|位|名)|几个|几家|他们|联名|共同|一起|都受)")
_LIST_PART_19B = compile_later(rf"{_HAN}+")
_ITEM_MARK_19B = compile_later(r"[0-9①-⑳❶-❿]")
_CIRCLED_19B = compile_later(rf"(?:[①-⑳❶-❿]|(?<![0-9A-Za-z.．])[0-9]{{1,2}}(?![0-9]))[ \u3000]*({_HAN}{{2,3}})"
                            r"(?=[ \u3000]*(?:[①-⑳❶-❿]|[0-9]{1,2}[\u4e00-\u9fff]|$|[，,。；;\n]))")
_BAR_LIST_19B = compile_later(rf"(?<![\u4e00-\u9fff]){_HAN}{{2,3}}(?:[ \u3000]*[/／|｜][ \u3000]*{_HAN}{{2,3}}){{1,11}}(?![\u4e00-\u9fff])")
_THEY_19B = compile_later(rf"({_HAN}{{2,3}}?)(?:他们|她们)(?:几|[一二两三四五六七八九十])(?:家|户|个|位)")
_EXTENSION_19B = compile_later(r"(?<!\d)(?:\d[ \u3000-]?){7,12}[ \u3000]*(?:转|找)[ \u3000]*")
# Names in the case's place field: 射阳县合德镇王建国和赵德胜两家中间.
_TWO_HOMES_19B = compile_later(rf"[和与跟、]({_HAN}{{2,3}}?)(?:[两二三几]|他们)?家(?:中间|之间|门口|门前|旁边|附近|对面|后面|前面|屋后|"
                               r"屋前|隔壁)")
# Homes after other phrasings (我住的地方是…, 本户位于…, 自家房屋（…）, 我居住的…, 我所在的…, 我租的房子是…, 信寄…,
# 快递寄…王建国, 我们家幸福路18号) and the name after the home a parcel goes to.
_HOME_CUE_19B = compile_later(
    r"(?:我|俺|本人)们?(?:住的地方|居住的地方|住处|住所)(?:是|在|位于)?|本户(?:位于|在|地址)|(?:自家|我家|我们家)(?:房屋|房子|住房)"
    r"[（(]?|(?:我|俺|本人)们?(?:居住|所在|租住|住)的|(?:我|俺|本人)们?(?:租|买)的房子(?:是|在)|(?:我|俺)们?这栋|"
    r"(?:信|快递|包裹|邮件|东西|材料|回信|回复)(?:请)?(?:寄|邮寄|送)(?:到|往|至)?|(?:我|俺)们家(?=[\u4e00-\u9fff]{1,12}[0-9０-９])")
_SELF_IN_19B = compile_later(r"(?:我|俺|本人)们?(?:家)?在")
_LIVE_HERE_19B = compile_later(r"[，,][ \u3000]*(?:我|俺)?们?(?:也|就|还|一家|全家)*住(?:这|这里|这儿|在这|在这里|楼上|后面|里面|那)")
_HOME_IS_ME_19B = compile_later(rf"的(?:老|小)?{_HAN}{{1,2}}(?:就|便|正|也)?是(?:我|俺|本人)(?!们)")
_PARCEL_19B = compile_later(r"(?:快递|包裹|邮件|信|材料)(?:请)?(?:寄|邮寄|送)(?:到|往|至)?")
# Phones and ID numbers in labelled pieces, each label before or after its value, in any order (末尾四个数是5678，开头是
# 139，中间是1234; 139是前三位…; 身份证号前六位320902，后面19850315，最后0020; （后八位）：12345678，前面是139).
_PIECE_RANKS_19B = ((3, compile_later(r"最后|末尾|尾号|尾数|末四位|末位")), (1, compile_later(r"中间")),
                    (0, compile_later(r"开头|前面|前[三六0-9]位|头[三六]位|前[一二三四五六七八九十0-9]*位?")),
                    (2, compile_later(r"后面|后[一二三四五六七八九十0-9]*位?")))
_PIECE_CUT_19B = compile_later(r"[，,；;。！!？?\n]")
_PIECE_RUN_19B = compile_later(r"(?<!\d)\d{2,14}(?!\d)")


def nineteenth_review_b_spans(text: str, *, names: bool = True) -> list[tuple[int, int]]:
    """(start, end) of the names given in the forms above (R19-3, R19-4, R19-5; `names`), or of the other personal data
    (homes after other phrasings and the name a parcel goes to, phones and ID numbers in labelled pieces: R19-8, R19-9)."""
    return _names_19B(text) if names else _others_19B(text)


def _names_19B(text: str) -> list[tuple[int, int]]:
    out = []
    weak = [_KIN_19B]
    if "岁" in text:
        weak.append(_AGED_19B)
    if _has(text, ("户", "农", "渔民", "店主", "摊主", "业主", "退休", "老党员", "老兵")):
        weak.append(_TRADE_19B)
    if _has(text, _SELF_WORDS_18) and ("是" in text or "系" in text):
        weak.append(_SELF_ROLE_19B)
    if _has(text, ("我们", "俺们", "咱们", "我村", "俺村", "咱村", "我组", "俺组")):
        weak.append(_OUR_PLACE_19B)
    for pattern in weak:
        for m in pattern.finditer(text):
            if not (end := _weak_name(text, m.end())) or pattern is _OUR_PLACE_19B and end - m.end() < 3 \
                    and not _SAID_19B.match(text, end):
                continue  # 我们村的房顶: a full name after 我们村的, or a name before 说/反映 (我们村的李强说)
            if pattern is _KIN_19B or _NAME_END_19B.match(text, end):
                out += [(m.end(), end), *_listed_after(text, end)]
    strong = []
    if _has(text, ("特此", "恳", "谢", "拜", "携", "强烈", "于")):
        strong.append(_PLEADING_19B)
    if _has(text, ("呈", "留", "执笔", "谢谢", "19", "20")):
        strong.append(_SIGNED_LINE_19B)
    if "的" in text and _has(text, ("反映", "举报", "投诉")):
        strong.append(_DESCRIBED_19B)
    if "一家" in text:
        strong.append(_OUR_FAMILY_19B)
    if "岁" in text:
        strong.append(_AGE_AFTER_19B)
    if "（" in text or "(" in text:
        strong.append(_BRACKET_SAID_19B)
    if "名字" in text:
        strong.append(_DEED_19B)
    if "他们" in text or "她们" in text:
        strong.append(_THEY_19B)
    if "家" in text:
        strong.append(_TWO_HOMES_19B)
    circled = [m for m in _CIRCLED_19B.finditer(text) if _a_person(text, *m.span(1))] if _ITEM_MARK_19B.search(text) else []  # ①王建国 ②赵德胜 (read 1王建国 2赵德胜)
    if len(circled) >= 2:
        out += [m.span(1) for m in circled]
    for m in _BAR_LIST_19B.finditer(text) if _has(text, ("/", "／", "|", "｜")) else ():
        parts = [p.span() for p in _LIST_PART_19B.finditer(text, *m.span())]
        if all(_a_person(text, a, b) for a, b in parts):
            out += parts
    for pattern in strong:
        for m in pattern.finditer(text):
            if _a_person(text, *m.span(1)):
                out.append(m.span(1))
                if pattern is _TWO_HOMES_19B and (s := _name_before(text, m.start(), clause=False)) is not None \
                        and _a_person(text, s, m.start()):
                    out.append((s, m.start()))
    for m in _LIST_19B.finditer(text) if _has(text, ("、", "/", "／", "|", "｜", " ", "\u3000")) else ():
        parts = [p.span() for p in _LIST_PART_19B.finditer(text, *m.span(1))]
        if all(_a_person(text, a, b) for a, b in parts):
            out += parts
        elif len(parts) >= 2 and all(_a_person(text, a, b) for a, b in parts[1:]):
            s = _name_before(text, parts[0][1], clause=False)  # 有王建国、赵德胜两家: the first is the end of a word
            out += parts[1:] + ([(s, parts[0][1])] if s is not None and _a_person(text, s, parts[0][1]) else [])
    if "转" in text or "找" in text:
        for m in _EXTENSION_19B.finditer(text):
            if end := _weak_name(text, m.end()):
                out.append((m.end(), end))
    if "寄" in text or "送" in text:
        for m in _PARCEL_19B.finditer(text):  # 快递寄幸福路18号王建国: the name after the home
            stop = _CLAUSE_STOP_18.search(text, m.end())
            e = stop.start() if stop else len(text)
            if (found := _home_number_end(text[m.end():e])) and (end := _weak_name(text, m.end() + found[1])):
                out.append((m.end() + found[1], end))
    return out


def _others_19B(text: str) -> list[tuple[int, int]]:
    out = []
    if _has(text, ("住", "本户", "房", "所在", "这栋", "寄", "送", "家")):
        for m in _HOME_CUE_19B.finditer(text):
            stop = _CLAUSE_STOP_18.search(text, m.end())
            e = stop.start() if stop else len(text)
            if span := _home_clause_span(text, m.end(), e, house=True):  # (我们这栋楼一楼: no house number)
                out.append(span)
    if "住" in text and _has(text, _SELF_WORDS_18):
        for m in _SELF_IN_19B.finditer(text):  # 我在幸福路18号开了个小卖部，也住这
            stop = _CLAUSE_STOP_18.search(text, m.end())
            if stop and _LIVE_HERE_19B.match(text, stop.start()) and (
                    span := _home_clause_span(text, m.end(), stop.start(), house=True)):
                out.append(span)
    if _has(text, ("是我", "是俺", "是本人")):
        for m in _HOME_IS_ME_19B.finditer(text):  # 幸福路18号的老王就是我
            clause = max(text.rfind(c, 0, m.start()) for c in "，。,；;！!？?\n") + 1
            if span := _home_clause_span(text, clause, m.start(), house=True):
                out.append(span)
    if _has(text, ("电话", "手机", "号码", "身份证", "证号", "尾号", "联系方式")) and _DIGITS_ANY_19B.search(text) \
            and _has(text, ("前", "后", "开头", "中间", "末尾", "尾")):  # (前三位139，后四位0000，中间5678 alone: R13 keeps it)
        out += _number_pieces_19B(text)
    return out


_DIGITS_ANY_19B = compile_later(r"\d{2}")


def _number_pieces_19B(text: str) -> list[tuple[int, int]]:
    digits = text.translate(_NUMERALS)
    pieces, s = [], 0
    for cut in [*_PIECE_CUT_19B.finditer(digits), None]:
        e = cut.start() if cut else len(digits)
        runs = list(_PIECE_RUN_19B.finditer(digits, s, e))
        rank = next((r for r, label in _PIECE_RANKS_19B if label.search(digits, s, e)), None)
        pieces.append((rank, runs[0]) if len(runs) == 1 and rank is not None else None)
        s = cut.end() if cut else e
    out = []
    for i in range(len(pieces)):
        for n in (3, 2):
            group = pieces[i:i + n]
            if len(group) < n or None in group:
                continue
            ordered = [run for _, run in sorted(group, key=lambda p: (p[0], p[1].start()))]
            number = "".join(run.group() for run in ordered)
            if re.fullmatch(r"1[3-9]\d{9}", number) or len(number) == 18 and ID_NUMBER.fullmatch(number):
                out += [run.span() for run in ordered]
                break
    return out


_WRITER_CUE = compile_later(r"(?:写信人|来信人|陈情人|信访人|具名人)[ \t\u3000]*[:：]?[ \t\u3000]*")


def writer_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the names a letter gives as its writer's where no signature mark stands (R13-2): a header
    (张秀兰，女，58岁), a sign-off after thanks (拜托了 张秀兰), 写信人 张秀兰, a last line that is a name alone."""
    out = [m.span(1) for m in _SEX_AFTER.finditer(text)
           if (m.start(1) == 0 or text[m.start(1) - 1] in _BOUNDARY) and is_person_name(m.group(1))]
    if (m := _THANKS.search(text, max(0, len(text) - 80))) and is_person_name(m.group(1)):
        out.append(m.span(1))
    for m in _WRITER_CUE.finditer(text):
        end = _weak_name(text, m.end())
        if end:
            out.append((m.end(), end))
        elif placed := _name_after_place(text, m.end()):  # 写信人：新华村三组吴海燕 (R15-4)
            out.append(placed)
    if (m := _LAST_LINE.search(text, max(0, len(text) - 40))) and is_person_name(m.group(1)):
        out.append(m.span(1))
    return sorted(set(out))


def address_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the street-and-number part of a home address after 住址/家住/住/家在/我家…: from the
    last administrative unit (省, 市, 县, 区, 镇, 乡, 街道) to the last house, room or group number and the room
    after it (幸福路88号3单元502, 幸福里3-201); and of an estate or village with a building and room number."""
    out = []
    for m in _HOME_CUE.finditer(text):
        if m.group().startswith("地址") and _PARTY_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            continue  # 被举报单位地址：the reported party's address is where the pollution is
        clause = m.group(1)
        numbers = sorted([*_HOUSE_NUMBER.finditer(clause), *_HOME_PAIR.finditer(clause)], key=lambda n: n.start())
        if not ADDRESS_CUE.match(text, m.start()):  # a looser cue: 3号 only after a road or village (我家附近3号排口)
            numbers = [n for n in numbers if n.group()[-1] not in "号组" or clause[n.start() - 1:n.start()] in _ROADS]
        numbers += _BUILDING_ROOM.finditer(clause)
        end = m.start(1) + max((n.end() for n in numbers), default=0)
        if not numbers:  # the house number in the next clause (家住：幸福里，3号楼502)
            end = _next_clause_house(text, m.end(1)) if not _NOT_A_PLACE.search(clause) else None
            if end is None:
                continue  # "住在附近": no address
        first = min((n.start() for n in numbers), default=len(clause))
        cut = len(clause) - len(clause.lstrip("：: \u3000在于"))  # 家住在…: the cue's own words stay
        for unit in _ADMIN.finditer(clause, 0, first):
            cut = unit.end()
        out.append((m.start(1) + cut, room_tail(text, end)))
    for m in _HOME_RE.finditer(text):
        if m.group().endswith("组") and _GROUP_PEOPLE.match(text, m.end()):
            continue  # 新华村三组村民, 新华村三组全体村民: a village group's people, no home (R14-8)
        if m.group().endswith("组") and ((g := _GROUP_THEN_NAME.match(text, m.end())) and (
                g.group()[:1] in "）)" or _weak_name(text, g.end()))
                or _NOT_HOME_BEFORE.search(text, max(0, m.start() - 12), m.start())):
            continue  # 新华村三组的王建国、赵德胜, 王建国（新华村三组）：, 田在新华村3组: the name is masked, the group stays (R16)
        s = m.start()
        while s > max(0, m.start() - 8) and _is_han(text[s - 1]) and text[s - 1] not in "住在于是的" \
                and not _ADMIN.match(text, s - 1) and text[s - 2:s] != "街道":
            s -= 1  # the estate's name, not the town before it (合德镇春晖花园7栋: 合德镇 stays)
        out.append((s, room_tail(text, m.end())))
    return out


def _next_clause_house(text: str, end: int) -> int | None:
    """Where the house number ends that opens the clause after a home cue's clause ending at `end` (…幸福里 +
    ，3号楼502 or ，88号), or None when that clause does not open with one that ends it."""
    if not (comma := _NEXT_CLAUSE.match(text, end)):
        return None
    at = comma.end()
    house = max((n.end() for p in (_HOUSE_NUMBER, _HOME_PAIR, _BUILDING_ROOM) if (n := p.match(text, at))), default=None)
    if house is None:
        return None
    house = room_tail(text, house)
    return house if _HOUSE_ENDS.match(text, house) else None


def room_tail(text: str, end: int) -> int:
    """Where a home address ending at `end` really ends: past the room numbers written right after it."""
    while m := _ROOM_TAIL.match(text, end):
        end = m.end()
    return end


def _despaced(text: str) -> tuple[str, list[int]]:
    """`text` without its spaces (not its line breaks), and for each character kept its position in `text`."""
    index = [i for i, c in enumerate(text) if c not in " \u3000"]
    return "".join(text[i] for i in index), index


def numeral_value(numeral: str) -> int | None:
    """The value of a house number written in Arabic or Chinese numerals: 502, ５０２, 五零二, 五百零二, 十二."""
    digits = digits_of(numeral).replace("两", "2")
    if digits.isdigit():
        return int(digits)
    if not re.fullmatch(r"[0-9十百]+", digits) or digits.count("十") > 1 or digits.count("百") > 1:
        return None
    value, rest = 0, digits
    for unit, size in (("百", 100), ("十", 10)):
        if unit in rest:
            head, rest = rest.split(unit)
            head = head.lstrip("0")
            if len(head) > 1:
                return None
            value += int(head or "1") * size
    rest = rest.lstrip("0")
    if len(rest) > 1:
        return None
    return value + int(rest or "0")


def _home_numbers(chain: str) -> tuple[list[int], int] | None:
    """The numbers of a building-room chain (7-5-2: [7, 5, 2]) and how many characters its last one has."""
    groups = _HOME_GROUP.findall(chain)
    values = [numeral_value(g) for g in groups]
    if any(v is None for v in values):
        return None
    return values, len(groups[-1])


def _rooms(values: list[int], last_width: int) -> set[int]:
    """The room numbers `values` after the building may stand for: the last (303), or a floor and a flat on it
    (3楼03, 5-2: 303, 502)."""
    rooms = {values[-1]}
    if len(values) >= 2 and last_width <= 2 and values[-1] < 100:
        rooms.add(values[-2] * 100 + values[-1])
    return rooms


# A lettered building and its room (B座1502, B-1502, b栋15楼), on a text whose full-width letters and digits read as
# ASCII (`_home_text`): the letter, then the numbers after it.
_LETTERED_CHAIN = compile_later(rf"(?<![A-Za-z])([A-Za-z])(?:号楼|栋|幢|座|区|单元|[-‐‒–—―−ーｰ#]{{1,2}})?"
                             rf"([{_NUMERAL}]{{1,5}}(?:{_HOME_JOIN}[{_NUMERAL}]{{1,5}}){{0,2}})(?:室|号|户)?"
                             rf"(?![{_NUMERAL}A-Za-z])")
# The room before its building in brackets: 502（3号楼）, 1502室(B座).
_ROOM_THEN_BUILDING = compile_later(rf"(?<![{_NUMERAL}])([{_NUMERAL}]{{2,5}})(?:室|号|户)?[(（]"
                                 rf"([A-Za-z]|[{_NUMERAL}]{{1,4}})(?:号楼|栋|幢|座)?[)）]")
# the building, then 的 or a comma, then the room (3号楼的502就是我家, 3栋，502室: R14-4)
_BUILDING_THEN_ROOM = compile_later(rf"(?<![{_NUMERAL}A-Za-z])([A-Za-z]|[{_NUMERAL}]{{1,4}})(?:号楼|栋|幢|座)(?:的|[，,、])"
                                    rf"([{_NUMERAL}]{{2,5}})(?:室|号|户)?(?![{_NUMERAL}])")
_FLOOR = compile_later(r"[楼层]")


def _home_text(text: str) -> str:
    """`text` with its full-width letters and digits as ASCII and its letters in upper case, one for one."""
    return "".join(c.upper() if len(c.upper()) == 1 else c for c in text.translate(_FULL_WIDTH))


def _building(numeral: str) -> int | str | None:
    """A building as it is compared: its number, or its letter (B of B座)."""
    return numeral if numeral.isalpha() and numeral.isascii() else numeral_value(numeral)


@lru_cache(maxsize=1024)
def recorded_home(address: str) -> tuple[str, int | str, frozenset[int]] | None:
    """The estate (or road), building and room of a recorded home address (射阳县合德镇兴旺小区12栋303室: 兴旺小区,
    12, {303}; …幸福里小区B座1502室: 幸福里小区, "B", {1502}), or None when it names no building and room. (jionlp
    and cpca stop at the county: the estate, building and room are read here.)"""
    address = _home_text(recorded_value(address, "address"))
    cut = 0
    for unit in _ADMIN.finditer(address):
        cut = unit.end()
    tail = address[cut:]
    if chain := _HOME_CHAIN.search(tail):
        numbers = _home_numbers(chain.group())
        if numbers is None:
            return None
        values, width = numbers
        return tail[:chain.start()], values[0], frozenset(_rooms(values[1:], width))
    if chain := _LETTERED_CHAIN.search(tail):
        numbers = _home_numbers(chain.group(2))
        if numbers is None:
            return None
        values, width = numbers
        return tail[:chain.start()], chain.group(1), frozenset(_rooms(values, width))
    return None


def _floors(rooms) -> set[int]:
    """The floors the recorded rooms are on (502: 5, 1502: 15)."""
    return {r // 100 for r in rooms if r >= 100}


def home_spans(text: str, people: list[dict]) -> list[tuple[int, int]]:
    """(start, end) of the recorded building and room of `people`'s home addresses however written in `text`:
    any joiner (12栋303, 12-303, 12#303, 12号楼303, 7-5-2, 7栋5楼2号), Arabic or Chinese numerals (七栋五零二), spaced
    (7 栋 502), with the recorded estate before it; and the recorded estate's name written with spaces (春 晖 花 园)."""
    homes = {h for p in people if (h := recorded_home(p.get("address") or ""))}
    if not homes:
        return []
    flat, index = _despaced(text)
    flat = _home_text(flat)  # Ｂ座１５０２, b座1502 as B座1502
    out = []

    def found(start: int, end: int, estate: str) -> None:
        if estate and flat.endswith(estate, 0, start):
            start -= len(estate)
        out.append((index[start], index[end - 1] + 1))

    for m in _HOME_CHAIN.finditer(flat):
        numbers = _home_numbers(m.group())
        if numbers is None:
            continue
        values, width = numbers
        starts = [g.start() for g in _HOME_GROUP.finditer(m.group())]
        floor = _FLOOR.match(flat, m.end())  # 3幢2单元5楼, 3号楼五楼: the recorded building and floor
        for i in range(len(values) - 1):
            for estate, building, rooms in homes:
                if values[i] != building:
                    continue
                if rooms & _rooms(values[i + 1:], width):
                    found(m.start() + starts[i], m.end(), estate if i == 0 else "")
                elif floor and values[-1] in _floors(rooms):
                    found(m.start() + starts[i], floor.end(), estate if i == 0 else "")
    for m in _LETTERED_CHAIN.finditer(flat):
        numbers = _home_numbers(m.group(2))
        if numbers is None:
            continue
        values, width = numbers
        floor = _FLOOR.match(flat, m.end())  # B座15楼
        for estate, building, rooms in homes:
            if m.group(1) == building and rooms & _rooms(values, width):
                found(m.start(), m.end(), estate)
            elif m.group(1) == building and floor and values[-1] in _floors(rooms):
                found(m.start(), floor.end(), estate)
    for m in _BUILDING_THEN_ROOM.finditer(flat):  # 3号楼的502, 3栋，502室 (R14-4)
        building, room = _building(m.group(1)), numeral_value(m.group(2))
        if any(building == b and room in rooms for _estate, b, rooms in homes):
            found(m.start(), m.end(), "")
    for m in _ROOM_THEN_BUILDING.finditer(flat):  # 502（3号楼）
        room, building = numeral_value(m.group(1)), _building(m.group(2))
        if any(building == b and room in rooms for _estate, b, rooms in homes):
            found(m.start(), m.end(), "")
    for estate in {h[0] for h in homes if len(h[0]) >= 2 and not h[0].endswith(("路", "街", "道", "巷", "弄"))}:
        start = flat.find(estate)
        while start != -1:
            a, b = index[start], index[start + len(estate) - 1] + 1
            if b - a > len(estate):  # written with spaces: 春 晖 花 园
                out.append((a, b))
            start = flat.find(estate, start + 1)
    return out


# The end of an ID number nobody recorded, after its cue: 身份证号码后四位002X, 身份证尾号0012, 证件号后六位150012.
_ID_TAIL = compile_later(r"(?:身份证|身份号码|证件)(?:号码|号)?的?(?:后|末|最后|尾号|尾数)(?:[四六4-6]位)?(?:数字|号码)?"
                         r"(?:是|为|[:：])?[ \u3000]*([0-9]{3,5}[0-9Xx])(?![0-9A-Za-z])")


# (R15-9) a landline written without its area code after a phone cue (家里座机88881234, 电话：8888123), unless the
# reported party's (`_party_phone`); a bank card or account number after its cue (银行卡6222…, 卡号：6222 0212 …), or
# anywhere as a UnionPay, Visa or Mastercard number that passes the Luhn check
_SHORT_LANDLINE = compile_later(r"(?:座机|固话|固定电话|宅电|电话|手机)(?:号码?)?(?:是|为|[:：])?[ \u3000]*"
                                r"(?<![0-9])([2-9][0-9]{6,7})(?![0-9])")
_BANK_CARD_CUE = compile_later(r"(?:银行卡|储蓄卡|信用卡|借记卡|存折|卡号|账号|帐号|账户|帐户|卡)(?:号码?|号)?(?:是|为|[:：])?"
                               r"[ \u3000]*(?<![0-9])([0-9](?:[ \u3000-]?[0-9]){15,18})(?![0-9])")
_BANK_CARD = compile_later(r"(?<![0-9A-Za-z])(?:62|4|5)[0-9]{14,17}(?![0-9A-Za-z])")


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


_HAO = str.maketrans("號", "号")  # a house number's traditional 號 (not the whole text folded: 光明村六組 stays a place)


def pattern_spans(text: str, *, homes: bool = True, shadow: Shadow | None = None) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the personal data found in `text` by pattern alone, unmerged; kind is one
    of name, phone, id_number, contact, birth_date, address."""
    # Numbers are looked for in the text as written and in its shadow (Chinese numerals as digits, the
    # separators between groups dropped: `Shadow`), not instead: "张三13912345678" reads "张313912345678"
    # once translated, and "0515 8888 1234 13912345678" runs together once its spaces are dropped.
    digits = numerals_as_digits(text)
    out = [(s, e, "id_number") for s, e in id_numbers(text)]
    out += [(s, e, "phone") for s, e in phone_numbers(text) if not _party_phone(text, s)]
    shadow = shadow or Shadow(text)
    if not shadow.same:
        out += [(*shadow.span(s, e), "id_number") for s, e in id_numbers(shadow.text)]
        out += [(a, b, "phone") for a, b in (shadow.span(s, e) for s, e in phone_numbers(shadow.text))
                if not _party_phone(text, a)]
    out += [(s, e, "name") for s, e in names_before_numbers(text, [(a, b) for a, b, k in out if k != "contact"])]
    out += [(s, e, "contact") for s, e in handles(digits)]
    if "机" in text or "话" in text or "宅电" in text:
        out += [(*m.span(1), "phone") for m in _SHORT_LANDLINE.finditer(digits) if not _party_phone(text, m.start(1))]
    if "卡" in text or "账" in text or "帐" in text or "存折" in text:
        out += [(*m.span(1), "contact") for m in _BANK_CARD_CUE.finditer(digits)]
    out += [(*m.span(), "contact") for m in _BANK_CARD.finditer(digits)
            if luhn_valid(m.group()) and not valid_id_number(m.group())]
    out += [(*m.span(1), "id_number") for m in _OTHER_ID.finditer(text)]
    if "身份" in text or "证件" in text:  # 身份证号码后四位002X (R13-9)
        out += [(*m.span(1), "id_number") for m in _ID_TAIL.finditer(digits)]
    if "@" in text:  # 微博@王建国1985: a handle in any script after a social network's @ (R11-8)
        out += [(*m.span(1), "contact") for m in _AT_HANDLE.finditer(text)]
    if "@" in shadow.text:
        out += [(*shadow.span(*m.span()), "contact") for m in EMAIL.finditer(shadow.text)]
    out += [(*shadow.span(*m.span()), "contact") for m in EMAIL_DODGED.finditer(shadow.text)]
    if "生" in text:
        out += [(*m.span(m.lastindex), "birth_date") for m in BIRTH_DATE.finditer(digits)]
        out += [(*m.span(m.lastindex), "birth_date") for m in SHORT_BIRTH_DATE.finditer(text)]
    found = name_spans(text, homes=homes) + signature_spans(text) + salutation_spans(text)
    out += [(s, e, "name") for s, e in found]
    if shadow.names_differ:  # and in the shadow: 东 方 白 云反映 and 舉報人：陳建華 read as 东方白云反映 and 举报人：陈建华
        names = name_spans(shadow.text, homes=homes) + signature_spans(shadow.text)
        # not on past the space after a name found as written (@张强 看到, 王建国 核查人：: R16 over-masks)
        out += [(a, b, "name") for a, b in (shadow.span(s, e) for s, e in names)
                if not any(f == a and a < g < b and text[g] in " \u3000" for f, g in found)]
    out += [(s, e, "contact") for s, e in eighteenth_review_b_spans(text, names=False)]  # (R18-6, R18-7, R18-9)
    out += [(s, e, "contact") for s, e in nineteenth_review_b_spans(text, names=False)]  # (R19-8, R19-9)
    out += [(s, e, "contact") for s, e in nineteenth_review_c_spans(text, names=False)]  # (R19-7)
    out += [(s, e, "address") for s, e in home_after_landmark_19C(  # 住址：新華村三組18號 (R13-5), R19-11
        text, address_spans(text.translate(_HAO)))]
    return out


# --- Signatures --------------------------------------------------------------------------------------------------
#
# A letter, typed or scanned, names its writer where free text rarely does: in the signature block at its end
# (此致/敬礼, then the name, then the date), before （签字）/（签名）/（手印）, after 信访人（签字）：, or on a line
# of its own just before a closing date. Each candidate word is judged as after a weak cue (`is_person_name`: a
# common surname, not a common word, not a place), so that 合德镇人民政府 or 化工厂 above a date stay readable.
# The one rule: typed content, the portal, the API, imports and the scanned-letter pipeline (intake/pii.py) use it.

_SIGN_MARK = r"[（(]\s*(?:签字|签名|按?手印|署名|本人)\s*[）)]"
# before the mark, or before 敬上/谨上/叩上/敬呈, or before 手印 after a space, or before 上/呈 that end a line: 濮阳雪松
# （按手印）, 濮阳雪松 敬上, 张伟 手印, 东方白云（本人）, 东方白云 上 (a bare 上/呈 right after the name only where the name
# starts its line: 东方白云呈)
_SIGNED_BEFORE = compile_later(rf"{_SIGN_MARK}|(?:敬上|谨上|拜上|叩上|敬呈|谨呈|谨启|敬启|拜启|叩首|叩拜|泣书|泣上|手书|手启|上书)(?!{_HAN})|(?<=[ \u3000])按?手印(?!{_HAN})"
                               r"|(?<=[ \u3000\u4e00-\u9fff])[上呈草](?=[ \u3000]*$)", re.MULTILINE)
# a name after a dash that starts a line or follows a sentence: —— 濮阳雪松, ……请尽快处理！——张桂兰
_SIGNED_DASH = compile_later(rf"(?:^|(?<=[。！!？?]))[ \u3000]*[—―－\-–]{{1,4}}[ \u3000]*(?={_HAN})", re.MULTILINE)
_SIGNED_AFTER = compile_later(r"(?:信访人|来信人|举报人|投诉人|反映人|具名人|署名|签名|签字|落款)\s*"
                           r"[（(]\s*(?:签字|签名|签章|盖章|手印|署名)\s*[）)]\s*[:：]?\s*")
_CLOSING = compile_later(r"此\s*致|敬\s*礼")
_DATE_WORDS = r"[0-9０-９〇○零一二三四五六七八九十]"
LETTER_DATE = compile_later(rf"(?:{_DATE_WORDS}{{2,4}}\s*年\s*)?{_DATE_WORDS}{{1,2}}\s*月\s*{_DATE_WORDS}{{1,3}}\s*[日号]?"
                         r"|\d{4}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{1,2}|即日")
_SIGN_WORDS = compile_later(r"信访人|来信人|举报人|投诉人|反映人|具名人|署名|签名|签字|落款|签章|盖章|手印|敬上|谨上")
_HAN_RUN = compile_later(f"{_HAN}+")
SIGNATURE_LINES = 4  # what follows 此致/敬礼 that can still be the signature (name, date, a title)
_LINE = compile_later(r"[^\n]+")
# (R15-5) the last line signed as one of the people (你们的老百姓吴海燕, 一个老党员：吴海燕) and an e-mail signature in
# pinyin (-- Wang Jianguo, 1387…)
_SIGNED_AS = compile_later(rf"(?:老百姓|百姓|群众|村民|居民|市民|老党员|党员|老兵|老人|退休(?:职工|工人|教师|干部)?)"
                           rf"[ \u3000]*[:：]?[ \u3000]*({_HAN}{{2,4}})[ \t\u3000。.]*$")
_LATIN_SIG_DASHES = compile_later(r"^--[ \t]*(?:\n[ \t]*)?([A-Z][a-z]{0,5}(?:[ \-][A-Z][a-z]{0,11}){1,2})(?![A-Za-z])",
                                  re.MULTILINE)
_SIGNATURE_BRACKET = compile_later(r"[(（][^()（）\n]{1,24}[)）]")  # 吴海燕（新华村三组）\n12月7日 (R15-5)
_LONE_NAME = compile_later(rf"[ \t\u3000]*{_HAN}{{2,4}}[ \t\u3000]*")
# (R15-5) a name at a line's or a sentence's start before a comma and the date that ends the line: 王建国，2026年12月7日
_NAME_COMMA_DATE = compile_later(rf"(?:^|(?<=[。！!？?]))[ \t\u3000]*({_HAN}{{2,4}})[ \t\u3000]*[，,][ \t\u3000]*"
                                 rf"(?:{LETTER_DATE.pattern})[ \t\u3000。.]*$", re.MULTILINE)


@lru_cache(maxsize=4096)
def is_person_name(word: str, *, named: bool = False) -> bool:
    """Whether `word` alone is a name, as the free-text detector judges it after a weak cue (a common surname,
    not a common word, not a place) or, `named`, after a strong one (姓名：)."""
    if not 2 <= len(word) <= 4 or word[-1] in _PLACE_SUFFIX:
        return False
    probe = ("姓名：" if named else "我是") + word + "。"
    cue = probe.index(word)
    return (cue, cue + len(word)) in name_spans(probe, homes=False)


def _blanked(pattern: re.Pattern, text: str) -> str:
    return pattern.sub(lambda m: " " * len(m.group()), text)


def signature_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the names in `text`'s signatures (see above). `text` keeps its line breaks."""
    out = []
    for m in _SIGNED_AFTER.finditer(text):  # 信访人（签字）：王五
        if run := _HAN_RUN.match(text, m.end()):
            word = run.group()[:4]
            n = next((n for n in (len(word), 3, 2) if n <= len(word) and is_person_name(word[:n], named=True)), 0)
            if n:
                out += [(run.start(), run.start() + n), *_listed_after(text, run.start() + n)]
    for m in _SIGNED_DASH.finditer(text):  # —— 濮阳雪松: the name alone after the dash
        run = _HAN_RUN.match(text, m.end())
        if is_person_name(run.group()):
            out.append(run.span())
        else:  # (R15-5) ——新华村王建国, ——来自新华村的王建国: the name after a place or 的 ends the run
            word = run.group()
            k = next((k for k in range(max(1, len(word) - 4), len(word) - 1)
                      if (word[k - 1] in _PLACE_SUFFIX or word[k - 1] == "的") and is_person_name(word[k:])), None)
            if k is not None and text[run.end():run.end() + 1] in ("", "\n", "，", ",", "。", " ", "\u3000"):
                out.append((run.start() + k, run.end()))
    for m in _SIGNED_BEFORE.finditer(text):  # 濮阳雪松（签字）, 信访人濮阳雪松（签字）, 濮阳雪松 敬上
        end = m.start()
        while end > 0 and text[end - 1] in " \u3000":
            end -= 1
        start = end
        while start > max(0, end - 4) and _is_han(text[start - 1]):
            start -= 1
        bare = m.group() in ("上", "呈", "草") and end == m.start()  # 东方白云上: the name alone on its line
        for a in range(start, end - 1):
            if is_person_name(text[a:end]) and (not bare or a == 0 or text[a - 1] == "\n"):
                out += [(a, end), *_listed_before(text, a)]
                break
    lines = [m for m in _LINE.finditer(text) if m.group().strip()]
    closing = None
    for i, line in enumerate(lines):
        for m in _CLOSING.finditer(line.group()):
            closing = (i, line.start() + m.end())
    if closing is not None:  # the rest of the closing line and the lines after it
        i, at = closing
        candidates = [(at, lines[i].end()), *(m.span() for m in lines[i + 1:i + 1 + SIGNATURE_LINES])]
    else:  # a name on one of the last lines, beside or just before the closing date
        candidates = []
        for i in range(len(lines) - 1, max(-1, len(lines) - 1 - SIGNATURE_LINES), -1):
            if LETTER_DATE.search(lines[i].group()):
                candidates = [lines[i].span()] + ([lines[i - 1].span()] if i else [])
                # (R15-5) names one a line above it (王建国\n赵德胜\n孙玉珍\n2026年12月7日): each a name alone
                j = i - 1
                while j > 0 and i - j < SIGNATURE_LINES and _LONE_NAME.fullmatch(lines[j].group()) \
                        and is_person_name(lines[j].group().strip(" \t\u3000")):
                    j -= 1
                    candidates.append(lines[j].span())
                break
    if "," in text or "，" in text:
        out += [m.span(1) for m in _NAME_COMMA_DATE.finditer(text) if is_person_name(m.group(1))]
    if (m := _SIGNED_AS.search(text, max(0, len(text) - 24))) and is_person_name(m.group(1)):
        out.append(m.span(1))
    if "--" in text:
        out += [m.span(1) for m in _LATIN_SIG_DASHES.finditer(text) if m.group(1).split()[0].lower() in _pinyin_surnames()]
    for a, b in candidates:
        rest = _blanked(_SIGN_WORDS, _blanked(LETTER_DATE, _blanked(_SIGNATURE_BRACKET, text[a:b])))
        runs = list(_HAN_RUN.finditer(rest))
        if len(runs) == 1 and is_person_name(runs[0].group()):  # a name alone on its line (or beside the date)
            out.append((a + runs[0].start(), a + runs[0].end()))
        elif len(runs) >= 2 and all(is_person_name(r.group()) for r in runs) and all(  # 张伟 李娜 王芳, 张伟、李娜
                not rest[r.end():n.start()].strip(" \u3000、，,/／;；") for r, n in zip(runs, runs[1:], strict=False)):
            out += [(a + r.start(), a + r.end()) for r in runs]
    return sorted(set(out))


def surname_of(name: str) -> str:
    name = recorded_value(name, "name")
    return next((s for s in COMPOUND_SURNAMES if name.startswith(s)), name[:1])


def given_name(name: str) -> str:
    name = recorded_value(name, "name")
    return name[len(surname_of(name)):]


# What follows a surname to name a person without the given name (慕容女士, 王先生): with the given name alone
# (秋水同志), masked whole wherever the recorded name is the complainant's; beside the box's 慕*** they add up
# to the name. "家" only after a compound surname (王家 is as often 王家庄 or a family in general).
HONORIFICS = ("先生", "女士", "小姐", "老师", "师傅", "同志", "阿姨", "大爷", "大妈", "大娘", "大姐", "大哥", "大叔",
              "老人", "老太", "奶奶", "爷爷", "叔叔", "伯伯", "婶婶", "阿婆", "老伯")


# A letter's salutation (R10-1): the reply to a complainant opens with their name (张秀兰女士：\n您好！, 尊敬的张秀兰：您于…),
# whoever recorded it or not; the salutation is identity. Only at the text's start, only before a line break or 您/你,
# and only a word judged as after a weak cue (`is_person_name`): 尊敬的领导：, 信访人：, 投诉内容： stay as written.
# (R13-3) Also 致张秀兰：, Dear 张秀兰：, 张秀兰您好：, 张秀兰，您好！, 张秀兰你好！, 张秀兰君：, 张秀兰老人家：,
# 张秀兰（女士）：, 张秀兰及其家人：, and each name of 张秀兰、李桂英同志：.
# (R15-8) and 王建国老哥：, To 王建国：, Hi 王建国，, 王建国家属：; 致：王建国 on a line of its own (`_ADDRESSED_TO`); Dear Wang
# Jianguo: in pinyin (`_LATIN_SALUTATION`)
_SALUTE_HONORIFICS = ("老人家", "老太太", "君", "家人", "家属", "老哥", "老弟", "老姐", "老妹", "大兄弟", "兄弟") + HONORIFICS
_SALUTATION = compile_later(
    rf"[ \t\u3000\n]*(?:尊敬的|亲爱的|致|[Dd]ear[ \u3000]+|(?:[Tt]o|TO|[Hh]i|[Hh]ello)[ \u3000]+)?[ \u3000]*({_HAN}{{2,4}}?)"
    rf"((?:[ \u3000]*[、，,和与及][ \u3000]*{_HAN}{{2,4}}?)*)[ \u3000]*"
    rf"((?:[(（][ \u3000]*)?(?:及其?|和)?(?:{'|'.join(_SALUTE_HONORIFICS)})?(?:[ \u3000]*[)）])?)"
    r"[ \u3000]*(?:[:：][ \t\u3000]*(?:\n|$|您|你)|[，,]?[ \u3000]*(?:您|你)好|[，,][ \t\u3000]*(?:\n|$))")
_ADDRESSED_TO = compile_later(
    rf"[ \t\u3000\n]*致[ \u3000]*[:：][ \u3000]*({_HAN}{{2,4}}?)((?:[ \u3000]*[、，,和与及][ \u3000]*{_HAN}{{2,4}}?)*)[ \u3000]*"
    rf"((?:{'|'.join(_SALUTE_HONORIFICS)})?)[ \u3000]*[:：]?[ \t\u3000]*(?:\n|$)")
_LATIN_SALUTATION = compile_later(r"[ \t\u3000\n]*(?:[Dd]ear|DEAR|[Hh]i|[Hh]ello|[Tt]o)[ \u3000]+((?:Mr|Mrs|Ms|Miss|Dr)\.?[ \u3000]+)?"
                                  r"([A-Z][a-z]{0,5}(?:[ \u3000\-][A-Za-z][a-z]{0,11}){0,2})[ \u3000]*[:：,，]")
# a name called at a sentence's start in the body, before 感谢/谢谢/您/你: 您好！王建国，感谢您的来信 (R15-8)
_VOCATIVE = compile_later(rf"(?:^|(?<=[。！!？?\n：:]))[ \t\u3000]*({_HAN}{{2,4}})[ \u3000]*[，,][ \u3000]*(?=感谢|谢谢|您|你)",
                          re.MULTILINE)
# (R15-7) a text that opens with a name as a title does (王建国的诉求：…, 赵德胜：化工厂排臭气: three characters or four
# before a colon) or as an English self-introduction (My name is Wang Jianguo, This is Zhang Wei)
_NAME_HEADING = compile_later(rf"[ \t\u3000\n]*(?:({_HAN}{{2,4}}?)的(?:诉求|投诉|举报|反映|来信|信访件?|问题|意见)"
                              rf"|({_HAN}{{3,4}}?)[ \u3000]*[:：](?![ \t\u3000]*(?:\n|$)))")
_LATIN_SELF = compile_later(r"(?:[Mm]y name is|MY NAME IS|I am|I'm|[Tt]his is)[ \u3000]+((?:Mr|Mrs|Ms|Miss|Dr)\.?[ \u3000]+)?"
                            r"([A-Z][a-z]{0,5}(?:[ \u3000\-][A-Z][a-z]{0,11}){0,2})(?![A-Za-z])")
# (R15-8) a name written with spaces (王 建 国：) and a surname called with 老/小 (老王：, 小张，你好)
_SPACED_SALUTATION = compile_later(rf"[ \t\u3000\n]*(?:尊敬的|亲爱的|致)?[ \u3000]*({_HAN}(?:[ \u3000]+{_HAN}){{1,3}})()()"
                                   r"[ \u3000]*[:：][ \t\u3000]*(?:\n|$|您|你)")
# (R17-2) 致 and a name before a colon, whatever follows on the line (致王建国：化工厂已整改)
_TO_NAME = compile_later(rf"[ \t\u3000\n]*致[ \u3000]*({_HAN}{{2,4}}?)()()[ \u3000]*[:：]")
_SURNAME_CALLED = compile_later(r"[老小][\u4e00-\u9fff]")
_SALUTED = compile_later(rf"{_HAN}{{2,4}}")
# a given name and a kin honorific (秀英阿姨：您好！, R14-3): what a reply to an anonymous writer opens with
_GIVEN_SALUTED = compile_later(rf"{_HAN}{{2}}")
_GIVEN_HONORIFICS = frozenset(("阿姨", "大爷", "大妈", "大娘", "大姐", "大哥", "大叔", "婶", "婶子", "嫂", "嫂子", "姐", "哥"))


def _saluted(text: str) -> tuple[re.Match, list[tuple[int, int]]] | None:
    """The salutation `text` opens with and the spans of the names in it (see above), or None."""
    m = _SALUTATION.match(text) or _ADDRESSED_TO.match(text) or _SPACED_SALUTATION.match(text) or _TO_NAME.match(text)
    if not m or not (is_person_name(_HAN_SPACE.sub("", m.group(1))) or _GIVEN_SALUTED.fullmatch(m.group(1)) and (
            m.group(3).strip(" \u3000()（）") in _GIVEN_HONORIFICS or _SURNAME_CALLED.fullmatch(m.group(1))
            and m.group(1)[1] in SURNAMES and m.group(1)[1] not in _PLACE_SUFFIX and not m.group(3).strip())):
        return _addressee_18(text)  # (R18-3) 王建国阁下：, 尊敬的王建国村民：, 您好，王建国！, 建国老弟：
    spans = [m.span(1)]
    if m.group(2):
        base = m.start(2)
        spans += [(base + n.start(), base + n.end()) for n in _SALUTED.finditer(m.group(2))
                  if is_person_name(n.group())]
    return m, spans


def salutation_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the names a letter in `text` is addressed to, where it opens the text."""
    found = _saluted(text)
    spans = found[1] if found else []
    if "，" in text or "," in text:
        spans += [m.span(1) for m in _VOCATIVE.finditer(text) if is_person_name(m.group(1))]
    if (m := _NAME_HEADING.match(text)) and is_person_name(m.group(m.lastindex)):
        spans.append(m.span(m.lastindex))
    if "I" in text or "y" in text or "is" in text:
        spans += [m.span(2) for m in _LATIN_SELF.finditer(text) if (m.group(1) or " " in m.group(2) or "-" in m.group(2))
                  and m.group(2).split()[0].split("-")[0].lower() in _pinyin_surnames()]
    if (m := _LATIN_SALUTATION.match(text)) and (m.group(1) or " " in m.group(2) or "-" in m.group(2)) \
            and m.group(2).split()[0].split("-")[0].lower() in _pinyin_surnames():
        spans.append(m.span(2))  # Dear Wang Jianguo:, Hi Mr Wang, (not Dear Sir:, Dear Environmental Bureau:)
    return spans


@lru_cache(maxsize=1)
def _pinyin_surnames() -> frozenset[str]:
    """The common surnames in pinyin without tones (wang, ouyang): pypinyin, imported on first use."""
    from pypinyin import lazy_pinyin

    return frozenset("".join(lazy_pinyin(s)).lower() for s in (*SURNAMES, *COMPOUND_SURNAMES))


def unnamed_salutation(text: str) -> str:
    """`text` with the names and honorific it opens with as a letter's salutation put as 匿名信访人 (a letter to an
    anonymous complainant names nobody: 张秀兰女士：您好 → 匿名信访人：您好)."""
    found = _saluted(text)
    if found:
        m = found[0]
        return text[:m.start(1)] + "匿名信访人" + text[m.end(3):]
    return text


def unnamed_letter(text: str, people=()) -> str:
    """A letter to an anonymous complainant as stored and shown: the names it opens with put as 匿名信访人
    (`unnamed_salutation`) and the rest masked (`mask_text`), each part masked on its own (R15-12): masked as one
    text, 匿名信访人：+ a line break read as the cue 信访人： and took the next line's first word for a name
    (问题已处理 → 问*已处理)."""
    found = _saluted(text)
    if not found:
        return mask_text(text, people)
    m = found[0]
    return mask_text(text[:m.start(1)], people) + "匿名信访人" + mask_text(text[m.end(3):], people)


def whole_fragments(people) -> set[str]:
    """The fragments of the recorded names of `people` that are masked whole (not to their first character):
    the given name alone and the surname with an honorific."""
    out: set[str] = set()
    for p in recorded_people(people):
        name = p["name"]
        if len(name) < 2 or not _HAN_IN.search(name):
            continue  # a Latin name: `latin_name_spans`
        if p.get("parts"):  # 阿不都热合曼·买买提: each part as a given name
            out.update(part for part in p["parts"] if len(part) >= 2)
            continue
        surname, given = surname_of(name), given_name(name)
        if len(given) >= 2:
            out.add(given)
        out.update(surname + h for h in HONORIFICS)
        if len(surname) == 2:
            out.add(surname + "家")
    return out


def worded_names(people) -> set[str]:
    """The recorded full names of two characters of `people` that are also a word or a place in jieba's dictionary
    (高峰, 黄河, 金海, and 李四 or 李娜 too: it knows many names): left readable only where the text shows them as that
    word (`stands_as_word`), masked everywhere else (R11 and R12 over-masks)."""
    names = {p["name"] for p in recorded_people(people) if len(p["name"]) == 2 and _HAN_WORD.fullmatch(p["name"])
             and not p.get("parts")}
    if not names:
        return set()
    from .words import is_word

    return {name for name in names if is_word(name)}


# What makes a name that is a word that word where it stands: a place or business word after it (黄河路, 金海化工,
# 黄河故道), a time word after it (高峰时段), a longer word it is part of with the character before or after it
# (高峰期), or a word before it that makes the two one (早高峰, 用电高峰: jieba cuts 早 and 高峰 apart).
_WORD_AFTER = compile_later(r"故道|大堤|大桥|大街|流域|沿岸|入海口|时段|时期|时间|季节|"
                            r"[边岸畔堤](?![说讲哭喊骂叫])")  # 黄河边的厂 (R17 OM-5)
_WORD_BEFORE = compile_later(r"(?:早|晚|早晚|用电|用水|用气|交通|客流|车流|人流|上下班|上班|下班|排放|生产|用工)$")


# where waste goes: 向江海排污, 排入黄河 (R13-8)
_INTO_BEFORE = compile_later(r"(?:向|往|入|进)$")
_DISCHARGE_AFTER = compile_later(r"排|倾倒|倒|流|偷排|直排|$|[^\w]")


def stands_as_word(text: str, start: int, end: int) -> bool:
    """Whether the recorded name at `text[start:end]` (one of `worded_names`) stands as the word or place it also is."""
    after = fold_traditional(text[end:end + 4])
    if _ORG_OR_PLACE_AFTER.match(after) or _WORD_AFTER.match(after):
        return True
    from .words import is_word

    name = fold_traditional(text[start:end])
    before = fold_traditional(text[start - 1:start]) if start else ""
    return bool(before and _is_han(before) and not _PERSON_BEFORE.search(before) and is_word(before + name)
                or after[:1] and _is_han(after[0]) and is_word(name + after[0])
                or _WORD_BEFORE.search(text, max(0, start - 3), start)
                or _INTO_BEFORE.search(text, max(0, start - 2), start) and _DISCHARGE_AFTER.match(after))


def given_names(people) -> set[str]:
    """The given names of two characters or more of `people` (`given_name`) that are masked alone only where
    they stand as a person (`given_name_as_person`)."""
    out = set()
    for p in recorded_people(people):
        if not _HAN_IN.search(p["name"]):
            continue
        if p.get("parts"):
            out.update(part for part in p["parts"] if len(part) >= 2)
        elif len(g := given_name(p["name"])) >= 2:
            out.add(g)
    return out


_HAN_IN = compile_later(_HAN)


# The given name alone (新华 of 刘新华) is as often part of a company's, a road's or a place's name (新华化工,
# 建国路, 排入海洋) or of a longer word (国庆期间) as it names the complainant: the polluter's name masked hides the
# polluter from the officer, and its gap beside the box's 刘** tells the name. It is masked only where it stands as
# a person: not followed by an organisation or place suffix, not bound to the character before it into a known
# word (入海, unless that character ends a person cue: 叫我, 村民), and followed by what follows a person (说, 家,
# 先生, 反映, 的, 多次…) or by the end of a clause. The full name and the surname with the given name are masked
# wherever they stand.
_ORG_OR_PLACE_AFTER = compile_later(
    r"(?:[一二三四五六七八九十]分?厂|有限|股份|公司|集团|化工|化学|科技|实业|工业|企业|商贸|贸易|建设|建筑|工程|物流|置业|地产|房产|农业|养殖|"
    r"食品|制品|制造|材料|电子|机械|纺织|印染|电镀|塑料|塑业|环保|能源|家园|家具|家电|厂|酒店|饭店|宾馆|商店|超市|"
    r"商场|市场|店|餐|路|大道|街|(?<!说)道(?!歉|谢|别)|巷|弄|镇|乡|村|社区|小区|花园|新村|公寓|大厦|广场|中心|医院|"
    r"学校|中学|小学|幼儿园|大学|学院|局|站|港|码头|河|湖|江|桥|山|园|苑|庄|湾|区|县|市|省|牌|号(?!码))")
_PERSON_AFTER = compile_later(
    "(?:" + "|".join(HONORIFICS) +
    # what staff write a person did (据建国介绍, 经与秀兰核实, 与建国确认: R11 residual)
    r"|介绍|核实|确认|反馈|答复|回复|签收|陈述|证实|补充|同意|描述|讲述|提供|您好|你好"
    r"|沟通|交流|联系|面谈|见面|商量|协商|啊|呀"  # 与建国沟通后, 建国啊，你别管了 (R14-10)
    r"|[说讲称告表反举投家的是在和与及跟同等也都又还就才曾已再要想会能可把被给对向让"
    r"叫请从到去来打看听问找住了着过今明昨每一两多不没他她我本夫老"
    r"哥嫂叔姐兄伯姨舅婶弟妹爷奶媳这报"  # 建国哥, 建国嫂, 秀英姐, 建国兄弟, 建国媳妇, 建国这个人, 建国报的警 (R11-2)
    r"敬谨叩顿亲手拜留致上于签聊监陪带]|儿(?![童子女科歌]))")  # a sign-off: 海燕敬上, 海燕谨上, 海燕叩首, 海燕亲笔, 海燕留, 海燕于12月7日 (R12-1)
# a phone right after it (秀兰13605151111, 秀兰0515-88881234: R10-7)
_PHONE_AFTER = compile_later(r"[0-9０-９](?:[ \-]?[0-9０-９]){6}")
_PERSON_BEFORE = compile_later(r"[我叫是人民户主系和与及跟同给找问让被对向称名子女儿友姐哥弟妹爸妈爷奶叔姨伯舅婆老小阿]$"
                               r"|[回拜走电家]访$")  # 回访德顺, 拜访德顺, 走访德顺家 (R16-2)
_CLAUSE_END = compile_later(r"(?:[^\w]|$)")


_VISITED_BEFORE = compile_later(r"[回拜走电家]访了?$|[为把被陪]$|约谈了?$")  # 被建国骂了一顿, 约谈建国 (R17-6)
_DONE_FOR_BEFORE = compile_later(r"[让给替帮等对向]$")  # (R17-6 rest) whatever verb follows
_TIME_AFTER = compile_later(r"后|前|以来|以后|以前|初|时|期|之|周年|年代|大业|工作|项目|事业|单位")  # 建国后, 对建设项目
_KIN_BEFORE = compile_later(r"(?:老伴儿?|老公|老婆|丈夫|妻子|爱人|媳妇儿?|儿子|女儿|闺女|孩子|父亲|母亲|爸爸|妈妈|哥哥|姐姐|弟弟|"
                           r"妹妹|公公|婆婆|孙子|孙女)$")


def given_name_as_person(text: str, start: int, end: int) -> bool:
    """Whether the given name at `text[start:end]` stands as a person (see the comment above)."""
    after = fold_traditional(text[end:end + 4])
    if _ORG_OR_PLACE_AFTER.match(after):
        return False
    before = fold_traditional(text[max(0, start - 4):start])
    if _KIN_BEFORE.search(before) or _VISITED_BEFORE.search(before):  # 我老伴建国天天咳嗽 (R13-9), 回访德顺后 (R16-2)
        return True
    if _DONE_FOR_BEFORE.search(before) and not _TIME_AFTER.match(after):  # 让建国骂了一顿, 向建国赔礼 (建国后 stays)
        return True
    if before and _is_han(before[-1]) and not _PERSON_BEFORE.search(before):
        from .words import is_word

        name = fold_traditional(text[start:end])
        if is_word(before[-1] + name[0]) or is_word(before[-1] + name):
            return False
    return bool(_CLAUSE_END.match(after) or _PERSON_AFTER.match(after) or _PHONE_AFTER.match(text, end))


# The complainant's given name as the reported party's trade name (刘新华 reporting 新华化工有限公司, R9-7): then
# 新华一厂, 新华老板, 新华又在偷排 name the polluter, and the given name alone is masked only in a strong person
# context: after a cue that a name or a person follows (我叫, 我是, 举报人：, 村民…), before a sign-off (（签字）, 敬上) or
# alone on its line (a signature). The full name stays masked
# everywhere. A trade name is the given name in the party field's own name (before what is said about it, and not
# where the complainant speaks there: `mask_party`), or in the case address followed by an organisation or place
# word (东风路6号新华一厂); never after the complainant's surname (王建华家楼下的饭店 is the complainant's home).
_STRONG_PERSON_BEFORE = compile_later(
    "(?:" + "|".join(sorted(_NAMED_CUES | _ROLE_CUES | {"本人是", "本人", "我是", "叫我", "村民", "居民", "业主", "市民",
                                                        "住户", "群众"}, key=len, reverse=True))
    + r")[ \t\u3000]*[:：]?[ \t\u3000]*$")


def trade_names(people) -> set[str]:
    """The given names of `people` (recorded, `recorded_people`) that are their case's reported party's trade name."""
    out = set()
    for p in people:
        given, surname = given_name(p["name"]), surname_of(p["name"])
        if len(given) < 2 or not (p.get("party") or p.get("place")):
            continue
        party = p.get("party") or ""
        organisation = party[:_PARTY_NAME_END.search(party).start()]
        if _COMPLAINANT_IN_PARTY.search(organisation):
            organisation = ""
        for text, as_name in ((organisation, True), (p.get("place") or "", False)):
            start = text.find(given)
            while start != -1:
                if not text.endswith(surname, 0, start) and (as_name or not given_name_as_person(
                        text, start, start + len(given))):
                    out.add(given)
                start = text.find(given, start + 1)
    return out


def given_name_stands_as_person(text: str, start: int, end: int, trades: set[str]) -> bool:
    """Whether the given name at `text[start:end]` is masked alone: as a person (`given_name_as_person`), or, when
    it is the reported party's trade name (`trade_names`), only after a strong person cue."""
    if trades and _name_key(text[start:end]) in trades:
        line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", end)
        alone = not text[line_start:start].strip() and not text[end:None if line_end == -1 else line_end].strip()
        after = end + len(text[end:end + 2]) - len(text[end:end + 2].lstrip(" \u3000"))
        return bool(alone or _STRONG_PERSON_BEFORE.search(text, max(0, start - 8), start)
                    or _SIGNED_BEFORE.match(text, after))  # a signature: 新华（签字）, a line of its own
    return given_name_as_person(text, start, end)


def name_fragments(people) -> list[str]:
    """The recorded names of `people` and the fragments of them that still identify (`whole_fragments`), in
    simplified script (`recorded_value`), longest first: matched on the `Shadow` that joins what stands between
    ideographs (宇文\n朝阳, 慕-容-秋-水, 陳建華)."""
    people = recorded_people(people)
    out = whole_fragments(people) | {p["name"] for p in people if len(p["name"]) >= 2}
    return sorted(out, key=len, reverse=True)


def birth_date_forms(yyyymmdd: str) -> set[str]:
    """The recorded birth date as people write it with a year (R11-3): 1985年3月15日, 85年3月15日, 1985-3-15,
    85.3.15, 1985/03/15… (with or without leading zeros). Without a year a date is any day of the year."""
    if not yyyymmdd.isdigit() or len(yyyymmdd) != 8:
        return set()
    y, m, d = yyyymmdd[:4], yyyymmdd[4:6], yyyymmdd[6:]
    out = set()
    for year in (y, y[2:]):
        for month, day in ((m, d), (m.lstrip("0"), d.lstrip("0"))):
            out.update(f"{year}年{month}月{day}{end}" for end in ("日", "号"))
            out.update(f"{year}{sep}{month}{sep}{day}" for sep in ".-/")
            if len(day) == 2:  # 85年3月15 at a text's end (a day of one digit would begin another: 3月1, 3月15)
                out.add(f"{year}年{month}月{day}")
    # in words (R11 residual): 一九八五年三月十五日, 八五年三月十五号, 八五年三月十五 (a day that begins no other: 十, 二十…)
    month, day = _numeral_words(int(m)), _numeral_words(int(d))
    for digits in ("〇一二三四五六七八九", "零一二三四五六七八九"):
        for year in (y, y[2:]):
            words = "".join(digits[int(c)] for c in year)
            out.update(f"{words}年{month}月{day}{end}" for end in ("日", "号"))
            if int(d) not in (2, 3, 10, 20, 30):
                out.add(f"{words}年{month}月{day}")
    return {f for f in out if len(f) >= 6}


_BIRTHDAY_CUE = compile_later(r"(?:生日|出生|生于|生在)(?:日期)?(?:是|为|在|[:：])?[ \u3000]*")


def recorded_birthday_spans(text: str, people: list[dict]) -> list[tuple[int, int]]:
    """(start, end) of the recorded birth date's month and day right after 生日/出生 with no year before them (R13-7:
    生日是3月15日，85年的): after such a cue any day of the year is somebody's birthday, and this one is the
    complainant's."""
    days = set()
    for p in people:
        birth = (p.get("id_number") or "")[6:14]
        if len(birth) == 8 and birth.isdigit():
            m, d = int(birth[4:6]), int(birth[6:])
            days.update(f"{month}月{day}{end}" for month in (str(m), f"{m:02d}", _numeral_words(m))
                        for day in (str(d), f"{d:02d}", _numeral_words(d)) for end in ("日", "号"))
    out = []
    for cue in _BIRTHDAY_CUE.finditer(text) if days else ():
        for day in days:
            if text.startswith(day, cue.end()):
                out.append((cue.end(), cue.end() + len(day)))
    for p in people:
        birth = (p.get("id_number") or "")[6:14]
        if len(birth) == 8 and birth.isdigit():
            out += _split_birthday_spans(text, birth)
    return out


# (R14-5) The recorded birth date split across clauses: 85年的，3月15过生日; 我是1985年生的，生日3月15号; 3月15日出生的，一九八五年.
# The recorded month and day (3月15, 03月15日, 三月十五号) with a birth word within `_BIRTH_REACH` characters before or after
# it (生日, 过生日, 出生, 生的, 生人, 出世, or the recorded year and 年的/年生) is masked, and the recorded year written near
# it (1985年, 85年, 一九八五年, 八五年) with it. Another day, or the day with no birth word near (3月15日开始偷排), stays.
_BIRTH_REACH = 12
_BIRTH_WORD = compile_later(r"生日|出生|生的|生人|出世")


@lru_cache(maxsize=64)
def _birthday_patterns(birth: str) -> tuple[re.Pattern, re.Pattern]:
    y, m, d = birth[:4], int(birth[4:6]), int(birth[6:])
    words = f"{_numeral_words(m)}月{_numeral_words(d)}"
    day = (rf"(?<![0-9０-９])0?{m}[ \u3000]*月[ \u3000]*0?{d}(?![0-9０-９])(?:[ \u3000]*[日号])?"
           rf"|(?<![〇零一二三四五六七八九十]){words}(?![〇零一二三四五六七八九十])[日号]?")
    years = [y, y[2:]] + ["".join(digits[int(c)] for c in v) for digits in ("〇一二三四五六七八九", "零一二三四五六七八九")
                          for v in (y, y[2:])]
    year = "|".join(rf"(?<![0-9〇零一二三四五六七八九]){re.escape(v)}[ \u3000]*年" for v in years)
    return re.compile(day), re.compile(year)


def _split_birthday_spans(text: str, birth: str) -> list[tuple[int, int]]:
    day, year = _birthday_patterns(birth)
    out = []
    for m in day.finditer(text):
        a, b = max(0, m.start() - _BIRTH_REACH), min(len(text), m.end() + _BIRTH_REACH)
        years = list(year.finditer(text, max(0, m.start() - 2 * _BIRTH_REACH), min(len(text), m.end() + 2 * _BIRTH_REACH)))
        if not (_BIRTH_WORD.search(text, a, m.start()) or _BIRTH_WORD.search(text, m.end(), b)
                or any(text.startswith(("的", "生"), y.end()) for y in years)):
            continue
        out.append(m.span())
        out += [y.span() for y in years]
    return out


def _numeral_words(value: int) -> str:
    """1 to 31 as written in words: 三, 十, 十五, 二十, 三十一."""
    units = "零一二三四五六七八九"
    tens, unit = divmod(value, 10)
    return ("" if tens == 0 else "十" if tens == 1 else units[tens] + "十") + (units[unit] if unit else "")


def identity_fragments(people) -> list[str]:
    """The recorded values of `people` (Complainant rows or dicts, through `recorded_value`) and the fragments
    that still identify."""
    people = recorded_people(people)
    out: set[str] = set(name_fragments(people))
    for p in people:
        get = p.get
        phone = re.sub(r"\D", "", get("phone") or "")
        if len(phone) >= 7:
            out.add(phone)
            if len(phone) == 11:
                out.update({f"{phone[:3]}-{phone[3:7]}-{phone[7:]}", f"{phone[:3]} {phone[3:7]} {phone[7:]}"})
        id_number = get("id_number")
        if len(id_number) >= 15:
            out.update({id_number, id_number.lower(), id_number[-6:]})
            if len(id_number) == 18:
                out.add(id_number[6:14])  # the birth date
                out.update(birth_date_forms(id_number[6:14]))
        address = get("address")
        if len(address) >= 4:
            out.add(address)
            tail = address_tail(address)
            if len(tail) >= 4:
                out.add(tail)
    return sorted(out, key=len, reverse=True)


# The end of a division's name in an address (江苏省, 盐城市, 亭湖区, 射阳县, 合德镇, 新洋乡, 五星街道), not the 区 of an
# estate (幸福小区, 新民社区, 工业园区, 景区, 校区, 厂区), the 市 of 城市花园 or the 乡 of 水乡花苑 (R11-1: split there, the
# road and house number of 人民路88号幸福小区3幢502室 were never a masked piece). Only before the first digit: the
# divisions come first.
_DIVISION_END = compile_later(r"省|(?<![城都超菜夜])市|(?<![小社园景校厂营军矿站])区|县|(?<![水城])乡|镇|街道")
_FIRST_DIGIT = compile_later(r"[0-9０-９]")


def address_tail(address: str) -> str:
    """A recorded address after its divisions (人民路88号幸福小区3幢502室 of 盐城市亭湖区人民路88号幸福小区3幢502室)."""
    digit = _FIRST_DIGIT.search(address)
    ends = [m.end() for m in _DIVISION_END.finditer(address, 0, digit.start() if digit else len(address))]
    return address[ends[-1]:] if ends else address


def address_parts(people) -> list[tuple[str, int]]:
    """Pieces of the recorded home addresses of `people` that identify a home when written apart, as
    (text to find, where the masked part of it starts): for 射阳县合德镇人民路25号3单元502室, the street number
    after its road (人民路25号: the road stays readable, the number is masked) and the building, unit and
    room (3单元502室, 3单元502, 502室). The town and the road alone are a place, not a home."""
    out: list[tuple[str, int]] = []
    for p in people:
        address = ((p.get("address") if isinstance(p, dict) else getattr(p, "address", "")) or "").strip()
        tail = address_tail(address)
        numbers = list(_HOUSE_NUMBER.finditer(tail))
        if not numbers:
            continue
        first = numbers[0]
        if first.start() >= 2:  # 人民路25号: find it with its road, mask the number
            out.append((tail[:first.end()], first.start()))
        rest = tail[first.end():].strip()
        if len(numbers) > 1 and len(rest) >= 3:
            out.append((rest, 0))
            bare = re.sub(r"\s*(?:室|号)$", "", rest)
            if bare != rest and len(bare) >= 3 and not bare.isdigit():
                out.append((bare, 0))  # 3单元502
            room = numbers[-1].group()
            if len(room) >= 4 and room != rest:
                out.append((room, 0))  # 502室
    return out


_ROAD_END = compile_later(r"(?:路|街|大道|道|巷|弄)$")


def road_length(address: str) -> int:
    """How many characters of a recorded `address` (or of its tail) name a place, not the home: up to its road
    where a house number follows the road (射阳县合德镇解放路 of 射阳县合德镇解放路88号), else none."""
    first = _HOUSE_NUMBER.search(address)
    return first.start() if first and _ROAD_END.search(address, 0, first.start()) else 0


# The recorded home's house number written otherwise after its road (R13-5): 文港路18號, 文港路18#, 文港路 18 号,
# 文港路十八号, 文港路一八号, 文港路拾捌號, 文港路18弄, 文港路第18号, 文港路18-1号, and after the road's clause (我住文港路，
# 门牌18号). The same number, read as a value, with a house word after it (号, 號, #, 弄) or a -n or the clause's
# end; another number on the road (28号, 180号) or a count or distance (18公里, 上18家) stays.
_HOUSE_AFTER_ROAD = compile_later(
    r"[ \u3000]*(?:[，,][ \u3000]*)?(?:[东南西北](?:侧|边|面)的?|边上|上|的|[（(])?[ \u3000]*"  # 文港路北侧18号 (R14-4)
    r"(?:的?[那这](?:个|家|户|边)?[ \u3000]*)?"  # 幸福路那个十八号 (R17-1 rest)
    r"(?:门牌号?(?:是|为|[:：])?)?[ \u3000]*第?[ \u3000]*"
    r"([0-9０-９](?:[ \u3000]?[0-9０-９])*|[〇零一二两三四五六七八九十百拾佰壹贰叁肆伍陆柒捌玖]{1,4})"
    r"((?:[ \u3000]*[-－][ \u3000]*[0-9０-９一二三四五六七八九]{1,3})?[ \u3000]*(?:号|號|#|＃|弄|(?=[^\w]|$)))")
_FINANCIAL_UNITS = str.maketrans("拾佰", "十百")
_HOUSE_BEFORE_ROAD = compile_later(r"(?<![0-9０-９])([0-9０-９]{1,4}|[〇零一二两三四五六七八九十百]{1,4})[ \u3000]*(?:号|號)[ \u3000]*$")


def recorded_house_spans(text: str, people: list[dict]) -> list[tuple[int, int]]:
    """(start, end) of the recorded homes' house numbers after their road, however written (see above)."""
    out = []
    folded = None
    for p in people:
        tail = address_tail(p.get("address") or "")
        road = road_length(tail)
        number = re.match(r"[ \u3000]*第?([0-9]+)", tail[road:]) if road else None
        if number is None:
            continue
        folded = folded if folded is not None else fold_traditional(text)
        cut = road_start(tail[:road])  # 幸福路 of 新华村幸福路18号: written without its village (R17-1)
        tail, road = tail[cut:], road - cut
        start = folded.find(tail[:road])
        while start != -1:
            m = _HOUSE_AFTER_ROAD.match(folded, start + road)
            if m and numeral_value(m.group(1).replace(" ", "").replace("\u3000", "").translate(
                    _FINANCIAL_UNITS)) == int(number.group(1)):
                out.append((m.start(1), m.end(2)))
            if (b := _HOUSE_BEFORE_ROAD.search(folded, max(0, start - 8), start)) and numeral_value(
                    b.group(1).translate(_FINANCIAL_UNITS)) == int(number.group(1)):
                out.append(b.span())  # 18号文港路 (R14-4)
            start = folded.find(tail[:road], start + 1)
        if "门牌" in folded:  # 门牌号是18，文港路上: the number after 门牌 with the recorded road near it (R14-4)
            for m in _DOOR_NUMBER.finditer(folded):
                if numeral_value(m.group(1)) == int(number.group(1)) and tail[:road] in folded[
                        max(0, m.start() - _DOOR_ROAD_REACH):m.end() + _DOOR_ROAD_REACH]:
                    out.append(m.span(1))
    if "组" in text or "組" in text:
        out += _group_house_spans(text, people)
    return out


# (R18-8) the recorded house number after a village group (兴福村五组16号) written otherwise after the group: 五组十六号,
# 5组拾陆号, 五组的16号. The same group and number as read; another group or number stays.
_GROUP_HOUSE = compile_later(r"(?<![0-9０-９〇零一二两三四五六七八九十])([0-9０-９]{1,2}|[一二两三四五六七八九十]{1,3})[ \u3000]*组"
                             r"[ \u3000]*(?:的)?[ \u3000]*第?[ \u3000]*"
                             r"([0-9０-９]{1,4}|[〇零一二两三四五六七八九十百拾佰壹贰叁肆伍陆柒捌玖]{1,5})[ \u3000]*(?:号|號|#|＃)")


def _group_house_spans(text: str, people: list[dict]) -> list[tuple[int, int]]:
    homes = set()
    for p in people:
        if m := _GROUP_HOUSE.search(fold_traditional(p.get("address") or "")):
            homes.add((numeral_value(m.group(1)), numeral_value(m.group(2).translate(_FINANCIAL_UNITS))))
    if not homes:
        return []
    return [m.span(2) for m in _GROUP_HOUSE.finditer(fold_traditional(text))
            if (numeral_value(m.group(1)), numeral_value(m.group(2).translate(_FINANCIAL_UNITS))) in homes]


# (R17-1) a village, community, residents' committee, estate or park written before the road in a recorded address
# (新华村幸福路18号, 新华社区幸福路18号, 工业园区幸福路18号): the text often writes the road without it
_BEFORE_ROAD = compile_later(r"工业园区|社区|居委会|村委会|委会|小区|园区|工业园|开发区|新村|村|组")


def road_start(road: str) -> int:
    """Where the road itself starts in `road` (the part of a recorded address up to its road): after the last village,
    community, estate or park before it, as long as a road of two characters or more is left (新村路 stays whole)."""
    cut = 0
    for m in _BEFORE_ROAD.finditer(road):
        if len(road) - m.end() >= 3 and _ROAD_END.search(road[m.end():]):
            cut = m.end()
    return cut


_DOOR_NUMBER = compile_later(r"门牌号?码?(?:是|为|[:：])?[ \u3000]*第?[ \u3000]*(?<![0-9０-９])"
                             r"([0-9０-９]{1,4}(?![0-9０-９])|[〇零一二两三四五六七八九十百]{1,4})")
_DOOR_ROAD_REACH = 12


_GAP_CHAR = compile_later(r"[^\w]|[_ー]")


def _name_key(value: str) -> str:
    """A span of text as a recorded name is matched: without what stands between its characters (秋\n水, 秋-水)."""
    return recorded_value(_GAP_CHAR.sub("", read_text(value)[0]), "name")


def _is_gap(c: str) -> bool:
    """Whether `c` stands between the characters of a value rather than in it: it reads as nothing, or as neither
    letter, digit nor ideograph (⽣, the Kangxi radical, reads as 生: part of the name)."""
    read = read_text(c)[0]
    return not read or all(_GAP_CHAR.fullmatch(r) for r in read)


def _stars(value: str, keep: int = 0) -> str:
    """`value` with its letters, digits and ideographs after the first `keep` as `*`; separators stay (宇文\n朝阳)."""
    out, seen = [], 0
    for c in value:
        if _is_gap(c):
            out.append(c)
        else:
            out.append(c if seen < keep else "*")
            seen += 1
    return "".join(out)


def _mask_span(value: str) -> str:
    if not value:
        return value
    if digits_of(read_text(value)[0][:1] or value[0]).isdigit() or value[0] in "+(（":  # ㈠, 1️⃣, 〡〣〧 too
        return "*" * max(1, len(read_text(value)[0]))  # a star a digit as read: 1️⃣3️⃣9️⃣ as ***, not 9
    if value[0] in "十拾佰":  # 幸福路拾捌号, 十八号: a house number in words masked whole, its tens too (R18-8)
        return "*" * len(value)
    if re.fullmatch(f"{_HAN}{{2,4}}", value):
        return mask_name(value)
    if _GIVEN_BEFORE_NUMBER.match(value) and value[0] not in SURNAMES:  # 秀兰13605151111: no character of it kept
        return "*" * min(len(value), 8)
    if value != (key := _GAP_CHAR.sub("", read_text(value)[0])) and re.fullmatch(f"{_HAN}{{2,4}}", key):
        return _stars(value, keep=1)  # a name split by separators: 宇文\n朝阳 as 宇*\n**
    return value[:1] + "*" * min(len(value) - 1, 6)


# A text that ends in a run of five digits or more (or a half-written e-mail address) may have been cut
# inside a number: a summary made of the first characters of the content ends "身份证号32092419900312456",
# which no pattern of a whole number matches. Such a tail is masked whatever it was.
CUT_TAIL = compile_later(rf"(?:[0-9０-９](?:[ \u3000\-]?[0-9０-９]){{4,}}[ \u3000{re.escape(_GROUP_SEP)}]*"
                      r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]*)$")  # run on the text's `Shadow`: 一三九…, 139.1234.
_TAIL_REACH = 320  # the longest number or e-mail address cut short that the end of a text is searched for
# A date written with separators (2027-03-30, 2027.3.30, 2027/03/30) ends a text as often as a cut number does: an
# event's deadline. Its separators are the same on both sides, and month and day are in range.
_WHOLE_DATE = compile_later(r"(?:19|20)\d{2}([-./])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])[ \u3000]*")
_SUMMARY_RUN = compile_later(r"[0-9A-Za-z０-９@._%+\-]+$")
SUMMARY_LENGTH = 60


def summary_of(content: str, people=()) -> str:
    """The summary a case gets when none is written: the start of the content, never cut inside or at the edge
    of personal data (the content is masked first, against the case's `people` and by pattern, and the cut falls
    before any span that reaches it), inside a name-like run (a surname just before the cut), a number, an
    e-mail address or a word in Latin letters (a cut value would slip past the masks), however the number is
    written (in Chinese numerals, grouped by dots or spaced hyphens: read in its `Shadow`). A title cut before
    this rule has its end masked when shown (`personal_spans`: CUT_TAIL, `trailing_prefix`)."""
    # (R15-2) made of the content as masked with its lines kept: joined first, a signature (赵德胜 alone on its line
    # before the date) is no longer one, and the title showed it in every list, the API and the duty leader's SMS
    if content and "\n" in content.strip():
        content = mask_text(content, people)
    flat = (content or "").replace("\n", " ").strip()
    if len(flat) <= SUMMARY_LENGTH:
        return flat
    cut = SUMMARY_LENGTH
    for s, e in personal_spans(flat[:SUMMARY_LENGTH + 40], people):
        if s < cut <= e:  # inside a span, or one that ends at the cut (it might go on)
            cut = s
    cut = _before_name_like_run(flat, cut)
    shadow = Shadow(flat)
    j = shadow.index_of(cut)  # the first character left out, in the shadow
    if 0 < j < len(shadow.text) and _SUMMARY_RUN.match(shadow.text[j]) and _SUMMARY_RUN.match(shadow.text[j - 1]):
        run = _SUMMARY_RUN.search(shadow.text, 0, j)
        cut = min(cut, shadow.span(run.start(), run.start() + 1)[0])
    return flat[:cut].rstrip()


def mask_summary(title: str, content: str, people=()) -> str:
    """A case's title masked (`mask_text`), and where it is the start of the content with its line breaks joined
    (a summary made by the rule before R15-2), masked as that stretch of the content with its lines kept too: the
    signature rules read a name alone on its line."""
    title = title or ""
    if not title or not content or "\n" not in content.strip():
        return mask_text(title, people)
    flat = content.replace("\n", " ")
    lead = len(flat) - len(flat.lstrip())
    if not flat.startswith(title, lead):
        return mask_text(title, people)
    lined = mask_text(content[lead:lead + len(title)], people) if lead + len(title) == len(content.rstrip()) \
        else mask_text(content, people)[lead:]  # the whole content masked, so its end's rules apply; then cut
    shown = lined.replace("\n", " ")
    if lead + len(title) != len(content.rstrip()):
        shown = shown[:len(title)]
    return mask_text(shown, people)


def _before_name_like_run(text: str, cut: int) -> int:
    """`cut` moved before a surname that stands in the last three characters before it, inside a run of CJK
    characters that goes on after it (司马长|风, 欧|阳, 王小|明): a name no detector knows, cut, is masked by
    nothing."""
    if not (0 < cut < len(text) and _is_han(text[cut - 1]) and _is_han(text[cut])):
        return cut
    for p in range(max(0, cut - 3), cut):
        if not all(_is_han(c) for c in text[p:cut]):
            continue
        if text[p:p + 2] in COMPOUND_SURNAMES:
            return p
        if p >= cut - 2 and text[p] in SURNAMES and text[p] not in _NOT_A_NAME and text[p:p + 2] not in _NOT_NAMES:
            return p
    return cut


def trailing_prefix(text: str, people=()) -> int | None:
    """Where `text` ends in the start of a recorded name or of an address fragment of `people` (two characters
    or more, or the first character of a compound surname): a text cut there (a summary stored by an older
    rule, a line cut short) keeps a fragment that no whole value matches (司马长 of 司马长风, 幸福小区9栋12 of
    幸福小区9栋1203室). The start of that end, or None. As CUT_TAIL does for digits."""
    end = len(text.rstrip())
    if end == 0:
        return None
    people = recorded_people(people)
    needles: set[str] = set(whole_fragments(people))
    places: dict[str, int] = {}  # an address needle's start that is a place (its road): no fragment when cut there
    for p in people:
        name = p["name"]
        if len(name) >= 2:
            needles.add(name)
            if name[:2] in COMPOUND_SURNAMES and text[end - 1] == name[0]:
                return end - 1
        tail = address_tail(p["address"])
        if len(tail) >= 4:
            needles.add(tail)
            places[tail] = road_length(tail)
    for needle, offset in address_parts(people):
        needles.add(needle)
        places[needle] = max(places.get(needle, 0), offset)
    best = None
    for needle in needles:
        for k in range(min(len(needle) - 1, end), max(1, places.get(needle, 0)), -1):
            if text.endswith(needle[:k], 0, end):
                best = end - k if best is None else min(best, end - k)
                break
    return best


# --- The recorded name in pinyin ----------------------------------------------------------------------------------
#
# huangfu chunsheng, HuangfuChunsheng, Chunsheng Huangfu, huang-fu chun-sheng: the full name in either order, and the
# surname or the given name alone when it has two syllables or more (a one-syllable chen or wang alone names nobody).
# Every reading of each character counts (pypinyin, heteronyms: 曾 zeng/ceng, 朝 zhao/chao), case-insensitive,
# as whole words only (not inside a longer Latin word). pypinyin is imported on first use (about 0.4 s).

_PINYIN_SEP = r"[ \u3000\-_'’·.]{0,2}"
_LATIN = compile_later(r"[A-Za-z]{2}")


def _readings(word: str) -> list[str] | None:
    from pypinyin import Style, lazy_pinyin, pinyin

    phrase = lazy_pinyin(word, style=Style.NORMAL)
    out = []
    for c, said in zip(word, phrase, strict=True):
        readings = {said, *pinyin(c, style=Style.NORMAL, heteronym=True)[0]}
        if not all(r.isascii() and r.isalpha() for r in readings):
            return None  # a character pypinyin does not know
        readings |= {r.replace("v", v) for r in readings if "v" in r for v in ("u", "yu")}  # lv: Lü, Lǚ, Lu, Lyu
        out.append("(?:" + "|".join(sorted(readings, key=len, reverse=True)) + ")")
    return out


@lru_cache(maxsize=1024)
def _pinyin_pattern(name: str) -> re.Pattern | None:
    if not re.fullmatch(f"{_HAN}{{2,6}}", name):
        return None
    surname = surname_of(name)
    syllables = _readings(name)
    if syllables is None:
        return None
    s, g = syllables[:len(surname)], syllables[len(surname):]
    forms = [s + g, g + s] + [part for part in (s, g) if len(part) >= 2]
    body = "|".join(_PINYIN_SEP.join(form) for form in forms)
    return re.compile(rf"(?<![A-Za-z])(?:{body})(?![A-Za-z])", re.IGNORECASE)


@lru_cache(maxsize=1024)
def _given_pinyin(name: str) -> re.Pattern | None:
    given = given_name(name)
    syllables = _readings(given) if len(given) >= 2 and re.fullmatch(f"{_HAN}+", name) else None
    return re.compile(_PINYIN_SEP.join(syllables), re.IGNORECASE) if syllables else None


# The given name alone in pinyin before the name of a company or a road (Jianhua Chemical, Xinhua Road) is that
# company's or road's (`given_name_as_person`).
_LATIN_ORG_AFTER = compile_later(
    r"[ \u3000\-_.]*(?:Chemicals?|Tech(?:nology)?|Co\b|Company|Corp(?:oration)?|Group|Industr(?:y|ial|ies)|Factory|Plant|"
    r"Road|Rd\b|Street|St\b|Avenue|Lu\b|Jie\b|Hotel|Restaurant|Ltd|Limited|Inc\b|Trading|Materials?|Steel|Paper|"
    r"Textiles?|Energy|Environmental)", re.IGNORECASE)


class _LatinFolding(dict):
    """`str.translate` table filled on first use: a full-width Latin letter as ASCII, a letter with tone marks or
    other diacritics as its base letter (Huángfǔ, Lǚ: NFKD, combining marks dropped), one character for one."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        base = "".join(n for n in unicodedata.normalize("NFKD", c) if not unicodedata.combining(n))
        value = base if len(base) == 1 and base.isascii() and base.isalpha() else c
        self[code] = value
        return value


_LATIN_FOLDING = _LatinFolding()
_LETTER_SPACED = compile_later(r"(?<![A-Za-z])[A-Za-z](?: [A-Za-z]){3,}(?![A-Za-z])")
# A tone number after a pinyin syllable (Huang2fu3, Jian4hua2; 5 or 0 for the neutral tone), not inside a number.
_TONE_NUMBER = compile_later(r"(?<=[A-Za-z])[0-5](?![0-9]|\.[0-9])")


def pinyin_spans(text: str, people: list[dict]) -> list[tuple[int, int]]:
    """(start, end) of the recorded names of `people` (through `recorded_value`) written in pinyin in `text`,
    with tone marks or in full-width letters too."""
    if not text.isascii():
        text = text.translate(_LATIN_FOLDING)
    if not _LATIN.search(text) and not _LETTER_SPACED.search(text):
        return []
    # tone numbers (Huang2fu3 Chun1sheng1): matched without them, masked with them; the spaces of letters written one
    # by one (W a n g J i a n g u o: R13-9) likewise
    tones = [m.span() for m in _TONE_NUMBER.finditer(text)]
    if " " in text:
        tones = sorted(tones + [(m.start() + k, m.start() + k + 1) for m in _LETTER_SPACED.finditer(text)
                                for k, c in enumerate(m.group()) if c == " "])
    original, (text, index) = text, _dropped(text, None, tones)
    out = []
    for p in people:
        if pattern := _pinyin_pattern(p["name"]):
            given = _given_pinyin(p["name"])
            for m in pattern.finditer(text):
                if given is not None and given.fullmatch(m.group()) and (
                        _LATIN_ORG_AFTER.match(text, m.end()) or _ORG_OR_PLACE_AFTER.match(text, m.end())):
                    continue
                if index is None:
                    out.append(m.span())
                    continue
                start, end = index[m.start()], index[m.end() - 1] + 1
                if _TONE_NUMBER.match(original, end):
                    end += 1
                out.append((start, end))
            if titled := _titled_surname(p["name"]):  # Dear Mr. Wang, (R13-3)
                out += [m.span(1) if index is None else (index[m.start(1)], index[m.end(1) - 1] + 1)
                        for m in titled.finditer(text)]
    return out


# (R14-10) The recorded name written half in pinyin or in initials, or with a variant character: 王建guo, Wang建国
# (each character as itself or its pinyin, at least one of each), J. Wang and J.G. Wang (the given name's initials
# before the surname's pinyin), 王JG and Wang JG (the surname, then all the given name's initials), 王建囯 (a variant
# form of a character that OpenCC's table leaves as it is: `_NAME_VARIANTS`, one for one). Another surname or other
# initials stay (J. Li, 王经理说JG型号).
_NAME_VARIANTS = str.maketrans("囯圀峯羣綫啓衆滙栢嶽裡菓",
                               "国国峰群线启众汇柏岳里果")
_HAS_VARIANT = compile_later("[囯圀峯羣綫啓衆滙栢嶽裡菓]")


@lru_cache(maxsize=1024)
def _variant_patterns(name: str) -> list[re.Pattern]:
    if not re.fullmatch(f"{_HAN}{{2,6}}", name):
        return []
    syllables = _readings(name)
    if syllables is None:
        return []
    n = len(surname_of(name))
    mixed = _PINYIN_SEP.join(f"(?:{re.escape(c)}|{said})" for c, said in zip(name, syllables, strict=True))
    out = [re.compile(rf"(?<![A-Za-z]){mixed}(?![A-Za-z])", re.IGNORECASE)]
    initials = [sorted({r[0] for r in said[3:-1].split("|")}) for said in syllables[n:]]  # (?:guo|gou): g
    if all(initials):
        letters = [f"[{''.join(i)}]" for i in initials]
        dotted = r"\.?[ \u3000]?".join(letters) + r"\.?"
        surname_said = _PINYIN_SEP.join(syllables[:n])
        out.append(re.compile(rf"(?<![A-Za-z])(?:{letters[0]}\.?|{dotted})[ \u3000]?{surname_said}(?![A-Za-z])",
                              re.IGNORECASE))
        out.append(re.compile(rf"(?:{re.escape(name[:n])}|(?<![A-Za-z]){surname_said})[ \u3000]?{dotted}(?![A-Za-z])",
                              re.IGNORECASE))
    return out


def recorded_variant_spans(text: str, people: list[dict]) -> list[tuple[int, int]]:
    """(start, end) of the recorded names of `people` written in the forms above."""
    latin = bool(_LATIN_LETTER.search(text))
    variant = bool(_HAS_VARIANT.search(text))
    if not latin and not variant:
        return []
    folded = text.translate(_NAME_VARIANTS) if variant else text
    out = []
    for p in people:
        name = p["name"]
        if variant and len(name) >= 2:
            start = folded.find(name)
            while start != -1:
                if text[start:start + len(name)] != name:  # as written, the name is found with the others
                    out.append((start, start + len(name)))
                start = folded.find(name, start + 1)
        if not latin:
            continue
        for k, pattern in enumerate(_variant_patterns(name)):
            for m in pattern.finditer(folded):  # the mixed form: a letter and an ideograph in it (else found elsewhere)
                if k or _LATIN_LETTER.search(m.group()) and any(_is_han(c) for c in m.group()):
                    out.append(m.span())
    return out


_LATIN_LETTER = compile_later(r"[A-Za-z]")


@lru_cache(maxsize=1024)
def _titled_surname(name: str) -> re.Pattern | None:
    """The recorded name's surname in pinyin after Mr./Mrs./Ms./Dr. (Dear Mr. Wang): as a Latin name's last part is
    (`latin_name_spans`)."""
    if not re.fullmatch(f"{_HAN}{{2,6}}", name):
        return None
    syllables = _readings(name)
    if syllables is None:
        return None
    surname = _PINYIN_SEP.join(syllables[:len(surname_of(name))])
    return re.compile(rf"(?<![A-Za-z]){_TITLES}({surname})(?![A-Za-z])", re.IGNORECASE)


# A recorded name in Latin letters (Tom Smith, recorded TomSmith: R10-12) as the text writes it: its parts with a
# space, a dot, a hyphen or nothing between them, in either order, in any case, and the last part after a title
# (Mr. Smith, Ms Smith); whole words only (not Smithfield, Tomato).
_LATIN_GAP = r"[ \u3000.\-_·'’]{0,2}"
_TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Mister|Madam)\.?[ \u3000]*"


@lru_cache(maxsize=1024)
def _latin_pattern(parts: tuple[str, ...]) -> re.Pattern:
    forward = _LATIN_GAP.join(map(re.escape, parts))
    backward = _LATIN_GAP.join(map(re.escape, (parts[-1], *parts[:-1])))
    return re.compile(rf"(?<![A-Za-z])(?:({forward}|{backward})|{_TITLES}({re.escape(parts[-1])}))(?![A-Za-z])",
                      re.IGNORECASE)


def latin_name_spans(text: str, people: list[dict]) -> list[tuple[int, int]]:
    """(start, end) of the recorded Latin names of `people` written in `text` (see above)."""
    out = []
    for p in people:
        parts = p.get("parts")
        if parts and p["name"].isascii() and all(len(part) >= 2 for part in parts):
            out += [m.span(m.lastindex) for m in _latin_pattern(tuple(parts)).finditer(text)]
    return out


# A case number (YC-20261130-0008, SY-EB-20261207-0001, A320902-20261207-0004) is no one's personal data:
# notices and reasons name cases, and its date and sequence would otherwise pass for a cut number.
CASE_NUMBER = compile_later(r"(?<![A-Za-z0-9])[A-Z][A-Z0-9]*(?:-[A-Z][A-Z0-9]*)*-\d{8}-\d{4,6}(?![0-9A-Za-z])")


# A complainant whose full name is also a place's or a business's (金海, 黄海, 陈港, 方正): where the name stands
# before a place or business word and the two together are part of the case's own address or reported party
# (金海路, 金海化工有限公司), it is that place or business, not the person (R10-8); a star in it would tell the name.
_PLACE_WORD_AFTER = compile_later(r"大道|大街|大桥|社区|小区|花园|湿地|工业园|园区|化工|公司|集团|酒店|饭店|[路街巷镇乡村湖河港湾桥区县市厂]")


# --- The nineteenth outside review, part c (R19-7, R19-11) ----------------------------------------------------------
#
# (R19-7) a name in pinyin outside the fixed forms: lower case or with tone marks after a Chinese cue (我是wang jianguo,
# 我叫 wáng jiàn guó), an English label or a sign-off (Complainant: Wang Jianguo, Signed:, By …, Best,\nLi Xiuying), a
# signature line (—— Wang Jian-guo, — Wang), the surname last at a line's start (Jianguo WANG, 58, …); and an English
# home after a home cue (I live at 18 Xingfu Road, Xinhua Village., My address: Room 502, Building 3, …). A Latin run is a
# name only where its words are a common surname in pinyin and one or two pinyin syllables (not By bus, Best regards).
_LATIN_RUN_19C = compile_later(r"[A-Za-zÀ-ɏ]+(?:(?:[ \u3000]{1,2}|[\-'’·.][ \u3000]?)[A-Za-zÀ-ɏ]+){0,2}")
_GIVEN_19C = compile_later(rf"(?:{_PINYIN_SYLLABLE_19A}){{1,2}}")
_CHINESE_CUE_19C = compile_later(r"(?:我是|我叫|俺叫|俺是|本人|名叫|我的名字是|我的名字叫|(?:举报人|投诉人|反映人|信访人|联系人|签名|"
                                 r"姓名|落款)[ \t\u3000]*[:：])[ \t\u3000]*(?=[A-Za-zÀ-ɏ])")
_LATIN_LABEL_19C = compile_later(r"(?<![A-Za-z])(?i:complainant|reporter|petitioner|applicant|informant|caller|signed|"
                                 r"signature|sender|contact(?: person)?|reported by|submitted by|written by|by|from)"
                                 r"[ \t\u3000]*[:：]?[ \t\u3000]*(?=[A-Za-zÀ-ɏ])")
_SIGN_OFF_19C = compile_later(r"(?<![A-Za-z])(?i:best(?: regards| wishes)?|regards|kind regards|warm regards|sincerely|yours|"
                              r"yours truly|thanks|thank you|cheers|respectfully)[ \t]*[,，.!！]?[ \t]*\n[ \t\u3000]*")
_LINE_START_19C = compile_later(r"(?:^|(?<=\n))[ \t\u3000]*(?:[—－–\-]{1,2}[ \t\u3000]*)?(?=[A-Za-zÀ-ɏ])")
_LATIN_HOME_19C = compile_later(r"(?:(?<![A-Za-z])(?i:i live at|i live in|i live on|i'm living at|i reside at|my home is at|"
                                r"my (?:home )?address(?: is)?|home address)|我住在?|我家住?在?|住址|家庭住址)"
                                r"[ \t\u3000]*[:：]?[ \t\u3000]*((?:No\.|Rm\.|[^.\n。;；!?！？])+)")


def _folded_19C(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c)).lower()


def _pinyin_name_19C(text: str, s: int, *, alone: bool = False, line: bool = False) -> int | None:
    """The end of a pinyin name at text[s] (a surname and one or two syllables, either order; `alone`: a surname alone
    too), or None."""
    if not (m := _LATIN_RUN_19C.match(text, s)):
        return None
    words = [(w.start(), w.end()) for w in re.finditer(r"[A-Za-zÀ-ɏ]+", m.group())]
    surnames = _pinyin_surnames()
    for n in range(len(words), 0, -1):
        parts = [_folded_19C(m.group()[a:b]) for a, b in words[:n]]
        end = s + words[n - 1][1]
        if n == 1:
            if alone and parts[0] in surnames and parts[0][:1] == text[s].lower() and text[s].isupper():
                return end
            continue
        given_after = parts[0] in surnames and _GIVEN_19C.fullmatch("".join(parts[1:]))
        last = m.group()[words[n - 1][0]:words[n - 1][1]]
        given_before = parts[-1] in surnames and _GIVEN_19C.fullmatch("".join(parts[:-1])) and (
            not line or last.isupper() and len(last) > 1)  # a line's start: Jianguo WANG, not Café Lü
        if (given_after or given_before) and n <= 3:
            return end
    return None


def nineteenth_review_c_spans(text: str, *, names: bool = True) -> list[tuple[int, int]]:
    """(start, end) of the names given in the forms above (R19-7; `names`), or of the English homes (`names` False)."""
    if not _LATIN.search(text):
        return []
    out = []
    if not names:
        for m in _LATIN_HOME_19C.finditer(text):
            value = m.group(1).rstrip(" \t\u3000,，")
            if any(c.isdigit() for c in value) and re.search(r"[A-Za-z]", value):
                out.append((m.start(1), m.start(1) + len(value)))
        return out
    for pattern in (_CHINESE_CUE_19C, _LATIN_LABEL_19C, _SIGN_OFF_19C):
        for m in pattern.finditer(text):
            if end := _pinyin_name_19C(text, m.end(), alone=pattern is _SIGN_OFF_19C):
                out.append((m.end(), end))
    if "\n" in text or text[:1].isalpha():
        for m in _LINE_START_19C.finditer(text):
            end = _pinyin_name_19C(text, m.end(), alone="—" in m.group() or "-" in m.group() or "–" in m.group(),
                                   line=True)
            if end and (text[end:].strip(" \t\u3000") == "" or text[end:end + 1] in ",，\n"):
                out.append((m.end(), end))
    return out


# (R19-11) what is no one's identity, though a detector took it for a name or a home: a surname and a title (联系人：
# 王经理), a word of contact (举报人姓名及电话：), a place before 人 (我是金湖人), a recorded name inside a road's, a stretch's
# or a company's name or across two words (陈光明路, 长江海门段, 李明化工有限公司, 登高山), and the landmark and bearing
# before a home (我住化工厂东边200米的幸福路18号: only the home is masked).
_OFFICE_19C = compile_later(r"经理|总经理|老板|老总|局长|主任|书记|科长|所长|站长|厂长|镇长|主管|总")
_CONTACT_WORD_19C = compile_later(r"电话|手机|号码|联系方式|地址|身份证")
_PLACE_PERSON_19C = compile_later(r"人(?=[，,。.；;！!？?\s]|$|在这|在此)")
_ROAD_AFTER_19C = compile_later(r"[^\W\d_在的家到去来从往向和与跟说是也都就还门口上下里被把给对]?(?:路(?![过上口边])|大道|大街|街(?![上头])|巷|"
                                r"门段|河段|江段|路段)")
_COMPANY_AFTER_19C = compile_later(r"化工|有限公司|有限责任公司|集团|实业")
_BEARING_19C = compile_later(r"[东西南北](?:边|面|侧|方向)|对面|旁边|附近|隔壁|后面|前面|边上|[0-9一二三四五六七八九十百]+(?:米|公里|里路)")


def nineteenth_review_c_kept(text: str, spans) -> list[tuple[int, int]]:
    """The name spans of `spans` less those that are no person (see above)."""
    out = []
    for s, e in spans:
        word = text[s:e]
        if e - s >= 2 and text[s] in SURNAMES and _OFFICE_19C.fullmatch(text, s + 1, e) \
                or _CONTACT_WORD_19C.search(word) \
                or e - s == 2 and text[s - 2:s].endswith("是") and _PLACE_PERSON_19C.match(text, e):
            continue
        out.append((s, e))
    return out


def recorded_name_in_words_19C(text: str, s: int, e: int, worded: bool) -> bool:
    """Whether the recorded name of two characters at text[s:e] is part of a road's, a stretch's or a company's name or
    of two words (a longer full name stays masked everywhere: 刘新华化工)."""
    if e - s != 2:
        return False
    if _ROAD_AFTER_19C.match(text, e) or _COMPANY_AFTER_19C.match(text, e):
        return True
    from .words import is_word

    before = text[s - 1:s] if s else ""
    if not before or not _is_han(before) or _PERSON_BEFORE.search(before):
        return False
    after = text[e:e + 1]
    return is_word(before + text[s]) and (worded or bool(after) and _is_han(after) and is_word(text[e - 1] + after))


def home_after_landmark_19C(text: str, spans) -> list[tuple[int, int]]:
    """The home spans of `spans` from after a landmark and its bearing (化工厂东边200米的幸福路18号: 幸福路18号)."""
    out = []
    for s, e in spans:
        of = text.rfind("的", s, e)
        if of > s and _BEARING_19C.search(text, s, of) and any(c.isdigit() or c in "号室栋幢" for c in text[of:e]):
            out.append((of + 1, e))
        else:
            out.append((s, e))
    return out


def names_a_place(text: str, start: int, end: int, places) -> bool:
    """Whether the name at text[start:end] begins a place or business word found in `places` (recorded values)."""
    m = _PLACE_WORD_AFTER.match(text, end)
    return bool(m) and any(text[start:m.end()] in place for place in places)


# The writer's own surname (我姓黄, 本人姓欧阳, 俺也姓王): masked in an anonymous case's text only (`anonymous_case`);
# elsewhere the box shows it.
_OWN_SURNAME = compile_later(rf"(?:我|本人|俺)(?:也|就)?姓[ \u3000]*((?:{'|'.join(COMPOUND_SURNAMES)})|{_HAN})")
# …and the family the writer says they belong to (我是老赵家的媳妇, 俺是老王家的闺女: round 15): the surname is masked
_OWN_FAMILY = compile_later(rf"(?:我|本人|俺)(?:是|系)老?((?:{'|'.join(COMPOUND_SURNAMES)})|{_HAN})家的?"
                            r"(?:媳妇儿?|儿媳妇?|闺女|女儿|儿子|姑娘|女婿|老[大二三四五]|人)")


def personal_spans(text: str, people=(), *, is_read: bool = False, organisation: int = 0) -> list[tuple[int, int]]:
    """(start, end) of every piece of personal data in `text` (merged, in order), found in the text as the
    detectors read it (`read_text`) and mapped back to the characters as written. The given name alone within the
    first `organisation` characters (the reported party's name: `mask_party`) is the organisation's."""
    read, index = (text, None) if is_read else read_text(text)
    if index is not None:
        organisation = next((i for i, at in enumerate(index) if at >= organisation), len(read)) if organisation else 0
        return _merged(_span_of(index, s, e, text)
                       for s, e in personal_spans(read, people, is_read=True, organisation=organisation))
    people = recorded_people(people)
    anonymous = anonymous_case(people)
    spans = pinyin_spans(text, people) + recorded_variant_spans(text, people)
    if anonymous and "姓" in text:  # 我姓黄: the box shows no surname (R12-4)
        spans += [m.span(1) for m in _OWN_SURNAME.finditer(text)]
    if anonymous and "家" in text:
        spans += [m.span(1) for m in _OWN_FAMILY.finditer(text)
                  if m.group(1) in SURNAMES or m.group(1) in COMPOUND_SURNAMES]
    if _LATIN.search(text):
        spans += latin_name_spans(text, people)
    shadow = Shadow(text)
    names = name_fragments(people)
    if names:  # the recorded names however split or spelt: 宇文\n朝阳, 慕、容、秋、水, 陳建華
        joined = shadow.joined()
        givens = given_names(people) - {p["name"] for p in people}
        worded = worded_names(people)  # 高峰, 黄河: a name that is a word too (R12 over-mask)
        trades = trade_names(people) & givens
        places = [v for p in people for v in (p.get("party"), p.get("place")) if v]
        for fragment in names:
            start = joined.text.find(fragment)
            while start != -1:
                span = joined.span(start, start + len(fragment))
                if fragment not in givens and places and names_a_place(text, *span, places):
                    pass  # 金海路, 金海化工 of the case's own address or party: a complainant called 金海 (R10-8)
                elif fragment in worded and stands_as_word(text, *span):
                    pass  # 黄河路, 黄河故道, 早高峰, 高峰期 of a complainant called 黄河 or 高峰
                elif fragment not in givens and recorded_name_in_words_19C(text, *span, fragment in worded):
                    pass  # 陈光明路, 长江海门段, 李明化工有限公司, 登高山 (R19-11)
                elif fragment not in givens or (span[1] > organisation
                                                and given_name_stands_as_person(text, *span, trades)):
                    spans.append(span)
                start = joined.text.find(fragment, start + 1)
    addresses = {p["address"] for p in people} | {address_tail(p["address"]) for p in people}
    for fragment in identity_fragments(people):
        if fragment in names:
            continue  # found above
        start = text.find(fragment)
        while start != -1:
            end = start + len(fragment)
            if fragment in addresses:  # the home from its house number on: its road alone is a place
                spans.append((start + (0 if anonymous else road_length(fragment)), room_tail(text, end)))
            else:
                spans.append((start, end))
            start = text.find(fragment, start + 1)
    for needle, offset in address_parts(people):
        start = text.find(needle)
        while start != -1:
            spans.append((start + (0 if anonymous else offset), room_tail(text, start + len(needle))))
            start = text.find(needle, start + 1)
    spans += home_spans(text, people)
    spans += recorded_house_spans(text, people)
    if "生" in text or "年" in text:
        spans += recorded_birthday_spans(text, people)
    spans += recorded_number_pieces(shadow, people)
    spans += recorded_partial_spans(text, people)
    if _PHONE_WORDS.search(text):
        spans += mobile_piece_spans(text)
    spans += [(s, e) for s, e, _kind in pattern_spans(text, shadow=shadow)]
    if not shadow.same:  # the recorded phone or ID number however written: 139.1111.2222, 壹叁玖…
        for fragment in identity_fragments(people):
            if fragment[:1].isdigit():
                start = shadow.text.find(fragment)
                while start != -1:
                    spans.append(shadow.span(start, start + len(fragment)))
                    start = shadow.text.find(fragment, start + 1)
    spans += _recorded_number_spans(shadow, people)
    # only the text's end can hold it: searched from every position of a long run of digits it would cost the square
    tail = CUT_TAIL.search(shadow.text, max(0, len(shadow.text) - _TAIL_REACH))
    if tail:
        a, b = shadow.span(*tail.span())
        # a whole number written as the reported party's (kept above) is no number cut short
        party = [shadow.span(s, e) for s, e in phone_numbers(shadow.text) if _party_phone(text, shadow.span(s, e)[0])]
        if not any(s <= a and e >= len(text[:b].rstrip(" \u3000" + _GROUP_SEP)) for s, e in party) \
                and not _WHOLE_DATE.fullmatch(text, a, b):
            spans.append((a, b))
    prefix = trailing_prefix(text, people) if people else None
    if prefix is not None:
        spans.append((prefix, len(text.rstrip())))
    if "-" in text:
        numbers = [m.span() for m in CASE_NUMBER.finditer(text)]
        spans = [(s, e) for s, e in spans if not any(a <= s and e <= b for a, b in numbers)]
    spans = _merged(spans)
    if _LATIN.search(text) and ("(" in text or "（" in text):
        spans = _merged(spans + [m.span(1) for s, e in spans if _is_han(text[e - 1])
                                 and (m := _PINYIN_BRACKET.match(text, e))])
    return spans


# The pinyin of a name in brackets right after it (我叫张秀兰（zhāng xiù lán）, 李秀英(Li Xiuying)): once the name is
# masked, the bracket would tell it (R10-5). Latin letters only, with tone marks, one to four syllables.
_PINYIN_BRACKET = compile_later(r"[ \u3000]*[(（][ \u3000]*([A-Za-zÀ-ɏǖǘǚǜü]{1,12}(?:[ \u3000\-'’·][A-Za-zÀ-ɏǖǘǚǜü]{1,12})"
                                r"{0,3})[ \u3000]*[)）]")


# The recorded numbers in pieces (R6-1, R6-3): the phone's last eight digits written 2222，4444 or 二二二二，四四四四,
# the ID number's last six 035，514 or birth date 1977，0303. The `Shadow` joins the groups of a number only when
# together they make a phone or an ID number (a list 3、4、5 stays apart); groups that together make one of these
# recorded pieces are the piece, whatever stands between them (`_WIDE_SEP`). Nothing recorded, nothing joined.
_LAST_FOUR = compile_later(r"(?:尾号|尾数|后四位|末四位|后4位|末4位|末尾|最后(?:四个数字?|四位|4位)?)(?:是|为|:)?\s*(\d{3}[\dXx])(?![\dA-Za-z])")
# The recorded phone's middle four alone after 中间 (中间四位5555, 中间的四个数字是5555) where a phone is spoken of just
# before: beside the box's 137****0000 they are the only secret part (R9-4).
_MIDDLE_FOUR = compile_later(r"(?:中间|中段|第[四4]位?(?:到|至|-|~|—)第?[七7]位)的?(?:[四4]个?(?:位|数字?))?(?:数字|号码)?"
                             r"(?:是|为|[:：])?\s*(\d{4})(?![\dA-Za-z])")  # R10-7: 号码中段1234, 第四到第七位是1234
_PHONE_WORDS = compile_later(r"手机|电话|号码|联系方式")
# The recorded phone or ID number dictated in labelled pieces (R8-2, R9-4): 前三位137，中间5555，最后0000,
# 137开头6666结尾8888, 137（开头）6666（中间）8888, 手机号码开头是137，中间的四个数字是5555，最后面的四个数字是0000 (3+4+4,
# 3+8, 7+4; an ID number 6+8+4). Groups of digits in a row, whatever words stand between them (no digit, up to
# `_PIECE_GAP` characters and no blank line between two of them: one paragraph), that together make exactly the whole
# recorded value are each masked: an exact concatenation is no chance; numbers that do not make it stay readable.
_PIECE_GAP = 60
_PARAGRAPH_BREAK = compile_later(r"\n[ \t\u3000\r]*\n")


def recorded_number_pieces(shadow: Shadow, people: list[dict]) -> list[tuple[int, int]]:
    """(start, end), in the original of `shadow`, of the recorded phone's last eight digits and the recorded ID
    number's last six and birth date written in groups, and of the phone's last four after 尾号/后四位 and middle four
    after 中间."""
    pieces, last_four, middle_four, wholes = set(), set(), set(), set()
    for p in people:
        phone, id_number = re.sub(r"\D", "", p.get("phone") or ""), (p.get("id_number") or "").upper()
        if len(phone) >= 11:
            pieces.add(phone[-8:])
            last_four.add(phone[-4:])
            middle_four.add(phone[-8:-4])
            wholes.add(phone)
        if len(id_number) == 18:
            pieces.update({id_number[-6:], id_number[6:14]})
            last_four.add(id_number[-4:])
            wholes.add(id_number)
    if not pieces:
        return []
    text, out = shadow.text, []
    out += _labelled_pieces(shadow, wholes)
    runs = list(_DIGIT_RUN.finditer(text))
    chain: list[re.Match] = []
    for m in [*runs, None]:
        if m is not None and chain and (sep := _WIDE_SEP.match(text, chain[-1].end())) and sep.end() == m.start():
            chain.append(m)
            continue
        for i in range(len(chain)):
            joined = ""
            for j in range(i, len(chain)):
                joined += chain[j].group()
                if len(joined) > 8:
                    break
                if joined in pieces:
                    out.append(shadow.span(chain[i].start(), chain[j].end()))
        chain = [m]
    out += [shadow.span(*m.span(1)) for m in _LAST_FOUR.finditer(text) if m.group(1).upper() in last_four]
    out += [shadow.span(*m.span(1)) for m in _MIDDLE_FOUR.finditer(text) if m.group(1) in middle_four
            and _PHONE_WORDS.search(text, max(0, m.start() - 30), m.start())]
    return out


_PIECE_RUN = compile_later(r"\d+(?:[Xx](?![A-Za-z]))?")


def _labelled_pieces(shadow: Shadow, wholes: set[str]) -> list[tuple[int, int]]:
    """(start, end) of each group of digits in `shadow.text` that with the groups after it, each at most
    `_PIECE_GAP` characters from the one before, makes one of the recorded values `wholes`."""
    out = []
    text = shadow.text
    runs = list(_PIECE_RUN.finditer(text))
    for i in range(len(runs)):
        joined = ""
        for j in range(i, len(runs)):
            if j > i and (runs[j].start() - runs[j - 1].end() > _PIECE_GAP
                          or _PARAGRAPH_BREAK.search(text, runs[j - 1].end(), runs[j].start())):
                break
            joined += text[runs[j].start():runs[j].end()]
            if joined.upper() in wholes and j > i:
                out += [shadow.span(*runs[k].span()) for k in range(i, j + 1)]
            if len(joined) >= 18 or not any(w.startswith(joined.upper()) for w in wholes):
                break
    return out + _shuffled_pieces(shadow, runs, wholes)


_SHUFFLED = 3  # pieces


def _shuffled_pieces(shadow: Shadow, runs: list[re.Match], wholes: set[str]) -> list[tuple[int, int]]:
    """(start, end) of two or three groups of digits, each of three or more and part of a recorded value, near one
    another (as `_labelled_pieces`) that in some order make that value: dictated out of order with their labels
    (139（前三位），5678（后四位），1234（中间）: R12-2), with no other number between them."""
    text = shadow.text
    found = [len(m.group()) >= 3 and any(m.group().upper() in w for w in wholes) for m in runs]
    out = []
    for i, first in enumerate(runs):
        if not found[i]:
            continue
        near = [first]
        for k in range(i + 1, len(runs)):  # no other digit between them (中间有2个排口: R9-4)
            m = runs[k]
            if len(m.group()) <= 2 and text[m.end():m.end() + 1] == "位":
                continue  # a label: 前3位, 中间4位
            if not found[k] or m.start() - near[-1].end() > _PIECE_GAP or len(near) > 2 * _SHUFFLED \
                    or _PARAGRAPH_BREAK.search(text, near[-1].end(), m.start()):
                break
            near.append(m)
        for size in range(2, _SHUFFLED + 1):
            for group in itertools.combinations(near[1:], size - 1):
                pieces = (first, *group)
                if sum(len(m.group()) for m in pieces) not in {len(w) for w in wholes}:
                    continue
                if any("".join(m.group() for m in order).upper() in wholes
                       for order in itertools.permutations(pieces)):
                    out += [shadow.span(*m.span()) for m in pieces]
    return out


# The recorded phone or ID number written half hidden or cut short by its owner or an officer (R14-1): 1391234开头,
# 13912345***, 139-1234-xxxx, 320902198503**0012. Beside the box (139****5678, 3209**********0012) the digits it
# gives complete the value. A run of digits and hiding marks (* ＊ x X ×, spaces or hyphens between) with six digits
# or more, written from the value's first position (or, starting with marks, ending at its last), whose every digit
# agrees with the value at the same position and that gives at least one digit the box hides, is that value: masked.
_PARTIAL_RUN = compile_later(r"(?<![0-9０-９A-Za-z])[0-9０-９*＊xX×](?:[ \u3000\-]{0,2}[0-9０-９*＊xX×])*")
_PARTIAL_SEP = compile_later(r"[ \u3000\-]")
_HIDING = str.maketrans("*＊xX×０１２３４５６７８９", "?????0123456789")
PARTIAL_DIGITS = 6
_BOX_SHOWS = {11: (3, 4), 18: (4, 4)}  # (first, last) digits the box shows of a phone and of an ID number


def _agrees(written: str, value: str, at: int) -> bool:
    if at < 0 or at + len(written) > len(value):
        return False
    first, last = _BOX_SHOWS[len(value)]
    hidden = False
    for i, c in enumerate(written):
        if c == "?":
            continue
        if c != value[at + i]:
            return False
        hidden = hidden or first <= at + i < len(value) - last
    return hidden


def recorded_partial_spans(text: str, people: list[dict]) -> list[tuple[int, int]]:
    """(start, end) of the recorded phones and ID numbers of `people` written half hidden or cut short in `text`
    (see the comment above)."""
    values = set()
    for p in people:
        phone, id_number = re.sub(r"\D", "", p.get("phone") or ""), (p.get("id_number") or "").upper()
        if len(phone) == 13 and phone.startswith("86"):
            phone = phone[2:]
        if len(phone) == 11:
            values.add(phone)
        if len(id_number) == 18:
            values.add(id_number)
    if not values:
        return []
    out = []
    for m in _PARTIAL_RUN.finditer(text):
        run = m.group()
        written = _PARTIAL_SEP.sub("", run).translate(_HIDING)
        if sum(c.isdigit() for c in written) < PARTIAL_DIGITS:
            continue
        for value in values:
            ats = [0] + ([len(value) - len(written)] if written.startswith("?") else [])
            if any(_agrees(written, value, at) for at in ats):
                out.append(m.span())
                break
    return out


# An unrecorded mobile given in labelled pieces (R14-6): 1381111开头，后面四位2222; 我的号码138开头，中间1111，尾号2222;
# 手机：138，中间1111，最后2222; 手机号138 1111 后四位2222. After a word for a phone, groups of digits (a label's 四位, 4位
# aside) each at most `_MOBILE_PIECE_GAP` characters from the one before that together make exactly a mobile number.
_MOBILE_PIECE_GAP = 20
_MOBILE_START = compile_later(r"1[3-9]\d+")


def mobile_piece_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each group of digits that with its neighbours makes an unrecorded mobile (see above)."""
    runs = [m for m in _DIGIT_RUN.finditer(text)
            if not (len(m.group()) <= 2 and text[m.end():m.end() + 2].lstrip("个")[:1] == "位")]
    out = []
    for i, first in enumerate(runs):
        if not _MOBILE_START.fullmatch(first.group()) or len(first.group()) >= 11 \
                or not _PHONE_WORDS.search(text, max(0, first.start() - 30), first.start()):
            continue
        joined, pieces = first.group(), [first]
        for m in runs[i + 1:]:
            if m.start() - pieces[-1].end() > _MOBILE_PIECE_GAP or len(joined) >= 11 \
                    or _PARAGRAPH_BREAK.search(text, pieces[-1].end(), m.start()):
                break
            joined += m.group()
            pieces.append(m)
        if len(joined) == 11 and len(pieces) > 1:
            out += [m.span() for m in pieces]
    return out


def _recorded_number_spans(shadow: Shadow, people: list[dict]) -> list[tuple[int, int]]:
    """(start, end) in the original text of each recorded phone (7 digits or more) and ID number of `people`, looked
    for in the text's digits alone (`Shadow.words_only`: 139————8888————2222, 13，98，88，82，222), so that a
    recorded value never depends on the shape rule of `Shadow`."""
    needles = {v.upper() for p in people for v in (re.sub(r"\D", "", p.get("phone") or ""), p.get("id_number") or "")
               if len(v) >= 7}
    if not needles:
        return []
    words = shadow.words_only()
    out = []
    for needle in needles:
        start = words.text.find(needle)
        while start != -1:
            out.append(words.span(start, start + len(needle)))
            start = words.text.find(needle, start + 1)
    return out


def _merged(spans) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def mask_text(text: str, people=(), *, keep=(), organisation: int = 0) -> str:
    """`text` with the personal data in it masked (see the comment above); what lies wholly inside a span of
    `keep` (the reported party's own phone in its field: `mask_party`) stays as written."""
    if not text:
        return text or ""
    people = recorded_people(people)
    whole = whole_fragments(people)
    anonymous = anonymous_case(people)  # nothing of the person shown: every mask whole (R12-4)
    out, last = [], 0
    # a text ending in the start of a recorded name (欧 of 欧阳晓梅, 司马长): that end masked whole, no first character
    cut_end = len(text.rstrip()) if people and trailing_prefix(read_text(text)[0], people) is not None else -1
    for s, e in personal_spans(text, people, organisation=organisation):
        if any(a <= s and e <= b for a, b in keep):
            continue
        out.append(text[last:s])
        value = text[s:e]
        out.append(_stars(value) if anonymous or (whole and _name_key(value) in whole) or e == cut_end
                   else _mask_span(value))
        last = e
    out.append(text[last:])
    return "".join(out)


# The reported party (被反映对象) is typed by whoever complains (the portal, Open311, the API, a phone call, an
# import): a complainant writes their own name, phone and home there as much as in the content ("幸福小区烧烤店
# （举报人慕容雪，电话13922223333，住8栋602）"). It is masked as free text of the case, with one difference: a phone
# in it is the party's own (the shop's, the company's: the officer calls it), unless it is a complainant's recorded
# phone or the field speaks of the complainant (举报人, 本人, 我…), when every phone in it is masked.
_COMPLAINANT_IN_PARTY = compile_later(r"(?<!被)(?:举报|投诉|反映|信访|来信|来访|来电|申请)人|本人|我|俺|受害住户|受害人|"
                                      r"受影响的?住户")  # 投诉的是俺家, （受害住户张秀兰 138…）(R13-9)


_PARTY_NAME_END = compile_later(r"[（(，,；;。：:\s]|$")


def mask_party(text: str, people=()) -> str:
    """The reported party's name as someone without the identity sees it (see the comment above)."""
    if not text:
        return text or ""
    people = recorded_people(people)
    keep = []
    # the organisation's own name, before what is said about it (（…）, ，…): the given name alone in it is its
    # name (建华洗车行 of a complainant 王建华), unless the complainant speaks there (本人建华…)
    organisation = _PARTY_NAME_END.search(text).start()
    if _COMPLAINANT_IN_PARTY.search(read_text(text[:organisation])[0]):
        organisation = 0
    if not _COMPLAINANT_IN_PARTY.search(read_text(text)[0]):
        recorded = [p["phone"].lstrip("+") for p in people if len(p["phone"]) >= 7]
        shadow = Shadow(text)
        for s, e in phone_numbers(shadow.text):
            digits = re.sub(r"\D", "", shadow.text[s:e])
            if not any(r in digits or digits in r for r in recorded):
                keep.append(shadow.span(s, e))
    return mask_text(text, people, keep=keep, organisation=organisation)


# --- Names found in a case's texts (R15-1) ------------------------------------------------------
#
# A name the detector finds once (after 我叫 or 举报人：, in a signature, in a salutation) is a person of the case
# whoever recorded it: the same name is masked wherever else it stands, in that text and in the case's other texts
# (the officer's report, the callback note, the reply, the title), as a recorded complainant's is, with its given
# name where it stands as a person. Only what the detector marked as a person's name is kept, and only a name of
# two to four ideographs that starts with a common surname and holds no place or business word (东河村吴 of a
# misread 东河村吴海燕, 新华村三 stay out): a found place or company part must not spread.
_NOT_IN_FOUND_NAME = frozenset("村镇组区县市乡省厂司局店场路街楼室号栋幢队社所站港巷弄")
_FOUND_NAME = compile_later(f"{_HAN}{{2,4}}")
FOUND_NAMES_PER_CASE = 40  # a bound: a case's texts name a handful of people


def _found_name(word: str) -> bool:
    if not _FOUND_NAME.fullmatch(word) or any(c in _NOT_IN_FOUND_NAME for c in word) or _no_person_name(word):
        return False
    if word[:2] in COMPOUND_SURNAMES:
        return len(word) >= 3
    return word[0] in SURNAMES and word[:2] not in _NOT_NAMES


def found_names(texts) -> list[str]:
    """The person names of two to four ideographs the detector finds in `texts` (see above), in simplified script,
    in the order found, each once."""
    out: dict[str, None] = {}
    for text in texts:
        if not text:
            continue
        read = read_text(text)[0]
        for s, e in name_spans(read, homes=True) + signature_spans(read) + salutation_spans(read):
            word = recorded_value(read[s:e], "name")
            if _found_name(word):
                out.setdefault(word, None)
        if len(out) >= FOUND_NAMES_PER_CASE:
            break
    return list(out)[:FOUND_NAMES_PER_CASE]


def with_found_names(people, texts, *, party: str = "", place: str = "") -> list:
    """`people` (Complainant rows or dicts) and, after them, each name `found_names` finds in `texts` that no one
    of them is recorded with, as a person of its own (a name, nothing else; the case's `party` and `place` for
    `trade_names`): what a case's texts are masked against (privacy.case_masks, models.search_columns)."""
    people = list(people)
    recorded = recorded_people(people)
    known = {p["name"] for p in recorded}
    found = [n for n in found_names(texts) if n not in known]
    if not found:
        return people
    party = party or next((p.get("party") for p in recorded if p.get("party")), "")
    place = place or next((p.get("place") for p in recorded if p.get("place")), "")
    return people + [{"name": n, "phone": "", "id_number": "", "address": "", "party": party, "place": place}
                     for n in found]


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
    return "\n".join((mask_summary(title or "", content or "", people), mask_text(content or "", people),
                      mask_text(address or "", people)))
