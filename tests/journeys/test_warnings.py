"""Peak–end warnings, the emotion curve and the evidence share."""

from __future__ import annotations

from django.utils import translation

from teekond.core.providers import Registry
from teekond.journeys import plugins, services
from teekond.journeys.models import LaneType
from tests.journeys.conftest import lane, set_emotion, steps


def codes(journey):
    return [w["code"] for w in services.journey_warnings(journey, "en")]


def by_code(journey, code):
    return next(w for w in services.journey_warnings(journey, "en") if w["code"] == code)


def test_first_and_last_negative(journey):
    first, middle, last = steps(journey)
    set_emotion(journey, first, "annoyed")
    set_emotion(journey, middle, "joyful")
    set_emotion(journey, last, "sad")
    assert by_code(journey, "first_touchpoint_negative")["step_ids"] == [first.pk]
    assert by_code(journey, "last_touchpoint_negative")["step_ids"] == [last.pk]


def test_a_positive_start_and_end_are_fine(journey):
    first, middle, last = steps(journey)
    set_emotion(journey, first, "calm")
    set_emotion(journey, middle, "angry")
    set_emotion(journey, last, "joyful")
    found = codes(journey)
    assert "first_touchpoint_negative" not in found
    assert "last_touchpoint_negative" not in found


def test_lowest_point_needs_an_opportunity(journey):
    first, middle, last = steps(journey)
    set_emotion(journey, first, "calm")
    set_emotion(journey, middle, "angry")
    set_emotion(journey, last, "joyful")
    warning = by_code(journey, "lowest_point_without_opportunity")
    assert warning["step_ids"] == [middle.pk]
    assert warning["details"]["valence"] == -3
    services.upsert_cell(
        lane(journey, LaneType.OPPORTUNITIES), middle, None, {"text": "Call back within an hour"}
    )
    assert "lowest_point_without_opportunity" not in codes(journey)


def test_an_empty_opportunity_cell_does_not_count(journey):
    first, middle, last = steps(journey)
    for step in (first, last):
        set_emotion(journey, step, "calm")
    set_emotion(journey, middle, "angry")
    services.upsert_cell(lane(journey, LaneType.OPPORTUNITIES), middle, None, {"text": "  "})
    assert "lowest_point_without_opportunity" in codes(journey)


def test_improvement_actions_from_other_apps_count(journey, monkeypatch):
    first, middle, last = steps(journey)
    set_emotion(journey, middle, "angry")
    monkeypatch.setattr(plugins, "STEP_ACTIONS", Registry("test"))
    plugins.STEP_ACTIONS.register(lambda j: {middle.pk})
    assert "lowest_point_without_opportunity" not in codes(journey)


def test_steps_without_emotion(journey):
    first, middle, last = steps(journey)
    set_emotion(journey, first, "calm")
    assert by_code(journey, "steps_without_emotion")["step_ids"] == [middle.pk, last.pk]


def test_a_map_without_emotion_lane(journey):
    services.delete_lane(lane(journey), journey.structure_version)
    assert "no_emotion_lane" in codes(journey)
    assert all(p["valence"] is None for p in services.emotion_curve(journey))


def test_an_empty_map(workspace, alice):
    journey = services.create_journey(workspace, alice, title="Empty")
    assert codes(journey) == ["no_touchpoints"]


def test_mostly_assumptions_and_evidence_share(journey):
    first, middle, last = steps(journey)
    set_emotion(journey, first, "calm")
    warning = by_code(journey, "mostly_assumptions")
    assert warning["details"]["assumed_share"] == 1.0
    for step in (first, middle, last):
        services.update_step(step, {"evidence": "interview"}, step.version)
    cell = services.get_cell(lane(journey), first)
    services.upsert_cell(lane(journey), first, cell.version, {"evidence": "survey"})
    summary = services.evidence_summary(journey)
    assert (summary["validated"], summary["assumed"], summary["assumed_share"]) == (4, 0, 0.0)
    assert summary["by_evidence"]["interview"] == 3
    assert "mostly_assumptions" not in codes(journey)


def test_curve_order_and_labels(journey):
    first, middle, last = steps(journey)
    set_emotion(journey, last, "tense", valence=-1)
    curve = services.emotion_curve(journey, "et")
    assert [p["step_id"] for p in curve] == [first.pk, middle.pk, last.pk]
    assert curve[2]["label"] == "pinges"
    assert curve[2]["valence"] == -1
    assert curve[2]["stage_name"] == "Visit"


def test_warnings_in_estonian(journey):
    set_emotion(journey, steps(journey)[0], "angry")
    with translation.override("et"):
        message = services.journey_warnings(journey)[0]["message"]
    assert "Friend" in message
    assert "first impression" not in message


def test_dragging_a_point_of_the_curve(journey):
    first = steps(journey)[0]
    cell = services.set_step_valence(first, 2, None)
    cell = services.set_step_valence(first, -1, cell.version)
    assert services.emotion_curve(journey)[0]["valence"] == -1
    import pytest

    from teekond.core.errors import Conflict

    with pytest.raises(Conflict):
        services.set_step_valence(first, 3, 1)
