"""Read-only share links: a random token, revocable, optionally expiring."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from teekond.accounts.access import require_role
from teekond.accounts.models import Role
from teekond.core import live
from teekond.core.errors import Invalid, NotFound
from teekond.exports.models import ShareLink


def create_link(user, journey, *, days: int | None = None, label: str = "") -> ShareLink:
    require_role(user, journey.workspace, Role.EDITOR)
    if days is not None and not 1 <= days <= 3650:
        raise Invalid(_("A link expires after 1 to 3650 days."))
    return ShareLink.objects.create(
        workspace=journey.workspace,
        journey=journey,
        created_by=user,
        label=label[:120],
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )


def revoke_link(user, journey, link_id: int) -> None:
    require_role(user, journey.workspace, Role.EDITOR)
    updated = ShareLink.objects.filter(journey=journey, pk=link_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not updated:
        raise NotFound(_("Share link not found."))
    live.recheck(share_key(link_id))  # open live connections through it are closed at once


def share_key(link_id: int) -> str:
    return f"share:{int(link_id)}"


def live_guest(token: str, journey):
    """A share link's live access to its map (read-only), for ``journeys.live.GUEST_ACCESS``."""
    link = active_link(token)
    if link is None or link.journey_id != journey.pk:
        return None
    return live.Access(
        workspace_id=journey.workspace_id,
        can_write=False,
        name=_("Guest (share link)"),
        keys=(share_key(link.pk),),
    )


def active_link(token: str) -> ShareLink | None:
    if not token or len(token) > 64:
        return None
    return (
        ShareLink.objects.filter(token=token, revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .select_related("journey__workspace", "journey__persona")
        .first()
    )
