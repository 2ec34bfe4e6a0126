"""Metrics over stored answers, the live overlay on the map, drivers and quadrants."""

from datetime import UTC, datetime

import pytest

from teekond.research import services
from teekond.research.models import Customer, Response

pytestmark = pytest.mark.django_db


def add(journey, step, key, when=datetime(2026, 3, 10, tzinfo=UTC), **kw):
    return Response.objects.create(
        workspace=journey.workspace,
        journey=journey,
        step=step,
        idempotency_key=key,
        answered_at=when,
        **kw,
    )


def test_journey_metrics_per_step_stage_and_period(journey, steps):
    # Step 1: NPS 10, 10, 9, 8, 7, 6, 5, 3, 10, 9 → 20 [−34.03; 74.03] (see test_metrics)
    for i, s in enumerate([10, 10, 9, 8, 7, 6, 5, 3, 10, 9]):
        add(journey, steps[0], f"a{i}", nps=s)
    for i, c in enumerate([5, 4, 4, 3, 2, 5, 1, 4]):
        add(journey, steps[1], f"b{i}", csat=c, when=datetime(2026, 4, 2, tzinfo=UTC))
    data = services.journey_metrics(journey)
    first, second, third = data["steps"]
    assert first["metrics"]["nps"]["value"] == pytest.approx(20)
    assert first["metrics"]["nps"]["low"] == pytest.approx(-34.03, abs=0.01)
    assert second["metrics"]["csat"]["value"] == pytest.approx(62.5)
    assert third["metrics"]["responses"] == 0
    assert data["stages"][0]["metrics"]["responses"] == 18
    assert [p["period"] for p in data["trend"]] == ["2026-03", "2026-04"]
    assert data["overall"]["responses"] == 18


def test_metrics_by_segment_and_persona(journey, steps, workspace):
    from teekond.journeys.models import Persona

    persona = Persona.objects.create(workspace=workspace, name="Emma")
    big = Customer.objects.create(
        workspace=workspace, external_id="1", name="A", segment="B2B", persona=persona
    )
    add(journey, steps[0], "a", nps=10, customer=big)
    add(journey, steps[0], "b", nps=0)
    assert services.journey_metrics(journey, segment="B2B")["overall"]["nps"]["value"] == 100
    assert services.journey_metrics(journey, persona=persona)["overall"]["responses"] == 1
    assert services.workspace_metrics(workspace)["segments"]["B2B"]["responses"] == 1


def test_overlay_flags_where_answers_disagree_with_the_map(journey, steps):
    # Map: step 0 joyful (+3), step 1 three E's 5/5/4, step 2 calm with valence +2.
    for i in range(6):
        add(journey, steps[0], f"a{i}", csat=1, effect=1)  # all bad: balance −100
        add(journey, steps[1], f"b{i}", csat=5, effect=2, ease=5, emotion_rating=4)
        add(journey, steps[2], f"c{i}", csat=5)
    overlay = services.step_overlay(journey)
    assert [row["step"] for row in overlay] == ["Veebipood", "Maksmine", "Pakiautomaat"]
    assert overlay[0]["assumed"]["valence"] == 3 and overlay[0]["measured"]["balance"] == -100
    assert (overlay[0]["disagrees"], overlay[0]["reasons"]) == (True, ["valence"])
    assert (overlay[1]["disagrees"], overlay[1]["reasons"]) == (True, ["effect"])
    assert overlay[2]["disagrees"] is False


def test_few_answers_never_flag(journey, steps):
    for i in range(4):
        add(journey, steps[0], f"a{i}", csat=1)
    assert services.step_overlay(journey)[0]["disagrees"] is False


def test_drivers_and_quadrants_from_customers(journey, steps, workspace):
    import random

    rnd = random.Random(3)
    for i in range(60):
        c = Customer.objects.create(
            workspace=workspace,
            external_id=f"K{i}",
            name=f"Klient {i}",
            revenue=rnd.randint(1000, 90000),
            potential_revenue=rnd.randint(1000, 150000),
        )
        pay, web = rnd.randint(1, 5), rnd.randint(1, 5)
        add(journey, steps[0], f"w{i}", csat=web, customer=c)
        add(
            journey,
            steps[1],
            f"p{i}",
            csat=pay,
            customer=c,
            nps=min(10, max(0, 2 * pay + rnd.randint(-1, 1))),
        )
    result = services.journey_drivers(journey, "et")
    assert result["drivers"][0]["step"] == "Maksmine" and result["drivers"][0]["direction"] == 1
    assert "Maksmine" in result["reading"][1]
    quad = services.customer_quadrants(workspace, journey)
    assert sum(len(v) for v in quad["quadrants"].values()) == 60
    spec = services.quadrant_spec(quad)
    assert len(spec["layer"][0]["data"]["values"]) == 60


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ({"csat": 4, "effect": 1, "ces": 1}, 4.0),  # CSAT wins where it was asked
        ({"effect": 5, "ease": 2}, 3.5),  # else the mean of the E's that were rated
        ({"effect": 3, "ease": 4, "emotion_rating": 2}, 3.0),
        ({"ces": 7}, 5.0),  # else CES from 1..7 onto 1..5
        ({"ces": 4}, 3.0),
        ({}, None),  # an NPS-only or comment-only answer scores no step
    ],
)
def test_a_step_score_from_whatever_the_touchpoint_asked(scores, expected):
    assert services.step_score(**scores) == expected


def test_drivers_from_steps_asked_with_the_three_es_and_ces(journey, steps, workspace):
    """A touchpoint surveyed with the three E's or CES counts as a driver like a CSAT one."""
    import random

    rnd = random.Random(5)
    for i in range(60):
        web, deliver = rnd.randint(1, 5), rnd.randint(1, 7)
        who = f"R{i}"
        add(journey, steps[0], f"w{i}", effect=web, ease=web, respondent=who)
        add(journey, steps[1], f"p{i}", csat=rnd.randint(1, 5), respondent=who)
        nps = min(10, max(0, round(10 * (deliver - 1) / 6) + rnd.randint(-1, 1)))
        add(journey, steps[2], f"d{i}", ces=deliver, nps=nps, respondent=who)
    result = services.journey_drivers(journey, "en")
    assert result["n"] == 60
    top = result["drivers"][0]
    assert (top["step"], top["direction"]) == ("Pakiautomaat", 1)
    assert top["weight"] > 80
    assert {d["step"] for d in result["drivers"]} == {"Veebipood", "Maksmine", "Pakiautomaat"}
