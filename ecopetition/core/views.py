"""Views of the core: the health check, and the last-resort answer to an error no view handled."""

from __future__ import annotations

import logging
import sys

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

from .exceptions import database_unavailable
from .forms import PasswordChangeForm, lockout_minutes

log = logging.getLogger("ecopetition")

BUSY_RETRY_AFTER = "2"


# Roles that have work to act on in the queue; a user with none of them lands where their work is.
ACTING_ROLES = {"clerk", "dispatcher", "officer", "supervisor", "callback"}


def landing(request):
    """Where a person lands after logging in: the leader on the command centre, the inspector on oversight,
    an administrator on the admin, everyone who acts on cases on their work queue."""
    from django.contrib.auth.views import redirect_to_login
    from django.shortcuts import redirect

    from ecopetition.org.queries import roles_of

    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    roles = roles_of(user)
    if roles & ACTING_ROLES:
        return redirect("cases:queue")
    if "leader" in roles:
        return redirect("analytics:dashboard")
    if "inspector" in roles:
        return redirect("oversight:index")
    if "admin" in roles or user.is_superuser:
        return redirect("admin:index")
    return redirect("cases:queue")


def _machine(request) -> bool:
    return request.path.startswith(("/api/", "/open311/"))


def page_not_found(request, exception=None):
    """404 in the user's language, with the header and a way on (never Django's bare English page)."""
    message = _("There is no such page, or it is not yours to see.")
    if _machine(request):
        return JsonResponse({"code": "not_found", "message": message, "field": None}, status=404)
    return render(request, "404.html", {"message": message}, status=404)


def permission_denied(request, exception=None):
    message = _("Your role may not open this page.")
    if _machine(request):
        return JsonResponse({"code": "forbidden", "message": message, "field": None}, status=403)
    return render(request, "403.html", {"message": message}, status=403)


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


def client_address(request) -> str:
    """The address login throttling counts: REMOTE_ADDR, which a proxy in front must set (gunicorn
    --forwarded-allow-ips), never a header the client could forge."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def locked_out(request, original_response=None, credentials=None):
    """Too many failed log-ins for this user name or from this address: the log-in page, refusing.

    The same words whether or not the user exists, and no count of attempts left, so the page tells an
    attacker nothing about accounts. On the password change page (whose wrong old passwords count as
    failed log-ins) the page itself, whose form already says why.
    """
    minutes = lockout_minutes()
    if original_response is not None and getattr(request, "ecopetition_password_change", False):
        response = original_response
        response.status_code = 429
    else:
        message = _("Too many failed log-in attempts. Log-in is locked for %(minutes)d minutes; "
                    "please try again later or ask your administrator.") % {"minutes": minutes}
        response = render(request, "registration/login.html",
                          {"form": AuthenticationForm(request), "locked_message": message}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing one's own password, the old one checked under the log-in throttle (core.forms)."""

    form_class = PasswordChangeForm

    def dispatch(self, request, *args, **kwargs):
        request.ecopetition_password_change = True  # locked_out() answers with this page
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


def admin_password_change(request):
    """The admin's own "change password" page (`admin:password_change` resolves here first): the same
    throttled form as the console's, in the admin's frame."""
    from django.contrib import admin
    from django.urls import reverse

    request.current_app = admin.site.name
    return PasswordChangeView.as_view(
        success_url=reverse("admin:password_change_done", current_app=admin.site.name),
        extra_context=admin.site.each_context(request),
    )(request)
