"""The demo register: a province, two cities, four counties with towns and departments,
one login per role, and about 300 complaints in every state with believable histories.

Every history is replayed through the real actions with the clock set to the
past, so the audit chains, numbers and timestamps are exactly what real use
would produce. Dates are relative to today: the last 90 days are always filled.
The texts are written for this project (modelled on what the seed documents
say people complain about); names, phones and firms are invented.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from collections.abc import Callable

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ecopetition.core import clock
from ecopetition.org.models import Membership, Role, Unit

from . import actions
from .models import FINAL_STATES, Complaint

DEMO_PASSWORD = "demo-2026-ecopetition"  # noqa: S105 - the documented password of the demo accounts
DEMO_SIZE = 300

# (key, code, name, kind, department type, parent key, division code)
UNITS = [
    ("js", "JS", "江苏省", "province", "", None, "320000"),
    ("js_eco", "JS-EB", "江苏省生态环境厅", "department", "eco", "js", "320000"),
    ("yc", "YC", "盐城市", "city", "", "js", "320900"),
    ("yc_eco", "YC-EB", "盐城市生态环境局", "department", "eco", "yc", "320900"),
    ("yc_urban", "YC-UM", "盐城市城市管理局", "department", "urban", "yc", "320900"),
    ("yc_agri", "YC-AG", "盐城市农业农村局", "department", "agriculture", "yc", "320900"),
    ("yc_police", "YC-PS", "盐城市公安局", "department", "police", "yc", "320900"),
    ("sy", "SY", "射阳县", "county", "", "yc", "320924"),
    ("sy_eco", "SY-EB", "盐城市射阳生态环境局", "department", "eco", "sy", "320924"),
    ("sy_urban", "SY-UM", "射阳县城市管理局", "department", "urban", "sy", "320924"),
    ("sy_hd", "SY-HD", "合德镇", "town", "", "sy", "320924100"),
    ("sy_hh", "SY-HH", "海河镇", "town", "", "sy", "320924104"),
    ("th", "TH", "亭湖区", "county", "", "yc", "320902"),
    ("th_eco", "TH-EB", "盐城市亭湖生态环境局", "department", "eco", "th", "320902"),
    ("th_urban", "TH-UM", "亭湖区城市管理局", "department", "urban", "th", "320902"),
    ("th_wt", "TH-WT", "五星街道", "town", "", "th", "320902003"),
    ("nt", "NT", "南通市", "city", "", "js", "320600"),
    ("nt_eco", "NT-EB", "南通市生态环境局", "department", "eco", "nt", "320600"),
    ("nt_urban", "NT-UM", "南通市城市管理局", "department", "urban", "nt", "320600"),
    ("rd", "RD", "如东县", "county", "", "nt", "320623"),
    ("rd_eco", "RD-EB", "南通市如东生态环境局", "department", "eco", "rd", "320623"),
    ("rd_yk", "RD-YK", "洋口镇", "town", "", "rd", "320623110"),
    ("ha", "HA", "海安市", "county", "", "nt", "320685"),
    ("ha_eco", "HA-EB", "南通市海安生态环境局", "department", "eco", "ha", "320685"),
    ("ha_agri", "HA-AG", "海安市农业农村局", "department", "agriculture", "ha", "320685"),
    ("ha_cy", "HA-CY", "城东镇", "town", "", "ha", "320685101"),
]

# (username, full name, unit key, role): the logins `make run` prints come first.
# Units that are a level of government issue documents in the name of their eco-environment bureau.
ISSUING = {
    "js": "江苏省生态环境厅", "yc": "盐城市生态环境局", "sy": "盐城市射阳生态环境局", "th": "盐城市亭湖生态环境局",
    "nt": "南通市生态环境局", "rd": "南通市如东生态环境局", "ha": "南通市海安生态环境局",
    "sy_hd": "射阳县合德镇人民政府", "sy_hh": "射阳县海河镇人民政府", "th_wt": "亭湖区五星街道办事处",
    "rd_yk": "如东县洋口镇人民政府",
}

PEOPLE = [
    ("clerk", "王登记", "yc", Role.CLERK),
    ("dispatcher", "李交办", "yc", Role.DISPATCHER),
    ("officer", "赵承办", "sy_eco", Role.OFFICER),
    ("supervisor", "孙督办", "yc", Role.SUPERVISOR),
    ("leader", "周局长", "yc", Role.LEADER),
    ("callback", "吴回访", "yc", Role.CALLBACK),
    ("inspector", "郑纪检", "yc", Role.INSPECTOR),
    ("admin", "管理员", "js", Role.ADMIN),
    ("prov_supervisor", "钱督察", "js", Role.SUPERVISOR),
    ("nt_clerk", "陈登记", "nt", Role.CLERK),
    ("nt_dispatcher", "冯交办", "nt", Role.DISPATCHER),
    ("nt_supervisor", "褚督办", "nt", Role.SUPERVISOR),
    ("nt_callback", "卫回访", "nt", Role.CALLBACK),
    ("nt_leader", "蒋局长", "nt", Role.LEADER),
    ("th_officer", "沈承办", "th_eco", Role.OFFICER),
    ("sy_urban_officer", "韩承办", "sy_urban", Role.OFFICER),
    ("th_urban_officer", "杨承办", "th_urban", Role.OFFICER),
    ("yc_urban_officer", "朱承办", "yc_urban", Role.OFFICER),
    ("yc_agri_officer", "秦承办", "yc_agri", Role.OFFICER),
    ("rd_officer", "尤承办", "rd_eco", Role.OFFICER),
    ("ha_officer", "许承办", "ha_eco", Role.OFFICER),
    ("ha_agri_officer", "何承办", "ha_agri", Role.OFFICER),
    ("nt_urban_officer", "吕承办", "nt_urban", Role.OFFICER),
]

# Places per county key: (street address, rough point).
PLACES = {
    "sy": [("射阳县合德镇解放路88号附近", 33.776, 120.258), ("射阳县海河镇工业集中区纬一路", 33.848, 120.233),
           ("射阳县经济开发区振阳路", 33.760, 120.300), ("射阳县合德镇人民路与幸福大道交叉口", 33.781, 120.262)],
    "th": [("盐城市亭湖区五星街道青年东路", 33.385, 120.170), ("盐城市亭湖区环保科技城", 33.400, 120.240),
           ("盐城市亭湖区大洋街道建军东路", 33.376, 120.185), ("盐城市亭湖区南洋镇工业园", 33.420, 120.290)],
    "rd": [("如东县洋口镇洋口港化工园区", 32.560, 121.050), ("如东县掘港街道青园北路", 32.318, 121.185),
           ("如东县长沙镇海堤附近", 32.470, 121.220)],
    "ha": [("海安市城东镇开发大道东", 32.540, 120.480), ("海安市曲塘镇工业园区", 32.640, 120.430),
           ("海安市角斜镇养殖场附近", 32.660, 120.620)],
}
COUNTY_DEPTS = {"sy": ("sy_eco", "sy_urban", "yc_agri"), "th": ("th_eco", "th_urban", "yc_agri"),
                "rd": ("rd_eco", "nt_urban", "rd_eco"), "ha": ("ha_eco", "nt_urban", "ha_agri")}

# (categories, sector, department slot 0 eco / 1 urban / 2 agriculture, reported party, text)
STORIES = [
    (["water"], "industry", 0, "{firm}化工有限公司", "{place}的{firm}化工厂晚上十点以后偷偷往河里排污水，河水发黑发臭，鱼都死了，请尽快查处。"),
    (["air", "odour"], "industry", 0, "{firm}化工有限公司", "{place}一家化工企业每天夜里排放刺鼻气体，附近小区晚上不敢开窗，老人孩子咳嗽不止。"),
    (["air"], "industry", 0, "{firm}建材有限公司", "{firm}建材厂烟囱冒黑烟，周边落满灰尘，晾的衣服都是黑的，希望环保部门来查一查。"),
    (["noise"], "industry", 0, "{firm}机械制造有限公司", "{firm}机械厂夜间加班生产，冲压声音很大，凌晨一两点还在响，严重影响居民休息。"),
    (["solid_waste"], "industry", 0, "{firm}金属制品有限公司", "{place}河边堆放了大量工业废渣，疑似{firm}公司倾倒，下雨后流进河里。"),
    (["water", "soil"], "industry", 0, "{firm}电镀厂", "{place}的电镀作坊没有任何治理设施，废水直接渗到地下，附近井水有怪味。"),
    (["odour"], "industry", 0, "{firm}饲料有限公司", "{firm}饲料厂生产时散发很重的腥臭味，方圆一公里都能闻到，投诉多次没有改善。"),
    (["air", "odour"], "service", 1, "{name}烧烤店", "{place}路边的烧烤店油烟没有净化，直接排到居民楼里，厨房窗户全是油。"),
    (["noise"], "service", 1, "{name}KTV", "{place}一家KTV每天营业到凌晨三点，音响震得楼板都在响，多次打110也没用。"),
    (["noise"], "service", 1, "{name}广场舞队", "{place}小区广场每晚广场舞音响开得特别大，一直跳到十点多，孩子没法写作业。"),
    (["odour"], "service", 1, "{name}海鲜市场", "{place}农贸市场的垃圾堆放点长期不清运，夏天臭气熏天，苍蝇很多。"),
    (["noise"], "construction", 1, "{firm}建设工程有限公司", "{place}工地夜间浇筑混凝土，没有夜间施工许可公示，噪声持续到凌晨。"),
    (["air"], "construction", 1, "{firm}建设工程有限公司", "{place}工地土方没有覆盖，渣土车不冲洗，路上全是泥浆和扬尘。"),
    (["water", "odour"], "livestock", 2, "{name}养猪场", "{place}附近的养猪场粪污直接排到沟渠里，整条沟又黑又臭，村民意见很大。"),
    (["water"], "livestock", 2, "{name}养殖场", "{place}的水产养殖尾水直排入海，附近滩涂出现大面积发黑。"),
    (["odour"], "livestock", 2, "{name}养鸡场", "{place}养鸡场离村子不到两百米，鸡粪露天堆放，气味很大，还招来很多苍蝇。"),
    (["ecology"], "mining", 0, "{firm}砂石有限公司", "{place}有人在河道里非法采砂，挖掘机白天晚上都在作业，河岸被挖塌了。"),
    (["ecology", "water"], "agriculture", 0, "{name}", "{place}湿地保护区里有人围垦养殖，破坏了候鸟栖息地。"),
    (["radiation"], "public", 0, "{firm}通信公司", "{place}楼顶新装了基站，居民担心辐射，希望监测并公开数据。"),
    (["solid_waste"], "residential", 1, "{name}", "{place}有人长期焚烧垃圾和塑料，黑烟刺鼻，晚上尤其严重。"),
    (["air"], "transport", 0, "{firm}物流有限公司", "{place}物流园的柴油货车冒黑烟，排队时一直怠速，附近空气很差。"),
    (["water"], "port", 0, "{firm}港务有限公司", "{place}码头装卸煤炭没有防尘措施，煤灰落进江里，岸边一片黑。"),
]
OUT_OF_SCOPE = [
    ("劳动仲裁", "我在{firm}公司上班，老板拖欠三个月工资不发，找了很多次都说没钱。"),
    ("物业主管部门", "小区物业不作为，电梯坏了一个月没人修，物业费照收。"),
    ("人民调解委员会", "楼上邻居装修把我家天花板弄漏水了，协商不成，希望有人出面调解。"),
    ("市场监管部门（12315）", "在{place}超市买到过期食品，商家拒绝退换。"),
]
FIRMS = ["恒达", "新宇", "金鹏", "华泰", "远航", "瑞丰", "鑫源", "东升", "宏大", "永盛", "天诚", "海润", "盛世", "力通"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = ["建国", "秀英", "伟", "芳", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "霞", "平", "刚"]
CHANNELS = ["phone"] * 8 + ["web"] * 6 + ["letter"] * 3 + ["visit"] * 3 + ["email", "transfer", "inspection"]

# How far each demo case gets, with how many cases (sums to DEMO_SIZE).
TARGETS = [
    ("registered", 22), ("accepted", 14), ("not_accepted", 12), ("referred", 8), ("merged", 5),
    ("assigned", 25), ("returned", 5), ("in_progress", 45), ("reported", 20), ("reviewed", 14),
    ("replied", 20), ("called_back", 16), ("closed", 86), ("under_review", 5), ("under_re_review", 3),
]
PATH = ["accept", "assign", "sign_for", "report", "review", "reply", "callback", "close"]
STOP_AFTER = {
    "registered": 0, "accepted": 1, "assigned": 2, "in_progress": 3, "reported": 4, "reviewed": 5,
    "replied": 6, "called_back": 7, "closed": 8, "returned": 2, "under_review": 10, "under_re_review": 12,
}


def _ensure_world(stdout) -> tuple[dict[str, Unit], dict[str, object]]:
    units: dict[str, Unit] = {}
    for key, code, name, kind, dept, parent, division in UNITS:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            unit = Unit(code=code, name=name, kind=kind, department_type=dept,
                        parent=units[parent] if parent else None, division_code=division)
            unit.full_clean()
            unit.save()
        if not unit.issuing_name:
            unit.issuing_name = ISSUING.get(key, name)
            unit.seal_text = f"{unit.issuing_name}信访专用章" if dept in ("", "eco") else unit.issuing_name
            unit.save(update_fields=["issuing_name", "seal_text"])
        units[key] = unit
    User = get_user_model()
    users = {}
    for username, full, unit_key, role in PEOPLE:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username, password=DEMO_PASSWORD, first_name=full)
            if role == Role.ADMIN:
                user.is_staff = True
                user.is_superuser = True
                user.save()
        m, _made = Membership.objects.get_or_create(user=user, unit=units[unit_key], role=role)
        if not m.phone:
            area = "0515" if unit_key.startswith(("yc", "sy", "th")) else "0513"
            m.phone = f"{area}-8{zlib.crc32(username.encode()) % 10**6:06d}"  # a fixed, made-up work number
            m.save(update_fields=["phone"])
        users[username] = user
    return units, users


def _open_cases_of(earlier: list, unit_id: int) -> list:
    """The earlier cases of the unit a duplicate can still merge into (a finished case takes no merge)."""
    ids = [e.pk for e in earlier if e.unit_id == unit_id]
    return list(Complaint.objects.filter(pk__in=ids).exclude(state__in=FINAL_STATES).order_by("pk"))


def _person(rng: random.Random) -> actions.ComplainantInput:
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    phone = f"1{rng.choice('3578')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"
    return actions.ComplainantInput(name=name, phone=phone)


def _plan(rng: random.Random) -> list[str]:
    targets = [state for state, n in TARGETS for _ in range(n)]
    rng.shuffle(targets)
    return targets


def load(stdout=None, *, size: int = DEMO_SIZE, seed: int = 20260101) -> int:
    """Load the demo; returns how many complaints it added (0 when already there).

    A bulk load (core.registry.bulk_load): figures derived from each case's events (the statistics' rollups)
    are brought up to date once per case at the end rather than after each of its steps."""
    from ecopetition.core.registry import bulk_load

    with bulk_load():
        return _load(stdout, size=size, seed=seed)


def _load(stdout, *, size: int, seed: int) -> int:
    say: Callable[[str], None] = (lambda s: stdout.write(s)) if stdout else (lambda s: None)
    with transaction.atomic():
        units, users = _ensure_world(stdout)
    if Complaint.objects.filter(unit__code__in=["YC", "NT"]).exists():
        say("Demo complaints already loaded; nothing added.")
        return 0
    rng = random.Random(seed)
    targets = _plan(rng)[:size]
    # Field steps (arrival on site, the survey after it) belong to the fieldwork app, when it is installed.
    field = None
    if django_apps.is_installed("ecopetition.fieldwork"):
        from ecopetition.fieldwork import actions as field
    now = timezone.localtime()
    today = now.replace(hour=9, minute=0, second=0, microsecond=0)
    made = 0
    earlier: list[Complaint] = []
    for i, target in enumerate(targets):
        city = "yc" if rng.random() < 0.6 else "nt"
        county = rng.choice(["sy", "th"] if city == "yc" else ["rd", "ha"])
        clerk = users["clerk" if city == "yc" else "nt_clerk"]
        dispatcher = users["dispatcher" if city == "yc" else "nt_dispatcher"]
        supervisor = users["supervisor" if city == "yc" else "nt_supervisor"]
        caller = users["callback" if city == "yc" else "nt_callback"]
        place, lat, lon = rng.choice(PLACES[county])
        firm = rng.choice(FIRMS)
        out_of_scope = target == "not_accepted"
        if out_of_scope:
            route, text = rng.choice(OUT_OF_SCOPE)
            cats, sector, slot, party = ["other"], "", 0, ""
        else:
            cats, sector, slot, party_t, text = rng.choice(STORIES)
            party = party_t.format(firm=firm, name=rng.choice(SURNAMES) + "记")
        content = text.format(place=place, firm=firm)
        channel = rng.choice(CHANNELS)
        head = rng.choice([1, 1, 1, 3, 6, 12]) if channel == "visit" else 1
        # Older cases got further; open ones are recent. Spread over 90 days.
        steps = STOP_AFTER.get(target, 1)
        age_days = rng.randint(0, 12) if steps <= 3 else rng.randint(8, 88)
        step = dt.timedelta(hours=rng.randint(3, 30))
        # Leave room for every step (each at most 31.5 h) before now.
        # Room for every step, and for the arrival on site and the survey after it (at most 46 h more).
        age = max(dt.timedelta(days=age_days, hours=rng.randint(1, 7)),
                  (step + dt.timedelta(hours=2)) * (steps + 1) + dt.timedelta(hours=48))
        start = min(today, now - dt.timedelta(hours=1)) - age - dt.timedelta(minutes=rng.randint(0, 59))
        if channel in ("letter", "visit", "transfer", "inspection"):
            # Letters are opened and visitors received in office hours.
            # Always moved earlier, never past now.
            if start.hour < 9:
                start = (start - dt.timedelta(days=1)).replace(hour=rng.randint(9, 16))
            elif start.hour > 16:
                start = start.replace(hour=rng.randint(9, 16))
        t = start

        def at_next(step: dt.timedelta = step) -> dt.datetime:
            nonlocal t
            t = t + step + dt.timedelta(minutes=rng.randint(0, 90))
            return t

        def at_next_within(hours: int) -> dt.datetime:
            """A field step soon after the last, never past now (the next step keeps its own spacing)."""
            nonlocal t
            t = min(t + dt.timedelta(hours=hours, minutes=rng.randint(0, 50)), now - dt.timedelta(minutes=30))
            return t

        people = [_person(rng) for _ in range(min(head, 3) if head > 1 else 1)]
        anonymous = channel == "web" and rng.random() < 0.25
        with clock.frozen(start):
            case = actions.do_register(
                actions.NewComplaint(
                    channel=channel, content=content, received_at=start, complainants=[] if anonymous else people,
                    is_anonymous=anonymous, head_count=head, reported_party_name=party, address=place,
                    division_code=units[county].division_code, lat=lat + rng.uniform(-0.01, 0.01),
                    lon=lon + rng.uniform(-0.01, 0.01), categories=cats, sector=sector,
                    is_urgent=rng.random() < 0.08, media_attention=rng.random() < 0.03,
                    is_starred=rng.random() < 0.05,
                ),
                unit=units[city], actor=clerk,
            )
        with clock.frozen(at_next()):
            if target == "not_accepted":
                actions.do_reject(case, actor=clerk, reason="该事项不属于生态环境部门职责范围。", legal_route=route)
            elif target == "referred":
                actions.do_refer(case, actor=clerk, to_authority="住房和城乡建设局", reason="属住建部门管辖事项。")
            elif target == "merged" and (open_here := _open_cases_of(earlier, case.unit_id)):
                parent = rng.choice(open_here)
                actions.do_merge(case, actor=clerk, into=parent, reason="与在办件反映同一问题，合并办理。")
        if target in ("not_accepted", "referred", "merged"):
            made += 1
            continue
        dept_key = COUNTY_DEPTS[county][slot]
        lead = units[dept_key]
        officer = next(u for name, _f, key, role in PEOPLE if key == dept_key and role == Role.OFFICER
                       for u in [users[name]])
        for action in PATH[:min(steps, len(PATH))]:
            with clock.frozen(at_next()):
                if action == "accept":
                    actions.do_accept(case, actor=clerk)
                elif action == "assign":
                    actions.do_assign(case, actor=dispatcher, lead_unit=lead,
                                      instructions="请按时限调查处理并上报结果。")
                elif action == "sign_for":
                    actions.do_sign_for(case, actor=officer)
                    if field is not None and (steps > 3 or rng.random() < 0.8):
                        # On site within hours, and (mostly) residents asked a day later.
                        with clock.frozen(at_next_within(hours=rng.randint(1, 5))):
                            field.do_site_visit(case, actor=officer, lat=case.lat, lon=case.lon, accuracy_m=10)
                        if rng.random() < 0.75:
                            with clock.frozen(at_next_within(hours=rng.randint(18, 40))):
                                field.do_survey(case, actor=caller, result=rng.choice(["satisfied", "basic"]),
                                                respondent="resident", note="走访周边群众。")
                elif action == "report":
                    finding = rng.choice(["founded", "founded", "partly", "unfounded"])
                    result = {
                        "founded": "经现场核查，反映问题属实。已责令该单位立即停止违法行为并限期整改，依法立案处罚。",
                        "partly": "经现场核查，反映问题部分属实。已要求其完善治理设施，加强日常管理。",
                        "unfounded": "经现场核查及走访周边群众，未发现反映的问题，反映问题不属实。",
                    }[finding]
                    actions.do_report(case, actor=officer, finding=finding, result=result)
                elif action == "review":
                    actions.do_review(case, actor=supervisor, passed=True, note="同意上报结果。")
                elif action == "reply":
                    actions.do_reply(case, actor=clerk, method=rng.choice(["sms", "phone", "letter", "portal"]),
                                     text="您反映的问题已调查处理，处理情况如下：" + case.result_summary)
                elif action == "callback":
                    result = rng.choice(["satisfied"] * 6 + ["basic"] * 3 + ["unsatisfied"])
                    if target == "closed" and result == "unsatisfied" and rng.random() < 0.5:
                        result = "basic"
                    actions.do_callback(case, actor=caller, result=result, note="电话回访。")
                elif action == "close":
                    if case.satisfaction == "unsatisfied":
                        actions.do_close(case, actor=supervisor, reason="已依法处理到位，做好解释工作。")
                    else:
                        actions.do_close(case, actor=clerk)
                case.refresh_from_db()
        if target == "returned":
            with clock.frozen(at_next()):
                actions.do_return_to_dispatcher(case, actor=officer, reason="该问题属其他部门职责，请重新交办。")
        if target in ("under_review", "under_re_review"):
            with clock.frozen(at_next()):
                actions.do_request_review(case, actor=clerk, reason="信访人对处理结果不满意，申请复查。")
        if target == "under_re_review":
            with clock.frozen(at_next()):
                actions.do_decide_review(case, actor=supervisor, upheld=True,
                                         opinion="经复查，原处理意见认定事实清楚、处理适当，予以维持。")
            with clock.frozen(at_next()):
                actions.do_request_re_review(case, actor=clerk, reason="信访人对复查意见不服，请求复核。")
        earlier.append(case)
        made += 1
        if stdout and (i + 1) % 50 == 0:
            say(f"  {i + 1}/{len(targets)} complaints")
    return made
