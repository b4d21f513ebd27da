"""Worlds and probes that the backup and fault tests run in separate processes, against a real installation.

    python -m ecopetition.ops.tests.scenario register-world    cases, events, attachments, a document, a portal ticket
    python -m ecopetition.ops.tests.scenario summary           one JSON line: what the installation holds
    python -m ecopetition.ops.tests.scenario sweep-world N M   N letters due for urging, M SMS left pending
    python -m ecopetition.ops.tests.scenario sweep-run [ISO]   the worker's periodic task, once, at that time
    python -m ecopetition.ops.tests.scenario api-world         the named world and an API token of clerk "cara"
    python -m ecopetition.ops.tests.scenario intake-facts      what API intake left: keys, doubles

The installation is the one the environment names (DATABASE_URL, ECOPETITION_DATA_DIR), as for any
`ecopetition` command. Triage is switched off (it would train its model on the first complaint) and
passwords are hashed cheaply: neither is under test here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
import time
from pathlib import Path

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
PORTAL_CODE = "K7Q2M9"


def _setup() -> None:
    import django
    from django.conf import settings

    django.setup()
    settings.TRIAGE_ON_REGISTER = False
    # The world has a dozen accounts; the production hasher would spend seconds on them.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def register_world() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from ecopetition.cases import actions as ca
    from ecopetition.cases.attachments import store_attachment
    from ecopetition.core import clock
    from ecopetition.intake.models import PortalTicket, hash_code
    from ecopetition.testing import build_world

    world = build_world()
    cara, dan = world.users["cara"], world.users["dan"]
    start = dt.datetime(2026, 11, 2, 9, 0, tzinfo=timezone.get_default_timezone())
    cases = []
    with clock.frozen(start):
        for i, text in enumerate(["化工厂夜间偷排废水，河水发黑发臭", "搅拌站粉尘很大", "饭店油烟直排", "工地夜间施工噪声"]):
            cases.append(ca.do_register(
                ca.NewComplaint(channel="phone", content=text, title=f"测试{i}",
                                complainants=[ca.ComplainantInput(name=f"张{i}", phone=f"1380000000{i}")]),
                unit=world.units["city"], actor=cara))
    with clock.frozen(start + dt.timedelta(hours=1)):
        ca.do_accept(cases[0], actor=cara)
        ca.do_assign(cases[0], actor=dan, lead_unit=world.units["city_eco"])
        ca.do_accept(cases[1], actor=cara)
        store_attachment(cases[0], SimpleUploadedFile("现场.png", PNG), actor=cara)
        store_attachment(cases[1], SimpleUploadedFile("说明.txt", "排污口在桥下。".encode()), actor=cara)
        PortalTicket.objects.create(complaint=cases[2], code_hash=hash_code(PORTAL_CODE), created_at=clock.now())
    with clock.frozen(start + dt.timedelta(hours=2)):
        from ecopetition.documents.actions import do_generate_document

        do_generate_document(cases[1], actor=cara, kind="acceptance")
    print(json.dumps({"numbers": [c.number for c in cases]}))


def summary() -> dict:
    from pathlib import Path

    from django.conf import settings
    from django.contrib.auth import get_user_model

    from ecopetition.cases.models import Attachment, Complaint, Event
    from ecopetition.deadlines.models import ClockNotice
    from ecopetition.documents.models import Document
    from ecopetition.intake.actions import find_ticket
    from ecopetition.notify.models import Notification, OutboundMessage

    def sha(path: Path) -> str | None:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None

    files = {}
    for att in Attachment.objects.all():
        files[f"attachments/{att.storage_name}"] = [att.sha256, sha(Path(settings.ATTACHMENTS_DIR) / att.storage_name)]
    for doc in Document.objects.all():
        for name, recorded in ((doc.pdf_name, doc.pdf_sha256), (doc.docx_name, doc.docx_sha256)):
            if name:
                files[f"documents/{name}"] = [recorded, sha(Path(settings.DOCUMENTS_DIR) / name)]
    portal = Complaint.objects.filter(portal_ticket__isnull=False).first()
    return {
        "complaints": Complaint.objects.count(),
        "events": Event.objects.count(),
        "attachments": Attachment.objects.count(),
        "documents": Document.objects.count(),
        "users": get_user_model().objects.count(),
        "notices": ClockNotice.objects.count(),
        "inbox": Notification.objects.count(),
        "outbox": OutboundMessage.objects.count(),
        "numbers": sorted(Complaint.objects.values_list("number", flat=True)),
        "files": files,
        "portal_code_ok": bool(portal and find_ticket(portal.number, PORTAL_CODE, address="127.0.0.1")),
    }


SWEEP_START = "2026-11-02T09:00:00+08:00"  # a Monday: a letter's assignment is due Thursday 17:30
SWEEP_AT = "2026-11-05T12:00:00+08:00"  # by then every one of them is red


def sweep_world(n: str, m: str) -> None:
    from django.utils import timezone

    from ecopetition.cases import actions as ca
    from ecopetition.core import clock
    from ecopetition.notify.models import OutboundMessage
    from ecopetition.testing import build_world

    world = build_world()
    with clock.frozen(dt.datetime.fromisoformat(SWEEP_START)):
        for i in range(int(n)):
            ca.do_register(ca.NewComplaint(channel="letter", content=f"烟囱冒黑烟 {i}", is_anonymous=True),
                           unit=world.units["city"], actor=world.users["cara"])
    # SMS that a gateway outage left pending: the sweep's task retries them.
    for i in range(int(m)):
        OutboundMessage.objects.create(channel="sms", to=f"1390000000{i}", body=f"您的信访件已受理 {i}",
                                       dedupe_key=f"fault:{i}", created_at=timezone.now())
    print(json.dumps({"cases": int(n), "pending_sms": int(m)}))


def _stall(marker: str) -> None:
    """Tell the test we are where it wants to kill us, then wait for the SIGKILL."""
    Path(marker).write_text(str(os.getpid()))
    time.sleep(600)
    raise SystemExit("not killed")


class RecordingBackend:
    """An SMS gateway that writes down every message it accepts (FAULT_SEND_LOG), durably, at once.

    With FAULT_STALL_AT_SEND=k it stalls right after accepting the k-th message: the gateway has it,
    the database does not know yet. That is where a killed worker is most likely to send twice.
    """

    sent = 0

    def send(self, message) -> None:
        with open(os.environ["FAULT_SEND_LOG"], "a") as fh:
            fh.write(f"{message.pk}\n")
            fh.flush()
            os.fsync(fh.fileno())
        RecordingBackend.sent += 1
        if RecordingBackend.sent == int(os.environ.get("FAULT_STALL_AT_SEND") or 0):
            _stall(os.environ["FAULT_MARKER"])


def sweep_run(at: str = SWEEP_AT) -> None:
    """The worker's periodic task, run once at `at`; FAULT_* settings arrange where it stalls."""
    import functools

    from ecopetition.core import clock
    from ecopetition.deadlines import sweep as sweep_module
    from ecopetition.deadlines.tasks import deadline_sweep

    batch = int(os.environ.get("FAULT_SWEEP_BATCH") or 5000)
    sweep_module.sweep = functools.partial(sweep_module.sweep, batch=batch)
    stall_batch = int(os.environ.get("FAULT_STALL_AT_BATCH") or 0)
    if stall_batch:
        real_write, written = sweep_module._write, [0]

        def write_then_stall(*args, **kwargs):
            real_write(*args, **kwargs)  # the batch's rows are written, its transaction still open
            written[0] += 1
            if written[0] == stall_batch:
                _stall(os.environ["FAULT_MARKER"])

        sweep_module._write = write_then_stall
    with clock.frozen(dt.datetime.fromisoformat(at)):
        result = deadline_sweep.call_local()
    print(json.dumps({**result, "facts": sweep_facts()}))


def sweep_facts() -> dict:
    """What the sweeps left behind, to compare with what exactly-once would leave."""
    from collections import Counter

    from ecopetition.cases.models import Event
    from ecopetition.deadlines.models import CaseClock, ClockNotice
    from ecopetition.notify.models import Notification, OutboundMessage

    trail = Counter()
    for data in Event.objects.filter(action="deadline_sweep").values_list("data", flat=True):
        for case_id, _number, key, level, _n in data["notices"]:
            trail[(case_id, key, level)] += 1
    notices = Counter(ClockNotice.objects.values_list("complaint_id", "clock__key", "level"))
    due = dt.datetime.fromisoformat(SWEEP_AT)
    return {
        "trail_doubled": sorted(map(list, (k for k, n in trail.items() if n > 1))),
        "trail_equals_notices": set(trail) == set(notices),
        "notices": sum(notices.values()),
        "notice_recipients": sum(ClockNotice.objects.values_list("recipients", flat=True)),
        "inbox": Notification.objects.count(),
        "inbox_keys": Notification.objects.values("dedupe_key").distinct().count(),
        "still_due": CaseClock.objects.filter(next_check_at__lte=due).count(),
        "outbox": dict(Counter(OutboundMessage.objects.values_list("status", flat=True))),
    }


def api_world() -> None:
    from ecopetition.org.models import ApiToken
    from ecopetition.testing import build_world

    world = build_world()
    print(json.dumps({"token": ApiToken.issue(world.users["cara"], "fault test")[1]}))


def intake_facts() -> dict:
    from django.db.models import Count

    from ecopetition.cases.models import Complaint, Event

    keys = list(Complaint.objects.exclude(intake_key=None).values_list("intake_key", flat=True))
    registers = Event.objects.filter(action="register").values("complaint_id").annotate(n=Count("id"))
    return {
        "keys": sorted(keys),
        "complaints": Complaint.objects.count(),
        "register_events_not_one": [r["complaint_id"] for r in registers if r["n"] != 1],
    }


COMMANDS = {
    "register-world": register_world,
    "summary": lambda: print(json.dumps(summary(), ensure_ascii=False)),
    "sweep-world": sweep_world,
    "sweep-run": sweep_run,
    "sweep-facts": lambda: print(json.dumps(sweep_facts())),
    "api-world": api_world,
    "intake-facts": lambda: print(json.dumps(intake_facts())),
}


def main(argv: list[str]) -> None:
    _setup()
    COMMANDS[argv[0]](*argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
