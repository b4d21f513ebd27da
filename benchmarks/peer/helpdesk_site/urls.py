"""URLs of the peer benchmark's helpdesk project: helpdesk at the root, so its API is /api/."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("helpdesk.urls")),
]
