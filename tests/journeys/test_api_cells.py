"""Cells over the API: upsert by lane × step with a version, evidence, delete."""

from __future__ import annotations

import pytest

from teekond.journeys.models import Cell, Journey, Lane, LaneType, Step
from tests.journeys.conftest import READ, ROLES, WRITE_DENIED, lane, steps


def put(client, journey, lane_, step, **fields):
    return client.put(
        f"/api/journeys/{journey.pk}/cells",
        {"lane_id": lane_.pk, "step_id": step.pk, **fields},
    )


@pytest.mark.parametrize("role", ROLES)
def test_create_a_cell(api, users, journey, role):
    step = steps(journey)[0]
    response = put(
        api(users[role]),
        journey,
        lane(journey, LaneType.EMOTION),
        step,
        emotion="annoyed",
        text="Curt tone",
        evidence="interview",
        evidence_note="Interview 3",
    )
    if role in WRITE_DENIED:
        assert response.status_code == WRITE_DENIED[role]
        assert not Cell.objects.exists()
        return
    assert response.status_code == 200
    cell = Cell.objects.get()
    assert (cell.emotion, cell.effective_valence, cell.text, cell.evidence, cell.version) == (
        "annoyed",
        -2,
        "Curt tone",
        "interview",
        1,
    )
    assert cell.updated_by == users[role]
    assert response.json()["emotion_label"] == "annoyed"


def test_update_a_cell_keeps_unsent_fields(api, alice, journey):
    client, step, emotion = api(alice), steps(journey)[0], lane(journey)
    put(client, journey, emotion, step, emotion="annoyed", text="Curt")
    response = put(client, journey, emotion, step, valence=-3, version=1)
    assert response.status_code == 200
    cell = Cell.objects.get()
    assert (cell.emotion, cell.valence, cell.text, cell.version) == ("annoyed", -3, "Curt", 2)


def test_two_people_creating_the_same_cell_conflict(api, alice, bob, journey):
    step = steps(journey)[0]
    assert put(api(alice), journey, lane(journey), step, emotion="calm").status_code == 200
    response = put(api(bob), journey, lane(journey), step, emotion="angry")
    assert response.status_code == 409
    assert response.json()["error"]["details"] == {"current_version": 1}
    assert Cell.objects.get().emotion == "calm"


def test_a_stale_cell_version_conflicts(api, alice, bob, journey):
    step = steps(journey)[0]
    put(api(alice), journey, lane(journey), step, emotion="calm")
    put(api(alice), journey, lane(journey), step, emotion="joyful", version=1)
    response = put(api(bob), journey, lane(journey), step, emotion="angry", version=1)
    assert response.status_code == 409
    assert response.json()["error"]["details"] == {"current_version": 2}
    assert Cell.objects.get().emotion == "joyful"


@pytest.mark.parametrize(
    "fields",
    [
        {"emotion": "meh"},
        {"valence": 4},
        {"rating": 6},
        {"effect_rating": 0},
        {"evidence": "hunch"},
    ],
)
def test_invalid_cell_values_are_refused(api, alice, journey, fields):
    response = put(api(alice), journey, lane(journey), steps(journey)[0], **fields)
    assert response.status_code == 422
    assert not Cell.objects.exists()


def test_three_es_and_promise(api, alice, journey):
    client, step = api(alice), steps(journey)[0]
    promise = lane(journey, LaneType.PROMISE)
    put(client, journey, promise, step, rating=2, text="Slow answer")
    structure = journey.structure_version
    lane_id = client.post(
        f"/api/journeys/{journey.pk}/lanes", {"type": "three_es", "structure_version": structure}
    ).json()["id"]
    three = Lane.objects.get(pk=lane_id)
    put(client, journey, three, step, effect_rating=4, ease_rating=2, emotion_rating=1)
    assert Cell.objects.get(lane=promise).rating == 2
    cell = Cell.objects.get(lane=three)
    assert (cell.effect_rating, cell.ease_rating, cell.emotion_rating) == (4, 2, 1)


def test_lane_and_step_must_belong_to_the_map(api, alice, workspace, journey):
    other = Journey.objects.create(workspace=workspace, title="Other")
    foreign_lane = Lane.objects.create(journey=other, type="text", name="X")
    response = put(api(alice), journey, foreign_lane, steps(journey)[0], text="x")
    assert response.status_code == 404
    assert not Cell.objects.exists()


def test_an_outsiders_lane_is_not_found(api, charlie, other_workspace, journey):
    mine = Journey.objects.create(workspace=other_workspace, title="Charlie's")
    my_lane = Lane.objects.create(journey=mine, type="text", name="X")
    response = put(api(charlie), mine, my_lane, steps(journey)[0], text="x")
    assert response.status_code == 404
    assert not Step.objects.filter(cells__isnull=False).exists()


@pytest.mark.parametrize("role", ROLES)
def test_get_and_delete_a_cell(api, users, alice, journey, role):
    put(api(alice), journey, lane(journey), steps(journey)[0], emotion="calm")
    cell = Cell.objects.get()
    client = api(users[role])
    assert client.get(f"/api/cells/{cell.pk}").status_code == READ[role]
    response = client.delete(f"/api/cells/{cell.pk}?version=1")
    if role in WRITE_DENIED:
        assert response.status_code == WRITE_DENIED[role]
        assert Cell.objects.exists()
        return
    assert response.status_code == 204
    assert not Cell.objects.exists()


def test_deleting_a_changed_cell_conflicts(api, alice, journey):
    client = api(alice)
    put(client, journey, lane(journey), steps(journey)[0], emotion="calm")
    put(client, journey, lane(journey), steps(journey)[0], emotion="angry", version=1)
    cell = Cell.objects.get()
    assert client.delete(f"/api/cells/{cell.pk}?version=1").status_code == 409
    assert Cell.objects.exists()
