from django.contrib import admin
from django.urls import include, path

from ecopetition.api import api
from ecopetition.core.views import admin_password_change

urlpatterns = [
    # Before the admin's own: its change-password page with the throttled form (core.forms).
    path("admin/password_change/", admin.site.admin_view(admin_password_change, cacheable=False),
         name="admin_password_change"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("open311/v2/", include("ecopetition.intake.open311_urls")),
    path("accounts/", include("ecopetition.core.auth_urls")),
    path("staff/deadlines/", include("ecopetition.deadlines.urls")),
    path("staff/notifications/", include("ecopetition.notify.urls")),
    path("staff/triage/", include("ecopetition.triage.urls")),
    path("staff/documents/", include("ecopetition.documents.urls")),
    path("staff/fieldwork/", include("ecopetition.fieldwork.urls")),
    path("staff/intake/", include("ecopetition.intake.urls")),
    path("staff/analytics/", include("ecopetition.analytics.urls")),
    path("staff/oversight/", include("ecopetition.oversight.urls")),
    path("staff/meetings/", include("ecopetition.meetings.urls")),
    path("staff/", include("ecopetition.cases.urls")),
    path("disclosure/", include("ecopetition.analytics.public_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("ecopetition.intake.public_urls")),
    path("", include("ecopetition.core.urls")),
]

# Errors no view handled; a database outage among them is answered 503 with Retry-After.
handler500 = "ecopetition.core.views.server_error"
handler404 = "ecopetition.core.views.page_not_found"
handler403 = "ecopetition.core.views.permission_denied"
