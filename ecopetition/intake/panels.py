"""Case-page panels of intake: where a complaint that came in by itself was filed, and why."""

from __future__ import annotations

from .models import IntakeRoute


def route_panel(request, case):
    route = IntakeRoute.objects.filter(complaint=case).first()
    return {"route": route} if route else None
