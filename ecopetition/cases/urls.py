from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("cases/", views.case_list, name="list"),
    path("cases/new/", views.register, name="register"),
    path("cases/units/", views.unit_options, name="unit_options"),
    path("cases/<str:number>/", views.detail, name="detail"),
    path("cases/<str:number>/act/<str:action>/", views.act, name="act"),
    path("cases/<str:number>/files/<int:pk>/", views.attachment, name="attachment"),
]
