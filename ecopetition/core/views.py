"""Views of the core: the health check, and the last-resort answer to an error no view handled."""

from __future__ import annotations

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

log = logging.getLogger("ecopetition")

BUSY_RETRY_AFTER = "2"


def healthz(request):
    """Liveness and database reachability, for load balancers and `make run` to wait on."""
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
    except DatabaseError:
        response = JsonResponse({"status": "unavailable", "database": connection.vendor}, status=503)
        response["Retry-After"] = BUSY_RETRY_AFTER
        return response
    return JsonResponse({"status": "ok", "database": connection.vendor})


def database_unavailable(exc: BaseException | None) -> bool:
    """Down, restarting, unreachable or locked: the database, not the request, is at fault."""
    return isinstance(exc, OperationalError | InterfaceError)


def busy_response(request) -> HttpResponse:
    """503 with Retry-After: JSON for machine clients, a plain page (no database needed) for people."""
    if request.path.startswith(("/api/", "/open311/")):
        response = JsonResponse(
            {"code": "busy", "message": _("The system is busy; please send the request again shortly."),
             "field": None}, status=503)
    else:
        response = HttpResponse(render_to_string("busy.html", {
            "message": _("The system is busy; please try again in a moment. Nothing was saved.")}), status=503)
    response["Retry-After"] = BUSY_RETRY_AFTER
    return response


def server_error(request):
    """handler500: what no view or middleware handled. A database that is down or restarting is a
    passing condition, wherever it was first noticed (a middleware's query included): 503, not 500."""
    if database_unavailable(sys.exc_info()[1]):
        return busy_response(request)
    return defaults.server_error(request)
