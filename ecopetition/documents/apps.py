from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "ecopetition.documents"
    label = "documents"
