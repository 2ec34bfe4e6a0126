from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "teekond.workshops"
    label = "workshops"
    verbose_name = _("Workshops")

    def ready(self) -> None:
        from teekond.core.dashboard import register_panel
        from teekond.exports.backup import exclude_from_backup
        from teekond.journeys.plugins import MAP_TABS
        from teekond.workshops import live, plugins

        MAP_TABS.register(plugins.workshop_tab)
        register_panel(plugins.workshop_panel)
        live.connect()  # the "workshop" topic kind of core.live (docs/workshops.md)
        # Guest links are secrets: a restored workspace must not reopen them.
        exclude_from_backup("workshops.guestlink")
        # A group's links and base hold ids of map items a restore cannot map.
        exclude_from_backup("workshops.breakoutgroup")
