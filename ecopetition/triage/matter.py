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
             r"吱吱|轰轰|哐哐|咣咣|响得|响到|睡不着|抖|声音|声响|叫声|喧哗|放炮|爆破|(?<![影反])响(?![应])|声.{0,2}(?:大|吵|刺耳)",
    # 烟 of smoke, not of cigarettes ("卖烟给未成年人"); 味 of a smell, not of taste ("口味").
    "smoke_odour": r"臭|异味|气味|味道|味儿|熏|刺鼻|呛|废气|气体|毒气|放味|(?<![卖买香抽吸递])烟(?![草酒花])|油漆|喷漆|焚烧|"
                   r"烧(垃圾|秸秆|塑料|轮胎|电线)|頭暈|头晕|廢氣|氣味|(?<![口美趣品滋意风])味(?![精觉])|酸雾|放气|排气|(?<!新)闻(?:得到|到|着)|嗓子疼",
    "dust": r"粉尘|扬尘|灰尘|煤灰|一层.{0,2}灰|渣土|尘土|灰(大|多|太大|很大|漫天|满天)|落灰|木屑|石粉|白花花一片|"
            r"(?<![石])灰(?![色心])|锯末|刮风|沙子.{0,4}(?:吹|飞|扬)|黄沙|沙尘|风一吹",
    "water": r"废水|污水|排水|暗管|排口|井水|自来水|泥浆水|粪水|血水|死鱼|魚|脏水|黑水|泥水|酸水|酸液|废液|臭水|"
             r"[红黄绿白紫蓝]水|水.{0,3}[是都发变泛成].{0,2}[红黄绿白黑紫蓝臭]|[泛染变发成][红黄绿白黑紫蓝褐]|翻白|鱼.{0,3}(?:死|翻肚)|油花|"
             r"管子?.{0,6}(?:伸|通|接)到|水.{0,6}(?:淌|倒在|倒到)|倒.{0,3}水|草都死|苗.{0,2}死|渗滤液|沼液|外溢|溢|地下水|泡沫|油污|隔油池|化粪池|"
             r"雨水(?:口|井|管)|阴沟|排海|入海|海里|"
             r"泔水|洗碗水|尾水|往.{0,4}(江|海|沟|渠)里?(放|排|倒)|(放|排|倒)到.{0,4}(江|海|沟|渠|田)|下水道",
    "waste": r"垃圾|废渣|固废|危废|倾倒|堆放|污泥|废料|填埋|粪便|粪堆|鸭粪|鸡粪|猪粪|牛粪|随意堆|埋|(?<![渣])渣(?!土)|"
             r"医疗废物|危险废物|废机油|乱扔|乱丢|堆成山|堆得|鸡屎|牛屎|猪屎|渣土|建筑垃圾",
    "radiation": r"辐射|放射|基站|电磁",
    "ecology": r"采砂|挖沙|砍伐|乱砍|毁林|湿地|保护区|填湖|水土流失|围垦|芦苇|滩涂|放生|外来物种|捕鸟|候鸟|抽沙|盗采|偷挖|河岸|岸.{0,2}塌|乱采|乱挖|滥挖|挖秃|毁山|"
                r"砍了|砍掉|被砍|树林|山林|林地",
    # Fishing by electricity, poison or blasting, or in a closed season: not the same matter as a reclaimed wetland.
    "fishing": r"电鱼|毒鱼|炸鱼|非法捕捞|禁渔|电网捕|电捕",
    # Lead and other heavy metals: told as children's blood lead, as the fumes, as the slag.
    "metal": r"血铅|铅超标|铅中毒|重金属|含铬|含氰|镉",
    "light": r"光污染|亮度|灯光|强光|刺眼|晃眼|led屏|探照灯",
}
# A river, pond or ditch named is water pollution only with something let into it or wrong with it ("在河边盖的房子" is not).
_WATER_BODY = re.compile(r"河|沟|渠|塘|湖|水库|水体|水面|江")
_WATER_SIGN = re.compile(r"排|放|流|倒|冲|漂|浮|渗|污|脏|臭|死|发黑|发绿|发红|发白|变色|颜色")
# Pollution said without its kind ("又在偷排了"): a pollution matter, of no particular kind.
_GENERAL = re.compile(r"偷排|排污|污染|直排|超标|排放|环保")
_KIND_RE = {k: re.compile(v) for k, v in KINDS.items()}
# Kinds one matter is often told as (a farm's sewage stinks; a kiln's smoke leaves dust): not a different matter.
_KIND_NEAR = {frozenset(p) for p in (("smoke_odour", "dust"), ("smoke_odour", "water"), ("smoke_odour", "waste"),
                                     ("water", "waste"), ("water", "ecology"), ("dust", "waste"), ("metal", "smoke_odour"),
                                     ("metal", "water"), ("metal", "waste"), ("metal", "dust"))}


_SMELL = frozenset({"smoke_odour"})


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
    r"吃了.{0,4}(拉肚子|不舒服)|违建|违章建筑|防汛|消防|安全出口|红包|检查单|公交|月饼|虫子|假的|是假|勾兑|防护用品|偷来|门票|涨价|"
    r"未成年|打架|喝醉|病死|上吐下泻|宿舍楼|人行道|承包|绿化|外卖|网购|广告|拆迁|补偿|户口|医生|高利贷|放贷|利息|借钱|班车|通勤|吃出|"
    r"发票|房租|租金|押金|营业执照|偷税|逃税|会员卡|充值|扣押|罚款")


# Kind of business or site → how people name it (a shop the clerk calls 汽修厂 the neighbour calls 修车铺).
TYPES = {
    "car_repair": r"汽修|修车|汽车维修|汽车修理|喷漆房|钣金|补漆|汽配|4s店|修理厂",
    "chemical": r"化工|化学|制药|药厂|农药|新材料|涂料|油漆厂|化肥|医药|中间体|溶剂|石化|炼油|试剂",
    "pig_farm": r"养猪|猪场|生猪|猪圈|猪棚|猪舍",
    "poultry_farm": r"养鸡|鸡场|养鸭|鸭场|鸡舍|禽|鸡棚|鸭棚|鹅场|养鹅",
    "cattle_farm": r"养牛|牛场|养羊|羊场|牛棚|羊圈",
    "fish_farm": r"鱼塘|养殖塘|网箱|养鱼|水产|养虾|虾塘|蟹塘",
    "farm": r"养殖场|养殖户|养殖小区|养殖基地|家庭农场|围垦养殖|养殖大户",
    "restaurant": r"饭店|餐馆|餐厅|酒楼|酒家|饭馆|小吃|食堂|面馆|大排档|烤鸭|火锅|小炒|炒菜|餐饮|农家乐|鱼庄|饭庄|食府|菜馆|快餐|酒店|大酒店|后厨|"
                  r"小馆|川菜|湘菜|麻辣烫|烧饼|烧腊|鸭脖|卤制|卤味|烤鸭|卤菜|熟食|早点|包子|油条|煎饼|夜宵|排档|饭庄|炸鸡|馆子|油烟机|排油烟",
    "barbecue": r"烧烤|烤串|撸串|烤肉|烤鱼",
    "entertainment": r"ktv|酒吧|歌厅|歌舞厅|夜总会|迪厅|唱歌|夜场|清吧",
    "square_dance": r"广场舞|跳舞",
    "construction": r"工地|施工|打桩|楼盘|项目部|盖楼|建楼|在建",
    "concrete": r"搅拌站|混凝土|商砼|沥青|水稳",
    "quarry": r"采石|石场|碎石|砂石|石料|矿山|打石头|石材|石头厂|炸石|开山|石头矿|切石头|做石头|石矿|矿场|放炮",
    "sand": r"洗砂|洗沙|砂场|沙场|采砂|挖沙|抽沙|砂石|淘沙|堆砂|砂子|沙子|堆场",
    "waste_site": r"垃圾站|中转站|填埋场|垃圾场|焚烧厂|垃圾处理|垃圾房|收垃圾的|垃圾的站|危废处置|危险废物|处置公司|处置中心",
    "recycling": r"再生资源|废品|收破烂|回收站|回收点|回收公司|废旧|拆解|旧货|收购站|电瓶|蓄电池|拆电|收旧",
    "sewage_plant": r"污水处理|污水厂|处理站",
    "car_wash": r"洗车",
    "open_burning": r"焚烧|烧(垃圾|电线|电缆|塑料|轮胎|秸秆|废料|油毡|垃|皮)|烧电线皮|露天烧",
    "printing_dyeing": r"印染|染厂|漂染|染布|丝绸|染色|染整|洗染|染毛|染衣|染纱",
    "plating": r"电镀|镀锌|镀铬|酸洗|镀件|阳极氧化",
    "paper": r"造纸|纸厂|纸业|纸箱|纸板",
    "brick": r"砖厂|砖窑|烧砖|窑厂|砖瓦|窑|砖头",
    "foundry": r"钢厂|铸造|冶炼|炼钢|铁厂|翻砂|炼铁|铸件|熔炼|冲天炉|钢铁|烧结|化铅|炼铅|熔铅|铅熔|熬铅|炼铜|提炼|炼铝|熔铝|铝厂|化铝|压铸",
    "metalwork": r"钢结构|钢架|铁艺|五金|机械|机加工|冲床|焊接|铆焊|铁皮|不锈钢",
    "cement": r"水泥",
    "plastic": r"塑料|橡胶|轮胎|造粒|塑胶|泡沫板|粒子|颗粒|注塑",
    "furniture": r"家具|木器|木业|板材|木材|木头|木工|锯木|地板厂|板子|装饰城|装饰材料|建材市场",
    "slaughter": r"屠宰|杀猪|宰猪|宰杀|杀鸡|杀鸭|杀牛|杀羊|宰牛|宰羊|屠宰场",
    "feed": r"饲料|鱼粉",
    "food_factory": r"豆腐|豆制品|食品厂|酱菜|腌菜|腌制|粉丝|粉条|酿酒|酒厂|榨油|油坊|面粉|米厂|酱油|醋厂|酒业|酿造|酒糟|豆渣|海产品|海鲜加工|水产加工|食品加工|水产食品",
    "bathhouse": r"洗浴|澡堂|浴室|洗澡|浴池|汗蒸|足浴",
    "boiler": r"锅炉",
    "logistics": r"物流园|物流|仓库|货场|仓储",
    "port": r"码头|港口|船厂|船舶|修船|造船",
    "gym": r"健身",
    "crematorium": r"殡仪|火葬|火化|焚化炉|殡葬",
    "electronics": r"电子厂|电子科技|电路板|线路板|pcb|焊锡|电子元件|半导体|芯片|电池材料|电池厂|锂电|新能源材料|做电池",
    "asphalt": r"沥青|柏油",
    "laboratory": r"检测|实验室|化验",
    "coal": r"洗煤|煤场|煤厂|煤矿|储煤|煤炭",
    "renovation": r"装修|装潢",
    "generator": r"发电机",
    "fertiliser": r"化肥|复合肥",
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
    ("electronics", "plating"), ("electronics", "chemical"), ("asphalt", "concrete"), ("fertiliser", "chemical"),
    ("laboratory", "chemical"), ("coal", "boiler"), ("foundry", "recycling"), ("hospital", "waste_site"),
    ("renovation", "construction"), ("generator", "card_room"), ("generator", "restaurant"), ("waste_site", "sewage_plant"),
    ("crematorium", "open_burning"), ("fish_farm", "food_factory"), ("chemical", "recycling"), ("cement", "concrete"),
)}


def types_near(a: set[str], b: set[str]) -> set[str]:
    """The kinds of business two sides share, exactly or as one site's other names."""
    out = a & b
    out |= {x for x in a for y in b if frozenset((x, y)) in _TYPE_NEAR}
    return out


_TYPE_RE = {k: re.compile(v) for k, v in TYPES.items()}


def _type_scanner():
    """One pass for the trade words that are plain words (most): each word → the kinds of business it names, found
    at every position (a lookahead, so overlapping words count); the few patterns with syntax keep their regex."""
    words: dict[str, set[str]] = {}
    rest: dict[str, re.Pattern] = {}
    for kind, pattern in TYPES.items():
        parts = pattern.split("|")
        if any(ch in pattern for ch in "()[]?*+.\\{}^$"):
            rest[kind] = _TYPE_RE[kind]
            continue
        for w in parts:
            words.setdefault(w, set()).add(kind)
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    first = "".join(sorted({re.escape(w[0]) for w in words}))
    # Longest word first at each position; a shorter word of another kind starting there is added from the table.
    prefixes = {w: [v for v in words if v != w and w.startswith(v)] for w in words}
    return (re.compile(f"(?=[{first}])(?=({alternation}))"), words, prefixes, rest,
            re.compile(f"(?:{alternation})$"))


_SCAN = None


# Named places in an address or a text: roads, estates, villages, towns, parks, industrial zones.
_PLACE = re.compile(
    r"([\u4e00-\u9fff]{0,8}?(?:街道|大道|胡同|社区|小区|花园|新村|家园|开发区|工业园|园区|广场(?!舞)|公园|大厦|市场|"
    r"殡仪馆|中学|小学|卫生院|幼儿园|村委会|渔港|装饰城|集中区|工业区|产业园|化工园|菜场|公交站|"
    r"(?:路|街|巷|弄|村|苑|镇)(?![村组队街巷道镇滑面])|庄(?![镇乡村街])|乡(?![镇村])|"
    # A river, bridge, canal, pond or harbour named to say where (张家桥, 城东河, 东干渠, 黄沙河闸, 川东港).
    r"(?:河|桥|渠|港|闸|塘)(?![畔路街村镇区湾花苑园庄城公小新家广大]|[东南西北](?![侧边面岸头部])|[\u4e00-\u9fff](?:路|街|村|镇|区))))"
)
# Anonymised or coded administrative names ("A市A3区", "某区某街道"): dropped like real ones.
_CODED_ADMIN = re.compile(r"^(?:(?:[a-z]{1,2}\d{0,2}|某)(?:省|市|区|县|镇|乡|街道))+")
# An anonymised name anywhere ("镇江市丹徒区某镇", "某村"): says nothing about which place.
_CODED_ANY = re.compile(r"[\u4e00-\u9fff]{0,4}?[市区县]?某(?:省|市|区|县|镇|乡|街道|村|社区|小区|路|街|号)?")
# Landmarks a place may be named by with or without its town (龙冈镇殡仪馆, 龙冈殡仪馆).
_LANDMARK_SUFFIX = ("殡仪馆", "中学", "小学", "卫生院", "幼儿园", "村委会", "渔港", "公交站")
# Generic landmarks (a market, a school): where in a town, but not which town: weak alone.
_GENERIC_PLACE = re.compile(r"^(?:菜市场|农贸市场|菜场|中学|小学|卫生院|幼儿园|村委会|渔港|公交站|工业园|工业区|集中区|开发区|园区|广场|市场|"
                            r"产业园|化工园|建材市场|商业街|步行街)$")


# A zone's generic name that some gazetteer also lists as a county-level area (化工园区, 高新区): not a county here.
_GENERIC_ZONE = re.compile(r"^(?:经济|技术|高新|化工|工业|循环|产业|开发)*(?:园区|开发区|高新区|新区|工业园)$")


@functools.lru_cache(maxsize=50_000)
def _strip(s: str) -> tuple[str, tuple[str, ...]]:
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
            if n <= len(s) and s[:n] in prefixes and not _GENERIC_ZONE.match(s[:n]) and (
                    s[n - 1] in "省市县区" or not _NAME_GOES_ON.match(s, n)):
                dropped.append(s[:n])
                s, changed = s[n:], True
                break
    return s, tuple(dropped)


def strip_admin(s: str) -> str:
    """Drop leading province, city and county names (盐城市亭湖区文港路 → 文港路)."""
    return _strip(s)[0]


@functools.lru_cache(maxsize=50_000)
def _admin_area(address: str) -> frozenset[tuple[str, ...]]:
    return admin_area(address, normalized=True)


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


def _admin_only(s: str) -> bool:
    """What is left of an address that named only its province, city or county (亭湖区 of 盐城市亭湖区)."""
    from .geo import place_prefixes

    return bool(s) and s in place_prefixes() and s[-1] in "省市县区"


def _meet(p: tuple, q: tuple) -> bool:
    n = min(len(p), len(q))
    return p[:n] == q[:n]


def areas_meet(a: frozenset, b: frozenset) -> bool:
    """False only when both addresses name their county (or city) and the two can't be one place."""
    return not a or not b or any(_meet(p, q) for p in a for q in b)


_COARSE = ("街道", "镇", "乡", "开发区", "工业园", "园区", "社区", "集中区", "工业区", "产业园", "化工园")
_NAME_GOES_ON = re.compile(r"[东南西北中]?(?:路|街|大道|大街|巷|弄|街道|镇|乡|村|社区|小区|新村|广场|公园|市场|河|桥|工业区|工业园|"
                           r"花园|家园|嘉园|苑|大厦|山庄|公寓|"
                           r"开发区|园区|新区|集中区|化工园|产业园)")
_FILLER = re.compile(r"^(?:我家|我们|住在|在|位于|就在|靠近|附近|那个|那家|门口|楼下|对面|旁边|隔壁|后面|前面|这边|那边|的|号|"
                     r"交叉口|本人系|本人|反映|请管管|管管|投诉)+")
# Words that end a clause, not a place name: "拉石头的车一路撒", "血水流到马路上", "倒闭跑路".
_NOT_PLACE = re.compile(r"[的了在到把往被从后流放倒跑走拉车撒是有去来上下那这个他她我你们进入向朝沿系管映满条全就让不做排直刮吹冲得找用]")
# Words that say beside or around a place: what follows is the place named (麋鹿保护区外围川东港 → 川东港).
_AROUND = re.compile(r"外围|附近|旁边|对面|[东南西北]侧|门口|里面|以[东南西北]|后面|前面|后头|边上|这边|那边|[东西南北]边|楼下|楼上")
_NOT_PLACE_END = ("马路", "一路", "上路", "跑路", "走路", "带路", "让路", "修路", "路路", "出路", "半路", "全村", "整村",
                  "电路", "线路", "道路", "网路", "水路", "思路", "套路")
# A landmark named to say where ("加油站对面", "中医院对面", "小学东边"): a place, not the kind of business.
_LANDMARK = re.compile(r"([\u4e00-\u9fff]{0,4}?(?:加油站|医院|卫生院|学校|小学|中学|幼儿园|超市|银行|菜市场|菜场|公园|大桥|桥|"
                       r"广场|车站|汽车站|火车站|派出所|政府|村委会|邮局))的?(?:对面|旁边|隔壁|附近|门口|东边|西边|南边|北边|"
                       r"东侧|西侧|南侧|北侧|后面|前面|边上|底下|下面|后头|往东|往西|往南|往北|东头|西头|后边|前边)")


# A site named only to say near where something else happens ("猪场附近，有人在河边烧垃圾").
_NEAR_SITE = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:猪场|鸡场|鸭场|牛场|厂|场|站)附近")


def _no_landmarks(t: str) -> str:
    return _NEAR_SITE.sub("", _LANDMARK.sub("", t))


def kinds_of(text: str, *, normalized: bool = False) -> set[str]:
    t = (text if normalized else normalize(text))[:2000]
    out = {k for k, rx in _KIND_RE.items() if rx.search(t)}
    if "water" not in out and _WATER_BODY.search(t) and _WATER_SIGN.search(t):
        out.add("water")
    return out


def polluting(text: str, kinds: set[str]) -> bool:
    """The text speaks of pollution at all: some kind of it, or pollution without its kind ("又在偷排")."""
    return bool(kinds) or bool(_GENERAL.search(text))


def _scanner():
    global _SCAN
    if _SCAN is None:
        _SCAN = _type_scanner()
    return _SCAN


def types_of(text: str, *, normalized: bool = False, plain: bool = False) -> set[str]:
    """The kinds of business named (`plain`: landmarks already taken out)."""
    scan, words, prefixes, rest, _end = _scanner()
    t = (text if normalized else normalize(text))[:2000]
    if not plain:
        t = _no_landmarks(t)
    out: set[str] = set()
    for m in scan.finditer(t):
        w = m.group(1)
        out |= words[w]
        for v in prefixes[w]:
            out |= words[v]
    out |= {k for k, rx in rest.items() if k not in out and rx.search(t)}
    return out


def places_of(address: str, text: str = "", *, normalized: bool = False) -> set[str]:
    """The named places of an address (and of the first lines of the text): 解放路, 城南新村, 东坎镇."""
    address = address if normalized else normalize(address)
    text = (text if normalized else normalize(text))[:300]
    return set(_places_in(address, False)) | set(_places_in(text, True)) if text else set(_places_in(address, False))


@functools.lru_cache(maxsize=50_000)
def _places_in(source: str, from_text: bool) -> frozenset[str]:
    """The named places of one address (cached: addresses repeat) or one text's first lines."""
    out: set[str] = set()
    for m in _PLACE.finditer(strip_admin(source)):
        name = _FILLER.sub("", _CODED_ANY.sub("", m.group(1))).lstrip("镇乡区县市")  # 东乡|镇石岭村: the 镇 belongs before
        around = _AROUND.split(name)[-1]
        if len(around) >= 3:
            name = around
        joined = re.split(r"[与和及]", name)[-1]
        if len(joined) >= 3:
            name = joined  # 新都西路与范公路: 范公路 (but 和平路 stays whole)
        if from_text:
            name = _NOT_PLACE.split(name)[-1]
            if name.endswith(_NOT_PLACE_END):
                continue
        generic = _GENERIC_PLACE.match(name)
        if generic:
            out.add("lm·" + _GENERIC_CANON.get(name, name))  # 菜场, 菜市场, 农贸市场: one kind of landmark
            continue
        if len(name) >= 3 and not name.startswith(("一个", "这个", "那个", "我们")):
            out.add(name)
            if name.endswith(_LANDMARK_SUFFIX):
                bare = re.sub(r"^([\u4e00-\u9fff]{2,3}?)(?:镇|乡|街道)", r"\1", name)
                if bare != name:
                    out.add(bare)  # 龙冈镇殡仪馆 is 龙冈殡仪馆
            estate = _ESTATE.match(name)
            if estate:
                out.add(estate.group(1) + "·estate")  # 锦绣花园, 锦绣小区, 锦绣家园: one estate
    # A village group ("新园三组", "新园村3组") is in its village.
    for m in _GROUP.finditer(source):
        out.add(_FILLER.sub("", re.split(r"[镇乡区县市路街的了在到那这个]", m.group(1))[-1]) + "村")
    return frozenset(p for p in out if len(p) >= 3)


_GENERIC_CANON = {"菜场": "菜市场", "农贸市场": "菜市场", "工业区": "工业园", "集中区": "工业园", "园区": "工业园",
                  "产业园": "工业园", "化工园": "工业园", "开发区": "工业园"}
_ESTATE = re.compile(r"^([\u4e00-\u9fff]{2,6}?)(?:小区|花园|家园|新村|苑|公寓|新城|嘉园|佳苑|山庄)$")
_GROUP = re.compile(r"([\u4e00-\u9fff]{2,4}?)村?(?:[一二三四五六七八九十]{1,3}|\d{1,2})(?:组|社|队)")


def _town_named(a: set[str], b_text: str) -> set[str]:
    """A's town or sub-district named in B's words without its suffix ("益林那个翻砂厂" for 益林镇)."""
    out = set()
    for p in a:
        for suffix in ("街道", "镇", "乡", "社区"):
            if p.endswith(suffix) and len(p) - len(suffix) >= 2 and p[:-len(suffix)] in b_text:
                out.add(p)
    return out


# An owner's nickname for a business ("老王家的厂", "刘胖子烧烤", "陈师傅那个修车的", "姓刘的开的", "钱老四", "刘某"): the surname.
_NICK = re.compile(r"(?:老|小)([\u4e00-\u9fff])(?:家|头|板|师傅|胖子|瘸子|二|三|记)|([\u4e00-\u9fff])(?:师傅|老板|胖子|瘸子|记|氏|家的)|"
                   r"姓([\u4e00-\u9fff])|(?:(?<![\u4e00-\u9fff])|(?<=[民户的是人叫姓组]))([\u4e00-\u9fff])某|"
                   r"([\u4e00-\u9fff])(?:老[二三四五六七八九十大幺]|家[猪鸡鸭牛厂店那])|老([\u4e00-\u9fff])")
_SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
                "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")


def nicknames(text: str, *, normalized: bool = False) -> set[str]:
    """Surnames an owner is called by in a text or a party name (老周家具厂 → 周, 刘某养鸭场 → 刘)."""
    out = set()
    for m in _NICK.finditer((text if normalized else normalize(text))[:1000]):
        name = next(g for g in m.groups() if g)
        if name in _SURNAMES:
            out.add(name)
    return out


# "盛泽镇另一家纺织厂", "另外一家染厂": the writer says it is another business.
_ANOTHER = re.compile(r"另一家|另外一家|另一个厂|另外一个厂|另一处|另一户|另外一户|不是同一家|别的厂")
# The end of an address that says where beside it, not where: 卫生院旁边 and 卫生院旁 are one place.
_ADDR_SIDE = re.compile(r"(?:门口|旁边|旁|附近|对面|东侧|西侧|南侧|北侧|东面|西面|南面|北面|东边|西边|南边|北边|后面|前面|边上|"
                        r"后头|外面|外|里面|内|楼|南头|北头|东头|西头|头|边|一带|上|下|段|口)+$")


def _addr_core(address: str) -> str:
    """The address without its administrative head and side words: 某社区12栋 → 12幢, 卫生院旁边 → 卫生院."""
    s = _CODED_ANY.sub("", _CODED_ADMIN.sub("", content_chars(strip_admin(address)))).replace("栋", "幢")
    return _ADDR_SIDE.sub("", s)


@dataclass
class Side:
    """One complaint, as far as matter matching needs it."""

    text: str = ""
    address: str = ""
    party: str = ""

    def speaks_of_pollution(self) -> bool:
        """`polluting`, or, where no word of the lexicon says so ("天都是黄的，嗓子里跟塞了沙子一样"), whether the
        scope model, which reads the whole message, takes it for an environmental matter. Asked only when a pair
        already shares its party: the model's reading costs more than the lexicon's."""
        if self._told is None:
            self._told = _speaks_of_pollution(self.text)
        return self._told

    def __post_init__(self):
        text, address, party = normalize(self.text)[:2000], _norm_short(self.address), _norm_short(self.party)
        plain = _no_landmarks(text)
        self.places = places_of(address, text, normalized=True)
        place_names = sorted((p for p in self.places if "·" not in p), key=len, reverse=True)
        # A business named as a landmark ("鑫源超市旁边的饭店") is not the one complained about.
        named = parties_in_text(plain, raw=True)
        parties = {p for p in [normalize_party(party), *(normalize_party(n) for n in named)] if p}
        # A name that is only a place and a trade ("丰收村养猪场", "污水处理厂") names no business.
        self.parties = {p for p in parties if party_core(p) and not _place_like(party_core(p), self.places)
                        and not _VAGUE.search(party_core(p))}
        # A business named with its town or village first (黄桥老三烧烤, 溱潼顺兴羽绒厂): the town is no part of the name.
        stems = tuple(p[:-len(x)] for p in self.places for x in ("镇", "乡", "街道", "社区", "村")
                      if p.endswith(x) and len(p) - len(x) >= 2) + tuple(
            sorted((p for p in self.places if "·" not in p and len(p) >= 3), key=len, reverse=True))
        self.cores = {_unstem(party_core(p), stems) for p in self.parties}
        # A name read out of the text that is a clause, not a name ("晚上钢厂冒烟" → 晚上, "排放含铬废水进入厂"):
        # kept only from the party field.
        given_core = _unstem(party_core(normalize_party(party)), stems) if party else ""
        self.cores = {c for c in self.cores if _name_like(c, given=c == given_core)}
        # An owner's nickname made from the business's name (强子 for 强盛).
        self.nick_heads = {c[0] for c in self.cores if len(c) == 2 and c[1] == "子"}
        self.cores -= {c for c in self.cores if len(c) == 2 and c[1] == "子"}
        # A name in quotes before its trade, as hotline summaries write it (某路“喜来乐”饭店).
        for m in _QUOTED.finditer(text):
            after = text[m.end():m.end() + 6]
            if _BUSINESS_WORD.match(after) or any(rx.match(after) for rx in _TYPE_RE.values()):
                core = _unstem(party_core(m.group(1)) or m.group(1), stems)
                if len(core) >= 2 and not _place_like(core, self.places) and not _VAGUE.search(core):
                    self.cores.add(core)
        short = _unstem(party_core(content_chars(party)), stems)
        if 2 <= len(short) <= 3 and not _place_like(short, self.places) and not nicknames(party, normalized=True) \
                and not _VAGUE.search(short) and not any(rx.search(short) for rx in _TYPE_RE.values()):
            self.cores.add(short)  # the party field's short name (好再来, 宏發)
        self.cores.discard("")
        # The kind of matter from what is said, not from names ("鑫旺采砂场欠我们运输费" is about money) nor
        # places ("湖畔人家小区" holds no lake, "许河那个杀猪的" no river).
        said = text
        given = normalize_party(party)
        head = _TOWN_HEAD.match(given)
        for name in [party, given, given[head.end():] if head else "", *named, *place_names,
                     *(p[:-1] for p in place_names if p.endswith(("镇", "乡", "村")) and len(p) >= 3)]:
            if len(name) >= 2:
                said = said.replace(name, " ")
        self.kinds = kinds_of(said, normalized=True)
        self.polluting = polluting(said, self.kinds)
        self.plain = plain + " " + _no_landmarks(party)
        self.types = types_of(self.plain, normalized=True, plain=True)
        self.addr = content_chars(strip_admin(address))
        self.addr_core = _addr_core(address)
        if _admin_only(self.addr):
            self.addr = self.addr_core = ""  # 盐城市亭湖区: a county says no more than the area does
        norm = content_chars(text)
        for name in place_names:
            norm = norm.replace(name, "|")  # 精诚路 does not name 精诚电镀
        self.norm = norm
        self.area = _admin_area(address)
        self.nicks = nicknames(text + " " + party, normalized=True)
        self.off_topic = bool(_NOT_POLLUTION.search(text))
        if self.off_topic and _PRODUCT.search(text):
            self.polluting = False  # "卫生纸有异味，超市买的": a product's fault, not pollution
        self._told = None if (not self.polluting and not self.off_topic and text) else self.polluting
        self.another = bool(_ANOTHER.search(text))


# Words of time, quantity and talk that a text's "…厂" clause can start with: no business is called that.
_NOT_NAME_WORD = re.compile(r"晚上|白天|夜里|夜间|半夜|凌晨|早上|中午|下午|傍晚|每天|天天|最近|今天|昨天|前天|经常|一直|又在|附近|旁边|"
                            r"对面|后面|前面|门口|那边|这边|我们|他们|你们|好几|几家|一家|这家|那家|某某|反映|投诉|举报|来电|市民|村民|居民|地下|楼下|小区|汽车|印刷|彩印|陶瓷|危废|危险|驾驶|培训|加工|制品")


def _name_like(core: str, *, given: bool = False) -> bool:
    """A business's distinctive name rather than a clause the text holds: no function word, no word of time or
    talk (the party field's own name may hold them), and no word of pollution (垃圾 of 垃圾中转站)."""
    if any(rx.search(core) for rx in _KIND_RE.values()):
        return False
    return given or not (_NOT_NAME_CHAR.search(core) or _NOT_NAME_WORD.search(core))


def _speaks_of_pollution(text: str) -> bool:
    from .reading import topic

    return topic(text)[1] >= 0.5


_QUOTED = re.compile(r"[“\"「『‘]([\u4e00-\u9fffa-z0-9]{2,8})[”\"」』’]")
_BUSINESS_WORD = re.compile(r"(?:有限公司|公司|厂|店|场|站|馆|坊|铺|园|中心|基地|合作社|作坊|酒家|酒楼|饭店|大排档|ktv|酒吧)")
# A product bought and found wanting: a consumer's matter even when it smells.
_PRODUCT = re.compile(r"买的|买了|买回|产品|生产的|卖的|质量")
_VAGUE = re.compile(r"^(?:某|那|这|一|有|隔|旁|附|不|村|镇|厂|店|的|号|另)|[某个的]|家$|老板|胖子|外号|大户|人家|^养|^[老小][" + "".join(
    sorted(_SURNAMES)) + r"]|^(?:公园|花园|小区|家园|新村|社区|物业|政府|村委会?|居委会?|街道办|管理处|管委会|商场|市场)$")


def _unstem(core: str, stems: tuple[str, ...]) -> str:
    for stem in stems:
        if core.startswith(stem) and len(core) - len(stem) >= 2:
            return core[len(stem):]
    return core


@functools.lru_cache(maxsize=50_000)
def _norm_short(s: str) -> str:
    """An address or a party name, normalised once: they repeat across cases."""
    return normalize(s)


def _place_like(core: str, places: set[str]) -> bool:
    """丰收村, 城南 (of 城南污水处理厂 at 城南路): a place's name, not a business's."""
    if core.endswith(("村", "镇", "乡", "路", "街", "区", "县", "市", "社区", "组")):
        return True
    return any(p.startswith(core) and p[len(core):] in ("村", "镇", "乡", "社区") for p in places)


def place_keys(side: Side) -> list[str]:
    """The side's places as repeat-index keys, named streets and villages first; a generic landmark (菜市场, 中学)
    only inside its county, and only when the address names the county."""
    out = sorted((p for p in side.places if not p.startswith("lm·")), key=lambda p: (p.endswith(_COARSE), p))
    if side.area:
        county = "/".join(min(side.area))
        out += sorted(f"{p}@{county}" for p in side.places if p.startswith("lm·"))
    return out


# Landmarks and short places people name to say where, without a street or village name (镇医院后门, 屯子东头, 老桥,
# 小学门口, 村口): one word each, whatever is before it (镇医院 and 人民医院 are both "医院" here; the repeat index joins
# them to the registering unit and the kind of pollution, `landmarks_of`).
_LANDMARK_WORD = re.compile(r"(卫生院|医院|中学|小学|学校|幼儿园|村委会?|村部|菜市场|菜场|农贸市场|火车站|汽车站|高铁站|车站|加油站|"
                            r"大桥|老桥|桥头|桥下|码头|渔港|水库|广场|公园|[东西南北]头|村口|屯子?|后山|山脚|山沟|河边|江边|海边|湖边|"
                            r"河滩|沟边|塘边|路口|老街|家属区|家属院|工地)")
_LANDMARK_CANON = {"卫生院": "医院", "学校": "中学", "村委": "村委会", "村部": "村委会", "菜场": "菜市场", "农贸市场": "菜市场",
                   "火车站": "车站", "汽车站": "车站", "高铁站": "车站", "老桥": "桥", "大桥": "桥", "桥头": "桥", "桥下": "桥",
                   "渔港": "码头", "屯子": "屯", "家属院": "家属区", "山脚": "后山", "河滩": "河边", "沟边": "河边", "塘边": "河边"}


def landmarks_of(text: str, address: str) -> list[str]:
    """The landmarks and short places an address and a text's opening name (at most three, the address's first)."""
    out: list[str] = []
    for source in (normalize(address or ""), normalize(text or "")[:120]):
        for m in _LANDMARK_WORD.finditer(source):
            word = _LANDMARK_CANON.get(m.group(1), m.group(1))
            if word not in out:
                out.append(word)
    return out[:3]


# The end of a place's name that says what kind of place it is (幸福里小区 → 幸福里, 镇东村 → 镇东).
_PLACE_TAIL = re.compile(r"(?:小区|花园|家园|新村|嘉园|佳苑|山庄|公寓|新城|苑|大厦|广场|市场|公园|街道|社区|大道|路|街|巷|弄|村|镇|乡|"
                         r"河|桥|港|渠|湖|塘|山|工业园|园区|开发区)$")
# What no name is made of: a gram holding one of these is no business's or place's name.
_NOT_NAME_CHAR = re.compile(r"[的了是在我们你他她它有个那这就都也不和与及或被把给让从到向对为很太又还再才只啊吧呢吗呀哦嘛么一]")


def name_stems(side: Side) -> set[str]:
    """The names a case can be found by when someone else tells of it in other words: its business's distinctive
    name (天成 of 天成食品厂) and its named places without their kind (幸福里 of 幸福里小区), each also by its
    first two characters when longer (华府 of 华府天地). Stored as repeat-index keys; `name_grams` of a later
    text meet them."""
    out: set[str] = set()
    stems = [c for c in side.cores if 2 <= len(c) <= 8]
    for p in [*side.places, side.addr_core]:
        if "·" in p:
            continue
        stem = _PLACE_TAIL.sub("", _CODED_ANY.sub("", _CODED_ADMIN.sub("", p)))
        if 2 <= len(stem) <= 8:
            stems.append(stem)
    for stem in stems:
        if _NOT_NAME_CHAR.search(stem[:2]):
            continue
        out.add(stem[:4])
        if len(stem) >= 3:
            out.add(stem[:2])
    return out


NAME_TEXT = 100  # characters of a text's opening whose runs are looked up as names


def name_grams(side: Side) -> set[str]:
    """Every run of two to four characters of the text's opening, the address and the party that could be a
    name: what a search looks `name_stems` up by."""
    source = content_chars(side.address) + "|" + content_chars(side.party) + "|" + content_chars(side.text)[:NAME_TEXT]
    out = set()
    for n in (2, 3, 4):
        for i in range(len(source) - n + 1):
            g = source[i:i + n]
            if "|" not in g and not _NOT_NAME_CHAR.search(g) and not g.isascii():
                out.add(g)
    return out


def pair_side(d: dict) -> Side:
    """One side of a written pair ({text, address, reported_party}), as the pair rule and the pair model read it."""
    return Side(text=d.get("text") or "", address=d.get("address") or "", party=d.get("reported_party") or "")


@functools.lru_cache(maxsize=20_000)
def side_of(text: str, address: str, party: str) -> Side:
    """A stored case's Side, kept: the same earlier cases come back as candidates again and again."""
    return Side(text=text or "", address=address or "", party=party or "")


# Words that say what kind of business a name is, not which one (顺达汽修厂 and 顺达修车铺 are one shop).
_TYPE_TAIL = re.compile(r"(汽车维修|汽车修理|汽修|修车|维修|化工|科技|实业|贸易|餐饮|食品|建材|新材料|养殖|养猪|养鸡|养鸭|"
                        r"生猪|牧业|畜牧|农牧|再生资源|回收|木器|木业|家具|砖瓦|塑料制品|塑料颗粒|塑料|制品|铸造|电镀|纸业|造纸|石材加工|石料|加工|"
                        r"混凝土|搅拌站|洗浴|洗车|屠宰|火锅|烧烤|豆腐坊|饲料|茧丝绸|丝绸|钢结构|机械|洗砂|砂石|水产|"
                        r"医药|中间体|电子|新能源|材料|环保|电器|服装|纺织|印染|五金|ktv|酒吧|定点|废旧金属|废旧|金属|"
                        r"管理处|管理所|管委会|管理局|服务|管理|有限|股份|集团|公司|厂|店|铺|场|站|部|行|馆|中心|酒楼|酒家|饭店|农庄|合作社|坊|室|点|"
                        r"作坊|摊|档|棚|厂子|铺子)+$")
_TOWN_HEAD = re.compile(r"^[\u4e00-\u9fff]{2,3}?(?:镇|乡|街道|新区|开发区)")


@functools.lru_cache(maxsize=50_000)
def party_core(name: str) -> str:
    """The distinctive head of a business name: 顺达汽修厂 → 顺达, 溱东镇顺发洗浴中心 → 顺发, 金辉印染 → 金辉."""
    core, prev = name, None
    while core != prev:
        prev = core
        _scan, _words, _prefixes, rest, at_end = _scanner()
        m = at_end.search(core)  # a trade word at the end (永泰纺织, 麦乐迪ktv, 宏发五金)
        if m:
            core = core[:m.start()]
        else:
            for rx in rest.values():
                m = None
                for m in rx.finditer(core):  # noqa: B007 (the last match is the one wanted)
                    pass
                if m and m.end() == len(core):
                    core = core[:m.start()]
                    break
        core = _TYPE_TAIL.sub("", core)
    head = _TOWN_HEAD.match(core)
    if head and len(core) - head.end() >= 2:
        core = core[head.end():]
    return core if len(core) >= 2 else ""


def _cores_meet(x: str, y: str) -> bool:
    """One name's head is the other's, or starts it (普瑞 and 普瑞医药): never a look-alike (一品香 vs 一品鲜)."""
    if not x or not y:
        return False
    short, long = sorted((x, y), key=len)
    return short == long or (len(short) >= 2 and long.startswith(short))


def _party_match(a: Side, b: Side) -> str:
    for x in a.parties:
        for y in b.parties:
            if x == y or (min(len(x), len(y)) >= 3 and (x in y or y in x)):
                return x
    for x in a.cores:
        for y in b.cores:
            if _cores_meet(x, y):
                return x if len(x) >= len(y) else y
    return ""


def _nick_of_name(a: Side, b: Side) -> str:
    """强子 said of 强盛's owner: the nickname's head starts the other's name."""
    for head in a.nick_heads:
        for core in b.cores:
            if core.startswith(head):
                return core
    return ""


def _named_in(a: Side, b: Side) -> str:
    """A's party named in B's words, without a legal form (鑫源化工 in "那家鑫源化工的味道又来了")."""
    for name in a.parties:
        if len(name) >= 4 and name in b.norm:
            return name
    for core in a.cores:
        if len(core) >= 2 and core in b.norm and (types_near(b.types, a.types) or not b.types or not a.types):
            return core  # 顺达 named by a neighbour who calls the 汽修厂 a 修车铺
    return ""


def _other_party(a: Side, b: Side) -> bool:
    """Both name a business and neither name holds the other: two businesses (裕廊化工 vs 德胜化工, 一品香 vs 一品鲜),
    however alike their trade. At the very same address with a number, a name sharing two characters in a row
    is the same one mistyped (麦乐迪, 好乐迪 at 振阳街88号)."""
    ca, cb = a.cores, b.cores
    if not ca or not cb:
        return False
    if any(x in y or y in x for x in ca for y in cb):
        return False
    if a.addr and a.addr == b.addr and re.search(r"\d", a.addr):
        return not any({x[i:i + 2] for i in range(len(x) - 1)} & {y[i:i + 2] for i in range(len(y) - 1)}
                       for x in ca for y in cb)
    return True


_SUFFIX = re.compile(r"(广场|花园|小区|大厦|市场|公园|大道|街道|社区|新村|路|街|巷|村|镇|河|桥|港|渠)$")


def _alike(a: set[str], b: set[str]) -> set[str]:
    """Place names one the other's shorter form (宝龙广场, 宝龙城市广场; 新都路, 新都西路): one place."""
    out = set()
    for x in a:
        mx = _SUFFIX.search(x)
        if not mx or "·" in x:
            continue
        for y in b:
            my = _SUFFIX.search(y)
            if not my or mx.group(1) != my.group(1) or x == y:
                continue
            sx, sy = x[:mx.start()], y[:my.start()]
            short, long = sorted((sx, sy), key=len)
            if len(short) >= 2 and long.startswith(short) and len(long) - len(short) <= 2:
                out.add(x)
    return out


# What an address says beyond its town and where beside: 唐洋镇村东头 and 河市镇村部后面 name no street or village.
_VAGUE_ADDR = re.compile(r"^(?:[\u4e00-\u9fff]{2,3}?(?:镇|乡|街道))?(?:村部|村委会|村委|村里|村|组|小区|路边|路口|桥头|街上|镇上|"
                         r"加油站|排涝站|广场|学校|菜场|菜市场|市场|河边|沟边|田里|家|附近)*$")


def _specific(core: str) -> bool:
    return len(core) >= 3 and not _GENERIC_PLACE.match(core) and (bool(re.search(r"\d", core)) or not _VAGUE_ADDR.match(core))


def _fine(places: set[str]) -> set[str]:
    return {p for p in places if not p.startswith("lm·") and not p.endswith(_COARSE)}


def compare(a: Side, b: Side) -> dict:
    """{"same": bool, "score": float, "why": [{"reason": party|place|matter|business, "detail": ...}],
    "different": bool (a different business or kind of pollution: not the same matter, even at one address)}."""
    why = []
    party = _party_match(a, b) or _named_in(a, b) or _named_in(b, a)
    types = types_near(a.types, b.types)
    nick = ""
    if not party and a.nicks & b.nicks and (types or not (a.types and b.types)):
        nick = "、".join(sorted(a.nicks & b.nicks))  # 老周家具厂 and "老周家那个做家具的"
    if not party and not nick and types:
        nick = _nick_of_name(a, b) or _nick_of_name(b, a)
    if party or nick:
        why.append({"reason": "party", "detail": party or nick})
    same_area = areas_meet(a.area, b.area)
    places = (a.places & b.places) | _alike(a.places, b.places) | _town_named(a.places, b.norm + b.addr) | _town_named(b.places, a.norm + a.addr) \
        if same_area else set()
    ca, cb = a.addr_core, b.addr_core
    same_addr = same_area and bool(a.addr) and (a.addr == b.addr or (
        min(len(ca), len(cb)) >= 3 and (ca in cb or cb in ca)))
    # Two named streets, villages or estates and none shared (盘湾村 vs 新民村 in one town): two places, whatever town.
    fa, fb = _fine(a.places), _fine(b.places)
    apart = bool(fa and fb and not (fa & fb) and not _alike(fa, fb)) and not same_addr
    if apart:
        places = set()
    if places and all(p.startswith("lm·") for p in places) and not (a.area and b.area):
        places = set()  # 工业园, 菜市场, 幼儿园 alone: one in every town, unless both name the county
    if places or same_addr:
        shown = sorted(p for p in places if "·" not in p) or sorted(p.split("·")[-1] for p in places)
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
    # Another kind of pollution (paint fumes vs night noise), or a matter that is not pollution at all (wages, fraud,
    # a product, the fire exits), is another matter, even about the same business.
    at_place = bool(places or same_addr)
    # A town, sub-district or park alone is a wide area: with only the kind of pollution in common it is not
    # the same matter (a street, village or estate is).
    fine_place = (same_addr and not a.addr.endswith(_COARSE) and _specific(ca) and _specific(cb)) or bool(_fine(places))
    # Addresses that say nothing against each other (某镇某村 and 某村; 某路78号 and 78号楼; 后山 told in the other's
    # words) and are not empty.
    compatible = bool(a.address and b.address) and same_area and not apart and (
        not ca or not cb or ca in cb or cb in ca or (len(cb) >= 2 and cb in a.norm) or (len(ca) >= 2 and ca in b.norm))
    # A side telling pollution in words the lexicon lacks (稀土 "药水", a hill "挖得光秃秃") is read by the scope model,
    # asked only when the two share a party, an owner or a place the gate could open on (it costs more than the lexicon).
    related = bool(party or nick or at_place or compatible)
    other_matter = not kinds_agree(a.kinds, b.kinds) or (a.off_topic and not a.kinds and b.kinds) or (
        b.off_topic and not b.kinds and a.kinds) or not ((a.polluting and b.polluting) or (
        related and a.speaks_of_pollution() and b.speaks_of_pollution()))
    # Each names its owner and the names differ (王某's duck shed, 顾某's chicken farm): two businesses.
    another = (a.another or b.another or bool(a.nicks and b.nicks and not a.nicks & b.nicks)) and not party
    score = 0.0
    if nick and _other_party(a, b) and not _nick_of_name(a, b) and not _nick_of_name(b, a):
        nick = ""  # 老刘 of 刘记烧烤 and 老刘 of 顺发汽修: two businesses
    if not same_area:
        score = 0.2  # one street name in two counties: two places
    elif other_matter:
        score = 0.3
    elif party and not differing and (kinds or not (a.kinds and b.kinds) or a.kinds <= _SMELL or b.kinds <= _SMELL):
        score = 0.9  # one side may tell only the smell of the other's sewage or heap
    elif party and not differing:
        score = 0.6  # the same business, two streams (waste water vs stored hazardous waste): the clerk judges
    elif another or (not nick and _other_party(a, b)):
        score = 0.35  # two named businesses
    elif nick and (at_place or types):
        score = 0.85
    elif at_place and types and not differing:
        score = 0.85
    elif fine_place and kinds and not differing:
        score = 0.75
    elif compatible and types and kinds and not differing:
        score = 0.7  # the same trade and the same pollution, told of one place in fewer or more words
    elif at_place:
        score = 0.35
    elif types and kinds:
        score = 0.3
    different = bool(differing or other_matter or (at_place and a.kinds and b.kinds and not kinds and not party))
    signals = {
        "party": bool(party), "nick": bool(nick), "same_area": same_area, "fine_place": bool(_fine(places)),
        "coarse_place": bool(places) and not _fine(places) and not all(p.startswith("lm·") for p in places),
        "same_addr": same_addr, "apart": apart, "compatible": compatible, "kinds": len(kinds),
        "kinds_agree": kinds_agree(a.kinds, b.kinds), "kinds_differ": bool(a.kinds and b.kinds and not kinds_agree(a.kinds, b.kinds)),
        "types": bool(types), "types_differ": differing, "other_party": _other_party(a, b), "another": another,
        "off_topic_any": a.off_topic or b.off_topic, "off_topic_both": a.off_topic and b.off_topic,
        "polluting": a.polluting and b.polluting, "different": different,
    }
    return {"same": score >= 0.7, "score": score, "why": why, "different": different, "signals": signals}
