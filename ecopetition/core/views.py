import logging
import sys

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .exceptions import database_unavailable

log = logging.getLogger("ecopetition")


def healthz(request):
    """Liveness and database reachability, for load balancers and `make run` to wait on."""
    with connection.cursor() as cur:
        cur.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


def busy_response(request):
    """503 with Retry-After, as JSON for machine clients (API, Open311) and as a page for people."""
    message = _("The system is busy; please try again in a moment. Nothing was saved.")
    if request.path.startswith(("/api/", "/open311/")):
        response = JsonResponse({"code": "busy", "message": message, "detail": message}, status=503)
    else:
        response = render(request, "error.html", {"message": message}, status=503)
    response["Retry-After"] = "2"
    return response


def server_error(request):
    """handler500: wherever an error escaped (a view or a middleware), a database that is down or
    restarting is answered as 'busy, retry' (503), not as a crash; anything else as a plain 500 page."""
    exc = sys.exc_info()[1]
    if database_unavailable(exc):
        log.warning("database unavailable on %s %s: %s", request.method, request.path, exc)
        return busy_response(request)
    message = _("Something went wrong on our side. It has been logged; please try again later.")
    if request.path.startswith(("/api/", "/open311/")):
        return JsonResponse({"code": "server_error", "message": message}, status=500)
    try:
        return render(request, "error.html", {"message": message}, status=500)
    except Exception:  # the template layer itself may be what failed
        from django.http import HttpResponseServerError

        return HttpResponseServerError(message)
