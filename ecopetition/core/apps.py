from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ecopetition.core"
    label = "core"
    verbose_name = "Core"
