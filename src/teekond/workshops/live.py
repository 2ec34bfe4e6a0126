"""Telling everyone on a workshop that it changed.

Every change moves ``Workshop.revision`` on (``services._touch``) and calls ``changed``,
which publishes a small event once the transaction commits: what kind of change it was and
the new revision. Clients re-read the part of the page the event names; a client that
missed events (a dropped connection) sees a revision gap and re-reads everything, so the
revision is the source of truth and an event carries no content a reader might not be
allowed to see (anonymous authors stay hidden because each client re-reads its own view).
"""

from __future__ import annotations

from django.db import transaction

TOPIC_KIND = "workshop"


def event(workshop, kind: str, **data) -> dict:
    return {"type": "workshop", "event": kind, "revision": workshop.revision, **data}


def changed(workshop, kind: str, **data) -> None:
    payload = event(workshop, kind, **data)
    transaction.on_commit(lambda: publish(workshop.pk, payload))


def publish(workshop_id: int, payload: dict) -> None:
    """Until a live transport is installed, pages follow the revision by polling."""
