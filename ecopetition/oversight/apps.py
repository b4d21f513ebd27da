from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "ecopetition.oversight"
    label = "oversight"
