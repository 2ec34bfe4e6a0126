"""What the Act pillar reads from a journey map: health-check facts and step listings."""

from __future__ import annotations

from django.utils import timezone

from teekond.actions.health import ActionFacts, MapFacts, StageFacts, StepFacts
from teekond.actions.models import CADENCE_DAYS, BacklogItem, Cadence
from teekond.journeys.models import Journey


def map_facts(journey: Journey) -> MapFacts:
    from teekond.actions import services

    cells_by_step: dict[int, list] = {}
    for cell in journey.cells.all():
        cells_by_step.setdefault(cell.step_id, []).append(cell)
    steps_by_stage: dict[int, list] = {}
    for step in journey.steps.order_by("position", "id"):
        cells = cells_by_step.get(step.pk, [])
        steps_by_stage.setdefault(step.stage_id, []).append(
            StepFacts(
                name=step.name,
                channel=step.channel,
                digital={"digital": True, "physical": False}.get(step.medium),
                direct={"direct": True, "indirect": False}.get(step.directness),
                company_owned=step.company_owned,
                department=step.owner_department,
                texts=[step.description, *[c.text for c in cells]],
                evidence=[step.evidence, *[c.evidence for c in cells if not c.is_empty]],
            )
        )
    stages = [
        StageFacts(
            name=s.name, has_owner=s.owner_id is not None, steps=steps_by_stage.get(s.pk, [])
        )
        for s in journey.stages.order_by("position", "id")
    ]
    actions = [
        ActionFacts(impact=i.impact, effort=i.effort, status=i.status)
        for i in BacklogItem.objects.filter(journey=journey)
    ]
    schedule = services.items_about(services.ReviewSchedule, journey).first()
    last = services.last_review(journey)
    return MapFacts(
        name=journey.title,
        stages=stages,
        actions=actions,
        cadence_days=CADENCE_DAYS[Cadence(schedule.cadence)] if schedule else None,
        last_review=last.held_on if last else None,
        created_on=timezone.localtime(journey.created_at).date(),
        today=timezone.localdate(),
    )
