"""Fixtures for the command centre: a world with reference data and a few cases through their lifecycle."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from ecopetition.cases import actions as A
from ecopetition.cases.models import Category, Sector
from ecopetition.core import clock
from ecopetition.testfixtures import english_messages  # noqa: F401

TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=TZ)


@pytest.fixture
def refdata(db):
    # Seeded by the cases migrations; made sure of here.
    for i, (code, name) in enumerate([("air", "大气"), ("water", "水"), ("noise", "噪声")]):
        Category.objects.get_or_create(code=code, defaults={"name": name, "order": i})
    Sector.objects.get_or_create(code="industry", defaults={"name": "工业企业"})


def register(world, *, clerk="amy", unit="county_a", when=None, **kw):
    when = when or at(2026, 3, 2)
    people = kw.pop("people", [A.ComplainantInput(name="张三", phone="13800138000")])
    data = A.NewComplaint(channel=kw.pop("channel", "phone"), content=kw.pop("content", "工厂夜间排放刺鼻气体"),
                          complainants=people, received_at=when, **kw)
    with clock.frozen(when):
        return A.do_register(data, unit=world.units[unit], actor=world.users[clerk])


def run_to_close(world, case, when, *, finding="founded", satisfaction="satisfied", lead="county_a_eco",
                 officer="oscar"):
    """Accept, assign, sign, report, review, reply, callback, close — one day apart."""
    u = world.users
    steps = [
        lambda: A.do_accept(case, actor=u["amy"]),
        lambda: A.do_assign(case, actor=u["adam"], lead_unit=world.units[lead]),
        lambda: A.do_sign_for(case, actor=u[officer]),
        lambda: A.do_report(case, actor=u[officer], finding=finding, result="已责令整改"),
        lambda: A.do_review(case, actor=u["ada"], passed=True),
        lambda: A.do_reply(case, actor=u["amy"], text="已答复", method="phone"),
        lambda: A.do_callback(case, actor=u["cole"], result=satisfaction),
        lambda: A.do_close(case, actor=u["sue"] if satisfaction == "unsatisfied" else u["amy"], reason="办结"),
    ]
    for i, step in enumerate(steps):
        with clock.frozen(when + dt.timedelta(days=i)):
            step()


@pytest.fixture(autouse=True)
def _nav_that_resolves(monkeypatch):
    """Other apps may register menu entries before their pages are wired; keep only entries that resolve."""
    from django.urls import NoReverseMatch, reverse

    from ecopetition.core import registry

    ok = {}
    for key, item in registry.NAV.items():
        try:
            reverse(item.url_name)
        except NoReverseMatch:
            continue
        ok[key] = item
    monkeypatch.setattr(registry, "NAV", ok)
