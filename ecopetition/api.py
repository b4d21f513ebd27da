"""The JSON API at /api/v1/: one NinjaAPI; each app that has an `api.py` with a `router` joins it.

Authentication: `Authorization: Bearer <token>` (org.ApiToken) for other
systems, or the browser session (with CSRF) for the console's own calls.
"""

from __future__ import annotations

import importlib
import logging

from django.apps import apps
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from ecopetition.core.views import busy_response
from ecopetition.org.models import ApiToken
from ecopetition.org.queries import bearer_token

log = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        row = bearer_token(request)
        if row is None:
            return None
        if row.last_used_at is None or (timezone.now() - row.last_used_at).total_seconds() > 300:
            # Bookkeeping only: a busy database must not turn a valid token into an error.
            try:
                with transaction.atomic():
                    ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
            except OperationalError as exc:
                log.info("token %s: last-used time not recorded (%s)", row.pk, exc)
        request.user = row.user
        return row.user


api = NinjaAPI(
    title="ecopetition API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), django_auth],
    docs_url="/docs",
)



def database_busy(request, exc):
    """A locked, restarting or overloaded database is a temporary condition: say so, and when to retry."""
    log.warning("API %s %s: database busy (%s)", request.method, request.path, exc)
    return busy_response(request)


api.add_exception_handler(OperationalError, database_busy)
api.add_exception_handler(InterfaceError, database_busy)


for config in apps.get_app_configs():
    if not config.name.startswith("ecopetition."):
        continue
    try:
        module = importlib.import_module(f"{config.name}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"{config.name}.api":
            raise
        continue
    router = getattr(module, "router", None)
    if router is not None:
        api.add_router(getattr(module, "PREFIX", f"/{config.label}/"), router)
