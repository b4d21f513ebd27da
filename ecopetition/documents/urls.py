from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("templates/", views.templates, name="templates"),
    path("templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("case/<str:number>/generate/", views.generate, name="generate"),
    path("case/<str:number>/reply/", views.reply, name="reply"),
    path("case/<str:number>/reply/preview.pdf", views.reply_preview, name="reply_preview"),
    path("<int:pk>.<str:fmt>", views.download, name="download"),
    path("archive/", views.archive_list, name="archive"),
]
