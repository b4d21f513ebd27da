from django.urls import path, re_path

from . import views

app_name = "analytics"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("points/", views.points, name="points"),
    re_path(r"^geo/(?P<adcode>\d{6})\.json$", views.geo_file, name="geo"),
    path("warnings/push/", views.push_warning, name="push_warning"),
    path("assessment/", views.assessment_view, name="assessment"),
    path("assessment/officers/<int:unit_id>/", views.officers_view, name="officers"),
    re_path(r"^report\.(?P<fmt>pdf|xlsx)$", views.report, name="report"),
    path("disclosure/", views.publish, name="publish"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/phases/<int:phase>/report.pdf", views.campaign_phase_pdf, name="campaign_phase_pdf"),
]
