from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "ecopetition.triage"
    label = "triage"
