from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventLogsConfig(AppConfig):
    name = "teekond.eventlogs"
    label = "eventlogs"
    verbose_name = _("Event logs")

    def ready(self):
        from teekond.accounts.demo import DEMO_BUILDERS
        from teekond.eventlogs.demo import build_demo

        DEMO_BUILDERS.register(build_demo)

        from teekond.eventlogs.overlay import conformance_row
        from teekond.journeys.overlays import register_overlay

        register_overlay(conformance_row)

        from teekond.core.dashboard import register_panel
        from teekond.eventlogs.dashboard import eventlog_panel

        register_panel(eventlog_panel)

        from teekond.core.navigation import register_nav
        from teekond.eventlogs.dashboard import eventlog_nav

        register_nav(eventlog_nav)
