from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "teekond.research"
    label = "research"
    verbose_name = _("Measure")

    def ready(self):
        from teekond.accounts.demo import DEMO_BUILDERS
        from teekond.research.demo import build_demo

        DEMO_BUILDERS.register(build_demo)

        from teekond.journeys.plugins import METRIC_SOURCES
        from teekond.research.services import backlog_metric

        METRIC_SOURCES.register(backlog_metric)

        from teekond.journeys.overlays import register_overlay
        from teekond.research.overlay import survey_row

        register_overlay(survey_row)

        from teekond.core.dashboard import register_panel
        from teekond.research.dashboard import measure_panel

        register_panel(measure_panel)

        from teekond.core.navigation import register_nav
        from teekond.research.dashboard import measure_nav

        register_nav(measure_nav)

        from teekond.journeys.plugins import STEP_PANELS
        from teekond.research.panel import survey_panel

        STEP_PANELS.register(survey_panel)
