from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "teekond.actions"
    label = "actions"
    verbose_name = _("Act")

    def ready(self) -> None:
        from teekond.accounts.demo import DEMO_BUILDERS
        from teekond.actions import audit, demo
        from teekond.actions.services import steps_with_backlog
        from teekond.journeys.plugins import STEP_ACTIONS, STEP_PANELS

        audit.connect()
        DEMO_BUILDERS.register(demo.build)
        # The lowest-point warning counts a step with an open backlog item as covered.
        STEP_ACTIONS.register(steps_with_backlog)

        from teekond.actions.dashboard import act_panel
        from teekond.core.dashboard import register_panel

        register_panel(act_panel)

        from teekond.actions.dashboard import act_nav
        from teekond.core.navigation import register_nav

        register_nav(act_nav)

        from teekond.actions.panel import improvement_panel

        STEP_PANELS.register(improvement_panel)

        # Backlog items and comments show on the map: everyone on it sees them change live.
        from django.db.models.signals import post_delete, post_save

        from teekond.actions.models import BacklogItem, Comment

        for model in (BacklogItem, Comment):
            post_save.connect(_announce, sender=model, dispatch_uid=f"live-{model.__name__}")
            post_delete.connect(_announce, sender=model, dispatch_uid=f"live-{model.__name__}-del")


def _announce(sender, instance, **kwargs):
    from teekond.journeys.live import announce

    announce(instance.journey_id, f"{sender.__name__.lower()}:{instance.pk}")
