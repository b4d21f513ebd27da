from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/add/", views.add_item, name="add_item"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/<str:what>.<str:fmt>", views.printout, name="print"),
    path("items/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("items/<int:pk>/decide/", views.decide, name="decide"),
    path("items/<int:pk>/remove/", views.remove_item, name="remove_item"),
    path("decisions/<int:pk>/done/", views.complete, name="complete"),
    path("problems/", views.problems, name="problems"),
    path("problems/new/", views.problem_create, name="problem_create"),
    path("problems/<int:pk>/", views.problem, name="problem"),
    path("problems/<int:pk>/<str:step>/", views.problem_act, name="problem_act"),
]
