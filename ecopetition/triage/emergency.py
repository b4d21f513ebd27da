"""Is this message a sudden environmental emergency (突发环境事件) happening now?

Not a keyword list: the answer weighs what is happening (an acute event: fish floating dead, a tank
leaking, a tanker overturned, a blast, people choking, a dam giving way, a lost source), what it
involves (chemicals, water bodies, drinking water, gas, smoke), and when (now / just now, versus last
year, "after the incident", a chronic nuisance "every night for years"). Figures of speech ("爆炸性新闻",
"数据泄露", "气得快爆炸了") and household mishaps (a phone battery, a fridge) are not emergencies. The
learned head of the triage model adds its probability; the bureau's editable keyword list
(oversight's EmergencyKeyword) is one more signal, named as such in the reasons.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ecopetition.core.lazyre import compile_later

# Where the bureau's editable keyword list comes from. Oversight keeps it (EmergencyKeyword) and sits above
# triage (it asks this detector about registered cases), so it hands its reader in at start-up
# (oversight/apps.py) and triage never imports oversight. Unset: no keyword signal.
keyword_source: Callable[[], list[str]] | None = None


def set_keyword_source(source: Callable[[], list[str]] | None) -> None:
    global keyword_source
    keyword_source = source


# (pattern, label, weight): signs of an acute event.
ACUTE = [
    # Animals dying in water or air: fish, shrimp, ducks, poultry (a kill is counted, not a market's dead fish).
    (r"翻(了)?白?肚|肚皮朝天|白花花.{0,6}(死|鱼)|死(鱼|魚|虾|蝦|鸭|鴨)|(鱼|魚|虾|鱼苗|鸭子).{0,10}(死|浮起|浮上|漂起|漂上|"
     r"全漂|全浮)|死了(好多|很多|一大?片|不少|大量|一大批)的?(鱼|魚|虾)|漂滿死|浮头", "dead fish", 1.0),
    (r"(鸡|鸭|鸟|羊|牛|猪).{0,4}(都)?死了(好几|一|几|不少|很多)", "animals dying", 0.8),
    (r"死(掉|了)?的.{0,4}(鱼|鲫鱼|草鱼|鲢鱼|鲤鱼|虾|螃蟹|泥鳅)|(鱼|虾).{0,20}(不动了|死掉|翻了|没气)|堆满了.{0,6}(死|鱼)|(鱼|虾).{0,10}(往岸边(挤|游)|张(着)?嘴)", "dead fish", 0.9),
    (r"(稻子|秧苗|庄稼|禾苗|菜|草|树叶|树|麦苗|玉米).{0,4}(蔫了|枯了|黄了|烧死|一下.{0,2}(黄|枯|死)|全死|死了一片)", "plants scorched", 0.5),
    (r"(泥鳅|黄鳝|鳝鱼|螃蟹|蟹|青蛙|蛤蟆|龙虾|鲫鱼|草鱼|鲢鱼|鲤鱼|黑鱼|蚌|螺蛳|鱼虾|鱼).{0,8}(全死|死光|死绝|死完|死了一|都死了|全部死|成片死|大批死|"
     r"大量死|死了好多|死了不少)|(鱼|虾|蟹).{0,4}(浮|漂|翻).{0,6}(一层|一片|满)", "dead fish", 1.0),
    # Something escaping from a container, pipe or vehicle.
    (r"泄漏|泄露|洩漏|洩露|泻露|泻漏|泄了|溢流|冲料|池子漫了|(池|罐|井).{0,3}(漫|溢)了|冒顶|漏(了|液|气|出)|在漏|外泄|渗漏|溢出|漫出|漏出来|喷出|往外(淌|流|冒|喷|渗|漏|窜|涌|滴)|破了个?口子|底下.{0,4}滴|嗤嗤|"
     r"(管子|管道|管线|罐子|罐体|阀门|储罐|桶|池子|废液池|污水池|沉淀池|应急池|调节池|氧化塘|池).{0,10}(爆|破|裂|坏|垮|塌|决口)了?|(洒|撒)了一地|一地的.{0,6}(液|水|油)|倒了一地", "leak", 0.8),
    (r"(河|江|湖|水库|塘|渠|沟|水)(水|面)?.{0,8}(突然|一下子|一下就|一下|一夜|瞬间).{0,6}(变|红|黑|白|黄|绿|浑)", "water turned", 0.8),
    (r"(往|朝|向)(河|江|湖|水库|沟|渠|塘|井|海)(里|边|中|内|面)?.{0,4}(倒|放|排|灌|扔)|倒进(河|江|湖|水库|沟|渠)", "dumping into water", 0.7),
    (r"(水|水面|河面|江面|湖面|河水|塘水).{0,4}(变色|变了颜色|颜色不对|颜色变了|颜色怪)", "water turned", 0.7),
    (r"失火|火光|爆燃|闪爆|火势|火很大|火好大|冒火|火苗|火舌|红光|噼里?啪啦?|(厂|园区|仓库|罐|车间|库房|那边).{0,4}着(了|火)", "fire", 0.8),
    (r"(有毒|刺激性|不明|怪)的?(气体|液体|物质|味道|气味|味)", "toxic substance", 0.5),
    (r"头晕|头很晕|头疼|恶心|流泪|眼泪直流|咳嗽|住院|不舒服.{0,4}(送|去医院)|眼睛(疼|刺痛|辣|红肿|睁不开)|辣眼睛|刺眼睛|嗓子(发麻|疼|辣|火辣)|皮肤.{0,3}(起泡|灼|烂)|救护车|120|"
     r"胸口闷|胸闷|喘不上气|拉肚子|肚子疼|刺嗓子|喉咙辣|辣得.{0,4}(说不出|睁不开)", "symptoms", 0.5),
    (r"眼(睛)?.{0,3}(红了|都红|酸|睁不开)|流眼泪|嗓子(眼)?.{0,3}(疼|痛|辣|麻)|喉咙.{0,2}(痛|疼)|头痛|犯恶心|起疹子|皮肤.{0,2}痒", "symptoms", 0.5),
    (r"熏晕|熏倒|熏醒|昏迷|窒息(?!了)|晕过去|倒在地上|倒了好几个|吐了|在吐|没上来|正在救人|抢救|出人命|死了人|人死了|喘不(上|过)来?气|透不过气|晕倒了", "people harmed", 1.0),
    (r"烟雾|白雾|黄雾|蘑菇云|火球|烟柱|(黄|白|绿|黄绿|紫|红|彩)色?的?(气|烟|雾)", "smoke cloud", 0.5),
    (r"(液氨|氨水|氯气|硫化氢|硫酸|盐酸|硝酸|氢氟酸|烧碱|苯|氰化|农药|汽油|柴油|煤油|天然气|煤气|危险品|危化品|化学品|酸|甲醇|乙醇|甲苯|"
     r"二甲苯|丙烯|液化气|液化石油气|油漆|化工原料|化工料|药桶|化工桶)"
     r".{0,8}(漏|泄|洒|撒|流|冒|喷|翻|倒|破)", "hazardous substance released", 0.9),
    (r"黑油|油.{0,4}冒出来|一大滩.{0,4}(油|液|水)", "oil released", 0.6),
    (r"(流进|流入|淌进|流到|冲进|灌进|漫进|排进).{0,6}(河|江|湖|塘|渠|沟|水库|田|海)", "running into water", 0.45),
    (r"味道(很|特别|非常)?冲|冲鼻|刺鼻|辣鼻|呛鼻|(很|特别)呛", "irritant smell", 0.3),
    (r"不对劲|从来没见过|从没(见|闻)过|没(见|闻)过这么|吓人|异常", "something unusual", 0.35),
    (r"(变成|变)了?(红|黑|白|黄|绿|奶白|乳白|酱油|红褐|黄褐|褐|紫|蓝)色|暗红|血红|乳白|墨汁|墨水", "water turned", 0.6),
    (r"追尾|碰撞|事故", "accident", 0.5),
    (r"鱼.{0,4}翻|死了一(大)?片|大片(死|地死)", "dead fish", 0.8),
    (r"冒(着)?(黄|白|黑|绿|热)?(烟|气|泡)|冒出.{0,6}(烟|气)", "fuming", 0.5),
    (r"侧翻|翻(进|到|在|下|倒)|翻车|相撞|撞了|(桶|罐|车).{0,3}倒了|车.{0,2}翻了|掉(到|进|下).{0,4}(河|沟|桥|江)|(桶|罐).{0,4}摔破", "vehicle or container accident", 0.6),
    (r"爆炸|炸了|炸响|巨响|闷响|砰的一声|轰的一声|(响|炸)了?(好|很)?大一声|一声(巨|闷)?响|震(碎|裂)", "blast", 1.0),
    (r"起火|着火|大火|火灾|烧起来|烧着了", "fire", 0.8),
    (r"浓烟|黄烟一下|黑烟滚滚|毒气|毒烟|黄绿色的气|彩色的|(浓|大)的?(黑|黄)?烟", "toxic smoke", 0.5),
    (r"中毒|晕倒|昏倒|呼吸困难|送(医|医院)|呕吐|喉咙.{0,4}(烧|痛)|睁不开|头晕恶心|一直在咳|咳个不停|捂着?(鼻子|嘴)|都在咳|呛醒|呛死|呛得",
     "people harmed", 1.0),
    (r"撤离|疏散|封路|(路|道路).{0,2}封|跑(下楼|出去|到外面)|都跑了|跑出来|跑下来|在跑|往外跑|在喊|要不要跑|撤出来|跑回家|关(紧)?门(关)?窗|警戒线|封闭", "people fleeing", 0.6),
    (r"(坝|库|尾砂|尾矿|矿渣|渣堆|渣场|渣库|堆场|煤矸石).{0,8}(垮|溃|决|塌|渗水|漏水|裂|淌|冲|口子)|口子越(来越)?大|垮坝|溃坝|滑坡|(泥浆|泥汤|黄泥).{0,6}(冲|往下|下来)|厂房.{0,3}塌",
     "dam or slope failure", 1.0),
    (r"(放射源|放射性|辐射|探伤).{0,12}(丢|失|偷|不见|找不到|没找到)|(丢|捡|偷|废品|收).{0,12}(放射|辐射|三叶|铅罐|铅筒)|"
     r"(放射|辐射|三叶|铅罐|铅筒).{0,16}(捡|收|废品|拆|砸|卖|废铁)", "radioactive source", 1.0),
    (r"放射性标志|辐射标[识志]|辐射警示|三叶|铅罐|铅筒", "radioactive sign", 0.5),
    (r"(江|河|湖|港|海|水面|水渠|农田|田里|水库).{0,10}(油污|油花|一片油|黑色的油|全是油|一层油|油膜|油带|冒出.{0,4}油)|"
     r"(油污|油花|油膜|油带|油块|油团|黑油).{0,6}(漂|江|河|海|沙滩)|原油|漏油|(海|沙滩|海滩|岸边).{0,8}(油块|油团|黑油|油污)", "oil on water", 0.8),
    (r"(自来水|井水|饮用水|水龙头|喝的水|吃的水|供水的水|集中供水)(?!费|公司|价|管网|改造|收费|停水|水压).{0,16}(突然|变了|化学|药水|机油|味道怪|怪味|变成|变浑|浑了|浑浊|异味|怪味|淡黄|化学味|汽油|柴油|煤油|农药|药味|发红|发黄|是黄的|"
     r"是红的|是黑的|刺鼻|臭)|饮用后.{0,4}(不适|拉|吐|肚子)|水源.{0,6}(被污染|倒了)|取水口|喝的水",
     "drinking water", 1.0),
]
# Prevention, plans, suggestions and questions about procedure or what might happen: about emergencies, not one happening.
HYPOTHETICAL = compile_later(r"防止|预防|避免发生|建议(加强|开展|多)|应急演练|演练|演习|应急预案|一旦发生|万一发生|多长时间内报告|"
                          r"怎么(处理|报告)|如何(处理|报告)|如果发生|假如|会不会(出事|爆炸|泄漏|有事)|以后会|防患于未然|"
                          r"(应该|要)怎么(撤离|办理)|隐患")
# Told from the news, a rumour or another place: not an event the sender is reporting.
REPORTED = compile_later(r"新闻|报道|电视上|网上(说|看到|传|有人说)|网传|听说.{0,20}(吗|？|\?)|传言|谣言|辟谣|是真的吗|是不是真的|"
                      r"是假的|群里(传|说)|外省|国外|电影|电视剧|小说|游戏里")
HAZARD = compile_later(
    r"化工|化学|危化|槽罐|罐车|储罐|罐体|罐子|反应釜|毒|氨|氯|酸|刺鼻|呛|气味|味道|河|江|湖|水库|鱼塘|塘|沟|渠|"
    r"自来水|井水|饮用水|水源|尾矿|尾砂|坝|矿|放射|辐射|油|厂|仓库|园区|烟|泥浆|泥汤|管道|水面|闸|味|鱼|魚|危险品|化学品|桶|"
    r"液体|气体|气|井盖|下水道|罐|水库|水|海|泥鳅|黄鳝|虾|蟹"
)
NOW = compile_later(r"快来|快报警|马上|赶紧|尽快|刚才|刚刚|刚看到|刚发现|现在|正在|还在|突然|一夜之间|今天|今早|今晚|今天早上|"
                 r"半夜|凌晨|不得了|救命|请马上|紧急|十万火急|现场|目前|此刻|这会儿|(\d+|几|半|一)(分钟|个?小时)前|！！|!!|立即|即刻|速")
PAST = compile_later(r"去年|前年|以前|上次|上回|处理结果|罚款了没|(19|20)\d\d年的?那次|上个月|上周|(\d|[一二三四五六七八九十几两])年前|当时|后来|调查结果|调查报告|有结论|"
                  r"赔偿款|曾经|之前发生|那次|发生过|以后.{0,6}(检测|安全|能吃)|(事件|事故)(以后|之后|后)|评估报告|复垦")
# A nuisance that has gone on for a long time, even when "today" is in the text ("冒黑烟好几年了，今天还在冒").
CHRONIC = compile_later(r"下雨(时|就|的时候)|一下雨|经常|每天|天天|每年|年年|每晚|每次|长期|常年|好几年|几年了|这些年|多年来|好多年|老问题|反复|"
                     r"整改了|白天晚上|日夜|一到晚上|一直(没人管|不管|都|这样|在排)|投诉(了)?(好几|很多|多)|总是|老是|持续(了)?.{0,3}(个月|年|数月|几个月|数年|半年)")
FIGURATIVE = compile_later(r"爆炸性|信息爆炸|消息太爆炸|快爆炸|要爆炸|气炸|数据泄露|信息泄露|隐私泄露|资料.{0,3}泄露|泄露.{0,4}(信息|隐私|数据)|"
                        r"手机电池|电池.{0,2}(爆炸|鼓包)|电动车|电动自行车|燃气灶|冰箱|漏氟|股市|鞭炮|放烟花|燃放烟花|自燃|厨房着火|家里.{0,4}着火|"
                        r"窒息了|要人命|地震|保险|理赔|(燃气|煤气)(热水器|灶|表|公司|罐)|(家里|邻居家|我家).{0,4}(天然气|煤气|燃气)|"
                        r"卖.{0,4}(鱼|魚|虾)|活鱼|退款|高压锅|热水器|(气|急)得.{0,4}(炸|爆)|心里.{0,4}炸|炸了锅|冒充|电鱼|放射科|拍片|"
                        r"烧纸|塔吊|安全生产|工伤|被机器|要把.{0,6}炸|扬言|(邻居|楼上|楼下|隔壁)家?.{0,4}着火|气球")
# Already over ("已经灭了"): told after the event, not while it is happening.
DONE = compile_later(r"已经(灭|扑灭|处理好|没事)了?|现在没事|都好了")
# A household or building-services matter (a flat's drains, the property company).
# Asking whether something is harmful, not telling of harm.
INQUIRY = compile_later(r"有没有毒|有毒吗|是否有毒|有没有害|有害吗|对人体有.{0,2}(害|影响)吗")
# Scale and distress lift a single sign ("全楼的人", "好几个老人", "救命").
SCALE = compile_later(r"大面积|大量|成片|一大片|全村|整个(村|小区|镇|厂区|楼|街)|全楼|好多人|好几个人|好几个老人|几十|上百|多名|多人|"
                   r"救命|吓死|吓人|恐慌|害怕|不敢(出门|开窗)|快来人|出事了")
HOUSEHOLD = compile_later(r"(家里|我家|厨房|卫生间|楼道|屋里)的?.{0,4}(下水道|马桶|地漏|水管|煤气|燃气|插座|电线)|物业(不管|不处理|费|也不)")
FEW = compile_later(r"(一|两|几|一两|两三|三两)条(死)?(鱼|魚)|个别")

THRESHOLD = 0.5  # on the blend of the rules and the model
RULES_THRESHOLD = 0.6  # the rules alone (no model)
# The learned head generalises better to wording the rules have never seen (on batches of our own text kept out of
# its training it separated emergencies from look-alikes far better than the rules written before them); the rules
# keep their say on time, figures of speech and chronic nuisances, which also damp the model's share.
MODEL_WEIGHT = 0.7


def detect(norm: str, *, model_p: float | None = None, model_terms: list[str] | None = None,
           keywords: list[str] | None = None) -> dict:
    """{"emergency": bool, "emergency_p": float, "emergency_why": [...]} for a normalised text."""
    text = re.sub(r"\s+", "", norm or "")
    why: list[dict] = []
    acute = 0.0
    weights = []
    for pattern, label, weight in ACUTE:
        m = re.search(pattern, text)
        if m:
            weights.append(weight)
            why.append({"signal": "acute", "what": label, "term": m.group(0)})
    if weights:
        weights.sort(reverse=True)
        acute = min(1.5, weights[0] + 0.5 * sum(weights[1:]))
    hazard = HAZARD.search(text)
    score = acute if hazard else acute * 0.4
    now = NOW.search(text)
    if now:
        score *= 1.25
        why.append({"signal": "now", "term": now.group(0)})
    scale = SCALE.search(text) if acute else None
    if scale:
        score *= 1.2
        why.append({"signal": "scale", "term": scale.group(0)})
    damp = 1.0
    for rx, signal, factor in ((PAST, "past", 0.15), (REPORTED, "reported", 0.15), (HYPOTHETICAL, "hypothetical", 0.2),
                               (FIGURATIVE, "not_pollution", 0.1), (INQUIRY, "question", 0.4), (DONE, "over", 0.4), (HOUSEHOLD, "household", 0.3), (FEW, "few", 0.4)):
        m = rx.search(text)
        if m:
            score *= factor
            damp *= factor
            why.append({"signal": signal, "term": m.group(0)})
    chronic = CHRONIC.search(text)
    if chronic:
        score *= 0.45 if now else 0.35
        damp *= 0.45 if now else 0.35
        why.append({"signal": "chronic", "term": chronic.group(0)})
    if keywords:
        hits = [k for k in keywords if k and k in text]
        if hits:
            score += 0.1
            why.append({"signal": "keyword", "term": hits[0]})
    p_rules = min(1.0, score)
    if model_p is None:
        p, threshold = p_rules, RULES_THRESHOLD
    else:
        p = (1 - MODEL_WEIGHT) * p_rules + MODEL_WEIGHT * model_p * damp ** 0.5
        threshold = THRESHOLD
    if model_p is not None and model_p >= 0.5 and model_terms:
        why.append({"signal": "model", "term": "、".join(model_terms[:3]), "p": round(model_p, 2)})
    return {"emergency": p >= threshold, "emergency_p": round(p, 3), "emergency_why": why[:6]}
