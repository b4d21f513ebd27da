from django.contrib.auth.forms import AuthenticationForm
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def healthz(request):
    """Liveness and database reachability, for load balancers and `make run` to wait on."""
    with connection.cursor() as cur:
        cur.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


def client_address(request) -> str:
    """The address login throttling counts: REMOTE_ADDR, which a proxy in front must set (gunicorn
    --forwarded-allow-ips), never a header the client could forge."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def locked_out(request, original_response=None, credentials=None):
    """Too many failed log-ins for this user name or from this address: the log-in page, refusing.

    The same words whether or not the user exists, and no count of attempts left, so the page tells an
    attacker nothing about accounts.
    """
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _("Too many failed log-in attempts. Log-in is locked for %(minutes)d minutes; "
                "please try again later or ask your administrator.") % {"minutes": minutes}
    response = render(request, "registration/login.html",
                      {"form": AuthenticationForm(request), "locked_message": message}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
