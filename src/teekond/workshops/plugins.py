"""How workshops show on the map page (a tab) and on the workspace home page (a panel)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from teekond.core.dashboard import Panel
from teekond.workshops.models import Status, Workshop

RECENT = 5


def workshop_tab(journey, membership) -> dict:
    """The map page's "Workshop" tab (``journeys.plugins.MAP_TABS``)."""
    return {
        "key": "workshops",
        "label": pgettext("workshop", "Workshop"),
        "url": reverse("workshops:list", args=[journey.workspace.slug, journey.pk]),
        "order": 50,
    }


def workshop_panel(workspace, user) -> Panel | None:
    """Running workshops and the latest ended ones, with their next review date."""
    workshops = list(
        Workshop.objects.filter(workspace=workspace).select_related("journey")[: RECENT * 4]
    )
    if not workshops:
        return None
    running = [w for w in workshops if w.status == Status.RUNNING]
    attention = [
        {
            "text": w.title,
            "meta": _("running now on %(map)s") % {"map": w.journey.title},
            "link": reverse("workshops:room", args=[workspace.slug, w.pk]),
        }
        for w in running[:RECENT]
    ]
    return Panel(
        pillar="map",
        order=40,
        title=pgettext("workshop", "Workshops"),
        figures=[
            {
                "key": "workshops_running",
                "label": ngettext("workshop running", "workshops running", len(running)),
                "value": str(len(running)),
            }
        ],
        attention=attention,
        links=[
            {
                "label": w.title,
                "url": reverse("workshops:summary", args=[workspace.slug, w.pk]),
            }
            for w in workshops
            if w.status == Status.ENDED
        ][:RECENT],
    )
