from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    name = "ecopetition.devtools"
    label = "devtools"
    verbose_name = "Development tools"
