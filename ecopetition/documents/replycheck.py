"""The reply check: what a draft reply letter fails to tell the complainant, before it goes out.

A pure function of the draft's text and the facts of the case (`ReplyFacts`), so that it can be
tested without a database and run on every keystroke-sized save. Each finding is a `Gap` with a code
(for tests and the audit record) and a sentence for the clerk. The facts carry what the draft may
show (masked where the identity rule masks it), never more.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ecopetition.cases.models import Finding

# A named law, regulation or rule: 《信访工作条例》, 《中华人民共和国大气污染防治法》.
LAW_RE = re.compile(r"《[^《》\n]{2,60}》")
# A note to the writer left in the draft: 【请写明……】.
NOTE_RE = re.compile(r"【[^【】\n]*】")
CN_DIGITS = "〇一二三四五六七八九十"
# Copying this many characters of the officer's internal report in one run counts as pasting it.
PASTE_MIN_CHARS = 30


@dataclass(frozen=True)
class Measure:
    label: str  # the kind of measure, e.g. 责令整改
    on: dt.date
    phrase: str = ""  # as a letter names it, with the fine and what it required


def _mentions_measure(text: str, label: str) -> bool:
    """责令整改 is answered by “责令该企业整改”: each two-character part of the name, in any words around them."""
    label = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", label)
    return bool(label) and all(label[i:i + 2] in text for i in range(0, len(label), 2))


@dataclass(frozen=True)
class ReplyFacts:
    categories: tuple[str, ...] = ()
    reported_party: str = ""
    place: str = ""
    finding: str = ""  # founded / partly / unfounded, or "" when none was recorded
    measures: tuple[Measure, ...] = ()
    review_days: int = 30
    internal_report: str = ""
    # Names that must not appear in the letter (an anonymous complainant's); never shown in a finding.
    hidden_names: tuple[str, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class Gap:
    code: str
    message: str


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _cn_number(n: int) -> str:
    """30 -> 三十, 15 -> 十五, 7 -> 七 (the numbers a time limit is written with)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def date_forms(day: dt.date) -> tuple[str, ...]:
    """The ways a letter writes a date: 2026年11月3日, 11月3日, 2026-11-03, 2026.11.3 and the like."""
    return (f"{day.year}年{day.month}月{day.day}日", f"{day.month}月{day.day}日", day.isoformat(),
            f"{day.year}.{day.month}.{day.day}", f"{day.year}/{day.month}/{day.day}",
            f"{day.year}年{day.month:02d}月{day.day:02d}日")


def place_keys(place: str) -> list[str]:
    """The parts of an address a letter would name: the full address, and its road, village, estate or park.

    “盐城市亭湖区黄海路88号” -> ["盐城市亭湖区黄海路88号", "黄海路"]; a masked part (with *) is never a key.
    """
    place = _compact(place)
    if not place:
        return []
    keys = [place]
    for m in re.finditer(r"[\u4e00-\u9fff]{1,12}?(?:路|街|大道|巷|弄|村|组|社区|小区|花园|园区|工业园|开发区|镇|乡)",
                         place):
        part = re.sub(r"^.*[省市县区]", "", m.group(0)) or m.group(0)
        if len(part) >= 2 and part not in keys:
            keys.append(part)
    return [k for k in keys if "*" not in k]


def _mentions_place(text: str, place: str) -> bool:
    keys = place_keys(place)
    if not keys:
        return True
    # The most specific named part (the last one) or the whole address.
    return keys[0] in text or any(k in text for k in keys[-2:] if k != keys[0] and len(keys) > 1)


def _category_stem(name: str) -> str:
    return re.sub(r"(污染|问题)$", "", name.strip()) or name.strip()


def _states_finding(text: str) -> str | None:
    """The finding the text states: "partly", "unfounded", "founded" or None."""
    if re.search(r"部分属实|部分反映属实|基本属实", text):
        return "partly"
    if "不属实" in text:
        return "unfounded"
    if "属实" in text:
        return "founded"
    return None


def _mentions_days(text: str, days: int) -> bool:
    return bool(re.search(rf"(?<!\d){days}\s*(?:日|天|个工作日)", text)
                or re.search(rf"{_cn_number(days)}(?:日|天|个工作日)", text))


def reply_check(text: str, facts: ReplyFacts) -> list[Gap]:
    """What the draft fails to do, in the order a reader meets it; an empty list means nothing is missing."""
    body = _compact(text)
    gaps: list[Gap] = []
    notes = NOTE_RE.findall(text or "")
    if notes:
        gaps.append(Gap("note_left", _("The draft still holds a note to the writer: %(note)s. Replace it with "
                                      "what the complainant should read.") % {"note": notes[0]}))
    # 1. Each matter the complaint raised.
    for name in facts.categories:
        if name.strip() and _category_stem(name) not in body:
            gaps.append(Gap("category", _("The complaint raised “%(name)s”: the draft does not answer it.")
                            % {"name": name}))
    party = _compact(facts.reported_party)
    if party and party not in body:
        gaps.append(Gap("reported_party", _("The draft does not name the reported party (%(party)s).")
                        % {"party": facts.reported_party}))
    if not _mentions_place(body, facts.place):
        gaps.append(Gap("place", _("The draft does not name the place the complaint is about (%(place)s).")
                        % {"place": facts.place}))
    # 2. The finding and the measures, with their dates.
    stated = _states_finding(body)
    if facts.finding and stated is None:
        gaps.append(Gap("finding", _("The draft does not state the finding (%(finding)s).")
                        % {"finding": Finding(facts.finding).label}))
    elif facts.finding and stated != facts.finding:
        gaps.append(Gap("finding_differs", _("The draft states the complaint was “%(stated)s”, but the finding "
                                             "recorded is “%(finding)s”.")
                        % {"stated": Finding(stated).label, "finding": Finding(facts.finding).label}))
    for m in facts.measures:
        if not _mentions_measure(body, m.label):
            gaps.append(Gap("measure", _("The draft does not mention the measure “%(measure)s” taken on %(date)s.")
                            % {"measure": m.label, "date": m.on.isoformat()}))
        elif not any(f in body for f in date_forms(m.on)):
            gaps.append(Gap("measure_date", _("The draft does not give the date of “%(measure)s” (%(date)s).")
                            % {"measure": m.label, "date": m.on.isoformat()}))
    if not facts.measures and facts.finding in (Finding.FOUNDED, Finding.PARTLY):
        gaps.append(Gap("no_measures", _("The complaint was found founded but no measure was recorded: say what "
                                         "was done and when.")))
    # 3. The legal basis for what is not supported.
    if facts.finding in (Finding.UNFOUNDED, Finding.PARTLY) and not LAW_RE.search(body):
        gaps.append(Gap("legal_basis", _("The draft refuses all or part of the request but cites no legal basis "
                                         "(a law or regulation by its name in 《》).")))
    # 4. The review route and its time limit.
    if "复查" not in body:
        gaps.append(Gap("review_route", _("The draft does not tell the complainant they may request a review "
                                          "(复查).")))
    elif not _mentions_days(body, facts.review_days):
        gaps.append(Gap("review_days", _("The draft does not give the time limit for a review request "
                                         "(%(days)d days from receiving the reply).") % {"days": facts.review_days}))
    # The letter is written for the complainant: not the officer's report pasted in, and no hidden name.
    report = _compact(facts.internal_report)
    if len(report) >= PASTE_MIN_CHARS:
        match = difflib.SequenceMatcher(None, body, report, autojunk=False).find_longest_match(
            0, len(body), 0, len(report))
        if match.size >= PASTE_MIN_CHARS:
            gaps.append(Gap("report_pasted", _("The draft copies %(n)d characters of the officer's internal report "
                                               "word for word: write it for the complainant.") % {"n": match.size}))
    if any(n and len(n) >= 2 and n in body for n in facts.hidden_names):
        gaps.append(Gap("names_anonymous", _("The complainant asked to stay anonymous, but the draft names them.")))
    return gaps
