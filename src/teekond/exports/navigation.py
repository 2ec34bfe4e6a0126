"""The workspace backup in the app shell's sidebar (``core.navigation``), for owners only."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from teekond.accounts.models import Role


def backup_nav(workspace, membership) -> list[dict] | None:
    if membership.role != Role.OWNER:
        return None
    return [
        {
            "section": "workspace",
            "key": "backup",
            "icon": "download",
            "order": 40,
            "label": _("Backup"),
            "url": reverse("exports:backup", args=[workspace.slug]),
        }
    ]
