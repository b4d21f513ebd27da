"""The case page's documents panel: what was issued, and what this user may issue now."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ecopetition.cases.models import State
from ecopetition.cases.privacy import can_see_identity

from . import actions
from .models import DocKind


def documents_panel(request, case):
    docs = list(case.documents.select_related("created_by").order_by("created_at", "id"))
    kinds = actions.kinds_for(request.user, case)
    can_reply = case.state == State.REVIEWED and actions.may_reply(request.user, case)
    if not docs and not kinds and not can_reply:
        return None
    identity = can_see_identity(request.user, case)
    return {
        "docs": [(d, identity or not d.has_identity) for d in docs],
        "kinds": [(k, DocKind(k).label) for k in kinds],
        "generate_url": reverse("documents:generate", args=[case.number]),
        "reply_url": reverse("documents:reply", args=[case.number]) if can_reply else "",
        "draft": actions.open_draft(case) if can_reply else None,
        "needs_deadline": sorted(actions.NEEDS_DEADLINE),
        # Only the inputs some offered kind uses (an officer who may make a contact card only is not asked
        # for an urging notice's deadline).
        "asks_deadline": any(k in actions.NEEDS_DEADLINE for k in kinds),
        "asks_phone": DocKind.CONTACT_CARD in kinds,
    }


def archive_panel(request, case):
    """The archive number and retention of an archived case; for a closed one, what archiving will give it."""
    from ecopetition.cases.actions import review_window
    from ecopetition.core import clock

    from . import archiving
    from .models import CaseArchive, retention_label

    if case.state not in (State.CLOSED, State.ARCHIVED):
        return None
    record = CaseArchive.objects.filter(complaint=case).select_related("archived_by").first()
    if record is not None:
        years, basis = record.retention_years, record.retention_basis
    else:
        years, basis = archiving.retention_for(case)
    window = review_window(case)
    return {
        "record": record, "label": retention_label(years),
        "basis": [{"what": DocKind(b["kind"]).label if b["kind"] else _("case file"),
                   "label": retention_label(b["years"])} for b in basis],
        "window": window[1] if window and window[1] >= clock.localdate() else None,
    }
