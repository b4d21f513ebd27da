from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("templates/", views.templates, name="templates"),
    path("templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("case/<str:number>/generate/", views.generate, name="generate"),
    path("case/<str:number>/reply/", views.send_reply, name="send_reply"),
    path("<int:pk>.<str:fmt>", views.download, name="download"),
    path("archive/", views.archive_list, name="archive"),
]
