"""Is a new complaint about the same matter as an earlier one, whoever sent it and however it is worded?

The same matter is the same reported party, or the same place and the same kind of pollution (or the
same kind of business there). A different matter at the same address (noise from a bar vs. sewage from
a farm) is not. Everything here is cheap string work, so the repeat search can score its candidates
without the classifier: kinds and business types from small lexicons, places from the address's named
road, village, estate or park.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .parties import normalize_party, parties_in_text
from .text import content_chars, normalize

# Kind of pollution → words people use for it.
KINDS = {
    # Words specific enough: "影响" holds 响, "天气" holds 气, "倒了" is anything falling over.
    "noise": r"噪|吵|嘈|响声|巨响|轰响|震得|震动|轰鸣|打桩|电锯|音响|音箱|音乐|唱歌|唱到|喇叭|鸣笛|夜间施工|嗡嗡|叮叮|咚咚|低音炮|"
             r"吱吱|轰轰|哐哐|咣咣|响得|响到|睡不着|抖",
    "smoke_odour": r"臭|异味|气味|味道|味儿|熏|刺鼻|呛|废气|气体|毒气|放味|烟|油漆|喷漆|焚烧|烧(垃圾|秸秆|塑料|轮胎|电线)|頭暈|头晕|廢氣|氣味",
    "dust": r"粉尘|扬尘|灰尘|煤灰|一层.{0,2}灰|渣土|尘土|灰(大|多|太大|很大|漫天|满天)|落灰|木屑|石粉|白花花一片",
    "water": r"废水|污水|排水|河|沟渠|水沟|池塘|鱼塘|湖|水库|水体|水面|暗管|排口|井水|自来水|泥浆水|粪水|血水|死鱼|魚|脏水|黑水|"
             r"泔水|洗碗水|尾水|往.{0,4}(江|海|沟|渠)里?(放|排|倒)|(放|排|倒)到.{0,4}(江|海|沟|渠|田)|下水道",
    "waste": r"垃圾|废渣|固废|危废|倾倒|堆放|污泥|废料|填埋|粪便|粪堆|鸭粪|鸡粪|猪粪|牛粪|随意堆",
    "radiation": r"辐射|放射|基站|电磁",
    "ecology": r"采砂|挖沙|砍伐|乱砍|毁林|湿地|保护区|填湖|水土流失",
}
_KIND_RE = {k: re.compile(v) for k, v in KINDS.items()}
# Kinds one matter is often told as (a farm's sewage stinks; a kiln's smoke leaves dust): not a different matter.
_KIND_NEAR = {frozenset(p) for p in (("smoke_odour", "dust"), ("smoke_odour", "water"), ("smoke_odour", "waste"),
                                     ("water", "waste"), ("water", "ecology"), ("dust", "waste"))}


def kinds_agree(a: set[str], b: set[str]) -> bool:
    """Some kind in common or near (odour ~ sewage), or either side silent about the kind."""
    if not a or not b or a & b:
        return True
    return any(frozenset((x, y)) in _KIND_NEAR for x in a for y in b)


# Matters that are not pollution at all (wages, fraud, prices, gambling, a flat's lift): the same business named for
# one of these is not the same matter as its pollution.
_NOT_POLLUTION = re.compile(
    r"工资|欠薪|拖欠|社保|劳动合同|工伤|退款|退钱|退不了|预付卡|办卡|跑路|乱收费|收费|价格|太贵|宰客|赌博|卖淫|嫖娼|"
    r"未成年|假药|过期|假货|卫生差|老鼠|头发|宿舍|交房|物业|电梯|路灯|修路|选举|低保|村干部|传销|诈骗|骗了|贷款|超载|"
    r"压坏|快递|丢件|度数|上网|学费|伙食|食品安全|注水|冒充|以次充好|不合格|投诉处理|服务态度|排队|停车|占道|计量|少给|欠.{0,6}(钱|费|款)|货款|工程款|运输费|缺斤短两|产假|不新鲜|变质|"
    r"吃了.{0,4}(拉肚子|不舒服)")


# Kind of business or site → how people name it (a shop the clerk calls 汽修厂 the neighbour calls 修车铺).
TYPES = {
    "car_repair": r"汽修|修车|汽车维修|汽车修理|喷漆房|钣金|补漆|汽配",
    "chemical": r"化工|化学|制药|药厂|农药|新材料|涂料|油漆厂|化肥",
    "pig_farm": r"养猪|猪场|生猪|猪圈|猪棚|猪舍",
    "poultry_farm": r"养鸡|鸡场|养鸭|鸭场|鸡舍|禽|鸡棚|鸭棚|鹅场|养鹅",
    "cattle_farm": r"养牛|牛场|养羊|羊场|牛棚|羊圈",
    "fish_farm": r"鱼塘|养殖塘|网箱|养鱼|水产|养虾|虾塘|蟹塘",
    "farm": r"养殖场|养殖户|养殖小区|养殖基地|家庭农场",
    "restaurant": r"饭店|餐馆|餐厅|酒楼|酒家|饭馆|小吃|食堂|面馆|大排档|烤鸭|火锅|小炒|炒菜|餐饮|农家乐|鱼庄|饭庄|食府|菜馆|快餐|酒店|大酒店|后厨",
    "barbecue": r"烧烤|烤串|撸串|烤肉|烤鱼",
    "entertainment": r"ktv|酒吧|歌厅|歌舞厅|夜总会|迪厅|唱歌|夜场|清吧",
    "square_dance": r"广场舞|跳舞",
    "construction": r"工地|施工|打桩|楼盘|项目部|盖楼|建楼|在建",
    "concrete": r"搅拌站|混凝土|商砼|沥青|水稳",
    "quarry": r"采石|石场|碎石|砂石|石料|矿山|打石头|石材|石头厂|炸石|开山",
    "sand": r"洗砂|洗沙|砂场|沙场|采砂|挖沙|抽沙|砂石|淘沙",
    "waste_site": r"垃圾站|中转站|填埋场|垃圾场|焚烧厂|垃圾处理|垃圾房",
    "recycling": r"再生资源|废品|收破烂|回收站|回收点|回收公司|废旧|拆解|旧货",
    "sewage_plant": r"污水处理|污水厂|处理站",
    "car_wash": r"洗车",
    "open_burning": r"焚烧|烧(垃圾|电线|电缆|塑料|轮胎|秸秆|废料|油毡|垃|皮)|烧电线皮|露天烧",
    "printing_dyeing": r"印染|染厂|漂染|染布|丝绸|染色|染整",
    "plating": r"电镀|镀锌|镀铬|酸洗",
    "paper": r"造纸|纸厂|纸业|纸箱|纸板",
    "brick": r"砖厂|砖窑|烧砖|窑厂|砖瓦|窑",
    "foundry": r"钢厂|铸造|冶炼|炼钢|铁厂|翻砂|炼铁|铸件|熔炼|冲天炉",
    "metalwork": r"钢结构|钢架|铁艺|五金|机械|机加工|冲床|焊接|铆焊|铁皮|不锈钢",
    "cement": r"水泥",
    "plastic": r"塑料|橡胶|轮胎|造粒|塑胶|泡沫板",
    "furniture": r"家具|木器|木业|板材|木材|木头|木工|锯木|地板厂",
    "slaughter": r"屠宰|杀猪|宰猪|宰杀|杀鸡|杀鸭|杀牛|杀羊|宰牛|宰羊|屠宰场",
    "feed": r"饲料|鱼粉",
    "food_factory": r"豆腐|豆制品|食品厂|酱菜|腌菜|腌制|粉丝|粉条|酿酒|酒厂|榨油|油坊|面粉|米厂|酱油|醋厂",
    "bathhouse": r"洗浴|澡堂|浴室|洗澡|浴池|汗蒸|足浴",
    "boiler": r"锅炉",
    "logistics": r"物流园|物流|仓库|货场|仓储",
    "port": r"码头|港口|船厂|船舶",
    "gym": r"健身",
    "market": r"菜市场|菜场|农贸",
    "hospital": r"医院|诊所|卫生院",
    "school": r"学校|幼儿园|小学|中学",
    "laundry": r"干洗|洗衣",
    "substation": r"变电站|基站|铁塔",
    "textile": r"纺织|织布|服装|制衣|针织|棉纺|纱厂",
    # Businesses that are not polluters themselves: a look-alike name (利民混凝土 vs 利民大药房) is another party.
    "pharmacy": r"药房|药店",
    "internet_cafe": r"网吧|网咖",
    "driving_school": r"驾校",
    "real_estate": r"房地产|置业|地产",
    "property": r"物业",
    "wind_power": r"风电|风力发电|风车|(?<![排抽送引鼓])风机",
    "supermarket": r"超市|商场|便利店",
    "optical": r"眼镜",
    "card_room": r"棋牌|麻将",
    "salon": r"理发|美发|美容",
    "gas_station": r"加油站",
    "hotel": r"宾馆|旅馆|酒店|大酒店|民宿",
}
# Kinds of business one site may be called by (a 砂石厂 is a quarry or a sand yard; a farm is any kind of farm).
_TYPE_NEAR = {frozenset(p) for p in (
    ("quarry", "sand"), ("restaurant", "barbecue"), ("restaurant", "hotel"), ("farm", "pig_farm"),
    ("farm", "poultry_farm"), ("farm", "cattle_farm"), ("farm", "fish_farm"), ("foundry", "metalwork"),
    ("construction", "real_estate"), ("construction", "concrete"), ("chemical", "plating"), ("chemical", "plastic"),
    ("furniture", "metalwork"), ("bathhouse", "boiler"), ("paper", "printing_dyeing"), ("feed", "food_factory"),
    ("slaughter", "pig_farm"), ("slaughter", "poultry_farm"), ("recycling", "waste_site"), ("recycling", "plastic"),
    ("entertainment", "restaurant"), ("entertainment", "hotel"), ("boiler", "food_factory"), ("boiler", "hotel"),
)}


def types_near(a: set[str], b: set[str]) -> set[str]:
    """The kinds of business two sides share, exactly or as one site's other names."""
    out = a & b
    out |= {x for x in a for y in b if frozenset((x, y)) in _TYPE_NEAR}
    return out


_TYPE_RE = {k: re.compile(v) for k, v in TYPES.items()}


# Named places in an address or a text: roads, estates, villages, towns, parks, industrial zones.
_PLACE = re.compile(
    r"([\u4e00-\u9fff]{1,8}?(?:街道|大道|胡同|社区|小区|花园|新村|家园|开发区|工业园|园区|广场|公园|大厦|市场|"
    r"路|街|巷|弄|村|苑|庄(?![镇乡村街])|镇|乡(?![镇村])))"
)
# Anonymised or coded administrative names ("A市A3区"): dropped like real ones.
_CODED_ADMIN = re.compile(r"^(?:[a-z]{1,2}\d{0,2}(?:省|市|区|县|镇))+")


def _strip(s: str) -> tuple[str, list[str]]:
    from .geo import place_prefixes

    prefixes = place_prefixes()
    dropped: list[str] = []
    changed = True
    while changed and len(s) > 3:
        changed = False
        coded = _CODED_ADMIN.match(s)
        if coded and len(s) - coded.end() >= 2:
            dropped.append(coded.group(0))
            s, changed = s[coded.end():], True
            continue
        for n in (5, 4, 3, 2):
            # A short county name can start a street's or town's own name (解放南路, 文峰街道): kept then.
            # A full name (宣汉县, 东台市) is stripped even before 东乡镇.
            if n <= len(s) and s[:n] in prefixes and (s[n - 1] in "省市县区" or not _NAME_GOES_ON.match(s, n)):
                dropped.append(s[:n])
                s, changed = s[n:], True
                break
    return s, dropped


def strip_admin(s: str) -> str:
    """Drop leading province, city and county names (盐城市亭湖区文港路 → 文港路)."""
    return _strip(s)[0]


def admin_area(address: str, *, normalized: bool = False) -> frozenset[tuple[str, ...]]:
    """The (province, city, county) paths the address's leading administrative names allow; empty if none."""
    from .geo import admin_paths

    paths = admin_paths()
    area: frozenset[tuple[str, ...]] = frozenset()
    for name in _strip(address if normalized else normalize(address))[1]:
        found = paths.get(name)
        if not found:
            continue
        narrowed = frozenset(p for p in found if not area or any(_meet(p, q) for q in area))
        # 东台市城东新区: 城东 is a county's name elsewhere, not inside 东台市; the address stays in 东台市.
        area = narrowed or (area if area else found)
    return area


def _meet(p: tuple, q: tuple) -> bool:
    n = min(len(p), len(q))
    return p[:n] == q[:n]


def areas_meet(a: frozenset, b: frozenset) -> bool:
    """False only when both addresses name their county (or city) and the two can't be one place."""
    return not a or not b or any(_meet(p, q) for p in a for q in b)


_COARSE = ("街道", "镇", "乡", "开发区", "工业园", "园区", "社区")
_NAME_GOES_ON = re.compile(r"[东南西北中]?(?:路|街|大道|大街|巷|弄|街道|镇|乡|村|社区|小区|新村|广场|公园|市场|河|桥)")
_FILLER = re.compile(r"^(?:我家|我们|住在|在|位于|就在|靠近|附近|那个|那家|门口|楼下|对面|旁边|隔壁|的)+")
# Words that end a clause, not a place name: "拉石头的车一路撒", "血水流到马路上", "倒闭跑路".
_NOT_PLACE = re.compile(r"[的了在到把往被从后流放倒跑走拉车撒是有去来上下那这个他她我你]")
_NOT_PLACE_END = ("马路", "一路", "上路", "跑路", "走路", "带路", "让路", "修路", "路路", "出路", "半路", "全村", "整村")
# A landmark named to say where ("加油站对面", "中医院对面", "小学东边"): a place, not the kind of business.
_LANDMARK = re.compile(r"([\u4e00-\u9fff]{0,4}?(?:加油站|医院|卫生院|学校|小学|中学|幼儿园|超市|银行|菜市场|菜场|公园|大桥|桥|"
                       r"广场|车站|汽车站|火车站|派出所|政府|村委会|邮局))的?(?:对面|旁边|隔壁|附近|门口|东边|西边|南边|北边|"
                       r"东侧|西侧|南侧|北侧|后面|前面|边上|底下|下面|后头|往东|往西|往南|往北|东头|西头)")


def _no_landmarks(t: str) -> str:
    return _LANDMARK.sub("", t)


def kinds_of(text: str, *, normalized: bool = False) -> set[str]:
    t = (text if normalized else normalize(text))[:2000]
    return {k for k, rx in _KIND_RE.items() if rx.search(t)}


def types_of(text: str, *, normalized: bool = False) -> set[str]:
    t = _no_landmarks((text if normalized else normalize(text))[:2000])
    return {k for k, rx in _TYPE_RE.items() if rx.search(t)}


def places_of(address: str, text: str = "", *, normalized: bool = False) -> set[str]:
    """The named places of an address (and of the first lines of the text): 解放路, 城南新村, 东坎镇."""
    out: set[str] = set()
    for source, from_text in ((address, False), (text[:300], True)):
        for m in _PLACE.finditer(strip_admin(source if normalized else normalize(source))):
            name = _FILLER.sub("", m.group(1)).lstrip("镇乡区县市")  # 东乡|镇石岭村: the 镇 belongs before
            if from_text:
                name = _NOT_PLACE.split(name)[-1]
                if name.endswith(_NOT_PLACE_END):
                    continue
            if len(name) >= 3 and not name.startswith(("一个", "这个", "那个", "我们")):
                out.add(name)
                estate = _ESTATE.match(name)
                if estate:
                    out.add(estate.group(1) + "·estate")  # 锦绣花园, 锦绣小区, 锦绣家园: one estate
        # A village group ("新园三组", "新园村3组") is in its village.
        for m in _GROUP.finditer(source if normalized else normalize(source)):
            out.add(_FILLER.sub("", re.split(r"[镇乡区县市路街的了在到那这个]", m.group(1))[-1]) + "村")
    return {p for p in out if len(p) >= 3}


_ESTATE = re.compile(r"^([\u4e00-\u9fff]{2,6}?)(?:小区|花园|家园|新村|苑|公寓|新城|嘉园|佳苑|山庄)$")
_GROUP = re.compile(r"([\u4e00-\u9fff]{2,4}?)村?(?:[一二三四五六七八九十]{1,3}|\d{1,2})(?:组|社|队)")


def _town_named(a: set[str], b_text: str) -> set[str]:
    """A's town or sub-district named in B's words without its suffix ("益林那个翻砂厂" for 益林镇)."""
    out = set()
    for p in a:
        for suffix in ("街道", "镇", "乡"):
            if p.endswith(suffix) and len(p) - len(suffix) >= 2 and p[:-len(suffix)] in b_text:
                out.add(p)
    return out


# An owner's nickname for a business ("老王家的厂", "刘胖子烧烤", "陈师傅那个修车的", "姓刘的开的"): the surname.
_NICK = re.compile(r"(?:老|小)([\u4e00-\u9fff])(?:家|头|板|师傅|胖子|瘸子|二|三|记)|([\u4e00-\u9fff])(?:师傅|老板|胖子|瘸子|记|氏|家的)|"
                   r"姓([\u4e00-\u9fff])")
_SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
                "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")


def nicknames(text: str, *, normalized: bool = False) -> set[str]:
    """Surnames an owner is called by in a text or a party name (老周家具厂 → 周)."""
    out = set()
    for m in _NICK.finditer((text if normalized else normalize(text))[:1000]):
        name = m.group(1) or m.group(2) or m.group(3)
        if name in _SURNAMES:
            out.add(name)
    return out


@dataclass
class Side:
    """One complaint, as far as matter matching needs it."""

    text: str = ""
    address: str = ""
    party: str = ""

    def __post_init__(self):
        text, address, party = normalize(self.text)[:2000], normalize(self.address), normalize(self.party)
        plain = _no_landmarks(text)
        # A business named as a landmark ("鑫源超市旁边的饭店") is not the one complained about.
        named = parties_in_text(plain, raw=True)
        self.parties = {p for p in [normalize_party(party), *(normalize_party(n) for n in named)] if p}
        # The kind of matter from what is said, not from the names ("鑫旺采砂场欠我们运输费" is about money).
        said = text
        given = normalize_party(party)
        head = _TOWN_HEAD.match(given)
        for name in [party, given, given[head.end():] if head else "", *named]:
            if len(name) >= 3:
                said = said.replace(name, " ")
        self.kinds = kinds_of(said, normalized=True)
        self.plain = _no_landmarks(plain + " " + party)
        self.types = types_of(self.plain, normalized=True)
        self.places = places_of(address, text, normalized=True)
        self.addr = content_chars(strip_admin(address))
        self.norm = content_chars(text)
        self.area = admin_area(address, normalized=True)
        self.nicks = nicknames(text + " " + party, normalized=True)
        self.off_topic = bool(_NOT_POLLUTION.search(text))


@functools.lru_cache(maxsize=20_000)
def side_of(text: str, address: str, party: str) -> Side:
    """A stored case's Side, kept: the same earlier cases come back as candidates again and again."""
    return Side(text=text or "", address=address or "", party=party or "")


# Words that say what kind of business a name is, not which one (顺达汽修厂 and 顺达修车铺 are one shop).
_TYPE_TAIL = re.compile(r"(汽车维修|汽车修理|汽修|修车|维修|化工|科技|实业|贸易|餐饮|食品|建材|新材料|养殖|养猪|养鸡|养鸭|"
                        r"生猪|再生资源|回收|木器|木业|家具|砖瓦|塑料制品|塑料颗粒|塑料|制品|铸造|电镀|纸业|造纸|石材加工|石料|加工|"
                        r"混凝土|搅拌站|洗浴|洗车|屠宰|火锅|烧烤|豆腐坊|饲料|茧丝绸|丝绸|钢结构|机械|洗砂|砂石|水产|"
                        r"服务|管理|有限|股份|集团|公司|厂|店|铺|场|站|部|行|馆|中心|酒楼|酒家|饭店|农庄|合作社|坊|室)+$")
_TOWN_HEAD = re.compile(r"^[\u4e00-\u9fff]{2,3}?(?:镇|乡|街道|新区|开发区)")


def party_core(name: str) -> str:
    """The distinctive head of a business name: 顺达汽修厂 → 顺达, 溱东镇顺发洗浴中心 → 顺发."""
    core = _TYPE_TAIL.sub("", name)
    head = _TOWN_HEAD.match(core)
    if head and len(core) - head.end() >= 2:
        core = core[head.end():]
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
        if len(core) >= 2 and core in b.norm and (types_near(b.types, types_of(name)) or not b.types):
            return core  # 顺达 named by a neighbour who calls the 汽修厂 a 修车铺
    return ""


def _other_party(a: Side, b: Side) -> bool:
    """Both name a business and the names share nothing: two businesses (裕廊化工 vs 德胜化工), however alike their trade."""
    ca = {party_core(x) for x in a.parties} - {""}
    cb = {party_core(x) for x in b.parties} - {""}
    if not ca or not cb:
        return False
    return not any(x in y or y in x or {x[i:i + 2] for i in range(len(x) - 1)} & {y[i:i + 2] for i in range(len(y) - 1)}
                   for x in ca for y in cb)


def compare(a: Side, b: Side) -> dict:
    """{"same": bool, "score": float, "why": [{"reason": party|place|matter|business, "detail": ...}],
    "different": bool (a different business or kind of pollution: not the same matter, even at one address)}."""
    why = []
    party = _party_match(a.parties, b.parties) or _named_in(a, b) or _named_in(b, a)
    types = types_near(a.types, b.types)
    nick = ""
    if not party and a.nicks & b.nicks and (types or not (a.types and b.types)):
        nick = "、".join(sorted(a.nicks & b.nicks))  # 老周家具厂 and "老周家那个做家具的"
    if party or nick:
        why.append({"reason": "party", "detail": party or nick})
    same_area = areas_meet(a.area, b.area)
    places = (a.places & b.places) | _town_named(a.places, b.norm) | _town_named(b.places, a.norm) if same_area else set()
    same_addr = same_area and bool(a.addr) and a.addr == b.addr
    if places or same_addr:
        shown = sorted(p for p in places if "·" not in p) or sorted(p.replace("·estate", "") for p in places)
        why.append({"reason": "place", "detail": "、".join(shown) or a.address})
    kinds = a.kinds & b.kinds
    if kinds:
        why.append({"reason": "matter", "detail": "、".join(sorted(kinds))})
    if types:
        # In the words each side used (汽修、修车), never the lexicon's codes.
        words = []
        for side, shared in ((a, types), (b, types_near(b.types, a.types))):
            for t in sorted(shared):
                m = _TYPE_RE[t].search(side.plain)
                if m:
                    words.append(m.group(0))
        why.append({"reason": "business", "detail": "、".join(dict.fromkeys(words))})
    differing = bool(a.types and b.types and not types)
    # Another kind of pollution (paint fumes vs night noise), or a matter that is not pollution at all (wages, fraud),
    # is another matter, even about the same business.
    other_matter = not kinds_agree(a.kinds, b.kinds) or (a.off_topic and not a.kinds and b.kinds) or (
        b.off_topic and not b.kinds and a.kinds)
    at_place = bool(places or same_addr)
    # A town, sub-district or park alone is a wide area: with only the kind of pollution in common it is not
    # the same matter (a street, village or estate is).
    fine_place = (same_addr and not a.addr.endswith(_COARSE)) or any(not p.endswith(_COARSE) for p in places)
    score = 0.0
    if not same_area:
        score = 0.2  # one street name in two counties: two places
    elif other_matter:
        score = 0.3
    elif party and not differing:
        score = 0.9
    elif not nick and _other_party(a, b):
        score = 0.35  # two named businesses
    elif nick and at_place:
        score = 0.85
    elif at_place and types and not differing:
        score = 0.85
    elif fine_place and kinds and not differing:
        score = 0.75
    elif at_place:
        score = 0.35
    elif types and kinds:
        score = 0.3
    different = differing or other_matter or bool(at_place and a.kinds and b.kinds and not kinds and not party)
    return {"same": score >= 0.7, "score": score, "why": why, "different": different}
