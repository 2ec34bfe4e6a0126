"""The Act pillar's section of a touchpoint's side panel (``journeys.plugins.STEP_PANELS``):
the improvement actions and opportunities about that step, and a form to add one with an
owner and a deadline. The form posts to the backlog API, which checks the role again."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from teekond.accounts.models import Role
from teekond.actions.models import BacklogItem, Status
from teekond.actions.services import items_about


def improvement_panel(step, request, membership) -> dict:
    items = (
        items_about(BacklogItem, step)
        .exclude(status=Status.DROPPED)
        .select_related("owner")
        .order_by("deadline", "id")
    )
    members = [
        {"id": m.user_id, "name": m.user.get_full_name() or m.user.get_username()}
        for m in membership.workspace.memberships.select_related("user").order_by("user__username")
    ]
    html = render_to_string(
        "actions/_step_panel.html",
        {
            "items": list(items[:50]),
            "step": step,
            "workspace": membership.workspace,
            "members": members,
            "can_edit": membership.allows(Role.EDITOR),
            "subject": f"journeys.step:{step.pk}",
        },
        request=request,
    )
    return {"key": "actions", "order": 10, "title": _("Improvement actions"), "html": html}
