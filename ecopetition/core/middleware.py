"""Security headers on every answer, and domain errors shown as messages instead of 500s."""

from __future__ import annotations

import logging

from django.db import DataError
from django.shortcuts import render
from django.utils.translation import gettext as _

from .exceptions import DomainError, database_unavailable
from .registry import body_limit_for
from .views import busy_response

log = logging.getLogger("ecopetition")

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", "geolocation=(self), camera=(self), microphone=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class DomainErrorMiddleware:
    """Last line: a DomainError that a view did not handle becomes a readable page, not a 500.

    Every 503 (busy) answer, from any view or API, tells the sender when to try again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 503:
            response.headers.setdefault("Retry-After", "2")
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DomainError):
            log.info("refused: %s", exception.message)
            return render(request, "error.html", {"message": exception.message}, status=exception.status)
        if isinstance(exception, DataError):
            # Input no form caught but the database refuses (PostgreSQL: a NUL character).
            log.warning("database refused the input on %s %s: %s", request.method, request.path, exception)
            return render(request, "error.html", {"message": _("The request holds a value that cannot be stored.")},
                          status=400)
        if database_unavailable(exception):
            # Locked (SQLite), overloaded or restarting database: temporary; nothing was half-written
            # because every action runs in one transaction. The plain busy page needs no database
            # (the console's page would ask it for the user's roles).
            log.warning("database busy on %s %s: %s", request.method, request.path, exception)
            return busy_response(request)
        return None


class ChineseFirstLocaleMiddleware:
    """Simplified Chinese unless the person chose another language with the switch (a cookie).

    The browser's Accept-Language is not consulted: staff machines in bureaus are
    often set up in English, and the console must open in Chinese for them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class BodyLimitMiddleware:
    """Refuse a request body larger than it may be before any of it is read or spooled to disk (413).

    A multipart body (files) may be at most REQUEST_MAX_UPLOAD_BYTES, any other body DATA_UPLOAD_MAX_MEMORY_SIZE.
    A path may have a lower limit, registered by its app (core.registry.register_body_limit): the public
    portal's form takes no more than its photos can make, Open311 takes no files; its app may answer
    with its own page. The proxy in front should refuse the general sizes first (nginx
    `client_max_body_size`; docs/operations.md). Machine clients (API, Open311) get JSON in the API's
    error shape; people a page in their language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        multipart = (request.META.get("CONTENT_TYPE") or "").startswith("multipart/")
        limit = settings.REQUEST_MAX_UPLOAD_BYTES if multipart else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        special = body_limit_for(request.path)
        if special is not None:
            limit = min(limit, special.max_bytes())
        if length > limit:
            if special is not None and special.refuse is not None:
                return special.refuse(request, limit)
            return too_large(request, limit)
        return self.get_response(request)


def too_large(request, limit: int):
    from django.http import JsonResponse
    from django.shortcuts import render
    from django.utils.translation import gettext as _

    message = _("The request is too large: at most %(mb)s MB.") % {"mb": f"{limit / 2**20:.0f}"}
    from .registry import ERROR_SHAPES

    for prefix, error in ERROR_SHAPES.items():
        if request.path.startswith(prefix):
            return error(request, "too_large", message)
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "too_large", "message": message, "field": None}, status=413)
    return render(request, "error.html", {"message": message}, status=413)
