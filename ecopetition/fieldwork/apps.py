from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "ecopetition.fieldwork"
    label = "fieldwork"
