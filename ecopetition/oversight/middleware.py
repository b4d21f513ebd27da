"""Discipline inspectors read; they never act. Any change they attempt is refused here and recorded.

Add `ecopetition.oversight.middleware.InspectorReadOnlyMiddleware` to MIDDLEWARE after
AuthenticationMiddleware and MessageMiddleware. It applies to users whose only role is inspector (a
person who also holds a handling role is governed by the transition table like anyone else). The core
actions already refuse inspectors through the transition table; this makes the refusal uniform (every
console POST and every API write, including other apps' endpoints) and logs each attempt.
"""

from __future__ import annotations

import logging
import re

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from ecopetition.core import clock
from ecopetition.org import queries as org
from ecopetition.org.models import Role

log = logging.getLogger("ecopetition.oversight")

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
# What an inspector may still POST: the mark and their own session, language and inbox.
ALLOWED_VIEWS = {"oversight:mark", "logout", "set_language", "login"}
ALLOWED_NAMESPACES = {"notify"}
ALLOWED_API = [re.compile(r"^/api/v1/oversight/cases/[^/]+/accountability/?$")]


def is_read_only_inspector(user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or getattr(user, "is_superuser", False):
        return False
    roles = org.roles_of(user)
    return roles == {Role.INSPECTOR}


def _bearer_user(request):
    row = org.bearer_token(request)
    return row.user if row else None


def refusal_message() -> str:
    return _("Discipline inspectors have read-only access: this action was refused and recorded.")


def record(user, request, view_name: str = "", number: str | None = None, via: str = "web"):
    from ecopetition.cases.models import Complaint

    from .models import RefusedAttempt

    # A NUL in the path is the sender's doing; PostgreSQL can neither compare nor store one.
    case = Complaint.objects.filter(number=number).first() if number and "\x00" not in number else None
    path = request.path[:500].replace("\x00", "\ufffd")
    return RefusedAttempt.objects.create(user=user, at=clock.now(), method=request.method[:10],
                                         path=path, view_name=view_name[:120], complaint=case, via=via)


class InspectorReadOnlyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        is_api = request.path.startswith("/api/")
        user = getattr(request, "user", None)
        if is_api and not getattr(user, "is_authenticated", False):
            user = _bearer_user(request)
        if not is_read_only_inspector(user):
            return self.get_response(request)
        view_name, number = "", None
        try:
            match = resolve(request.path_info)
            view_name = match.view_name or ""
            number = match.kwargs.get("number")
        except Resolver404:
            pass
        if is_api:
            if any(p.match(request.path) for p in ALLOWED_API):
                return self.get_response(request)
            number = number or _number_in_api_path(request.path)
        elif view_name in ALLOWED_VIEWS or view_name.split(":")[0] in ALLOWED_NAMESPACES:
            return self.get_response(request)
        record(user, request, view_name, number, via="api" if is_api else "web")
        log.warning("refused %s %s by inspector %s", request.method, request.path, user.get_username())
        if is_api:
            return JsonResponse({"code": "read_only", "message": refusal_message(), "field": None}, status=403)
        return render(request, "error.html", {"message": refusal_message()}, status=403)


def _number_in_api_path(path: str) -> str | None:
    m = re.match(r"^/api/v1/complaints/([^/]+)", path)
    return m.group(1) if m else None
