"""The measure pillar's panel on the workspace home page (``core.dashboard``)."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teekond.core import notifications
from teekond.core.dashboard import Panel
from teekond.research import services
from teekond.research.models import Response
from teekond.research.overlay import tone_of

WINDOW_DAYS = 90


def _nps_text(estimate: dict) -> str:
    return f"{estimate['value']:+.0f}" if estimate["value"] is not None else "–"


def _share(estimate: dict) -> str:
    return f"{estimate['value']:.1f}\u00a0%" if estimate["value"] is not None else "–"


def _churn_figure(workspace) -> list[dict]:
    churn = services.churn_rates(workspace)["overall"]
    if not churn["count"]:
        return []
    return [
        {
            "key": "churn",
            "label": _("customers left"),
            "value": str(churn["count"]),
            "hint": _("%(share)s of %(n)d CRM customers")
            % {"share": _share(churn), "n": churn["n"]},
            "tone": "bad",
            "link": reverse("measure", args=[workspace.slug]),
        }
    ]


def measure_panel(workspace, user) -> Panel | None:
    answers = Response.objects.filter(workspace=workspace)
    if not answers.exists():
        return Panel(
            pillar="measure",
            order=10,
            figures=[],
            attention=[
                {
                    "text": _("No answers yet: open a micro-survey on a touchpoint."),
                    "link": reverse("measure", args=[workspace.slug]),
                }
            ],
            links=[{"label": _("Measure"), "url": reverse("measure", args=[workspace.slug])}],
        )
    now = timezone.now()
    since = now - timedelta(days=WINDOW_DAYS)
    recent = services.summarize(services.filter_responses(answers, since=since))
    before = services.summarize(
        services.filter_responses(answers, since=since - timedelta(days=WINDOW_DAYS), until=since)
    )
    nps, old = recent["nps"], before["nps"]
    hint = _("%(days)d days, n=%(n)d") % {"days": WINDOW_DAYS, "n": nps["n"]}
    if nps["value"] is not None and old["value"] is not None:
        hint += " · " + _("%(change)s vs the %(days)d days before") % {
            "change": f"{nps['value'] - old['value']:+.0f}",
            "days": WINDOW_DAYS,
        }
    csat = recent["csat"]
    unread = notifications.unread_count(user, workspace)
    attention = []
    for journey in workspace.journeys.filter(responses__isnull=False).distinct()[:10]:
        for row in services.step_overlay(journey):
            if row["disagrees"]:
                attention.append(
                    {
                        "text": row["step"],
                        "meta": _("%(map)s: the answers disagree with the map")
                        % {"map": journey.title},
                        "link": reverse("measure_journey", args=[workspace.slug, journey.pk]),
                    }
                )
    slug = workspace.slug
    return Panel(
        pillar="measure",
        order=10,
        figures=[
            {
                "key": "nps",
                "label": "NPS",
                "value": _nps_text(nps),
                "hint": hint,
                "tone": "" if nps["value"] is None else tone_of("nps", nps["value"]),
                "link": reverse("measure", args=[slug]),
            },
            {
                "key": "csat",
                "label": "CSAT",
                "value": f"{csat['value']:.0f}\u00a0%" if csat["value"] is not None else "–",
                "hint": _("%(days)d days, n=%(n)d") % {"days": WINDOW_DAYS, "n": csat["n"]},
            },
            {
                "key": "answers",
                "label": _("answers"),
                "value": str(answers.filter(answered_at__gte=now - timedelta(days=30)).count()),
                "hint": _("in the last 30 days"),
            },
            {
                "key": "complaints",
                "label": _("complaints"),
                "value": str(recent["complaints"]["count"]),
                "hint": _("%(share)s of answers, %(days)d days")
                % {"share": _share(recent["complaints"]), "days": WINDOW_DAYS},
                "link": reverse("measure", args=[slug]),
            },
            *_churn_figure(workspace),
            {
                "key": "alerts",
                "label": _("unread alerts"),
                "value": str(unread),
                "tone": "bad" if unread else "",
                "link": reverse("actions:notifications"),
            },
        ],
        attention=attention[:5],
        links=[
            {"label": _("Measure"), "url": reverse("measure", args=[slug])},
            {"label": _("Imports"), "url": reverse("imports", args=[slug])},
        ],
    )


def measure_nav(workspace, membership) -> list[dict]:
    """The measure pillar's pages in the app shell's sidebar (``core.navigation``)."""
    slug = workspace.slug
    items = [
        {
            "section": "measure",
            "key": "measure",
            "icon": "gauge",
            "order": 10,
            "label": _("Measure"),
            "url": reverse("measure", args=[slug]),
        },
        {
            "section": "measure",
            "key": "imports",
            "icon": "upload",
            "order": 30,
            "label": _("Imports"),
            "url": reverse("imports", args=[slug]),
        },
    ]
    return items
