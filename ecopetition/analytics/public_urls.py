from django.urls import path

from . import public_views

app_name = "disclosure"
urlpatterns = [
    path("", public_views.index, name="index"),
    path("<str:number>/", public_views.detail, name="detail"),
]
