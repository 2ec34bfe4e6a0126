"""Live updates over websockets: the transport every app's realtime feature uses.

An app registers a *topic kind* (``"journey"``, ``"workshop"`` …) with an authorizer; a
browser connects to ``/ws/live/<kind>/<id>/`` (``static/teekond/live.js``); server code
calls ``publish(topic, event)`` after a change and every client on that topic receives it.
The whole API is described in ``docs/live.md``.

- ``register_kind(name, authorize, handlers=…, check_item=…)``: ``authorize(user, token,
  object_id)`` returns an ``Access`` or raises ``NotFound``/``Forbidden`` (or returns
  ``None``: refused). It runs on connect and again before every message a client sends, and
  when ``recheck(key)`` names one of the access's ``keys`` (a member removed, a link revoked).
- ``publish("journey:12", {...})``: from synchronous code (a service, a signal receiver);
  sent after the current transaction commits, never for a rolled-back one. Each event gets
  the topic's next sequence number and is kept (the last ``TEEKOND_LIVE_KEEP`` per topic) in
  the database, so a client that reconnects asks for what it missed, whatever process
  served the change (the Redis layer carries it between processes).

The channel layer is in memory (one process) unless ``TEEKOND_REDIS_URL`` is set.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from asgiref.sync import async_to_sync
from django.conf import settings
from django.db import transaction
from django.db.models import F

from teekond.core.providers import Registry

logger = logging.getLogger(__name__)

TOPIC_RE = re.compile(r"^(?P<kind>[a-z][a-z0-9_]{0,30}):(?P<id>[0-9]{1,18})$")
KEY_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,80}$")

kinds = Registry("core.live.kinds")


@dataclass
class Access:
    """What a connection may do on one topic: ``workspace_id`` it belongs to, whether it may
    change things (``can_write``), who it is (``user_id`` is ``None`` for a guest link;
    ``name`` is shown to the others) and the ``keys`` whose ``recheck`` re-authorizes it."""

    workspace_id: int
    can_write: bool
    name: str
    user_id: int | None = None
    keys: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)


@dataclass
class Handler:
    """A message type an app accepts from clients: ``run(access, object_id, message)`` runs
    in a worker thread and returns a reply dict (sent to the sender only) or ``None``;
    ``write`` handlers are refused for read-only connections."""

    run: Callable[[Access, int, dict], dict | None]
    write: bool = True


class Kind:
    """One registered topic kind (an entry of the ``kinds`` registry)."""

    def __init__(
        self,
        name: str,
        authorize: Callable[[Any, str, int], Access | None],
        handlers: dict[str, Handler] | None = None,
        check_item: Callable[[Access, int, str], str] | None = None,
    ) -> None:
        self.name = name
        self.authorize = authorize
        self.handlers = dict(handlers or {})
        # Validates the item a client says it is on (presence): returns it, or raises
        # NotFound for an item that is not on this topic's object.
        self.check_item = check_item

    def __call__(self, name: str) -> Kind | None:
        return self if name == self.name else None

    def __repr__(self) -> str:
        return f"<live kind {self.name}>"


def register_kind(
    name: str,
    authorize: Callable[[Any, str, int], Access | None],
    *,
    handlers: dict[str, Handler] | None = None,
    check_item: Callable[[Access, int, str], str] | None = None,
) -> Kind:
    """Register (or replace) the topic kind ``name``; call it from ``AppConfig.ready``."""
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,30}", name):
        raise ValueError(f"a live kind is lower-case letters, digits and _: {name!r}")
    for old in list(kinds):
        if isinstance(old, Kind) and old.name == name:
            kinds.unregister(old)
    kind = Kind(name, authorize, handlers, check_item)
    kinds.register(kind)
    return kind


def get_kind(name: str) -> Kind | None:
    found = kinds.first(name)
    return found if isinstance(found, Kind) else None


def topic_name(kind: str, object_id: int) -> str:
    return f"{kind}:{int(object_id)}"


def group_for_topic(topic: str) -> str:
    return "live." + topic.replace(":", ".")


def group_for_key(key: str) -> str:
    return "live-key." + key.replace(":", ".")


def _layer():
    from channels.layers import get_channel_layer

    return get_channel_layer()


# ---------------------------------------------------------------------------- publishing


# More events than this for one topic in one transaction are sent as one ``{"item": "*"}``
# (a map built from a template, a deleted stage with its cells): clients reload it whole.
BATCH_LIMIT = 20
_local = threading.local()


class _Batch:
    """The events published during one transaction, sent when it commits: an item changed
    several times is sent once (its last event), in the order of its last change."""

    def __init__(self) -> None:
        self.topics: dict[str, dict[str, dict]] = {}
        self.callback = self.flush  # one bound method, found again in run_on_commit

    def add(self, topic: str, event: dict) -> None:
        events = self.topics.setdefault(topic, {})
        key = str(event.get("item", id(event)))
        events.pop(key, None)
        events[key] = event

    def flush(self) -> None:
        for topic, events in self.topics.items():
            items = list(events.values())
            if len(items) > BATCH_LIMIT:
                items = [{"item": "*", "version": None, "count": len(items)}]
            for event in items:
                _send(topic, event)


def _current_batch() -> _Batch:
    connection = transaction.get_connection()
    batch = getattr(_local, "batch", None)
    # A batch whose flush is no longer waiting (it ran, or its transaction rolled back)
    # is done: this transaction starts a new one.
    if batch is None or not any(entry[1] is batch.callback for entry in connection.run_on_commit):
        batch = _Batch()
        _local.batch = batch
        transaction.on_commit(batch.callback)
    return batch


def publish(topic: str, event: dict) -> None:
    """Send ``event`` to everyone on ``topic`` once the current transaction commits (at
    once outside a transaction); events with the same ``item`` in one transaction are sent
    once, the last one.

    Call from synchronous code only (a view, a service, a signal receiver, a worker), not
    from inside an event loop. A failure to send is logged, never raised: the change itself
    is already stored, and clients catch up on reconnect.
    """
    if not TOPIC_RE.match(topic):
        raise ValueError(f"not a live topic: {topic!r}")
    if not transaction.get_connection().in_atomic_block:
        _send(topic, event)
        return
    _current_batch().add(topic, event)


def _send(topic: str, event: dict) -> None:
    try:
        seq = store(topic, event)
        async_to_sync(_layer().group_send)(
            group_for_topic(topic), {"type": "live.event", "seq": seq, "event": event}
        )
    except Exception:  # noqa: BLE001 - see publish()
        logger.exception("live: could not publish to %s", topic)


def store(topic: str, event: dict) -> int:
    """Give ``event`` the topic's next sequence number and keep it; returns the number."""
    from teekond.core.models import LiveEvent, LiveTopic

    keep = settings.TEEKOND_LIVE_KEEP
    with transaction.atomic():
        if not LiveTopic.objects.filter(topic=topic).update(seq=F("seq") + 1):
            LiveTopic.objects.get_or_create(topic=topic)
            LiveTopic.objects.filter(topic=topic).update(seq=F("seq") + 1)
        seq = LiveTopic.objects.values_list("seq", flat=True).get(topic=topic)
        LiveEvent.objects.create(topic=topic, seq=seq, data=event)
        if seq % 50 == 0:  # bounded: drop the oldest now and then
            LiveEvent.objects.filter(topic=topic, seq__lte=seq - keep).delete()
    return seq


def current_seq(topic: str) -> int:
    from teekond.core.models import LiveTopic

    return LiveTopic.objects.filter(topic=topic).values_list("seq", flat=True).first() or 0


def events_since(topic: str, since: int, limit: int | None = None) -> list[dict] | None:
    """The events of ``topic`` after ``since``, oldest first, or ``None`` when some of them
    are no longer kept (or more than ``limit``): the client then reloads the whole state."""
    from teekond.core.models import LiveEvent

    limit = limit or settings.TEEKOND_LIVE_KEEP
    last = current_seq(topic)
    if since >= last:
        return []
    if last - since > limit:
        return None
    rows = list(
        LiveEvent.objects.filter(topic=topic, seq__gt=since)
        .order_by("seq")
        .values_list("seq", "data")[:limit]
    )
    if not rows or rows[0][0] != since + 1:
        return None
    return [{"type": "event", "seq": seq, "event": data} for seq, data in rows]


# ---------------------------------------------------------------------------- access changes


def recheck(key: str) -> None:
    """Ask every connection whose access depends on ``key`` to authorize again now (after
    the transaction commits): a connection that is refused is closed, one whose rights
    changed (editor made viewer) carries on with the new ones."""
    if not KEY_RE.match(key):
        raise ValueError(f"not a live access key: {key!r}")

    def send() -> None:
        try:
            async_to_sync(_layer().group_send)(group_for_key(key), {"type": "live.recheck"})
        except Exception:  # noqa: BLE001 - the next message re-authorizes anyway
            logger.exception("live: could not recheck %s", key)

    transaction.on_commit(send)


def member_key(workspace_id: int, user_id: int) -> str:
    """The access key of a user's membership of a workspace (``accounts`` rechecks it when
    the membership is removed or its role changes)."""
    return f"member:{int(workspace_id)}:{int(user_id)}"
