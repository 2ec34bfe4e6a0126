"""The touchpoint's side panel in the map: what is known about one step, and what to do.

The journeys app draws the step itself (stage, channel, evidence) and its measured cells
(``journeys.overlays``); the apps above add their sections through
``journeys.plugins.STEP_PANELS`` (improvement actions, the survey link and QR code), so
this module imports none of them. Viewers see the panel without its forms; outsiders get
404 like for the map.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from teekond.accounts.access import member_by_slug
from teekond.accounts.models import Role
from teekond.core import design
from teekond.core.errors import NotFound
from teekond.core.views_helpers import domain_errors
from teekond.journeys import plugins
from teekond.journeys.access import journey_in
from teekond.journeys.models import Channel, Directness, Evidence, Medium, Step
from teekond.journeys.overlays import rows_in_columns


def _step_in(journey, step_id: int) -> Step:
    step = (
        Step.objects.filter(journey=journey, pk=step_id).select_related("stage", "journey").first()
    )
    if step is None:
        raise NotFound(_("Touchpoint not found."))
    return step


def panel_context(request, membership, journey, step) -> dict:
    language = (translation.get_language() or "en")[:2]
    stage_ids = list(journey.stages.order_by("position", "id").values_list("id", flat=True))
    measured = []
    for row in rows_in_columns(journey, language, [step.pk]):
        cell = row["columns"][0]
        if cell:
            measured.append(
                {
                    "label": row["label"],
                    "hint": row.get("hint", ""),
                    "link": row.get("link", ""),
                    **cell,
                }
            )
    return {
        "workspace": membership.workspace,
        "membership": membership,
        "journey": journey,
        "step": step,
        "stage_colour": design.stage_colour(stage_ids.index(step.stage_id)),
        "channel_label": dict(Channel.choices).get(step.channel, ""),
        "medium_label": dict(Medium.choices).get(step.medium, ""),
        "directness_label": dict(Directness.choices).get(step.directness, ""),
        "evidence_label": dict(Evidence.choices).get(step.evidence, ""),
        "measured": measured,
        "sections": plugins.step_panels(step, request, membership),
        "can_edit": membership.allows(Role.EDITOR),
    }


@login_required
@domain_errors
@require_GET
def step_panel(request, slug, journey_id, step_id):
    membership = member_by_slug(request.user, slug, Role.VIEWER)
    journey = journey_in(request.user, membership.workspace, journey_id)
    step = _step_in(journey, step_id)
    return render(
        request, "journeys/_step_panel.html", panel_context(request, membership, journey, step)
    )
