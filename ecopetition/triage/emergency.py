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

# Where the bureau's editable keyword list comes from. Oversight keeps it (EmergencyKeyword) and sits above
# triage (it asks this detector about registered cases), so it hands its reader in at start-up
# (oversight/apps.py) and triage never imports oversight. Unset: no keyword signal.
keyword_source: Callable[[], list[str]] | None = None


def set_keyword_source(source: Callable[[], list[str]] | None) -> None:
    global keyword_source
    keyword_source = source


# (pattern, label, weight): signs of an acute event.
ACUTE = [
    (r"翻(了)?白?肚|死鱼.{0,6}(一片|成片|漂|全是|大量|很多)|(大量|大批|大片|成片|很多|好多|不少|满|一层|成群).{0,4}死(鱼|魚)|"
     r"(鱼|魚).{0,8}(全|都|一夜|大量|成片).{0,4}(死|漂)|(鱼|魚)(类|群)?.{0,4}死亡|死了.{0,6}鱼|漂.{0,4}死|漂滿死", "dead fish", 1.0),
    (r"泄漏|泄露|洩漏|洩露|漏(了|液|气|出)|在漏|外泄|渗漏|溢出|漏出来|喷出", "leak", 0.8),
    (r"(河|江|湖|水库|塘|渠|水)(水|面)?.{0,6}(突然|一下子|一夜).{0,6}(变|红|黑|白|黄|绿|浑)", "water turned", 0.8),
    (r"失火|火光|爆燃|闪爆", "fire", 0.8),
    (r"(有毒|刺激性|不明)(气体|液体|物质)", "toxic substance", 0.5),
    (r"头晕|恶心|流泪|咳嗽|住院|不舒服.{0,4}(送|去医院)|眼睛(疼|刺痛|辣)|皮肤.{0,3}(起泡|灼|烂)|救护车|120", "symptoms", 0.5),
    (r"熏晕|熏倒|昏迷|窒息(?!了)", "people harmed", 1.0),
    (r"烟雾|白雾|黄雾|蘑菇云|火球|烟柱", "smoke cloud", 0.5),
    (r"(液氨|氯气|硫化氢|硫酸|盐酸|硝酸|氢氟酸|烧碱|苯|氰化|农药|汽油|柴油|天然气|煤气).{0,8}(漏|泄|洒|流|冒|喷|翻)", "hazardous substance released", 0.9),
    (r"(变成|变)了?(红|黑|白|黄|绿|奶白|乳白|酱油|红褐|紫)色", "water turned", 0.6),
    (r"追尾|碰撞|事故", "accident", 0.5),
    (r"浮头|鱼.{0,4}翻|死了一(大)?片", "dead fish", 0.8),
    (r"冒(着)?烟|冒泡|冒白烟", "fuming", 0.5),
    (r"侧翻|翻(进|到|在|下|倒)|翻车|相撞|撞了|(桶|罐|车).{0,3}倒了", "vehicle or container accident", 0.6),
    (r"爆炸|炸了|巨响|砰的一声|轰的一声", "blast", 1.0),
    (r"起火|着火|大火|火灾|烧起来", "fire", 0.8),
    (r"浓烟|黄烟一下|黑烟滚滚|毒气|毒烟|黄绿色的气|彩色的", "toxic smoke", 0.5),
    (r"中毒|晕倒|昏倒|呼吸困难|送(医|医院)|呕吐|喉咙.{0,4}(烧|痛)|睁不开眼|头晕恶心|捂着鼻子|都在咳|呛醒", "people harmed", 1.0),
    (r"撤离|疏散|封路|跑出来|在跑|在喊", "people fleeing", 0.6),
    (r"(坝|库).{0,4}(垮|溃|决|塌|渗水)|垮坝|溃坝|滑坡|泥浆.{0,4}冲", "dam or slope failure", 1.0),
    (r"放射源.{0,6}(丢|失|偷|不见)|(丢|捡|偷).{0,10}放射|放射性标志|三叶草|铅罐", "radioactive source", 1.0),
    (r"(江|河|湖|港|海|水面|水渠|农田).{0,10}(油污|油花|一片油|黑色的油)|(油污|油花).{0,6}(漂|江|河)|原油|漏油", "oil on water", 0.8),
    (r"(自来水|井水|饮用水|水龙头).{0,12}(突然|变了|变成|化学味|汽油|柴油|发红)|水源.{0,6}(被污染|倒了)|取水口", "drinking water", 1.0),
]
HAZARD = re.compile(
    r"化工|化学|危化|槽罐|罐车|储罐|罐体|罐子|反应釜|毒|氨|氯|酸|刺鼻|呛|气味|味道|河|江|湖|水库|鱼塘|塘|沟|渠|"
    r"自来水|井水|饮用水|水源|尾矿|放射|油|厂|仓库|园区|烟|泥浆|管道|水面|闸|味|鱼|危险品|化学品|桶|液体|气体"
)
NOW = re.compile(r"快来|快报警|马上|赶紧|尽快|刚才|刚刚|刚看到|刚发现|现在|正在|还在|突然|一夜之间|今天|今早|今晚|今天早上|"
                 r"半夜|凌晨|不得了|救命|请马上|紧急|十万火急|现场|目前|此刻|这会儿|(\d+|几|半|一)(分钟|个?小时)前|！！|!!")
PAST = re.compile(r"去年|前年|以前|上个月|上周|(\d|[一二三四五六七八九十几])年前|当时|后来|调查结果|调查报告|有结论|"
                  r"赔偿款|曾经|之前发生|那次|发生过|以后.{0,6}(检测|安全|能吃)")
CHRONIC = re.compile(r"下雨(时|就|的时候)|一下雨|偶尔|经常|每天|天天|每年|每晚|一直(都|这样|在排|有)|长期|好几年|这些年|老问题|反复|整改了")
FIGURATIVE = re.compile(r"爆炸性|信息爆炸|消息太爆炸|快爆炸|要爆炸|气炸|数据泄露|信息泄露|隐私泄露|泄露.{0,4}(信息|隐私|数据)|"
                        r"手机电池|电池.{0,2}(爆炸|鼓包)|电动车|燃气灶|冰箱|漏氟|股市|鞭炮|自燃|厨房着火|家里.{0,4}着火|"
                        r"窒息了|要人命|地震|保险|理赔")

THRESHOLD = 0.6


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
    past = PAST.search(text)
    if past:
        score *= 0.15
        why.append({"signal": "past", "term": past.group(0)})
    chronic = CHRONIC.search(text)
    if chronic and not now:
        score *= 0.35
        why.append({"signal": "chronic", "term": chronic.group(0)})
    fig = FIGURATIVE.search(text)
    if fig:
        score *= 0.1
        why.append({"signal": "not_pollution", "term": fig.group(0)})
    if keywords:
        hits = [k for k in keywords if k and k in text]
        if hits:
            score += 0.1
            why.append({"signal": "keyword", "term": hits[0]})
    p_rules = min(1.0, score)
    p = p_rules if model_p is None else 0.75 * p_rules + 0.25 * model_p
    if model_p is not None and model_p >= 0.5 and model_terms:
        why.append({"signal": "model", "term": "、".join(model_terms[:3]), "p": round(model_p, 2)})
    return {"emergency": p >= THRESHOLD, "emergency_p": round(p, 3), "emergency_why": why[:6]}
