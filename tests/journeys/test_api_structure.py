"""Stages, steps and lanes over the API: add, change, delete, reorder, move; structural
changes race on the journey's structure_version."""

from __future__ import annotations

import pytest

from teekond.journeys.models import Journey, Lane, Stage, Step
from tests.journeys.conftest import ROLES, WRITE_DENIED, steps, structure_version

OK = {"owner": True, "editor": True, "viewer": False, "outsider": False}


def names(queryset):
    return [o.name for o in queryset]


@pytest.mark.parametrize("role", ROLES)
def test_add_stage(api, users, journey, role):
    response = api(users[role]).post(
        f"/api/journeys/{journey.pk}/stages",
        {"name": "Research", "position": 1, "structure_version": journey.structure_version},
    )
    if not OK[role]:
        assert response.status_code == WRITE_DENIED[role]
        assert journey.stages.count() == 2
        return
    assert response.status_code == 201
    assert names(journey.stages.all()) == ["Awareness", "Research", "Visit"]
    assert [s.position for s in journey.stages.all()] == [0, 1, 2]
    assert structure_version(journey) == journey.structure_version + 1


def test_structural_change_with_stale_structure_version_conflicts(api, alice, bob, journey):
    sv = journey.structure_version
    first = api(alice).post(
        f"/api/journeys/{journey.pk}/stages", {"name": "A", "structure_version": sv}
    )
    assert first.status_code == 201
    second = api(bob).post(
        f"/api/journeys/{journey.pk}/stages", {"name": "B", "structure_version": sv}
    )
    assert second.status_code == 409
    error = second.json()["error"]
    assert error["details"] == {"current_version": sv + 1}
    assert "reload" in error["message"]
    assert names(journey.stages.all()) == ["Awareness", "Visit", "A"]


@pytest.mark.parametrize("role", ROLES)
def test_update_stage(api, users, journey, role):
    stage = journey.stages.first()
    response = api(users[role]).patch(
        f"/api/stages/{stage.pk}", {"name": "Teadlikkus", "version": stage.version}
    )
    stage.refresh_from_db()
    if not OK[role]:
        assert response.status_code == WRITE_DENIED[role]
        assert stage.name == "Awareness"
        return
    assert response.status_code == 200
    assert (stage.name, stage.version) == ("Teadlikkus", 2)


def test_update_stage_conflict(api, alice, bob, journey):
    stage = journey.stages.first()
    api(alice).patch(f"/api/stages/{stage.pk}", {"name": "A", "version": 1})
    response = api(bob).patch(f"/api/stages/{stage.pk}", {"name": "B", "version": 1})
    assert response.status_code == 409
    assert response.json()["error"]["details"] == {"current_version": 2}


@pytest.mark.parametrize("role", ROLES)
def test_delete_stage(api, users, journey, role):
    stage = journey.stages.first()
    response = api(users[role]).delete(
        f"/api/stages/{stage.pk}?structure_version={journey.structure_version}"
    )
    if not OK[role]:
        assert response.status_code == WRITE_DENIED[role]
        assert Stage.objects.filter(pk=stage.pk).exists()
        return
    assert response.status_code == 204
    assert names(journey.stages.all()) == ["Visit"]
    assert journey.stages.get().position == 0
    assert names(steps(journey)) == ["Open day"]


def test_delete_stage_needs_current_structure_version(api, alice, journey):
    stage = journey.stages.first()
    response = api(alice).delete(f"/api/stages/{stage.pk}?structure_version=0")
    assert response.status_code == 409
    assert Stage.objects.filter(pk=stage.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_reorder_stages(api, users, journey, role):
    ids = list(journey.stages.values_list("pk", flat=True))[::-1]
    response = api(users[role]).put(
        f"/api/journeys/{journey.pk}/stages/order",
        {"ids": ids, "structure_version": journey.structure_version},
    )
    if not OK[role]:
        assert response.status_code == WRITE_DENIED[role]
        assert names(journey.stages.all()) == ["Awareness", "Visit"]
        return
    assert response.status_code == 200
    assert names(journey.stages.all()) == ["Visit", "Awareness"]
    assert names(steps(journey)) == ["Open day", "Friend", "Website"]


@pytest.mark.parametrize(
    "make_ids",
    [
        lambda ids, other: ids[:1],  # one missing
        lambda ids, other: ids + ids[:1],  # one twice
        lambda ids, other: ids + [other],  # a stage of another map
        lambda ids, other: [],
    ],
)
def test_reorder_must_list_exactly_the_existing_stages(api, alice, workspace, journey, make_ids):
    other = Journey.objects.create(workspace=workspace, title="Other")
    other_stage = Stage.objects.create(journey=other, name="X")
    ids = list(journey.stages.values_list("pk", flat=True))[::-1]
    response = api(alice).put(
        f"/api/journeys/{journey.pk}/stages/order",
        {"ids": make_ids(ids, other_stage.pk), "structure_version": journey.structure_version},
    )
    assert response.status_code == 422
    assert names(journey.stages.all()) == ["Awareness", "Visit"]
    assert structure_version(journey) == journey.structure_version


@pytest.mark.parametrize("role", ROLES)
def test_add_step(api, users, journey, role):
    stage = journey.stages.first()
    response = api(users[role]).post(
        f"/api/stages/{stage.pk}/steps",
        {
            "name": "Facebook",
            "position": 0,
            "channel": "social_media",
            "medium": "digital",
            "directness": "direct",
            "company_owned": True,
            "owner_department": "Communications",
            "evidence": "observation",
            "structure_version": journey.structure_version,
        },
    )
    if not OK[role]:
        assert response.status_code == WRITE_DENIED[role]
        assert stage.steps.count() == 2
        return
    assert response.status_code == 201
    assert names(stage.steps.all()) == ["Facebook", "Friend", "Website"]
    step = stage.steps.get(name="Facebook")
    assert (step.channel, step.medium, step.evidence, step.journey_id) == (
        "social_media",
        "digital",
        "observation",
        journey.pk,
    )


def test_add_step_rejects_unknown_channel(api, alice, journey):
    stage = journey.stages.first()
    response = api(alice).post(
        f"/api/stages/{stage.pk}/steps",
        {"name": "X", "channel": "telepathy", "structure_version": journey.structure_version},
    )
    assert response.status_code == 422
    assert stage.steps.count() == 2


@pytest.mark.parametrize("role", ROLES)
def test_update_step(api, users, journey, role):
    step = steps(journey)[0]
    response = api(users[role]).patch(
        f"/api/steps/{step.pk}",
        {
            "channel": "word_of_mouth",
            "company_owned": False,
            "directness": "indirect",
            "version": 1,
        },
    )
    step.refresh_from_db()
    if not OK[role]:
        assert response.status_code == WRITE_DENIED[role]
        assert step.channel == ""
        return
    assert response.status_code == 200
    assert (step.channel, step.company_owned, step.directness, step.version) == (
        "word_of_mouth",
        False,
        "indirect",
        2,
    )


def test_update_step_conflict(api, alice, bob, journey):
    step = steps(journey)[0]
    api(alice).patch(f"/api/steps/{step.pk}", {"name": "A", "version": 1})
    response = api(bob).patch(f"/api/steps/{step.pk}", {"name": "B", "version": 1})
    assert response.status_code == 409
    assert response.json()["error"]["details"] == {"current_version": 2}


@pytest.mark.parametrize("role", ROLES)
def test_delete_step(api, users, journey, role):
    step = steps(journey)[0]
    response = api(users[role]).delete(
        f"/api/steps/{step.pk}?structure_version={journey.structure_version}"
    )
    if not OK[role]:
        assert response.status_code == WRITE_DENIED[role]
        assert Step.objects.filter(pk=step.pk).exists()
        return
    assert response.status_code == 204
    assert names(steps(journey)) == ["Website", "Open day"]
    assert [s.position for s in steps(journey)] == [0, 0]


@pytest.mark.parametrize("role", ROLES)
def test_reorder_steps(api, users, journey, role):
    stage = journey.stages.first()
    ids = list(stage.steps.values_list("pk", flat=True))[::-1]
    response = api(users[role]).put(
        f"/api/stages/{stage.pk}/steps/order",
        {"ids": ids, "structure_version": journey.structure_version},
    )
    if not OK[role]:
        assert response.status_code == WRITE_DENIED[role]
        return
    assert response.status_code == 200
    assert names(stage.steps.all()) == ["Website", "Friend"]


def test_reorder_steps_refuses_a_step_of_another_stage(api, alice, journey):
    first, second = journey.stages.all()
    ids = list(first.steps.values_list("pk", flat=True)) + [second.steps.get().pk]
    response = api(alice).put(
        f"/api/stages/{first.pk}/steps/order",
        {"ids": ids, "structure_version": journey.structure_version},
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"]["unknown"] == [second.steps.get().pk]


@pytest.mark.parametrize("role", ROLES)
def test_move_step_to_another_stage(api, users, journey, role):
    first, second = journey.stages.all()
    step = first.steps.get(name="Friend")
    response = api(users[role]).post(
        f"/api/steps/{step.pk}/move",
        {"stage_id": second.pk, "position": 1, "structure_version": journey.structure_version},
    )
    if not OK[role]:
        assert response.status_code == WRITE_DENIED[role]
        step.refresh_from_db()
        assert step.stage == first
        return
    assert response.status_code == 200
    assert response.json()["stage_id"] == second.pk
    assert names(second.steps.all()) == ["Open day", "Friend"]
    assert names(first.steps.all()) == ["Website"]
    assert [s.position for s in first.steps.all()] == [0]


def test_move_step_to_a_stage_of_another_map_is_refused(api, alice, workspace, journey):
    other = Journey.objects.create(workspace=workspace, title="Other")
    foreign = Stage.objects.create(journey=other, name="X")
    step = steps(journey)[0]
    response = api(alice).post(
        f"/api/steps/{step.pk}/move",
        {"stage_id": foreign.pk, "structure_version": journey.structure_version},
    )
    assert response.status_code == 422
    step.refresh_from_db()
    assert step.stage.journey == journey


def test_move_step_into_an_outsiders_stage_is_not_found(
    api, alice, charlie, other_workspace, journey
):
    other = Journey.objects.create(workspace=other_workspace, title="Charlie's")
    foreign = Stage.objects.create(journey=other, name="X")
    step = steps(journey)[0]
    response = api(alice).post(
        f"/api/steps/{step.pk}/move",
        {"stage_id": foreign.pk, "structure_version": journey.structure_version},
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_add_lane(api, users, journey, role):
    response = api(users[role]).post(
        f"/api/journeys/{journey.pk}/lanes",
        {"type": "custom", "name": "We need to…", "structure_version": journey.structure_version},
    )
    if not OK[role]:
        assert response.status_code == WRITE_DENIED[role]
        assert journey.lanes.count() == 7
        return
    assert response.status_code == 201
    lane = journey.lanes.last()
    assert (lane.type, lane.name, lane.position) == ("custom", "We need to…", 7)


def test_a_lane_without_name_gets_its_types_name(api, alice, journey):
    api(alice).post(
        f"/api/journeys/{journey.pk}/lanes",
        {"type": "three_es", "structure_version": journey.structure_version, "position": 0},
    )
    lane = journey.lanes.first()
    assert lane.type == "three_es"
    assert lane.name  # in the map's language (Estonian by default)


def test_unknown_lane_type_is_refused(api, alice, journey):
    response = api(alice).post(
        f"/api/journeys/{journey.pk}/lanes",
        {"type": "gossip", "structure_version": journey.structure_version},
    )
    assert response.status_code == 422


@pytest.mark.parametrize("role", ROLES)
def test_update_lane(api, users, journey, role):
    lane = journey.lanes.first()
    response = api(users[role]).patch(f"/api/lanes/{lane.pk}", {"name": "Doing", "version": 1})
    lane.refresh_from_db()
    if not OK[role]:
        assert response.status_code == WRITE_DENIED[role]
        return
    assert response.status_code == 200
    assert (lane.name, lane.version) == ("Doing", 2)


def test_update_lane_cannot_change_its_type(api, alice, journey):
    lane = journey.lanes.first()
    response = api(alice).patch(f"/api/lanes/{lane.pk}", {"type": "custom", "version": 1})
    assert response.status_code == 422


@pytest.mark.parametrize("role", ROLES)
def test_delete_lane(api, users, journey, role):
    lane = journey.lanes.first()
    response = api(users[role]).delete(
        f"/api/lanes/{lane.pk}?structure_version={journey.structure_version}"
    )
    if not OK[role]:
        assert response.status_code == WRITE_DENIED[role]
        assert Lane.objects.filter(pk=lane.pk).exists()
        return
    assert response.status_code == 204
    assert journey.lanes.count() == 6
    assert [lane.position for lane in journey.lanes.all()] == list(range(6))


@pytest.mark.parametrize("role", ROLES)
def test_reorder_lanes(api, users, journey, role):
    ids = list(journey.lanes.values_list("pk", flat=True))[::-1]
    response = api(users[role]).put(
        f"/api/journeys/{journey.pk}/lanes/order",
        {"ids": ids, "structure_version": journey.structure_version},
    )
    if not OK[role]:
        assert response.status_code == WRITE_DENIED[role]
        return
    assert response.status_code == 200
    assert list(journey.lanes.values_list("pk", flat=True)) == ids


def test_reorder_lanes_validates_the_set(api, alice, journey):
    ids = list(journey.lanes.values_list("pk", flat=True))
    response = api(alice).put(
        f"/api/journeys/{journey.pk}/lanes/order",
        {"ids": ids[1:], "structure_version": journey.structure_version},
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"]["missing"] == [ids[0]]


def test_reorder_with_a_stale_structure_version_conflicts(api, alice, journey):
    ids = list(journey.stages.values_list("pk", flat=True))
    response = api(alice).put(
        f"/api/journeys/{journey.pk}/stages/order",
        {"ids": ids[::-1], "structure_version": journey.structure_version - 1},
    )
    assert response.status_code == 409
    assert response.json()["error"]["details"] == {"current_version": journey.structure_version}
    assert list(journey.stages.values_list("pk", flat=True)) == ids


def test_structural_answers_carry_the_new_structure_version(api, alice, journey):
    client = api(alice)
    sv = journey.structure_version
    stage = client.post(
        f"/api/journeys/{journey.pk}/stages", {"name": "A", "structure_version": sv}
    )
    assert stage.json()["structure_version"] == sv + 1
    step = client.post(
        f"/api/stages/{stage.json()['id']}/steps",
        {"name": "S", "structure_version": stage.json()["structure_version"]},
    )
    assert step.status_code == 201
    assert step.json()["structure_version"] == sv + 2
    # A delete answers 204: every structural change adds exactly one.
    deleted = client.delete(f"/api/steps/{step.json()['id']}?structure_version={sv + 2}")
    assert deleted.status_code == 204
    lane = client.post(
        f"/api/journeys/{journey.pk}/lanes", {"type": "text", "structure_version": sv + 3}
    )
    assert lane.json()["structure_version"] == sv + 4
    moved = client.post(
        f"/api/steps/{steps(journey)[0].pk}/move",
        {"stage_id": stage.json()["id"], "structure_version": sv + 4},
    )
    assert moved.json()["structure_version"] == sv + 5
