"""Is a new complaint about the same matter as an earlier one, whoever sent it and however it is worded?

The same matter is the same reported party, or the same place and the same kind of pollution (or the
same kind of business there). A different matter at the same address (noise from a bar vs. sewage from
a farm) is not. Everything here is cheap string work, so the repeat search can score its candidates
without the classifier: kinds and business types from small lexicons, places from the address's named
road, village, estate or park.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .parties import normalize_party, parties_in_text
from .text import content_chars, normalize

# Kind of pollution → words people use for it.
KINDS = {
    # Words specific enough: "影响" holds 响, "天气" holds 气, "倒了" is anything falling over.
    "noise": r"噪|吵|嘈|响声|巨响|轰响|震得|震动|轰鸣|打桩|电锯|音响|音乐|唱歌|唱到|喇叭|鸣笛|夜间施工|嗡嗡|叮叮|咚咚|低音炮",
    "smoke_odour": r"臭|异味|气味|味道|味儿|熏|刺鼻|呛|废气|烟|油漆|喷漆|焚烧|烧(垃圾|秸秆|塑料|轮胎|电线)|頭暈|头晕|廢氣|氣味",
    "dust": r"粉尘|扬尘|灰尘|煤灰|一层灰|渣土|尘土",
    "water": r"废水|污水|排水|河|沟渠|水沟|池塘|鱼塘|湖|水库|水体|水面|暗管|排口|井水|自来水|泥浆水|粪水|血水|死鱼|魚",
    "waste": r"垃圾|废渣|固废|危废|倾倒|堆放|污泥|废料|填埋",
    "radiation": r"辐射|放射|基站|电磁",
    "ecology": r"采砂|挖沙|砍伐|乱砍|毁林|湿地|保护区|填湖|水土流失",
}
_KIND_RE = {k: re.compile(v) for k, v in KINDS.items()}

# Kind of business or site → how people name it (a shop the clerk calls 汽修厂 the neighbour calls 修车铺).
TYPES = {
    "car_repair": r"汽修|修车|汽车维修|喷漆房|钣金",
    "chemical": r"化工|化学|制药|农药|新材料|涂料|油漆厂",
    "pig_farm": r"养猪|猪场|生猪|猪圈",
    "poultry_farm": r"养鸡|鸡场|养鸭|鸭场|鸡舍|禽",
    "cattle_farm": r"养牛|牛场|养羊|羊场",
    "fish_farm": r"鱼塘|养殖塘|网箱",
    "restaurant": r"饭店|餐馆|餐厅|酒楼|酒家|饭馆|小吃|食堂|面馆|大排档|烤鸭",
    "barbecue": r"烧烤|烤串|撸串|烤肉",
    "entertainment": r"KTV|ktv|酒吧|歌厅|歌舞厅|夜总会|迪厅|唱歌",
    "square_dance": r"广场舞|跳舞",
    "construction": r"工地|施工|打桩|楼盘|项目部",
    "concrete": r"搅拌站|混凝土|商砼|沥青",
    "quarry": r"采石|石场|碎石|砂石|石料|矿山",
    "waste_site": r"垃圾站|中转站|填埋场|垃圾场|焚烧厂|垃圾处理",
    "sewage_plant": r"污水处理|污水厂|处理站",
    "car_wash": r"洗车",
    "printing_dyeing": r"印染|染厂|漂染|染布",
    "plating": r"电镀",
    "paper": r"造纸|纸厂",
    "brick": r"砖厂|砖窑|烧砖|窑厂|砖瓦",
    "steel": r"钢厂|铸造|冶炼|炼钢|铁厂",
    "cement": r"水泥",
    "plastic": r"塑料|橡胶|轮胎",
    "furniture": r"家具|木材|木业|板材",
    "slaughter": r"屠宰|杀猪|宰杀|杀鸡|杀鸭|杀牛|杀羊",
    "feed": r"饲料|鱼粉",
    "logistics": r"物流|仓库|货场",
    "port": r"码头|港口|船",
    "gym": r"健身",
    "market": r"菜市场|菜场|农贸",
    "hospital": r"医院|诊所|卫生院",
    "school": r"学校|幼儿园",
    "laundry": r"干洗|洗衣",
    "substation": r"变电站|基站|铁塔",
}
_TYPE_RE = {k: re.compile(v) for k, v in TYPES.items()}

# Named places in an address or a text: roads, estates, villages, towns, parks, industrial zones.
_PLACE = re.compile(
    r"([\u4e00-\u9fff]{1,8}?(?:街道|大道|胡同|社区|小区|花园|新村|家园|开发区|工业园|园区|广场|公园|大厦|市场|"
    r"路|街|巷|弄|村|苑|庄|镇|乡))"
)


def strip_admin(s: str) -> str:
    """Drop leading province, city and county names (盐城市亭湖区文港路 → 文港路)."""
    from .geo import place_prefixes

    prefixes = place_prefixes()
    changed = True
    while changed and len(s) > 3:
        changed = False
        for n in (5, 4, 3, 2):
            # A short county name can start a street's or town's own name (解放南路, 文峰街道): kept then.
            if s[:n] in prefixes and not _NAME_GOES_ON.match(s, n):
                s, changed = s[n:], True
                break
    return s


_COARSE = ("街道", "镇", "乡", "开发区", "工业园", "园区", "社区")
_NAME_GOES_ON = re.compile(r"[东南西北中]?(?:路|街|大道|大街|巷|弄|街道|镇|乡|村|社区|小区|新村|广场|公园|市场|河|桥)")
_FILLER = re.compile(r"^(?:我家|我们|住在|在|位于|就在|靠近|附近|那个|那家|门口|楼下|对面|旁边|隔壁|的)+")


def kinds_of(text: str) -> set[str]:
    t = normalize(text)[:2000]
    return {k for k, rx in _KIND_RE.items() if rx.search(t)}


def types_of(text: str) -> set[str]:
    t = normalize(text)[:2000]
    return {k for k, rx in _TYPE_RE.items() if rx.search(t)}


def places_of(address: str, text: str = "") -> set[str]:
    """The named places of an address (and of the first lines of the text): 解放路, 城南新村, 东坎镇."""
    out: set[str] = set()
    for source in (address, text[:300]):
        for m in _PLACE.finditer(strip_admin(normalize(source))):
            name = _FILLER.sub("", m.group(1))
            if len(name) >= 3 and not name.startswith(("一个", "这个", "那个", "我们")):
                out.add(name)
    return out


@dataclass
class Side:
    """One complaint, as far as matter matching needs it."""

    text: str = ""
    address: str = ""
    party: str = ""

    def __post_init__(self):
        self.parties = {p for p in [normalize_party(self.party), *parties_in_text(self.text)] if p}
        self.kinds = kinds_of(self.text)
        self.types = types_of(self.text + " " + self.party)
        self.places = places_of(self.address, self.text)
        self.addr = content_chars(strip_admin(normalize(self.address)))
        self.norm = content_chars(normalize(self.text))


# Words that say what kind of business a name is, not which one (顺达汽修厂 and 顺达修车铺 are one shop).
_TYPE_TAIL = re.compile(r"(汽车维修|汽修|修车|维修|化工|科技|实业|贸易|餐饮|食品|建材|新材料|养殖|养猪|养鸡|"
                        r"服务|有限|股份|集团|公司|厂|店|铺|场|站|部|行|馆|中心|酒楼|酒家|饭店|农庄|合作社)+$")


def party_core(name: str) -> str:
    """The distinctive head of a business name: 顺达汽修厂 → 顺达."""
    core = _TYPE_TAIL.sub("", name)
    return core if len(core) >= 2 else ""


def _party_match(a: set[str], b: set[str]) -> str:
    for x in a:
        for y in b:
            if x == y or (min(len(x), len(y)) >= 3 and (x in y or y in x)):
                return x
            cx, cy = party_core(x), party_core(y)
            if cx and cx == cy:
                return cx
    return ""


def _named_in(a: Side, b: Side) -> str:
    """A's party named in B's words, without a legal form (鑫源化工 in "那家鑫源化工的味道又来了")."""
    for name in a.parties:
        if len(name) >= 4 and name in b.norm:
            return name
        core = party_core(name)
        if len(core) >= 2 and core in b.norm and b.types & types_of(name):
            return core  # 顺达 named by a neighbour who calls the 汽修厂 a 修车铺
    return ""


def compare(a: Side, b: Side) -> dict:
    """{"same": bool, "score": float, "why": [{"reason": party|place|matter|business, "detail": ...}],
    "different": bool (a different business or kind of pollution: not the same matter, even at one address)}."""
    why = []
    party = _party_match(a.parties, b.parties) or _named_in(a, b) or _named_in(b, a)
    if party:
        why.append({"reason": "party", "detail": party})
    places = a.places & b.places
    same_addr = bool(a.addr) and a.addr == b.addr
    if places or same_addr:
        why.append({"reason": "place", "detail": "、".join(sorted(places)) or a.address})
    kinds = a.kinds & b.kinds
    if kinds:
        why.append({"reason": "matter", "detail": "、".join(sorted(kinds))})
    types = a.types & b.types
    if types:
        why.append({"reason": "business", "detail": "、".join(sorted(types))})
    differing = bool(a.types and b.types and not types)
    at_place = bool(places or same_addr)
    # A town, sub-district or park alone is a wide area: with only the kind of pollution in common it is not
    # the same matter (a street, village or estate is).
    fine_place = (same_addr and not a.addr.endswith(_COARSE)) or any(not p.endswith(_COARSE) for p in places)
    score = 0.0
    if party and not differing:
        score = 0.9
    elif at_place and types and not differing:
        score = 0.85
    elif fine_place and kinds and not differing:
        score = 0.75
    elif at_place:
        score = 0.35
    elif types and kinds:
        score = 0.3
    different = differing or bool(at_place and a.kinds and b.kinds and not kinds and not party)
    return {"same": score >= 0.7, "score": score, "why": why, "different": different}
