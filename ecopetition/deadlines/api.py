"""Deadlines over HTTP: a case's clocks and the wall board, read through the same queries as the pages."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.responses import Status

from ecopetition.cases.models import Complaint
from ecopetition.org import queries as org

from . import queries
from .views import BOARD_ROLES

router = Router(tags=["deadlines"])


class ErrorOut(Schema):
    code: str
    message: str


class ClockOut(Schema):
    key: str
    label: str
    started_at: dt.datetime
    due_at: dt.datetime
    yellow_at: dt.datetime
    blue_at: dt.datetime
    red_at: dt.datetime
    level: str
    provisional: bool
    running: bool
    stopped_at: dt.datetime | None = None
    stopped_by: str = ""


class TileOut(Schema):
    number: str
    state: str
    level: str
    clock: str = ""
    due_at: dt.datetime | None = None
    time_left: str = ""
    urgent: bool
    starred: bool


@router.get("/cases/{number}/clocks", response=list[ClockOut])
def case_clocks(request, number: str):
    case = get_object_or_404(Complaint.objects.visible_to(request.user), number=number)
    return [
        ClockOut(key=r.clock.key, label=r.clock.label, started_at=r.clock.started_at, due_at=r.clock.due_at,
                 yellow_at=r.clock.yellow_at, blue_at=r.clock.blue_at, red_at=r.clock.red_at, level=r.level_code,
                 provisional=r.clock.provisional, running=r.clock.stopped_at is None,
                 stopped_at=r.clock.stopped_at, stopped_by=r.clock.stopped_by)
        for r in queries.case_clocks(case)
    ]


@router.get("/board", response={200: list[TileOut], 403: ErrorOut})
def board(request, level: str = ""):
    """The wall board, for the same roles as the page (supervisors, leaders, dispatchers)."""
    if not (request.user.is_superuser or org.roles_of(request.user) & BOARD_ROLES):
        return Status(403, {"code": "forbidden",
                            "message": "The wall board is for supervisors, leaders and dispatchers."})
    tiles, _counts = queries.board(request.user, level=level)
    return [
        TileOut(number=t.case.number, state=t.case.state, level=t.level_code,
                clock=t.clock.label if t.clock else "", due_at=t.clock.due_at if t.clock else None,
                time_left=t.time_left, urgent=t.case.is_urgent, starred=t.case.is_starred)
        for t in tiles
    ]
