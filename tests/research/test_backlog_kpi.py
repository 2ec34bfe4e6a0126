"""A backlog item's KPI shows the measured value of its step or journey."""

import pytest

from teekond.actions import services as act
from teekond.research.models import Response

pytestmark = pytest.mark.django_db


def answer(journey, step, n, nps):
    Response.objects.create(
        workspace=journey.workspace, journey=journey, step=step, nps=nps, idempotency_key=f"k{n}"
    )


def test_the_kpi_of_an_action_on_a_step_is_its_measured_nps(alice, workspace, journey, steps):
    # Two promoters, one passive, one detractor: NPS = (2 - 1) / 4 = 25.
    for n, score in enumerate([10, 9, 8, 3]):
        answer(journey, steps[0], n, score)
    answer(journey, steps[1], 9, 0)  # another step: not counted for steps[0]
    item = act.create_backlog_item(
        alice,
        workspace,
        {"title": "Kiirem veebipood", "metric_key": "nps", "metric_target": 40},
        subject=steps[0],
    )
    assert act.current_metric(item) == pytest.approx(25.0)
    journey_item = act.create_backlog_item(
        alice, workspace, {"title": "Kõik", "metric_key": "nps"}, subject=journey
    )
    # Whole journey: 2 promoters, 1 passive, 2 detractors of 5 = 0.
    assert act.current_metric(journey_item) == pytest.approx(0.0)
    unknown = act.create_backlog_item(
        alice, workspace, {"title": "x", "metric_key": "churn"}, subject=steps[0]
    )
    assert act.current_metric(unknown) is None
