"""The case page's documents panel: what was issued, and what this user may issue now."""

from __future__ import annotations

from django.urls import reverse

from ecopetition.cases.models import ReplyMethod, State
from ecopetition.cases.privacy import can_see_identity

from . import actions
from .models import DocKind


def documents_panel(request, case):
    docs = list(case.documents.select_related("created_by").order_by("created_at", "id"))
    kinds = actions.kinds_for(request.user, case)
    if not docs and not kinds:
        return None
    identity = can_see_identity(request.user, case)
    can_reply = case.state == State.REVIEWED and DocKind.REPLY in kinds
    return {
        "docs": [(d, identity or not d.has_identity) for d in docs],
        "kinds": [(k, DocKind(k).label) for k in kinds],
        "generate_url": reverse("documents:generate", args=[case.number]),
        "reply_url": reverse("documents:send_reply", args=[case.number]) if can_reply else "",
        "reply_methods": ReplyMethod.choices,
        "needs_deadline": sorted(actions.NEEDS_DEADLINE),
    }
