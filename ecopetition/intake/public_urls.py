"""The public portal at / : home, submit, track and rate."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.portal_home, name="home"),
    path("submit/", views.portal_submit, name="submit"),
    path("track/", views.portal_track, name="track"),
    path("track/rate/", views.portal_rate, name="rate"),
]
