from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "ecopetition.intake"
    label = "intake"
