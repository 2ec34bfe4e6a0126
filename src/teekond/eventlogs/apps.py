from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventLogsConfig(AppConfig):
    name = "teekond.eventlogs"
    label = "eventlogs"
    verbose_name = _("Event logs")
