"""Demo data for documents: number prefixes for the demo bureaus and one document of every kind.

`ecopetition demo` calls `extend(stdout)` after loading its cases (and after
the deadlines app issued its supervision orders). A re-review is decided on
one case so that a re-review opinion can be printed too. Idempotent: nothing
is added once documents exist.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from ecopetition.cases import actions as case_actions
from ecopetition.cases.models import Complaint, State
from ecopetition.core import clock
from ecopetition.core.exceptions import DomainError
from ecopetition.org.models import Unit

from . import actions
from .models import DOCUMENT_KINDS, Document, DocumentPrefix

# Base prefixes (发文字号) of the demo bureaus; each kind adds its word, e.g. 盐环信告〔2026〕1号.
PREFIXES = {"JS": "苏环", "YC": "盐环", "SY": "射环", "TH": "亭环", "NT": "通环", "RD": "如环", "HA": "海环"}
ISSUERS = ["clerk", "dispatcher", "supervisor", "officer", "prov_supervisor", "leader"]


def _decide_one_re_review(users) -> None:
    case = Complaint.objects.filter(state=State.UNDER_RE_REVIEW).order_by("id").first()
    if case is not None and "prov_supervisor" in users:
        case_actions.do_decide_re_review(case, actor=users["prov_supervisor"], upheld=True,
                                         opinion="经复核，原复查意见认定事实清楚，适用依据正确，予以维持。")


def _archive_some(stdout, wanted: int = 3) -> int:
    """归档: the oldest closed cases whose review window has ended go to the archive, by a clerk over them."""
    from ecopetition.org.models import Membership

    from .archiving import do_archive
    from .models import CaseArchive

    if CaseArchive.objects.exists():
        return 0
    made = 0
    for case in Complaint.objects.filter(state=State.CLOSED).select_related("unit").order_by("closed_at", "id")[:60]:
        ids = [int(p) for p in case.unit.path.strip("/").split("/") if p]
        clerk = (Membership.objects.filter(unit_id__in=ids, role="clerk", user__is_active=True)
                 .order_by("-unit__level", "id").values_list("user", flat=True).first())
        if clerk is None:
            continue
        try:
            do_archive(case, actor=get_user_model().objects.get(pk=clerk), note="年度归档（演示）")
        except DomainError:
            continue
        made += 1
        if made >= wanted:
            break
    if stdout:
        stdout.write(f"  {made} closed cases archived")
    return made


def extend(stdout) -> dict:
    for code, prefix in PREFIXES.items():
        unit = Unit.objects.filter(code=code).first()
        if unit is not None:
            DocumentPrefix.objects.get_or_create(unit=unit, kind="", defaults={"prefix": prefix})
    _archive_some(stdout)
    if Document.objects.exists():
        return {"documents": 0}
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=ISSUERS + ["prov_supervisor"])}
    try:
        _decide_one_re_review(users)
    except DomainError as exc:
        stdout.write(f"  no re-review decided: {exc}")
    made = 0
    cases = list(Complaint.objects.select_related("unit", "lead_unit").order_by("-received_at")[:400])
    for kind in DOCUMENT_KINDS:
        done = False
        for case in cases:
            for name in ISSUERS:
                user = users.get(name)
                if user is None:
                    continue
                text = None
                if kind in actions.ISSUED_BY_SENDING:
                    # The reply letter is made by sending the reply: print one as the demo's reply was sent.
                    if not case.reply_text or actions.issuing_unit(user, case, kind) is None:
                        continue
                    text = case.reply_text
                elif kind not in actions.kinds_for(user, case):
                    continue
                extra = {"deadline": str(clock.localdate() + dt.timedelta(days=7))} if kind == "urging" else {}
                try:
                    actions.do_generate_document(case, actor=user, kind=kind, extra=extra, text=text)
                except DomainError:
                    continue
                made, done = made + 1, True
                break
            if done:
                break
        if not done and stdout:
            stdout.write(f"  no demo case fits a {kind} document")
    if stdout:
        stdout.write(f"  {made} documents generated")
    return {"documents": made}
