"""Views of the core: the health check, and the last-resort answer to an error no view handled."""

from __future__ import annotations

import logging
import sys

from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

from .exceptions import database_unavailable

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
    exc = sys.exc_info()[1]
    if database_unavailable(exc):
        log.warning("database unavailable on %s %s: %s", request.method, request.path, exc)
        return busy_response(request)
    if request.path.startswith(("/api/", "/open311/")):
        return JsonResponse({"code": "server_error", "field": None, "message": _(
            "Something went wrong on our side. It has been logged; please try again later.")}, status=500)
    return defaults.server_error(request)
