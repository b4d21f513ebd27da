from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "ecopetition.deadlines"
    label = "deadlines"
