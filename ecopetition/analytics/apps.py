from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "ecopetition.analytics"
    label = "analytics"
