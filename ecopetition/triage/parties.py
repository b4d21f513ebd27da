"""Business names: the reported party as one party however written (`normalize_party`), and the names
a complaint's text mentions (`parties_in_text`). Used by matter.py (same matter or not) and
repeats.py (the repeat index); imports neither.
"""

from __future__ import annotations

import functools
import re

from .text import content_chars, normalize

_VAGUE_PARTY = re.compile(r"^(那个|一家|不知道|隔壁|旁边|有人|某|村里|附近)")
_PARTY_SUFFIX = re.compile(r"(股份有限公司|有限责任公司|有限公司|分公司|集团|公司)$")


@functools.lru_cache(maxsize=50_000)
def normalize_party(name: str) -> str:
    """盐城市鑫源化工有限公司, 鑫源化工有限公司 and 江苏盐城鑫源化工 are one party: drop places and legal forms."""
    from .geo import place_prefixes

    name = content_chars(normalize(name))
    name = _PARTY_SUFFIX.sub("", name)
    prefixes = place_prefixes()
    stripped = True
    while stripped and len(name) > 4:
        stripped = False
        for n in (5, 4, 3, 2):
            # 罗江镇老王鱼庄: 罗江 is a county's name too, but here a town's (kept).
            if name[:n] in prefixes and len(name) - n >= 3 and name[n] not in "镇乡村路街区县市" \
                    and not _PLACE_GOES_ON.match(name, n):
                name, stripped = name[n:], True
                break
    if len(name) < 4 or _VAGUE_PARTY.match(name):
        return ""
    return name


# 滨湖花园物业: 滨湖 is a district's name elsewhere, here the estate's (kept).
_PLACE_GOES_ON = re.compile(r"花园|家园|嘉园|小区|新村|广场|公园|大厦|山庄|公寓|苑")


# A business named in the text ("...鑫源化工厂排废水"): the clerk may not have filled the party field.
_PARTY_IN_TEXT = re.compile(
    r"([\u4e00-\u9fffA-Za-z]{2,12}?(?:有限公司|公司|化工厂|加工厂|厂|码头|养殖场|养猪场|养鸡场|养鸭场|搅拌站|中转站|"
    r"填埋场|处理厂|采石场|砂石厂|酒楼|酒家|饭店|大排档|烧烤店|火锅店|KTV|酒吧|歌舞厅|洗车店|汽修厂|超市))"
)
_LEADING = re.compile(r"^(?:我家|楼下|楼上|附近|旁边|对面|隔壁|村里的|村里|这个|那个|一家|有个|有家|一个|的|在|是|说|了|和)+")


# "益林那个翻砂厂", "建设路上那家化工厂": a pointer, then the trade; the name (if any) follows the pointer.
_POINTER = re.compile(r"那个|这个|那家|这家|哪家|那座|那间")
_NOT_A_NAME = re.compile(r"[把在往向的了是排倒埋被从对给让将要说就都还也很我你他她们]")


def parties_in_text(text: str, *, raw: bool = False) -> list[str]:
    """Business names in the text, normalised for matching (or as written, with `raw`)."""
    found = []
    for m in _PARTY_IN_TEXT.finditer(normalize(text)[:1000]):
        # "文港路上的顺达汽修厂": the name is what follows the last word that cannot be part of one.
        name = _LEADING.sub("", _NOT_A_NAME.split(_POINTER.split(m.group(1))[-1])[-1])
        if len(name) < 4:
            continue  # "把化工废渣埋在厂" is a clause, not a name
        name = name if raw and normalize_party(name) else normalize_party(name)
        if name and name not in found:
            found.append(name)
        if len(found) >= 3:
            break
    return found
