from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "teekond.actions"
    label = "actions"
    verbose_name = _("Act")

    def ready(self) -> None:
        from teekond.actions import audit, demo

        audit.connect()
        from teekond.core.demo import DEMO_BUILDERS

        if demo.build not in DEMO_BUILDERS:
            DEMO_BUILDERS.append(demo.build)

        from teekond.actions.dashboard import act_panel
        from teekond.core.dashboard import register_panel

        register_panel(act_panel)
