from django.urls import path

from . import views

app_name = "deadlines"
urlpatterns = [
    path("board/", views.board, name="board"),
    path("board/tiles/", views.board_tiles, name="board_tiles"),
    path("mine/", views.mine, name="mine"),
    path("case/<str:number>/urge/", views.urge, name="urge"),
    path("case/<str:number>/order/", views.order, name="order"),
    path("order/<int:pk>/respond/", views.respond, name="respond"),
    path("case/<str:number>/instruct/", views.instruct, name="instruct"),
    path("case/<str:number>/own/", views.own, name="own"),
    path("case/<str:number>/release/", views.release, name="release"),
    path("case/<str:number>/duty/", views.duty, name="duty"),
    path("case/<str:number>/star/", views.star, name="star"),
]
