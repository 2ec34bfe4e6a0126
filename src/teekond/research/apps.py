from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "teekond.research"
    label = "research"
    verbose_name = _("Measure")

    def ready(self):
        from teekond.core.demo import DEMO_BUILDERS
        from teekond.research.demo import build_demo

        if build_demo not in DEMO_BUILDERS:
            DEMO_BUILDERS.append(build_demo)

        from teekond.actions.services import register_metric_source
        from teekond.research.services import backlog_metric

        register_metric_source(backlog_metric)

        from teekond.journeys.overlays import register_overlay
        from teekond.research.overlay import survey_row

        register_overlay(survey_row)

        from teekond.core.dashboard import register_panel
        from teekond.research.dashboard import measure_panel

        register_panel(measure_panel)
