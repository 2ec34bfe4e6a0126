from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "teekond.core"
    label = "core"
    verbose_name = "Teekond"
