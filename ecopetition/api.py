"""The JSON API at /api/v1/: one NinjaAPI; each app that has an `api.py` with a `router` joins it.

Authentication: `Authorization: Bearer <token>` (org.ApiToken) for other
systems, or the browser session (with CSRF) for the console's own calls.
"""

from __future__ import annotations

import importlib
import logging

from django.apps import apps
from django.db import DataError, InterfaceError, OperationalError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from ecopetition.core.views import busy_response
from ecopetition.intake.docs import LocalSwagger
from ecopetition.org.queries import bearer_token

log = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    """A bearer token of scope `api`; an Open311 key is refused like an unknown token (401)."""

    def authenticate(self, request, token):
        row = bearer_token(request)
        if row is None:
            return None
        row.mark_used()
        request.user = row.user
        return row.user


class ApiError(Schema):
    """The one error body of the whole API: what went wrong, for a program and for a person."""

    code: str
    message: str
    field: str | None = None
    errors: list[dict] | None = None


# Answers any operation may give besides its own, documented in the schema for all of them:
# (status, applies to the operation?, description).
COMMON_ERRORS = [
    (400, lambda op: "requestBody" in op or bool(op.get("parameters")),
     "The request body could not be read, or a value cannot be stored."),
    (401, lambda op: bool(op.get("security")), "No valid API token or session."),
    (404, lambda op: any(p.get("in") == "path" for p in op.get("parameters", [])), "Nothing of that name."),
    (422, lambda op: "requestBody" in op or bool(op.get("parameters")), "A parameter or a field is not valid."),
    (503, lambda op: True, "The database is busy; send the request again after Retry-After seconds."),
]


class EcopetitionAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """ninja's schema, plus the error answers that come from the framework rather than the operation.
        Built once per process and language: the routes do not change while it runs, and an anonymous
        request for the schema should cost a lookup, not a walk over every operation."""
        key = (path_prefix, repr(sorted((path_params or {}).items())), translation.get_language())
        cache = self.__dict__.setdefault("_schema_cache", {})
        if key not in cache:
            cache[key] = self._build_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return cache[key]

    def _build_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault("ApiError", ApiError.model_json_schema(ref_template="#/components/schemas/{model}"))
        body = {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}
        for methods in schema.get("paths", {}).values():
            for op in methods.values():
                # ninja keys an operation's own answers by int; one key per status, as JSON needs.
                responses = {str(k): v for k, v in op.get("responses", {}).items()}
                for status, applies, description in COMMON_ERRORS:
                    if applies(op):
                        responses.setdefault(str(status), {"description": description, "content": body})
                op["responses"] = responses
        return schema


api = EcopetitionAPI(
    title="ecopetition API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), django_auth],
    docs_url="/docs",
    docs=LocalSwagger(),  # the vendored Swagger UI, never a CDN
)


def error(request, status: int, code: str, message: str, *, field: str | None = None, **extra):
    return api.create_response(request, {"code": code, "message": message, "field": field, **extra}, status=status)


def database_busy(request, exc):
    """A locked, restarting or overloaded database is a temporary condition: say so, and when to retry."""
    log.warning("API %s %s: database busy (%s)", request.method, request.path, exc)
    return busy_response(request)  # {code, message, field}: the ApiError shape


api.add_exception_handler(OperationalError, database_busy)
api.add_exception_handler(InterfaceError, database_busy)


@api.exception_handler(DataError)
def refused_by_database(request, exc):
    """Input no check caught but the database refuses (PostgreSQL: a NUL character): the sender's error."""
    log.warning("API %s %s: the database refused the input (%s)", request.method, request.path, exc)
    return error(request, 400, "invalid", _("The request holds a value the database cannot store."))


@api.exception_handler(ValidationError)
def invalid(request, exc):
    """ninja's 422 in the API's error shape; the first problem in words, all of them in `errors`."""
    first = exc.errors[0] if exc.errors else {}
    loc = [str(part) for part in first.get("loc", ()) if part not in ("body", "query", "path", "payload", "file")]
    field = loc[-1] if loc else None
    message = _("The request is not valid: %(field)s: %(problem)s") % {
        "field": ".".join(loc) or "-", "problem": first.get("msg", "")}
    return error(request, 422, "invalid", message, field=field, errors=exc.errors)


@api.exception_handler(HttpError)
def http_error(request, exc):
    if isinstance(exc, AuthenticationError):
        return error(request, exc.status_code, "unauthenticated",
                     _("Send a valid API token: “Authorization: Bearer <token>”."))
    if exc.status_code == 400:
        # ninja raises it when the body is not JSON (or not the form it expects).
        return error(request, 400, "unreadable", _("The request body could not be read; send JSON."))
    return error(request, exc.status_code, "refused", str(exc))


@api.exception_handler(Http404)
def not_found(request, exc):
    return error(request, 404, "not_found", _("Nothing of that name is visible to you."))


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
