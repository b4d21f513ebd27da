"""The API docs page (/api/v1/docs) served from vendored Swagger UI files, never from a CDN."""

from __future__ import annotations

import json

from django.shortcuts import render
from ninja.openapi.docs import Swagger, _csrf_needed


class LocalSwagger(Swagger):
    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": json.dumps(self.settings), "api": api, "add_csrf": _csrf_needed(api)}
        return render(request, "intake/api_docs.html", context)

