"""Staff intake pages at /staff/intake/."""

from django.urls import path

from . import letter_views, views

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
    path("hotline/", views.hotline, name="hotline"),
    path("hotline/<str:number>/return/", views.hotline_return, name="hotline_return"),
    path("hotline/replies.<str:fmt>", views.hotline_export, name="hotline_export"),
    path("reception/<int:pk>/", views.reception_detail, name="reception_detail"),
    path("letters/", letter_views.upload, name="letter_upload"),
    path("letters/<int:pk>/", letter_views.status, name="letter"),
    path("letters/<int:pk>/progress/", letter_views.progress, name="letter_progress"),
    path("letters/<int:pk>/original/", letter_views.original, name="letter_original"),
]
