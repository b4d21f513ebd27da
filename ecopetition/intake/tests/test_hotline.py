"""12345 work orders: taken in with their number, on the hotline's clocks, returned within its limit, answered
back in its shape."""

import datetime as dt
import io
import json

import pytest
from django.urls import reverse

from ecopetition.cases import actions as A
from ecopetition.cases.models import Complaint, State
from ecopetition.core import clock
from ecopetition.core.exceptions import TransitionNotAllowed, ValidationError
from ecopetition.deadlines.models import CaseClock
from ecopetition.intake import hotline

pytestmark = pytest.mark.django_db
URL = "/api/v1/complaints"
T0 = dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.UTC)  # Monday 09:00 in Shanghai


def order(client, auth, number="GD2026110200017", **kw):
    body = {"channel": "hotline", "external_id": number, "content": "小区旁边的洗车店污水直排雨水管",
            "address": "盐城市亭湖区五星街道", "is_anonymous": True, "unit": "C3209", **kw}
    with clock.frozen(T0):
        r = client.post(URL, body, content_type="application/json", **auth)
    assert r.status_code == 201, r.content
    return Complaint.objects.get(number=r.json()["number"])


def test_a_work_order_keeps_its_number_and_runs_the_hotline_clocks(client, auth):
    case = order(client, auth)
    assert case.channel == "hotline" and hotline.order_number(case) == "GD2026110200017"
    clocks = {c.key: c for c in CaseClock.objects.filter(complaint=case, stopped_at__isnull=True)}
    assert clocks["hotline_sign"].due_at == T0 + dt.timedelta(hours=2)
    assert clocks["hotline_reply"].due_at.date() == dt.date(2026, 11, 9)  # 5 working days from Monday
    assert "assign" not in clocks


def test_return_within_the_limit_and_the_answer_file(client, auth, world):
    case = order(client, auth)
    with clock.frozen(T0 + dt.timedelta(hours=1)):
        with pytest.raises(ValidationError):
            hotline.do_return_order(case, actor=world.users["cara"], reason="", authority="住建局")
        hotline.do_return_order(case, actor=world.users["cara"], reason="属物业管理纠纷", authority="住房和城乡建设局")
    case.refresh_from_db()
    assert case.state == State.REFERRED
    assert not CaseClock.objects.filter(complaint=case, stopped_at__isnull=True).exists()
    row = hotline.reply_rows(Complaint.objects.filter(pk=case.pk), world.users["cara"])[0]
    assert (row["order_number"], row["returned"], row["return_reason"], row["suggested_authority"]) == (
        "GD2026110200017", "是", "属物业管理纠纷", "住房和城乡建设局")
    data = json.loads(hotline.export_json([row]))
    assert data["columns"][0] == "order_number" and data["orders"][0]["returned"] == "是"
    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(hotline.export_xlsx([row]))).active
    assert ws["A1"].value == "工单编号" and ws["A2"].value == "GD2026110200017"


def test_no_return_after_the_hotlines_limit(client, auth, world):
    case = order(client, auth, number="GD2026110200018")
    with clock.frozen(T0 + dt.timedelta(hours=3)), pytest.raises(TransitionNotAllowed) as err:
        hotline.do_return_order(case, actor=world.users["cara"], reason="不属于本部门", authority="交通运输局")
    assert err.value.code == "too_late"
    case.refresh_from_db()
    assert case.state == State.REGISTERED


def test_only_work_orders_return_to_the_hotline(world):
    case = A.do_register(A.NewComplaint(channel="phone", content="噪声", is_anonymous=True),
                         unit=world.units["city"], actor=world.users["cara"])
    with pytest.raises(ValidationError):
        hotline.do_return_order(case, actor=world.users["cara"], reason="x", authority="y")


def test_pages_for_clerks_only(client, auth, world):
    case = order(client, auth, number="GD2026110200019")
    client.force_login(world.users["cole"])
    assert client.get(reverse("intake:hotline")).status_code == 403
    client.force_login(world.users["cara"])
    html = client.get(reverse("intake:hotline")).content.decode()
    assert "GD2026110200019" in html and case.number in html
    r = client.get(reverse("intake:hotline_export", args=["json"]), {"from": "2026-11-01", "to": "2026-11-30"})
    assert r.status_code == 200 and json.loads(r.content)["orders"][0]["order_number"] == "GD2026110200019"
    r = client.get(reverse("intake:hotline_export", args=["xlsx"]), {"from": "bad"})
    assert r.status_code == 302


def test_the_replies_export_shows_the_reply_as_the_reader_may_see_it(client, auth, world):
    """R3-7: the reply letter names the complainant; the export gives it as written only to a reader who may
    see the identity (the registering unit's clerk), masked to anyone else (a lower unit's clerk, say)."""
    case = order(client, auth, number="GD2026110200019", is_anonymous=False,
                 complainants=[{"name": "欧阳娜娜", "phone": "13912345678"}])
    A.audit_event(case, actor=world.users["cara"], action="reply", note="欧阳娜娜：您反映的问题已处理，电话13912345678。")
    Complaint.objects.filter(pk=case.pk).update(replied_at=T0)
    qs = Complaint.objects.filter(pk=case.pk)
    assert hotline.reply_rows(qs, world.users["cara"])[0]["reply"].startswith("欧阳娜娜：")
    masked = hotline.reply_rows(qs, world.users["amy"])[0]["reply"]  # the county's clerk, below the city
    assert "娜娜" not in masked and "13912345678" not in masked and masked.startswith("欧***")
