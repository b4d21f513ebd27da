from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "ecopetition.notify"
    label = "notify"
