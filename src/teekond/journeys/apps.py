from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneysConfig(AppConfig):
    name = "teekond.journeys"
    label = "journeys"
    verbose_name = _("Journey maps")

    def ready(self):
        from teekond.accounts.demo import DEMO_BUILDERS
        from teekond.journeys.demo import build_demo

        DEMO_BUILDERS.register(build_demo)

        from teekond.core.dashboard import register_panel
        from teekond.journeys.dashboard import map_panel

        register_panel(map_panel)

        from teekond.core.navigation import register_nav
        from teekond.journeys.dashboard import map_nav

        register_nav(map_nav)

        from teekond.core.onboarding import ONBOARDING
        from teekond.journeys.firstrun import first_map_step, persona_step

        ONBOARDING.register(first_map_step)
        ONBOARDING.register(persona_step)
