"""Shipped data: China's holidays from `chinesecalendar` (2004–2026) and the default deadline policies.

Used by the data migration and by `ecopetition deadlines_seed`. Both functions
take the model classes so that the migration can pass its historical models.
The defaults come from DOMAIN.md ("Time limits"), whose sources are the seeds
000 (site visit, callback), 001 (assignment), 003 (1+3+5+7, wall-board colours)
and the 2022 Regulations on Letters and Visits, art. 32 (60 days + 30).
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby

# Each clock runs only while someone can act on it: arrival on site stops at the recorded site visit (not at
# signing for); the callback after the site visit is the resident survey (回访) the callback officer records as
# soon as the visit is recorded (seed 000), apart from the final satisfaction callback after the reply; the
# inspection handover's 1+3+5+7 counts natural days with the handover day as day 1 (seed 003).
# (key, name, priority, channels, flags, amount, unit, start, from_receipt, stop, restart, extendable,
#  yellow, blue, red, urge_at)
DEFAULT_POLICIES = [
    ("assign", "交办时限（来信、来访）3个工作日", 100, "letter,visit", "", 3, "workdays", "register", True,
     "assign,refer,merge,reject", False, False, 0.6, 0.75, 0.9, None),
    ("assign", "交办时限（来电、网络）2个工作日", 100, "phone,web,email", "", 2, "workdays", "register", True,
     "assign,refer,merge,reject", False, False, 0.6, 0.75, 0.9, None),
    ("assign", "交办时限（其他渠道）3个工作日", 200, "transfer,instruction", "", 3, "workdays", "register", True,
     "assign,refer,merge,reject", False, False, 0.6, 0.75, 0.9, None),
    ("site", "急案要案到达现场 2小时", 10, "", "is_urgent", 2, "hours", "assign", False,
     "site_visit,return", True, False, 0.5, 0.75, 0.9, None),
    ("site", "到达现场查处 1个工作日", 100, "", "", 1, "workdays", "assign", False,
     "site_visit,return", True, False, 0.6, 0.75, 0.9, None),
    ("callback", "现场查处后回访 3个工作日", 100, "", "", 3, "workdays", "site_visit", False,
     "survey,callback", False, False, 0.6, 0.75, 0.9, None),
    ("handover_distribute", "督察交办件 1小时内分发", 10, "inspection", "", 1, "hours", "register", True,
     "assign", False, False, 0.5, 0.75, 0.9, None),
    ("handover_review", "督察交办件 第5天初审", 10, "inspection", "", 5, "day_n", "register", True,
     "review,rework", False, False, 0.6, 0.8, 0.8, None),
    ("handover_close", "督察交办件 第7天办结上报（第3天催办）", 10, "inspection", "", 7, "day_n", "register", True,
     "close", False, False, 4 / 7, 5 / 7, 6 / 7, 2 / 7),
    ("statutory", "法定办理时限 60日（可延期一次不超过30日）", 100, "", "", 60, "days", "accept", False,
     "reply,close", False, True, 0.6, 0.75, 0.9, None),
    # 12345 work orders: the hotline's own limits (typical municipal rules; edit them to the local hotline's).
    ("hotline_sign", "12345工单 2小时内签收或退单", 20, "hotline", "", 2, "hours", "register", True,
     "accept,refer,reject,merge", False, False, 0.5, 0.75, 0.9, None),
    ("hotline_reply", "12345工单 5个工作日内办结答复", 20, "hotline", "", 5, "workdays", "register", True,
     "reply,refer,reject,merge", False, False, 0.6, 0.75, 0.9, None),
    # 信访工作条例: a review (复查) and a re-review (复核) are each decided within 30 days of the request.
    ("review_decision", "复查意见 30日内作出", 100, "", "", 30, "days", "request_review", False,
     "uphold,overturn", False, False, 0.6, 0.75, 0.9, None),
    ("re_review_decision", "复核意见 30日内作出", 100, "", "", 30, "days", "request_re_review", False,
     "re_review_uphold,re_review_overturn", False, False, 0.6, 0.75, 0.9, None),
    # 阶段办结 (seed 002): the rectification left open at stage closing is followed up until the case closes.
    # 90 days is a shipped default; edit it to the bureau's own follow-up period.
    ("stage_followup", "阶段办结后跟踪整改 90日", 100, "", "", 90, "days", "stage_close", False,
     "close,reopen", False, False, 0.6, 0.75, 0.9, None),
]

POLICY_FIELDS = ("key", "name", "priority", "channels", "require_flags", "amount", "unit", "start_events",
                 "from_receipt", "stop_events", "restart", "extendable", "yellow", "blue", "red", "urge_at")


def seed_policies(DeadlinePolicy) -> int:
    made = 0
    for row in DEFAULT_POLICIES:
        values = dict(zip(POLICY_FIELDS, row, strict=True))
        _, created = DeadlinePolicy.objects.get_or_create(key=values["key"], name=values["name"], defaults=values)
        made += created
    return made


def seed_policy_keys(DeadlinePolicy, keys) -> int:
    """Add the shipped policies of these clock keys (a data migration bringing new clocks to an installation)."""
    made = 0
    for row in DEFAULT_POLICIES:
        values = dict(zip(POLICY_FIELDS, row, strict=True))
        if values["key"] in keys:
            _, created = DeadlinePolicy.objects.get_or_create(key=values["key"], name=values["name"], defaults=values)
            made += created
    return made


def calendar_entries(year: int) -> list[tuple[str, dt.date, dt.date, str]]:
    """The year's holidays and adjusted working days from chinesecalendar, as runs of consecutive days."""
    import chinese_calendar

    out = []
    for kind, table in (("holiday", chinese_calendar.holidays), ("workday", chinese_calendar.workdays)):
        days = sorted((d, str(name)) for d, name in table.items() if d.year == year)
        # Consecutive days with the same name form one entry.
        for _name, run in groupby(enumerate(days), key=lambda t: (t[1][1], t[1][0].toordinal() - t[0])):
            items = [d for _i, d in run]
            out.append((kind, items[0][0], items[-1][0], items[0][1]))
    return sorted(out, key=lambda e: e[1])


def seed_calendar(CalendarYear, CalendarEntry, years=range(2004, 2027)) -> int:
    loaded = 0
    for year in years:
        if CalendarYear.objects.filter(year=year).exists():
            continue
        row = CalendarYear.objects.create(year=year, source="chinesecalendar (State Council notices)")
        CalendarEntry.objects.bulk_create(
            [CalendarEntry(year=row, kind=k, start=s, end=e, name=n[:60]) for k, s, e, n in calendar_entries(year)]
        )
        loaded += 1
    return loaded
