"""Live co-editing of a map: the ``journey`` topic kind of ``teekond.core.live``.

- Who may follow a map live: its workspace's members (viewers read-only), and guests whose
  token an app above recognises (``GUEST_ACCESS``: the read-only share links of exports, the
  workshop's guest links); everyone else is refused.
- What is sent: every change of a map item (a cell, a touchpoint, a stage, a lane, the map
  itself, an order, an item of the map's backlog or a comment) is published to
  ``journey:<id>`` after its transaction commits as ``{"item": …, "version": …}``; the
  pages fetch the changed grid (``journeys/static/journeys/live-map.js``).
- Presence: clients say which item they are on (``cell:<lane>:<step>``, ``step:<id>``,
  ``stage:<id>``, ``lane:<id>``, ``journey:<id>``); an item not on the map is refused.
"""

from __future__ import annotations

import re

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _

from teekond.accounts.access import membership_for
from teekond.accounts.models import Role
from teekond.core import live
from teekond.core.errors import NotFound
from teekond.core.providers import Registry
from teekond.core.signals import map_changed
from teekond.journeys.models import Cell, Journey, Lane, Stage, Step

KIND = "journey"
# provider(token, journey) -> live.Access | None: a guest's access to the map by a link's
# token (exports' share links, read-only; the workshop's guest links).
GUEST_ACCESS = Registry("journeys.live_guests")
ITEM_RE = re.compile(r"^(cell):(\d{1,18}):(\d{1,18})$|^(step|stage|lane|journey|curve):(\d{1,18})$")


def topic(journey_id: int) -> str:
    return live.topic_name(KIND, journey_id)


def current_seq(journey_id: int) -> int:
    """The sequence number of the map's last live event (pages render it; live-map.js
    starts its socket from there)."""
    return live.current_seq(topic(journey_id))


def display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def authorize(user, token: str, journey_id: int) -> live.Access:
    journey = Journey.objects.filter(pk=journey_id).first()
    if journey is None:
        raise NotFound(_("Journey not found."))
    if getattr(user, "is_authenticated", False):
        membership = membership_for(user, journey.workspace_id)
        if membership is not None:
            return live.Access(
                workspace_id=journey.workspace_id,
                can_write=membership.allows(Role.EDITOR),
                name=display_name(user),
                user_id=user.pk,
                keys=(live.member_key(journey.workspace_id, user.pk),),
            )
    if token:
        found = GUEST_ACCESS.first(token, journey)
        if found is not None:
            return found
    raise NotFound(_("Journey not found."))


def check_item(access: live.Access, journey_id: int, item: str) -> str:
    """``item`` if it names something on map ``journey_id``; ``NotFound`` otherwise (an id of
    another map or workspace included)."""
    match = ITEM_RE.match(item)
    missing = NotFound(_("That item is not on this map."))
    if not match:
        raise missing
    if match.group(1):
        lane_id, step_id = int(match.group(2)), int(match.group(3))
        ok = (
            Lane.objects.filter(pk=lane_id, journey_id=journey_id).exists()
            and Step.objects.filter(pk=step_id, journey_id=journey_id).exists()
        )
    else:
        what, pk = match.group(4), int(match.group(5))
        model = {"step": Step, "curve": Step, "stage": Stage, "lane": Lane}.get(what)
        ok = (
            pk == journey_id
            if model is None
            else model.objects.filter(pk=pk, journey_id=journey_id).exists()
        )
    if not ok:
        raise missing
    return item


# ---------------------------------------------------------------------------- publishing


def announce(journey_id: int | None, item: str, version: int | None = None, **extra) -> None:
    """Tell everyone on map ``journey_id`` that ``item`` changed (after the commit); apps
    above call it for what they show on the map (backlog items, comments)."""
    if journey_id is None:
        return
    event = {"item": item, "version": version, **extra}
    live.publish(topic(journey_id), event)


def _item_of(instance) -> str:
    if isinstance(instance, Cell):
        return f"cell:{instance.lane_id}:{instance.step_id}"
    if isinstance(instance, Journey):
        return f"journey:{instance.pk}"
    return f"{type(instance).__name__.lower()}:{instance.pk}"


def _journey_id(instance) -> int | None:
    return instance.pk if isinstance(instance, Journey) else instance.journey_id


def _saved(sender, instance, **kwargs):
    extra = {"title": instance.title} if isinstance(instance, Journey) else {}
    announce(_journey_id(instance), _item_of(instance), getattr(instance, "version", None), **extra)


def _deleted(sender, instance, **kwargs):
    # A deleted map's own cells, steps … are not announced one by one (the batch in
    # core.live turns them into one event anyway); the map's deletion is.
    announce(_journey_id(instance), _item_of(instance), None, deleted=True)


def _changed(sender, instance, **kwargs):
    if isinstance(instance, (Cell, Step, Stage, Lane, Journey)):
        _saved(sender, instance)


def connect() -> None:
    """Register the kind and hear every write of the map (``JourneysConfig.ready``)."""
    live.register_kind(KIND, authorize, check_item=check_item)
    for model in (Cell, Step, Stage, Lane, Journey):
        post_save.connect(_saved, sender=model, dispatch_uid=f"live-save-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"live-del-{model.__name__}")
    map_changed.connect(_changed, dispatch_uid="live-map-changed")
