"""The workshop live: the ``workshop`` topic kind of ``teekond.core.live`` (docs/live.md).

Every change moves ``Workshop.revision`` on (``services._touch``) and ``changed`` publishes
``{"item": "workshop:<id>", "event": <what changed>, "revision": n}`` to ``workshop:<id>``
after the transaction commits: a new note, a vote, the step or the timer. The event carries
no content: each page re-reads its own view of the live part (``views.live_part``), so an
anonymous board stays anonymous, and a client that missed events catches up through the
transport's sequence numbers (or a reset) and re-reads everything.

Who may follow a workshop live: the workspace's members (editors and owners with write
access, viewers read-only) and the guests who joined through an active guest link, whose
socket's ``token`` is the guest's own key (the one in their session). A guest's access
depends on ``link_key(link)``: revoking the link rechecks it, so their socket closes at once;
an expired link is refused on the next message or reconnect.

The workshop's guests may also follow the map itself live (``journeys.live.GUEST_ACCESS``),
read-only.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from teekond.accounts.access import membership_for
from teekond.accounts.models import Role
from teekond.core import live
from teekond.core.errors import NotFound

KIND = "workshop"


def topic(workshop_id: int) -> str:
    return live.topic_name(KIND, workshop_id)


def link_key(link_id: int) -> str:
    return f"workshop-link:{int(link_id)}"


def event(workshop, kind: str, **data) -> dict:
    return {"item": f"workshop:{workshop.pk}", "event": kind, "revision": workshop.revision, **data}


def changed(workshop, kind: str, **data) -> None:
    """Tell everyone on the workshop (after the commit) that ``kind`` changed."""
    live.publish(topic(workshop.pk), event(workshop, kind, **data))


def revoked(link_id: int) -> None:
    """The link's guests lose their sockets once the revocation commits."""
    live.recheck(link_key(link_id))


def _guest(token: str):
    from teekond.workshops.models import Participant

    if not token or len(token) > 64:
        return None
    return (
        Participant.objects.filter(
            guest_key=token,
            guest_link__revoked_at__isnull=True,
            guest_link__expires_at__gt=timezone.now(),
        )
        .select_related("guest_link", "workshop")
        .first()
    )


def authorize(user, token: str, workshop_id: int) -> live.Access:
    from teekond.workshops.models import GuestAccess, Workshop

    workshop = Workshop.objects.filter(pk=workshop_id).first()
    missing = NotFound(_("Workshop not found."))
    if workshop is None:
        raise missing
    if getattr(user, "is_authenticated", False):
        membership = membership_for(user, workshop.workspace_id)
        if membership is not None:
            return live.Access(
                workspace_id=workshop.workspace_id,
                can_write=membership.allows(Role.EDITOR),
                name=user.get_full_name() or user.get_username(),
                user_id=user.pk,
                keys=(live.member_key(workshop.workspace_id, user.pk),),
            )
    guest = _guest(token)
    if guest is None or guest.workshop_id != workshop.pk:
        raise missing
    return live.Access(
        workspace_id=workshop.workspace_id,
        can_write=guest.guest_link.access == GuestAccess.WRITE,
        name=guest.name,
        keys=(link_key(guest.guest_link_id),),
    )


def check_item(access: live.Access, workshop_id: int, item: str) -> str:
    """Presence items: the workshop itself or one of its notes."""
    from teekond.workshops.models import Note

    what, _sep, raw = item.partition(":")
    ok = (
        raw.isdigit()
        and len(raw) <= 18
        and (
            (what == "workshop" and int(raw) == workshop_id)
            or (
                what == "note"
                and Note.objects.filter(pk=int(raw), step__workshop_id=workshop_id).exists()
            )
        )
    )
    if not ok:
        raise NotFound(_("Note not found."))
    return item


def map_guest(token: str, journey) -> live.Access | None:
    """A workshop guest follows the workshop's map live, read-only."""
    guest = _guest(token)
    if guest is None or guest.workshop.journey_id != journey.pk:
        return None
    return live.Access(
        workspace_id=journey.workspace_id,
        can_write=False,
        name=guest.name,
        keys=(link_key(guest.guest_link_id),),
    )


def connect() -> None:
    from teekond.journeys.live import GUEST_ACCESS

    live.register_kind(KIND, authorize, check_item=check_item)
    GUEST_ACCESS.register(map_guest)
