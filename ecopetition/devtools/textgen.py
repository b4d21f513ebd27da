"""Realistic complaint texts built from hand-written fragments, for the starter set and `ecopetition generate`.

Every scenario below was written for this project: a core sentence says what
is wrong, and openers, places, times, effects, history and demands around it
vary the wording the way people on the 12369 line do (colloquial, repetitive,
sometimes without punctuation, a few typos, now and then traditional script).
`build_starter()` is deterministic (seeded); `tpl` names the core sentence so
that a held-out split can keep whole templates out of training.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

# --- places -----------------------------------------------------------------

# (county, towns, villages/estates/roads) per area; the generator pairs them with real division codes.
PLACES = {
    "亭湖区": (["南洋镇", "新兴镇", "便仓镇", "黄尖镇", "五星街道", "文峰街道", "大洋街道", "伍佑街道"],
             ["新洋村", "永丰村", "东闸新村", "文港路", "开放大道", "人民中路", "青年东路", "解放南路"]),
    "盐都区": (["大冈镇", "楼王镇", "学富镇", "尚庄镇", "潘黄街道", "张庄街道", "盐龙街道", "郭猛镇"],
             ["世纪大道", "西环路", "大纵湖", "秦南", "鞍湖村", "龙冈路", "新都路", "盐马路"]),
    "大丰区": (["大中街道", "刘庄镇", "白驹镇", "草堰镇", "南阳镇", "万盈镇", "新丰镇", "西团镇"],
             ["健康路", "幸福路", "港区", "裕华村", "丰华街道", "川东港", "沈灶", "新团村"]),
    "射阳县": (["合德镇", "临海镇", "千秋镇", "海河镇", "兴桥镇", "洋马镇", "特庸镇", "四明镇"],
             ["解放路", "振阳路", "射阳港", "黄沙港", "红旗村", "安徽路", "幸福大道", "人民路"]),
    "建湖县": (["近湖街道", "钟庄街道", "上冈镇", "宝塔镇", "庆丰镇", "冈西镇", "九龙口镇", "沿河镇"],
             ["双湖路", "湖中路", "秀夫路", "建宝路", "高作", "颜单", "芦沟", "恒济"]),
    "东台市": (["东台镇", "富安镇", "安丰镇", "时堰镇", "溱东镇", "三仓镇", "弶港镇", "唐洋镇"],
             ["海陵路", "望海路", "范公路", "台城", "许河", "五烈", "头灶", "梁垛"]),
    "阜宁县": (["阜城街道", "益林镇", "沟墩镇", "古河镇", "羊寨镇", "芦蒲镇", "板湖镇", "东沟镇"],
             ["崇文路", "香港路", "射河", "陈良", "三灶", "新沟", "郭墅", "硕集"]),
    "滨海县": (["东坎街道", "八滩镇", "五汛镇", "天场镇", "正红镇", "界牌镇", "滨淮镇", "八巨镇"],
             ["振兴路", "沿海工业园", "滨海港", "坎北", "通榆", "蔡桥", "陈涛", "废黄河"]),
    "响水县": (["响水镇", "陈家港镇", "小尖镇", "黄圩镇", "运河镇", "南河镇", "大有镇", "双港镇"],
             ["生态化工园区", "灌江路", "灌河", "六套", "张集", "七套", "老舍", "大同路"]),
    "通川区": (["东城街道", "西城街道", "朝阳街道", "北外镇", "复兴镇", "蒲家镇", "磐石镇", "罗江镇"],
             ["朝阳东路", "通川中路", "西外", "莲花湖", "凤凰山", "塔沱", "柳家坝", "金龙大道"]),
    "达川区": (["三里坪街道", "翠屏街道", "南外镇", "河市镇", "石桥镇", "亭子镇", "管村镇", "百节镇"],
             ["南外济民", "长田坝", "达巴路", "魏兴", "麻柳", "景市", "堡子", "赵家"]),
    "宣汉县": (["东乡街道", "普光镇", "南坝镇", "胡家镇", "君塘镇", "峰城镇", "土黄镇", "天生镇"],
             ["普光气田", "前河", "中河", "后河", "柏树", "双河", "观山", "庙安"]),
    "渠县": (["渠江街道", "天星街道", "三汇镇", "土溪镇", "有庆镇", "临巴镇", "涌兴镇", "清溪场镇"],
           ["渠江", "文崇", "琅琊", "宝城", "李渡", "望溪", "贵福", "岩峰"]),
}
CITY_OF = {c: ("盐城市" if i < 9 else "达州市") for i, c in enumerate(PLACES)}
PROVINCE_OF = {"盐城市": "江苏省", "达州市": "四川省"}

ESTATES = ["阳光花园", "御景湾", "新城名都", "锦绣江南", "翠湖苑", "幸福家园", "东方明珠小区", "金色港湾",
           "城南新村", "丽景华庭", "香榭里", "建业新村", "龙湖一品", "凤凰城", "学府名苑", "天润城", "聚龙湾",
           "滨河花园", "水岸名居", "世纪新城"]
SPOTS = ["小区门口", "菜市场旁边", "学校附近", "河边", "桥头", "路口", "村部后面", "高速下道口", "老街上",
         "工业园里", "我家后面", "家门口", "小区对面", "公园旁边", "加油站边上", "村东头", "排涝站附近"]

TIMES = ["每天晚上", "一到晚上", "晚上十点以后", "半夜十二点多", "凌晨两三点", "每天早上五六点", "白天黑夜",
         "最近一个月", "这几天", "最近半年来", "一到下雨天", "周末", "天天", "今天上午", "昨天夜里", "这个星期",
         "从去年开始", "每逢阴天", "晚饭后", "夜里", "节假日", "一大早"]

OPENERS = ["", "", "", "你好，", "您好！", "你好 ", "我要举报，", "反映个问题：", "投诉：", "12369你好，",
           "领导好，", "我是附近的居民，", "我是本村村民，", "实在忍不了了，", "再次反映：", "匿名举报：",
           "我代表小区业主反映，", "请问一下，", "求助！", "麻烦你们管一管，", "我是住在这边的老百姓，"]

HISTORY = ["", "", "", "已经反映过好几次了，一直没人管。", "之前打过12345，说转给你们了。",
           "去年就投诉过，好了一阵子又开始了。", "村里也找过，说管不了。", "找过厂里，他们态度很恶劣。",
           "上次来人看了一下就走了，一点用都没有。", "街道说不归他们管。", "都拍了视频的，可以提供。",
           "我们好多户都签了名。", "环保局的人一来他们就停，人一走又干。"]

DEMANDS = ["", "希望有关部门尽快处理。", "请环保部门来查一查。", "强烈要求关停！", "请给我们一个说法。",
           "希望领导重视一下。", "麻烦尽快派人来看看。", "请依法处理，谢谢。", "希望能彻底解决。",
           "请处理后给我回个电话。", "不要再推来推去了。", "老百姓真的受不了了。", "盼复。", "谢谢！",
           "请尽快核实处理并答复。"]

PREFIX = ["鑫源", "恒达", "华泰", "永盛", "金润", "宏发", "瑞丰", "天成", "中兴", "宝利", "远洋", "新亚", "明辉",
          "大众", "顺发", "嘉禾", "联创", "汇通", "东方", "兴旺", "润泽", "开元", "福临", "盛世", "蓝天", "长江",
          "海晨", "华鑫", "龙腾", "佳美", "万和", "国泰", "诚信", "金鼎", "三友", "丰源", "亿达", "同心", "荣盛"]

# trades of reported parties by kind: (trade, suffixes)
TRADES = {
    "factory": [("化工", ["有限公司", "厂"]), ("印染", ["厂", "有限公司"]), ("电镀", ["厂", "加工厂"]),
                ("塑料", ["厂", "制品有限公司"]), ("木业", ["有限公司", "加工厂"]), ("铸造", ["厂", "有限公司"]),
                ("家具", ["厂", "有限公司"]), ("造纸", ["厂", "有限公司"]), ("制药", ["有限公司"]),
                ("饲料", ["厂", "有限公司"]), ("橡胶", ["制品厂", "有限公司"]), ("纺织", ["厂", "有限公司"]),
                ("机械", ["厂", "制造有限公司"]), ("新材料", ["科技有限公司"]), ("再生资源", ["回收站", "公司"]),
                ("水泥", ["厂", "制品有限公司"]), ("砖", ["厂"]), ("沥青", ["搅拌站"]), ("喷涂", ["厂", "加工点"]),
                ("食品", ["厂", "有限公司"]), ("皮革", ["厂", "有限公司"]), ("钢构", ["厂", "有限公司"])],
    "catering": [("烧烤", ["店", "大排档"]), ("火锅", ["店"]), ("小龙虾", ["店"]), ("饭", ["店"]),
                 ("酒", ["楼", "家"]), ("快餐", ["店"]), ("羊肉汤", ["馆"]), ("面", ["馆"])],
    "entertainment": [("KTV", [""]), ("酒吧", [""]), ("量贩式KTV", [""]), ("歌舞厅", [""]), ("棋牌室", [""]),
                      ("健身房", [""]), ("网吧", [""]), ("足浴店", [""])],
    "shop": [("超市", [""]), ("手机店", [""]), ("服装店", [""]), ("洗车店", [""]), ("汽修厂", [""]),
             ("干洗店", [""]), ("五金店", [""]), ("水果店", [""])],
    "livestock": [("养猪场", [""]), ("养鸡场", [""]), ("养鸭场", [""]), ("养牛场", [""]), ("生猪养殖场", [""]),
                  ("鸽子养殖场", [""]), ("鱼塘", [""]), ("虾塘", [""]), ("蛋鸡场", [""])],
    "construction": [("建筑工地", [""]), ("安置房项目工地", [""]), ("地铁施工工地", [""]),
                     ("商品混凝土搅拌站", [""]), ("市政道路工地", [""]), ("拆迁工地", [""])],
    "port": [("码头", [""]), ("砂石码头", [""]), ("煤炭码头", [""]), ("港务公司", [""]), ("散货码头", [""])],
    "mining": [("采石场", [""]), ("砂石厂", [""]), ("石料厂", [""]), ("矿山", [""]), ("页岩砖厂", [""])],
    "public": [("污水处理厂", [""]), ("垃圾中转站", [""]), ("垃圾填埋场", [""]), ("垃圾焚烧发电厂", [""]),
               ("污水泵站", [""]), ("公共厕所", [""])],
}


@dataclass
class Scenario:
    key: str
    categories: tuple[str, ...]
    sector: str
    party: str  # a TRADES kind, or "" for none
    cores: tuple[str, ...]


# In-scope scenarios. Slots: {party} the reported party, {t} a time, {place} a spot.
SCENARIOS = [
    Scenario("chem_odour", ("air", "odour"), "industry", "factory", (
        "{party}{t}偷偷排废气，一股刺鼻的化学味道，熏得人头疼恶心",
        "{party}烟囱冒黄烟，味道呛人，晚上排得更厉害",
        "{t}闻到一股很浓的臭鸡蛋味，像是{party}那边飘过来的",
        "{party}的废气没有经过处理直接排放，整个村子都是酸味",
        "{party}车间门窗敞开，油漆味很重，在家里都能闻到",
        "附近{party}排放的气体有股烧塑料的味道，喉咙疼，眼睛也辣",
        "{party}夜里开工，排气筒冒白烟，气味特别难闻，开窗就是一屋子味",
        "{party}那个味道像农药一样，老人孩子都咳嗽",
        "刺鼻气味！{party}又在排了",
    )),
    Scenario("dust_industry", ("air",), "industry", "factory", (
        "{party}粉尘很大，晒的衣服上全是灰",
        "{party}露天堆放原料，没有覆盖，一刮风满天都是灰",
        "{party}生产时扬尘严重，车上、窗台上一层白灰",
        "{party}打磨车间没有除尘设备，粉尘直接飘到外面",
        "{party}锅炉烧的不知道是什么东西，黑烟滚滚",
        "{party}的除尘设施根本不开，周围树叶都是黑的",
    )),
    Scenario("waste_water_factory", ("water",), "industry", "factory", (
        "{party}往河里排污水，河水都变成红色的了",
        "{party}{t}通过暗管往{place}的河沟里排废水，水发黑发臭",
        "{party}的污水直接排到农田里，庄稼都死了",
        "{party}把废水偷排进雨水管网，下水道口泡沫很多",
        "河里的鱼大片死亡，怀疑是上游{party}排的废水",
        "{party}半夜用槽罐车往沟里倒废液，味道很冲",
        "{party}厂区外面的排水口一直在淌黄水，流进了小河",
        "我们村的井水有怪味，怀疑被{party}的废水污染了",
    )),
    Scenario("noise_factory", ("noise",), "industry", "factory", (
        "{party}{t}机器轰隆隆响，吵得根本睡不着觉",
        "{party}夜间生产，噪音太大，老人孩子都被吵醒",
        "{party}的冲床声音一下一下的，震得窗户都响",
        "{party}风机噪声很大，嗡嗡的，已经持续好几个月了",
        "{party}{t}装卸货物，叮叮当当的，严重影响休息",
        "噪音扰民！{party}晚上加班赶货机器不停",
    )),
    Scenario("hazwaste", ("solid_waste",), "industry", "factory", (
        "{party}把危险废物随便堆在厂外空地上，桶里还在漏",
        "{party}的废油桶、废渣倒在{place}，下雨就流到沟里",
        "有人把工业固废偷偷倒在{place}的荒地里，一车一车的",
        "{party}把化工废渣埋在厂区后面，地都变色了",
        "{party}的污泥直接拉出去倒在路边，臭不可闻",
        "{place}出现大量不明废弃物，有刺鼻气味，怀疑是附近{party}倒的",
    )),
    Scenario("soil", ("soil", "solid_waste"), "industry", "factory", (
        "{party}搬走以后留下的土地被污染了，种的菜都长不起来",
        "{party}往农田里倾倒废渣，土壤都变黑了",
        "我家承包的地旁边{party}漏出来的废液渗到土里，麦子枯死了",
    )),
    Scenario("catering_fumes", ("air", "odour"), "service", "catering", (
        "楼下{party}的油烟直接往小区里排，家里窗户都不敢开",
        "{party}没有装油烟净化器，{t}油烟味呛得很",
        "{party}在居民楼底下开店，排烟管道就对着我家窗户",
        "{party}占道烧烤，烟雾很大，整条街都是烤串味",
        "{party}的油烟机正对着我们卧室，油污都滴到阳台上了",
        "{party}每天炒菜油烟特别大，墙上都是油",
    )),
    Scenario("catering_noise", ("noise",), "service", "catering", (
        "{party}{t}还有人喝酒划拳，吵到半夜两三点",
        "{party}的空调外机和排风扇噪声很大，对着我家卧室",
        "{party}每天凌晨收摊搬桌子，声音很大",
    )),
    Scenario("entertainment_noise", ("noise",), "service", "entertainment", (
        "{party}{t}唱歌声音很大，低音炮震得人心慌",
        "{party}营业到凌晨，音乐声太吵了，小孩没法睡觉",
        "{party}门口放音响招揽生意，音量开得特别大",
        "{place}的{party}噪音扰民，晚上十一点多还在蹦迪",
        "{t}{party}的音响开得巨大声，已经严重影响我们休息",
    )),
    Scenario("shop_noise", ("noise",), "service", "shop", (
        "{party}门口的喇叭一天到晚循环播放促销广告，吵死了",
        "{party}用大功率音箱放歌，从早上八点放到晚上十点",
        "{party}{t}在门口用电钻、切割机，噪音很大",
    )),
    Scenario("service_waste", ("water", "odour"), "service", "shop", (
        "{party}的洗车废水直接流到马路上，还有一股油味",
        "{party}把废机油倒进下水道，路边下水道全是油",
        "{party}排出来的污水有很重的化学味",
    )),
    Scenario("square_dance", ("noise",), "service", "", (
        "{place}广场舞音响声音太大，{t}一直放到九点多",
        "公园里有人用大音箱唱歌，{t}吵得不行",
    )),
    Scenario("livestock_smell", ("odour", "water"), "livestock", "livestock", (
        "村里的{party}臭气熏天，夏天苍蝇蚊子特别多",
        "{party}的粪水直接排到河里，河水又黑又臭",
        "{party}离我们家不到一百米，{t}猪粪味道熏得吃不下饭",
        "{party}把死猪扔在河沟里，没有无害化处理",
        "{party}的粪便堆在路边没有遮盖，一下雨全冲到沟里",
        "{party}规模越来越大，粪污直接排到农田里",
        "{party}养殖废水渗到地里，我家的井水都不能喝了",
    )),
    Scenario("aquaculture", ("water",), "livestock", "livestock", (
        "{party}换水的时候把塘里的脏水直接排进河里",
        "{party}往水里投放大量饲料和药物，附近河水发绿发臭",
        "{party}清塘把淤泥和药水排进灌溉渠",
    )),
    Scenario("construction_noise", ("noise",), "construction", "construction", (
        "{party}{t}还在施工，打桩机声音震耳欲聋",
        "{party}夜间浇筑混凝土，搅拌车轰隆隆的，没有看到夜间施工许可",
        "{party}凌晨四五点就开始干活，电锯声吵得睡不着",
        "{party}晚上十点以后还在切割钢筋，声音刺耳",
        "{place}的{party}天天夜里施工，工人还大声喧哗",
    )),
    Scenario("construction_dust", ("air",), "construction", "construction", (
        "{party}没有围挡也不洒水，扬尘太大",
        "{party}的渣土车不盖篷布，一路撒土，路上全是泥",
        "{party}土方裸露没有覆盖，一起风家里全是灰",
        "渣土车进出{party}不冲洗轮胎，{place}整条路都是泥浆，晴天全是灰",
        "{party}拆房子不洒水，灰尘漫天",
    )),
    Scenario("transport_noise", ("noise",), "transport", "", (
        "{place}新修的高架离我们小区太近，{t}大货车声音很大，希望装隔音屏",
        "{place}路面坑坑洼洼，大货车开过去哐当哐当，{t}整夜睡不好",
        "高速公路从村边过，没有隔音设施，车辆噪音太吵",
        "航道上的船{t}鸣笛，声音很大很刺耳",
    )),
    Scenario("transport_dust", ("air",), "transport", "", (
        "{place}那条路上拉沙石的货车撒落很多，扬尘很严重",
        "国道改建工程扬尘大，路边的房子全是灰",
        "航道疏浚的淤泥堆在岸边，又臭又脏",
    )),
    Scenario("port", ("air", "water"), "port", "port", (
        "{party}装卸煤炭粉尘飞扬，江边一片黑",
        "{party}露天堆放砂石，没有防尘网，江风一吹全是灰",
        "{party}的船舶直接往江里排放含油污水",
        "{party}{t}作业，粉尘和噪声都很大",
        "{party}的雨污水没有收集，直接流进长江",
    )),
    Scenario("mining", ("ecology", "air"), "mining", "mining", (
        "{party}乱采乱挖，把整座山都挖秃了",
        "{party}放炮开山，{t}震得房子都裂了，粉尘也大",
        "有人在{place}的河道里非法采砂，河岸都塌了",
        "{party}开采后没有复垦，山体裸露，一下雨就泥石流",
        "{party}的破碎机粉尘很大，周围的庄稼叶子全是白的",
    )),
    Scenario("ecology", ("ecology",), "other", "", (
        "有人在{place}的湿地里填土建房，破坏生态",
        "{place}的树林被人砍了一大片，说是要建厂",
        "有人在保护区里围垦养殖，破坏湿地",
        "有人往{place}的湖里倒建筑垃圾，填湖",
        "{place}附近有人用电网捕鸟，还抓野生动物去卖",
        "河道两边的芦苇被人烧了，水鸟都没了",
    )),
    Scenario("straw_burning", ("air",), "agriculture", "", (
        "{place}有人焚烧秸秆，烟很大，路上都看不清",
        "{t}村里好多人在田里烧麦秸，呛得人出不了门",
        "有人在田头焚烧垃圾和农膜，黑烟很浓",
        "地里喷了农药，药瓶扔得到处都是，还扔到河里",
    )),
    Scenario("public_sewage", ("water", "odour"), "public", "public", (
        "{party}出水发黑，排口下游的河一直是臭的",
        "{party}处理不过来，生活污水直接溢流进河",
        "{party}臭味很大，{t}整个小区都能闻到",
        "{place}的雨污管网堵了，污水漫到路上，臭得很",
        "{place}的河道黑臭，水面上漂着垃圾和死鱼",
    )),
    Scenario("public_waste", ("solid_waste", "odour"), "public", "public", (
        "{party}渗滤液流出来了，又黑又臭",
        "{party}就在居民区旁边，{t}垃圾车倒垃圾臭气熏天",
        "{party}的垃圾没有及时清运，堆成小山，苍蝇很多",
        "{party}冒黑烟，有股烧橡胶的味道",
    )),
    Scenario("residential_waste", ("solid_waste",), "residential", "", (
        "{place}有人随意倾倒建筑垃圾和生活垃圾，堆了好几个月没人清",
        "{place}的河边被人堆了很多生活垃圾，一到夏天就发臭",
        "村民把垃圾直接倒在河坡上，还往河里扔",
    )),
    Scenario("residential_burning", ("air",), "residential", "", (
        "{place}有人在空地上烧垃圾，烟熏得家里没法待",
        "{t}有人在小区绿化带里烧树叶和垃圾，满屋子的烟",
        "隔壁村民用废旧木料和塑料烧锅炉，冒黑烟",
    )),
    Scenario("radiation", ("radiation",), "public", "", (
        "{place}楼顶装了好几个通信基站，担心辐射影响健康，请来检测",
        "家附近新建了高压变电站，担心有电磁辐射",
        "有家公司在{place}搞工业探伤，不知道有没有辐射防护",
        "小区旁边的医院放射科废水怎么处理的？担心有放射性污染",
    )),
    Scenario("industry_multi", ("air", "water", "noise"), "industry", "factory", (
        "{party}废气、废水、噪音都有问题，{t}排污，周围群众意见很大",
        "{party}是个小作坊，没有环评手续，又吵又臭还往沟里排水",
        "{party}没有任何环保手续，生产时粉尘大、噪声大，污水乱排",
    )),
    Scenario("crime", ("water", "solid_waste"), "industry", "factory", (
        "{party}用渗坑往地下偷排电镀废液，这是犯罪，请公安介入",
        "有人用槽罐车跨市运来危险废物，夜里倒在{place}，量很大",
        "{party}篡改在线监测数据，数据造假，请严查",
    )),
]

# Not eco-environment matters: (key, route, cores). Some deliberately sound close to eco ones.
OUT_OF_SCOPE = [
    ("wages", "labour", (
        "{party}拖欠我们工资三个月了，老板找不到人",
        "我在{party}干了两年，现在辞退我不给经济补偿",
        "工地包工头欠了我们十几个农民工的工钱，过年都没法回家",
        "{party}不给我们交社保，也不签劳动合同",
        "在{party}上班受了工伤，公司不认，不给赔偿",
        "{party}天天加班到晚上十点，也不给加班费",
        "公司突然倒闭，欠我们的工资谁来管",
    )),
    ("property", "property", (
        "{estate}物业不作为，电梯坏了一个月没人修",
        "{estate}的物业费年年涨，服务越来越差",
        "{estate}的地下车库被物业改成仓库出租了",
        "物业把小区绿化带改成了停车位，还要收费",
        "{estate}楼道里的灯坏了，找物业好多次都不管",
        "我们小区的公共收益物业从来不公示",
        "{estate}业主委员会选举有问题，请住建局管一管",
        "楼上邻居装修，{t}电钻砸墙，物业也不管",
        "开发商交房延期，房子质量有问题，墙面开裂漏水",
        "{estate}的化粪池堵了，楼下全是污水，物业说没钱维修",
    )),
    ("neighbour", "neighbour", (
        "楼上邻居天天半夜走路声音很大，还拖椅子，沟通了也没用",
        "隔壁邻居在公共走廊堆杂物，还占了我家门口",
        "楼上卫生间漏水，把我家天花板泡坏了，他们不肯修",
        "邻居家的狗{t}一直叫，还随地大小便，说了不听",
        "邻居在我家门口装监控对着我家门，侵犯隐私",
        "跟隔壁为了宅基地边界吵了好多年，村里调解不了",
        "对门邻居把空调外机装在我家窗户前面",
        "邻居家的树长过来挡住了我家的光线，叫他砍他不砍",
        "楼上住户经常往下扔垃圾和烟头",
    )),
    ("consumer", "consumer", (
        "在{party}买的东西质量有问题，商家不给退换",
        "{party}办的预付卡，现在店关门了钱退不回来",
        "网上买的手机是翻新机，商家不承认",
        "{party}卖过期食品，吃了以后肚子疼",
        "健身房办了年卡，没几个月就跑路了",
        "{party}的秤有问题，缺斤少两",
        "饭店吃饭吃出了虫子，老板态度还很差",
        "培训机构收了学费不退，说好的课也不上了",
    )),
    ("traffic", "traffic", (
        "{place}路口天天有人乱停车，把路都堵死了",
        "{place}这个路口没有红绿灯，经常出事故",
        "有辆车长期停在小区消防通道上，堵了好几个月",
        "电动车在人行道上横冲直撞，太危险了",
        "{place}有大货车超载超速，还闯红灯",
        "被车撞了，肇事司机跑了，交警处理太慢",
        "{place}的改装车炸街，晚上轰油门",
    )),
    ("police", "public_security", (
        "{place}有人聚众赌博，天天晚上都有",
        "有人在{place}打架斗殴，还拿着刀",
        "我被人骗了两万块钱，是网络诈骗",
        "家里的电动车被偷了，小区监控也看不到",
        "有人在网上造谣诽谤我，影响我的名誉",
        "{place}有人放高利贷，上门暴力催收",
        "有人往我家门上泼油漆，还写了字",
    )),
    ("land", "land", (
        "村里征地补偿款没有发到我们手里，被村干部截留了",
        "我家房子被强拆了，补偿太低，没有达成协议就拆了",
        "{place}有人占用基本农田盖厂房，违法用地",
        "宅基地审批一直办不下来，村里说要等",
        "土地承包合同到期了，村里不续包给我",
        "拆迁安置房迟迟不交付，已经等了五年",
    )),
    ("social_security", "social_security", (
        "我的养老金这个月少发了，问社保局也说不清楚",
        "医保报销比例太低，住院花了好几万只报了一点",
        "退休手续办了半年还没办下来",
        "低保被取消了，家里实在困难，请求恢复",
        "失业金申请被退回了，不知道什么原因",
    )),
    ("health", "health", (
        "在{place}的医院看病被误诊，耽误了治疗",
        "医院乱收费，一个小手术收了好几万",
        "诊所无证行医，还给小孩打针",
        "医生态度很差，排了半天队说不看就不看了",
    )),
    ("education", "education", (
        "学校乱收费，补课费、资料费收了好多",
        "孩子上学划片不合理，离家很远的学校",
        "老师体罚学生，孩子回家身上有伤",
        "幼儿园收费太高，还强制买园服",
    )),
    ("utilities", "utilities", (
        "{estate}已经停水两天了，也不通知什么时候来水",
        "{place}经常停电，冰箱里的东西都坏了",
        "燃气公司装表收费太高，还要自己买指定的灶具",
        "暖气不热，交了取暖费家里才十几度",
        "自来水发黄，有铁锈味，是不是管道老化了",
    )),
    ("litigation", "litigation", (
        "法院判了对方赔钱，一直不执行，请求督促",
        "我对法院的判决不服，请求你们帮我重新审理",
        "仲裁裁决下来了，公司就是不履行",
        "行政处罚决定不合理，我要申请复议，该去哪里",
    )),
    ("other_gov", "other_gov", (
        "{place}的路灯坏了好几盏，晚上黑漆漆的很不安全",
        "小区门口的公交站撤了，老人出行很不方便",
        "户口迁移手续太复杂，跑了好几趟还办不了",
        "{place}的路面破损严重，下雨天全是积水坑",
        "希望在{place}多设几个公共厕所",
        "办营业执照一直审核不通过，窗口也说不清楚",
        "村里的低保评选不公平，村干部优亲厚友",
        "{place}的流浪狗越来越多，晚上不敢出门",
        "想咨询一下公租房怎么申请",
    )),
]

IMPACTS = {
    "air": ["熏得人头疼", "孩子天天咳嗽", "窗户都不敢开", "衣服都不敢晒在外面", "老人有哮喘受不了",
            "出门要戴口罩"],
    "odour": ["臭得人想吐", "吃饭都没胃口", "晚上被臭醒", "家里关着窗也能闻到"],
    "water": ["河里的鱼都死了", "水都不能用来浇地了", "夏天臭得路过都要捂鼻子", "担心影响地下水"],
    "noise": ["晚上根本睡不着", "孩子要高考了没法复习", "老人心脏不好被吵得难受", "神经衰弱了都"],
    "solid_waste": ["下雨就流到河里", "苍蝇蚊子成堆", "担心有毒"],
    "soil": ["地都种不了庄稼了"],
    "ecology": ["再这样下去生态全毁了", "鸟都不来了"],
    "radiation": ["家里有孕妇很担心"],
    "other": [],
}

TYPOS = [("的", "得"), ("在", "再"), ("已经", "以经"), ("噪音", "燥音"), ("污染", "污然"), ("排放", "排方"),
         ("反映", "反应"), ("味道", "味到"), ("晚上", "晚尚"), ("处理", "处里")]

CALM_OUT = ["想问一下", "麻烦帮忙解决", "请问这个归谁管", "请相关部门处理", "希望有人管管", "谢谢", ""]

_T2S_SAMPLE = None


def _s2t(text: str) -> str:
    global _T2S_SAMPLE
    if _T2S_SAMPLE is None:
        import opencc

        _T2S_SAMPLE = opencc.OpenCC("s2t")
    return _T2S_SAMPLE.convert(text)


def party_name(rng: random.Random, kind: str, county: str = "") -> str:
    if not kind:
        return ""
    trade, suffixes = rng.choice(TRADES[kind])
    suffix = rng.choice(suffixes)
    if kind in ("livestock", "construction", "public") and rng.random() < 0.5:
        owner = rng.choice(["老王家的", "张某某的", "村里的", "李家", "陈老板的", "一个外地老板的", ""])
        return f"{owner}{trade}{suffix}"
    if kind == "factory" and rng.random() < 0.12:
        return rng.choice(["那个厂", "一家小作坊", "不知道名字的一个厂", "隔壁的厂子", "旁边那家"])
    town = county[:2] if county and rng.random() < 0.4 else ""
    return f"{town}{rng.choice(PREFIX)}{trade}{suffix}"


def place_phrase(rng: random.Random, county: str, town: str, spot: str) -> str:
    forms = [f"{town}{spot}", f"{county}{town}{spot}", f"{spot}", f"{town}", f"{county}{spot}",
             f"{rng.choice(ESTATES)}{rng.choice(['', '小区', '附近', '门口'])}", f"{town}{rng.choice(SPOTS)}"]
    return rng.choice(forms)


def _punctuate(rng: random.Random, parts: list[str]) -> str:
    parts = [p for p in parts if p]
    style = rng.random()
    if style < 0.08:
        return " ".join(p.rstrip("，。！") for p in parts)  # typed on a phone, spaces only
    if style < 0.14:
        return "".join(p.rstrip("，。！") for p in parts)  # no punctuation at all
    out = ""
    for p in parts:
        if p[-1] in "，。！？：":
            out += p
        else:
            out += p + rng.choice(["，", "，", "。", "！", "。"])
    return out


def _typo(rng: random.Random, text: str) -> str:
    if rng.random() < 0.12:
        a, b = rng.choice(TYPOS)
        text = text.replace(a, b, 1)
    return text


def pick_place(rng: random.Random) -> tuple[str, str, str]:
    county = rng.choice(list(PLACES))
    towns, spots = PLACES[county]
    return county, rng.choice(towns), rng.choice(spots + SPOTS)


def in_scope_text(rng: random.Random, sc: Scenario, core_i: int, *, county=None, town=None, spot=None,
                  party=None, place=None) -> tuple[str, str]:
    if county is None:
        county, town, spot = pick_place(rng)
    party = party if party is not None else party_name(rng, sc.party, county)
    place = place or place_phrase(rng, county, town, spot)
    core = sc.cores[core_i].format(party=party or "有人", t=rng.choice(TIMES), place=place)
    intro = ""
    if "{place}" not in sc.cores[core_i] and rng.random() < 0.7:
        intro = rng.choice([f"我住在{place}", f"{place}这边", f"地址：{place}", f"在{place}", f"{county}{town}"])
    impact = ""
    if rng.random() < 0.6:
        cat = rng.choice(sc.categories)
        if IMPACTS.get(cat):
            impact = rng.choice(IMPACTS[cat])
    parts = [rng.choice(OPENERS), intro, core, impact, rng.choice(HISTORY), rng.choice(DEMANDS)]
    if rng.random() < 0.15:
        parts.insert(3, rng.choice(TIMES) + "都这样")
    text = _typo(rng, _punctuate(rng, parts))
    return text, party


def out_scope_text(rng: random.Random, cores: tuple[str, ...], core_i: int, party_kind: str) -> str:
    county, town, spot = pick_place(rng)
    place = place_phrase(rng, county, town, spot)
    party = party_name(rng, party_kind, county) if party_kind else "那家店"
    core = cores[core_i].format(party=party, place=place, estate=rng.choice(ESTATES), t=rng.choice(TIMES))
    intro = ""
    if rng.random() < 0.4 and "{place}" not in cores[core_i]:
        intro = rng.choice([f"我是{county}{town}的", f"我住{place}", f"{county}这边"])
    ask = rng.choice(CALM_OUT + DEMANDS[:6])
    parts = [rng.choice(OPENERS), intro, core, rng.choice(HISTORY[:6]), ask]
    if ask in CALM_OUT[:3] and rng.random() < 0.5:
        parts = [rng.choice(OPENERS), ask, intro, core]
    return _typo(rng, _punctuate(rng, parts))


OUT_PARTY_KIND = {"wages": "factory", "consumer": "shop"}


def build_starter(n: int = 1800, seed: int = 20261123) -> list[dict]:
    """n labelled texts, one third not eco-environment matters, each core sentence used several times."""
    rng = random.Random(seed)
    rows: list[dict] = []
    n_out = n // 3
    n_in = n - n_out
    in_cores = [(sc, i) for sc in SCENARIOS for i in range(len(sc.cores))]
    out_cores = [(key, route, cores, i) for key, route, cores in OUT_OF_SCOPE for i in range(len(cores))]
    for k in range(n_in):
        sc, i = in_cores[k % len(in_cores)]
        text, party = in_scope_text(rng, sc, i)
        rows.append({"text": text, "in_scope": True, "categories": sorted(sc.categories), "sector": sc.sector,
                     "route": "", "tpl": f"{sc.key}:{i}"})
    for k in range(n_out):
        key, route, cores, i = out_cores[k % len(out_cores)]
        text = out_scope_text(rng, cores, i, OUT_PARTY_KIND.get(key, ""))
        rows.append({"text": text, "in_scope": False, "categories": [], "sector": "", "route": route,
                     "tpl": f"{key}:{i}"})
    # A few in traditional script, as letters from Hong Kong/Taiwan relatives or old input methods produce.
    for row in rng.sample(rows, max(1, len(rows) // 30)):
        row["text"] = _s2t(row["text"])
    rng.shuffle(rows)
    return rows


def main() -> None:  # pragma: no cover - regenerates data/starter.jsonl
    import sys

    for row in build_starter():
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":  # pragma: no cover
    main()
