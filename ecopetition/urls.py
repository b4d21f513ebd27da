from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("ecopetition.core.auth_urls")),
    path("staff/", include("ecopetition.cases.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("ecopetition.core.urls")),
]
