"""The map pillar's panel on the workspace home page (``core.dashboard``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from teekond.core.dashboard import Panel
from teekond.journeys import services
from teekond.journeys.models import Journey, JourneyState

ATTENTION_MAPS = 20  # the most recently changed maps are checked for warnings


def map_panel(workspace, user) -> Panel:
    journeys = list(Journey.objects.filter(workspace=workspace).order_by("-updated_at", "-id"))
    current = sum(1 for j in journeys if j.state == JourneyState.CURRENT)
    validated = items = 0
    attention = []
    language = translation.get_language() or "en"
    for journey in journeys[:ATTENTION_MAPS]:
        evidence = services.evidence_summary(journey)
        validated += evidence["validated"]
        items += evidence["items"]
        warnings = [
            w
            for w in services.journey_warnings(journey, language, evidence)
            if w["severity"] == "warning"
        ]
        if warnings:
            attention.append(
                {
                    "text": journey.title,
                    "meta": warnings[0]["message"]
                    + (f" (+{len(warnings) - 1})" if len(warnings) > 1 else ""),
                    "link": reverse("journey", args=[workspace.slug, journey.pk]),
                }
            )
    share = round(100 * validated / items) if items else None
    slug = workspace.slug
    return Panel(
        pillar="map",
        order=10,
        figures=[
            {
                "key": "maps",
                "label": _("journey maps"),
                "value": str(len(journeys)),
                "hint": _("%(n)d current state") % {"n": current},
                "link": reverse("journeys", args=[slug]),
            },
            {
                "key": "personas",
                "label": _("personas"),
                "value": str(workspace.personas.count()),
                "link": reverse("personas", args=[slug]),
            },
            {
                "key": "evidence",
                "label": _("rests on research"),
                "value": f"{share}\u00a0%" if share is not None else "–",
                "hint": _("the rest is assumption"),
                "tone": "" if share is None else ("good" if share >= 50 else "bad"),
            },
        ],
        attention=attention[:5],
        links=[
            {"label": _("Journey maps"), "url": reverse("journeys", args=[slug])},
            {"label": _("Personas"), "url": reverse("personas", args=[slug])},
        ],
    )


def map_nav(workspace, membership) -> list[dict]:
    """The map pillar's pages in the app shell's sidebar (``core.navigation``)."""
    slug = workspace.slug
    return [
        {
            "section": "map",
            "key": "journeys",
            "icon": "map",
            "order": 10,
            "label": _("Journey maps"),
            "url": reverse("journeys", args=[slug]),
        },
        {
            "section": "map",
            "key": "personas",
            "icon": "persona",
            "order": 20,
            "label": _("Personas"),
            "url": reverse("personas", args=[slug]),
        },
    ]
