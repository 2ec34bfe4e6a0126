"""Measure API: push answers from other systems (batch, idempotent), read metrics, drivers,
quadrants and the live overlay, and configure a step's micro-survey.

Viewers read; editors push answers and change surveys; people outside the workspace get 404.
"""

from __future__ import annotations

from django.utils import translation
from ninja import Router

from teekond.accounts.access import require_role, workspace_for
from teekond.accounts.models import Role
from teekond.core.errors import Invalid
from teekond.journeys.access import journey_for, step_for
from teekond.research import services
from teekond.research.schemas import BatchIn, BatchOut, SurveyOut, SurveyPatch

router = Router(tags=["measure"])


def _survey_out(request, config) -> dict:
    return {
        "step_id": config.step_id,
        "token": config.token,
        "url": services.survey_url(config, request),
        "questions": config.questions,
        "intro": config.intro,
        "is_active": config.is_active,
        "version": config.version,
    }


@router.post("/workspaces/{workspace_id}/responses", response=BatchOut)
def push_responses(request, workspace_id: int, payload: BatchIn):
    """Store answers from another system. Every answer is checked before any is stored; an
    answer whose ``idempotency_key`` is already stored is counted under ``existing``, so a
    retried request never duplicates."""
    workspace = workspace_for(request.user, workspace_id)
    items = [r.model_dump() for r in payload.responses]
    return services.record_batch(request.user, workspace, items)


@router.get("/journeys/{journey_id}/metrics")
def journey_metrics(
    request,
    journey_id: int,
    period: str = "month",
    segment: str | None = None,
    persona_id: int | None = None,
):
    """NPS, CSAT, CES, the three E's and good-minus-bad (each with a 95 % interval) for the
    journey, per stage, per step and per segment, and their trend per week/month/quarter."""
    journey = journey_for(request.user, journey_id)
    if period not in ("week", "month", "quarter"):
        raise Invalid("Unknown period: use week, month or quarter.")
    persona = None
    if persona_id is not None:
        persona = journey.workspace.personas.filter(pk=persona_id).first()
        if persona is None:
            raise Invalid("No such persona in this workspace.")
    return services.journey_metrics(journey, period=period, segment=segment, persona=persona)


@router.get("/journeys/{journey_id}/overlay")
def journey_overlay(request, journey_id: int):
    """Per step: what the map assumes next to what was measured, and where they disagree."""
    return services.step_overlay(journey_for(request.user, journey_id))


@router.get("/journeys/{journey_id}/drivers")
def journey_drivers(request, journey_id: int, language: str | None = None):
    """Which steps move the likelihood to recommend, with a plain-language reading."""
    journey = journey_for(request.user, journey_id)
    lang = language or translation.get_language() or "en"
    return services.journey_drivers(journey, lang)


@router.get("/workspaces/{workspace_id}/quadrants")
def quadrants(
    request,
    workspace_id: int,
    journey_id: int | None = None,
    score: float | None = None,
    revenue: float | None = None,
    potential: float | None = None,
):
    """Customers in the four quadrants (exemplary, growth, at-risk, hanging); thresholds
    default to the medians."""
    workspace = workspace_for(request.user, workspace_id)
    journey = None
    if journey_id is not None:
        journey = journey_for(request.user, journey_id)
        if journey.workspace_id != workspace.pk:
            raise Invalid("The journey is not in this workspace.")
    result = services.customer_quadrants(workspace, journey, score, revenue, potential)
    result["spec"] = services.quadrant_spec(result)
    return result


@router.get("/workspaces/{workspace_id}/metrics")
def workspace_metrics(request, workspace_id: int, segment: str | None = None):
    """Metrics of the whole workspace, per journey, persona and segment."""
    workspace = workspace_for(request.user, workspace_id)
    return services.workspace_metrics(workspace, segment=segment)


@router.get("/steps/{step_id}/survey", response=SurveyOut)
def get_survey(request, step_id: int):
    step = step_for(request.user, step_id)
    return _survey_out(request, services.survey_for_step(step))


@router.patch("/steps/{step_id}/survey", response=SurveyOut)
def patch_survey(request, step_id: int, payload: SurveyPatch):
    step = step_for(request.user, step_id, Role.EDITOR)
    require_role(request.user, step.journey.workspace_id, Role.EDITOR)
    config = services.survey_for_step(step)
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    return _survey_out(request, services.update_survey(config, changes, payload.version))
