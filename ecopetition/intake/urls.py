"""Staff intake pages at /staff/intake/."""

from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("phone/", views.phone_intake, name="phone"),
    path("phone/history/", views.phone_history, name="phone_history"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/map/", views.import_map, name="import_map"),
    path("import/<int:pk>/report/", views.import_report, name="import_report"),
    path("export.xlsx", views.export, name="export"),
    path("reception/", views.reception_list, name="reception"),
    path("unrouted/", views.unrouted, name="unrouted"),
    path("reception/<int:pk>/", views.reception_detail, name="reception_detail"),
]
