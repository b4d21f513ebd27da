from django.urls import path

from . import views

app_name = "oversight"
urlpatterns = [
    path("", views.index, name="index"),
    path("cases/<str:number>/", views.case_history, name="case"),
    path("cases/<str:number>/export.json", views.export_json, name="export_json"),
    path("cases/<str:number>/export.html", views.export_html, name="export_html"),
    path("cases/<str:number>/export.pdf", views.export_pdf, name="export_pdf"),
    path("cases/<str:number>/mark/", views.mark, name="mark"),
    path("cases/<str:number>/recheck/", views.recheck_open, name="recheck_open"),
    path("cases/<str:number>/emergency/declare/", views.declare, name="declare"),
    path("cases/<str:number>/emergency/handled/", views.handled, name="handled"),
    path("missed/", views.missed, name="missed"),
    path("marked/", views.marked, name="marked"),
    path("refused/", views.refused, name="refused"),
    path("rechecks/", views.rechecks, name="rechecks"),
    path("rechecks/<int:pk>/", views.recheck_detail, name="recheck"),
    path("emergencies/", views.emergencies, name="emergencies"),
    path("emergencies/ack/<int:pk>/", views.acknowledge, name="acknowledge"),
    path("ack/<str:token>/", views.ack_link, name="ack_link"),
    path("suggest/", views.suggest, name="suggest"),
]
