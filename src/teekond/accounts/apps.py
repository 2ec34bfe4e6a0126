from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "teekond.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from teekond.accounts import checks  # noqa: F401  (registers the deploy checks)
        from teekond.accounts.navigation import workspace_nav
        from teekond.core.navigation import register_nav

        register_nav(workspace_nav)

        from teekond.accounts.navigation import invite_step
        from teekond.core.onboarding import ONBOARDING

        ONBOARDING.register(invite_step)
