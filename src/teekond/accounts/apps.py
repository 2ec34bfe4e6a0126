from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "teekond.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from teekond.accounts import checks  # noqa: F401  (registers the deploy checks)
        from teekond.accounts.navigation import workspace_nav
        from teekond.core.navigation import register_nav

        register_nav(workspace_nav)

        from teekond.accounts.navigation import invite_step
        from teekond.core.onboarding import ONBOARDING

        ONBOARDING.register(invite_step)

        from teekond.accounts.models import Membership

        # Live connections (core.live) of a member whose membership is removed or whose
        # role changes are authorized again at once: removed ones are disconnected.
        post_save.connect(_recheck_live, sender=Membership, dispatch_uid="live-membership")
        post_delete.connect(_recheck_live, sender=Membership, dispatch_uid="live-membership")


def _recheck_live(sender, instance, **kwargs):
    from teekond.core import live

    live.recheck(live.member_key(instance.workspace_id, instance.user_id))
