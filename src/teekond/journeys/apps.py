from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneysConfig(AppConfig):
    name = "teekond.journeys"
    label = "journeys"
    verbose_name = _("Journey maps")

    def ready(self):
        from teekond.core.demo import DEMO_BUILDERS
        from teekond.journeys.demo import build_demo

        if build_demo not in DEMO_BUILDERS:
            DEMO_BUILDERS.append(build_demo)

        from teekond.core.dashboard import register_panel
        from teekond.journeys.dashboard import map_panel

        register_panel(map_panel)
