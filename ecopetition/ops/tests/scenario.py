"""Worlds and probes that the backup and fault tests run in separate processes, against a real installation.

    python -m ecopetition.ops.tests.scenario register-world    cases, events, attachments, a document, a portal ticket
    python -m ecopetition.ops.tests.scenario summary           one JSON line: what the installation holds

The installation is the one the environment names (DATABASE_URL, ECOPETITION_DATA_DIR), as for any
`ecopetition` command. Triage is switched off (it would train its model on the first complaint) and
passwords are hashed cheaply: neither is under test here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys

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
        "portal_code_ok": bool(portal and find_ticket(portal.number, PORTAL_CODE)),
    }


COMMANDS = {
    "register-world": register_world,
    "summary": lambda: print(json.dumps(summary(), ensure_ascii=False)),
}


def main(argv: list[str]) -> None:
    _setup()
    COMMANDS[argv[0]](*argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
