"""Guests: people without an account who join a workshop through a time-limited link an
owner issues (read or write rights, at most so many guests, revocable). A guest gives a name
and gets a secret key kept in their session; every call checks the link again, so revoking
it or letting it expire stops the guest at once (their live socket too, ``live.revoked``)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teekond.core.errors import Forbidden, Invalid, NotFound
from teekond.workshops import live
from teekond.workshops.models import (
    GUEST_LINK_MAX_HOURS,
    GUEST_NAME_MAX_LENGTH,
    MAX_GUEST_LINKS,
    MAX_GUESTS,
    MAX_GUESTS_PER_LINK,
    GuestAccess,
    GuestLink,
    Participant,
    Workshop,
    new_token,
)
from teekond.workshops.services import Actor, _line, _touch


def active_link(token: str) -> GuestLink | None:
    if not token or len(token) > 64:
        return None
    return (
        GuestLink.objects.filter(
            token=token, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("workshop__journey", "workshop__workspace", "workshop__current_step")
        .first()
    )


def guest_actor(token: str, guest_key: str | None) -> Actor:
    """The guest behind ``guest_key`` on the link ``token``; NotFound once the link is
    revoked or expired. Without a key (not joined yet) the actor can only read the link."""
    link = active_link(token)
    if link is None:
        raise NotFound(_("This workshop link has expired or was revoked."))
    participant = None
    if guest_key:
        participant = Participant.objects.filter(
            workshop=link.workshop, guest_link=link, guest_key=guest_key
        ).first()
    return Actor(link.workshop, participant=participant, guest_access=link.access)


def _guest_links_of(workshop: Workshop):
    return GuestLink.objects.filter(workshop=workshop)


def require_owner(actor: Actor) -> None:
    if not actor.is_owner:
        raise Forbidden(_("Only an owner of the workspace may invite guests."))


@transaction.atomic
def issue_guest_link(actor: Actor, *, access: str, hours: int, max_guests: int = 30) -> GuestLink:
    """A time-limited link for guests (people without an account); only owners issue them."""
    require_owner(actor)
    if access not in GuestAccess.values:
        raise Invalid(_("Unknown access."), details=[{"field": "access", "message": ""}])
    if not 1 <= hours <= GUEST_LINK_MAX_HOURS:
        raise Invalid(
            _("A guest link lasts 1 to %(n)d hours.") % {"n": GUEST_LINK_MAX_HOURS},
            details=[{"field": "hours", "message": ""}],
        )
    if not 1 <= max_guests <= MAX_GUESTS_PER_LINK:
        raise Invalid(
            _("A link admits 1 to %(n)d guests.") % {"n": MAX_GUESTS_PER_LINK},
            details=[{"field": "max_guests", "message": ""}],
        )
    Workshop.objects.select_for_update().filter(pk=actor.workshop.pk).first()
    if _guest_links_of(actor.workshop).count() >= MAX_GUEST_LINKS:
        raise Invalid(_("A workshop has at most %(n)d guest links.") % {"n": MAX_GUEST_LINKS})
    return GuestLink.objects.create(
        workshop=actor.workshop,
        access=access,
        max_guests=max_guests,
        expires_at=timezone.now() + timedelta(hours=hours),
        created_by=actor.user,
    )


@transaction.atomic
def revoke_guest_link(actor: Actor, link_id: int) -> None:
    require_owner(actor)
    updated = _guest_links_of(actor.workshop).filter(pk=link_id, revoked_at__isnull=True)
    if not updated.update(revoked_at=timezone.now()):
        raise NotFound(_("Guest link not found."))
    live.revoked(link_id)
    _touch(actor.workshop, "guests")


@transaction.atomic
def join_as_guest(token: str, name: str) -> Participant:
    """A guest gives their name and gets a participant with a secret key for their session."""
    link = active_link(token)
    if link is None:
        raise NotFound(_("This workshop link has expired or was revoked."))
    link = GuestLink.objects.select_for_update().get(pk=link.pk)
    name = _line(name, "name", GUEST_NAME_MAX_LENGTH)
    if link.guests.count() >= link.max_guests:
        raise Invalid(_("This link is full: ask the facilitator for another one."))
    if Participant.objects.filter(workshop=link.workshop, user__isnull=True).count() >= MAX_GUESTS:
        raise Invalid(_("The workshop has as many guests as it can take."))
    participant = Participant.objects.create(
        workshop=link.workshop, guest_link=link, guest_key=new_token(), name=name
    )
    _touch(link.workshop, "participants")
    return participant
