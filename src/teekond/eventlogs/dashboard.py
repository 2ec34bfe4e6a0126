"""Real journeys on the workspace home page (``core.dashboard``, measure pillar)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from teekond.core.dashboard import Panel
from teekond.eventlogs import services
from teekond.eventlogs.models import EventLog, Status
from teekond.eventlogs.overlay import percent


def eventlog_panel(workspace, user) -> Panel | None:
    logs = EventLog.objects.filter(workspace=workspace)
    if not logs.exists():
        return None
    figures = [
        {
            "key": "logs",
            "label": _("event logs"),
            "value": str(logs.filter(status=Status.DONE).count()),
            "link": reverse("eventlogs", args=[workspace.slug]),
        }
    ]
    linked = services.latest_linked(logs)
    if linked is not None:
        result = services.cached_conformance(linked)
        figures.append(
            {
                "key": "conformance",
                "label": _("of real journeys follow the map"),
                "value": percent(result["conforming"], result["cases"]),
                "hint": f"{linked.journey.title} · {linked.name}",
                "link": reverse("eventlog", args=[workspace.slug, linked.pk]),
            }
        )
    return Panel(
        pillar="measure",
        order=20,
        figures=figures,
        links=[{"label": _("Event logs"), "url": reverse("eventlogs", args=[workspace.slug])}],
    )


def eventlog_nav(workspace, membership) -> list[dict]:
    """The event logs in the measure pillar of the sidebar (``core.navigation``)."""
    return [
        {
            "section": "measure",
            "key": "eventlogs",
            "icon": "flow",
            "order": 20,
            "label": _("Event logs"),
            "url": reverse("eventlogs", args=[workspace.slug]),
        }
    ]
