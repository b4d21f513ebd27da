from django.urls import path

from . import views

app_name = "fieldwork"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("<str:number>/", views.field_case, name="case"),
    path("<str:number>/sign/", views.sign_for, name="sign_for"),
    path("<str:number>/arrive/", views.arrive, name="arrive"),
    path("<str:number>/photo/", views.photo, name="photo"),
    path("<str:number>/report/", views.report, name="report"),
    path("<str:number>/survey/", views.survey, name="survey"),
    path("<str:number>/rectification/<int:pk>/verify/", views.verify, name="verify"),
]
