"""The case page's documents panel: what was issued, and what this user may issue now."""

from __future__ import annotations

from django.urls import reverse

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
    }
