from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "teekond.exports"
    label = "exports"
    verbose_name = _("Exports")

    def ready(self) -> None:
        from teekond.exports.backup import exclude_from_backup

        # Tokens must stay unique and secret: a restored workspace gets new links.
        exclude_from_backup("exports.sharelink")
        exclude_from_backup("exports.restorejob")  # a restore is not content

        from teekond.core.navigation import register_nav
        from teekond.exports.navigation import backup_nav

        register_nav(backup_nav)
