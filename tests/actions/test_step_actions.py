"""The lowest-point warning counts an improvement action in the Act backlog (docs/journeys.md:
"the lowest point of the curve has no opportunity cell (or linked improvement action)")."""

from __future__ import annotations

import pytest

from teekond.journeys import services as maps
from tests.journeys.conftest import set_emotion, steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(workspace, alice):
    """Three touchpoints and the default lanes."""
    j = maps.create_journey(workspace, alice, title="Kooli valik", stages=["Awareness", "Visit"])
    first, second = list(j.stages.all())
    for stage, name in ((first, "Friend"), (first, "Website"), (second, "Open day")):
        j.refresh_from_db()
        maps.add_step(stage, j.structure_version, name=name)
    j.refresh_from_db()
    return j


def codes(journey):
    return [w["code"] for w in maps.journey_warnings(journey, "en")]


def backlog(api, user, workspace, step, **extra):
    response = api(user).post(
        f"/api/workspaces/{workspace.id}/backlog",
        {"title": "Call back within an hour", "subject": f"journeys.step:{step.pk}", **extra},
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_an_action_on_the_lowest_step_covers_it(api, alice, workspace, journey):
    first, middle, last = steps(journey)
    for step in (first, last):
        set_emotion(journey, step, "calm")
    set_emotion(journey, middle, "angry")
    assert "lowest_point_without_opportunity" in codes(journey)
    backlog(api, alice, workspace, middle)
    assert "lowest_point_without_opportunity" not in codes(journey)


def test_a_dropped_action_or_one_elsewhere_does_not(api, alice, workspace, journey):
    first, middle, last = steps(journey)
    for step in (first, last):
        set_emotion(journey, step, "calm")
    set_emotion(journey, middle, "angry")
    backlog(api, alice, workspace, first)
    backlog(api, alice, workspace, middle, status="dropped")
    assert "lowest_point_without_opportunity" in codes(journey)
