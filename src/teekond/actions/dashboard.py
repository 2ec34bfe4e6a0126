"""The act pillar's panel on the workspace home page (``core.dashboard``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from teekond.actions import services
from teekond.actions.models import BacklogItem, ReviewSchedule, Status
from teekond.core.dashboard import Panel

OPEN = (Status.IDEA, Status.PLANNED, Status.IN_PROGRESS)


def act_panel(workspace, user) -> Panel:
    today = timezone.localdate()
    open_items = list(
        BacklogItem.objects.filter(workspace=workspace, status__in=OPEN).order_by(
            "deadline", "-impact", "effort", "id"
        )
    )
    overdue = [i for i in open_items if i.deadline and i.deadline < today]
    quick_wins = [i for i in open_items if services.quadrant(i) == "quick_wins"]
    due = 0
    for schedule in ReviewSchedule.objects.filter(workspace=workspace):
        if schedule.subject is None:
            continue
        if services.review_due_on(schedule, services.last_review(schedule.subject)) <= today:
            due += 1
    slug = workspace.slug
    backlog = reverse("actions:backlog", args=[slug])
    items = [
        {
            "text": item.title,
            "meta": _("overdue since %(date)s") % {"date": formats.date_format(item.deadline)},
            "link": reverse("actions:backlog_item", args=[slug, item.pk]),
        }
        for item in overdue[:5]
    ]
    return Panel(
        pillar="act",
        order=10,
        figures=[
            {
                "key": "open",
                "label": _("open actions"),
                "value": str(len(open_items)),
                "link": backlog,
            },
            {
                "key": "overdue",
                "label": _("overdue"),
                "value": str(len(overdue)),
                "tone": "bad" if overdue else "good",
                "link": backlog,
            },
            {
                "key": "quick_wins",
                "label": _("quick wins waiting"),
                "value": str(len(quick_wins)),
                "hint": _("high impact, low effort"),
                "link": backlog,
            },
            {
                "key": "reviews",
                "label": _("reviews due"),
                "value": str(due),
                "tone": "bad" if due else "",
                "link": reverse("actions:act", args=[slug]),
            },
        ],
        attention=items,
        links=[
            {"label": _("Backlog"), "url": backlog},
            {"label": _("Owners, reviews and health"), "url": reverse("actions:act", args=[slug])},
            {"label": _("Self-assessment"), "url": reverse("actions:diagnostics", args=[slug])},
        ],
    )


def act_nav(workspace, membership) -> list[dict]:
    """The act pillar's pages in the app shell's sidebar (``core.navigation``)."""
    slug = workspace.slug
    return [
        {
            "section": "act",
            "key": "act",
            "icon": "target",
            "order": 10,
            "label": _("Owners, reviews and health"),
            "url": reverse("actions:act", args=[slug]),
        },
        {
            "section": "act",
            "key": "backlog",
            "icon": "list",
            "order": 20,
            "label": _("Backlog"),
            "url": reverse("actions:backlog", args=[slug]),
        },
        {
            "section": "act",
            "key": "diagnostics",
            "icon": "check",
            "order": 30,
            "label": _("Self-assessment"),
            "url": reverse("actions:diagnostics", args=[slug]),
        },
    ]
