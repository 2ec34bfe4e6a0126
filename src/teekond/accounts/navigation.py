"""The workspace section of the app shell's sidebar, and what the shell shows around it."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from teekond.accounts.access import workspaces_for
from teekond.accounts.models import Invitation, Membership, Role
from teekond.core import navigation, notifications

SWITCHER_LIMIT = 50  # workspaces listed in the switcher; the home page lists them all


def workspace_nav(workspace, membership) -> list[dict]:
    slug = workspace.slug
    items = [
        {
            "section": "workspace",
            "key": "members",
            "icon": "users",
            "order": 20,
            "label": _("Members"),
            "url": reverse("members", args=[slug]),
        },
    ]
    unread = notifications.unread_count(membership.user, workspace)
    items.append(
        {
            "section": "workspace",
            "key": "notifications",
            "icon": "bell",
            "order": 30,
            "label": _("Notifications"),
            "url": reverse("actions:notifications"),
            "badge": unread,
        }
    )
    return items


def shell(request, workspace=None, membership=None) -> dict:
    """Everything the app shell needs: the sidebar's sections inside a workspace, the
    workspace switcher and the user menu."""
    user = request.user
    if not user.is_authenticated:
        return {}
    found = list(workspaces_for(user).order_by("name", "pk")[: SWITCHER_LIMIT + 1])
    context = {
        "switcher": found[:SWITCHER_LIMIT],
        "switcher_more": len(found) > SWITCHER_LIMIT,
        "sections": [],
    }
    if workspace is not None and membership is not None:
        context["home_url"] = reverse("workspace", args=[workspace.slug])
        context["home_current"] = request.path == context["home_url"]
        context["sections"] = navigation.sidebar(workspace, membership, request.path)
        context["can_edit"] = membership.allows(Role.EDITOR)
    return context


def invite_step(workspace, membership, request) -> dict | None:
    """The workspace's first-run step (``core.onboarding``): bring the team in; only owners
    invite, so the step is theirs."""
    if membership.role != Role.OWNER:
        return None

    done = (
        Membership.objects.filter(workspace=workspace).count() > 1
        or Invitation.objects.filter(workspace=workspace).exists()
    )
    return {
        "key": "invite",
        "order": 30,
        "title": _("Invite your teammates"),
        "text": _(
            "A map made by one department misses the rest of the journey: invite colleagues "
            "from sales, service and support."
        ),
        "done": done,
        "url": reverse("members", args=[workspace.slug]) + "#invite",
        "action": _("Invite"),
    }
