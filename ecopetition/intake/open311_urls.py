"""Open311 GeoReport v2 at /open311/v2/ (format suffix .json or .xml on every resource)."""

from django.urls import path, re_path

from . import open311

app_name = "open311"

FMT = r"\.(?P<fmt>[A-Za-z0-9]+)$"

urlpatterns = [
    path("", open311.root, name="root"),
    re_path(r"^discovery" + FMT, open311.discovery, name="discovery"),
    re_path(r"^services" + FMT, open311.services, name="services"),
    re_path(r"^services/(?P<code>[^/]+?)" + FMT, open311.service_definition, name="service"),
    re_path(r"^requests" + FMT, open311.requests_view, name="requests"),
    re_path(r"^requests/(?P<request_id>[^/]+?)" + FMT, open311.request_detail, name="request"),
    re_path(r"^request/(?P<request_id>[^/]+?)" + FMT, open311.request_detail, name="request_alt"),
    re_path(r"^tokens/(?P<token>[^/]+?)" + FMT, open311.token_detail, name="token"),
    # Anything else, newlines included (`.` would not match one, and Django's own 404 page is no GeoReport error).
    re_path(r"^(?P<rest>[\s\S]*)$", open311.not_found, name="not_found"),
]
