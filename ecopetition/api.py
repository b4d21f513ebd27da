"""The JSON API at /api/v1/: one NinjaAPI; each app that has an `api.py` with a `router` joins it.

Authentication: `Authorization: Bearer <token>` (org.ApiToken) for other
systems, or the browser session (with CSRF) for the console's own calls.
"""

from __future__ import annotations

import importlib

from django.apps import apps
from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from ecopetition.org.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        if not token or len(token) > 200:
            return None
        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), active=True, user__is_active=True)
            .first()
        )
        if row is None:
            return None
        if row.last_used_at is None or (timezone.now() - row.last_used_at).total_seconds() > 300:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return row.user


api = NinjaAPI(
    title="ecopetition API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), django_auth],
    docs_url="/docs",
)

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
