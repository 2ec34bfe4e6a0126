"""Demo content of the Act pillar: self-assessments, and on the demo's school map owners,
a monthly review cadence with one review, a saved version and a small backlog."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from teekond.actions import audit, services
from teekond.actions.diagnostics import QUESTIONS
from teekond.actions.models import Assessment, AssessmentAnswer


def build(workspace, owner) -> None:
    today = timezone.localdate()
    for days_ago, base in ((180, 2), (30, 3)):
        assessment = Assessment.objects.create(
            workspace=workspace, respondent=owner, taken_on=today - timedelta(days=days_ago)
        )
        AssessmentAnswer.objects.bulk_create(
            AssessmentAnswer(
                assessment=assessment,
                question=q.key,
                score=min(5, base + (i % 3 == 0) + (q.area == "customer")),
            )
            for i, q in enumerate(QUESTIONS)
        )
    with audit.acting_as(owner), audit.quiet():
        _journey_demo(workspace, owner, today)


def _journey_demo(workspace, owner, today) -> None:
    from teekond.actions.versions import save_version
    from teekond.journeys.models import Journey

    journey = (
        Journey.objects.filter(workspace=workspace, template_key="school").first()
        or Journey.objects.filter(workspace=workspace).order_by("id").first()
    )
    if journey is None:
        return
    editor = get_user_model().objects.filter(username="toomas").first() or owner
    stages = list(journey.stages.order_by("position", "id"))
    for stage in stages[:-1]:  # the last stage is left without owner: the health check says so
        services.set_owner(owner, workspace, stage, editor.pk)
    services.set_cadence(owner, workspace, journey, "monthly")
    services.record_review(
        owner,
        workspace,
        journey,
        {
            "held_on": today - timedelta(days=20),
            "participants": "Mari, Toomas, Kati",
            "findings": "Lapsevanemad otsivad õppemaksu infot kodulehelt ega leia seda.",
            "decisions": "Lisame hinnad kodulehe esilehele.",
        },
    )
    save_version(owner, journey, "Esimene töötuba")
    steps = list(journey.steps.order_by("stage__position", "position", "id"))
    ideas = [
        ("Hinnad kodulehe esilehele", 5, 1, "planned", "csat", 4.5),
        ("Lahtiste uste päev ka veebis", 4, 3, "idea", "nps", 40),
        ("Vastame kirjadele ühe päeva jooksul", 4, 2, "in_progress", "ces", 2.0),
    ]
    for n, (title, impact, effort, status, metric, target) in enumerate(ideas):
        services.create_backlog_item(
            owner,
            workspace,
            {
                "title": title,
                "impact": impact,
                "effort": effort,
                "status": status,
                "owner_id": editor.pk,
                "deadline": today + timedelta(days=7 * (n + 1)),
                "metric_key": metric,
                "metric_target": target,
            },
            steps[n % len(steps)] if steps else journey,
        )
