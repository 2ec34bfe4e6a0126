"""Journey maps over the API: list, create, the full map, update, delete, duplicate,
future state, side-by-side, warnings, emotion curve, evidence."""

from __future__ import annotations

import pytest

from teekond.journeys import services
from teekond.journeys.models import Cell, Journey, LaneType, Stage, Step
from tests.journeys.conftest import READ, ROLES, WRITE_DENIED, lane, set_emotion, steps


@pytest.mark.parametrize("role", ROLES)
def test_list_journeys(api, users, workspace, journey, role):
    response = api(users[role]).get(f"/api/workspaces/{workspace.pk}/journeys")
    assert response.status_code == READ[role]
    if role != "outsider":
        assert [j["title"] for j in response.json()] == ["Kooli valik"]


def test_list_filters_by_persona_and_state(api, alice, workspace, journey, persona):
    services.create_future_state(journey, alice)
    services.create_journey(workspace, alice, title="No persona")
    base = f"/api/workspaces/{workspace.pk}/journeys"
    by_persona = api(alice).get(f"{base}?persona_id={persona.pk}").json()
    assert len(by_persona) == 2
    future = api(alice).get(f"{base}?state=future").json()
    assert [j["state"] for j in future] == ["future"]
    assert api(alice).get(f"{base}?state=dream").status_code == 422
    assert len(api(alice).get(f"{base}?kind=holistic").json()) == 3


def test_outsiders_never_see_other_workspaces_maps(api, charlie, journey, other_workspace):
    response = api(charlie).get(f"/api/workspaces/{other_workspace.pk}/journeys")
    assert response.json() == []


@pytest.mark.parametrize("role", ROLES)
def test_create_journey(api, users, workspace, persona, role):
    response = api(users[role]).post(
        f"/api/workspaces/{workspace.pk}/journeys",
        {"title": "Ostuteekond", "persona_id": persona.pk, "stages": ["Teadlikkus", "Ost"]},
    )
    if role in WRITE_DENIED:
        assert response.status_code == WRITE_DENIED[role]
        assert not Journey.objects.exists()
        return
    assert response.status_code == 201
    journey = Journey.objects.get(pk=response.json()["id"])
    assert journey.persona == persona
    assert [s.name for s in journey.stages.all()] == ["Teadlikkus", "Ost"]
    # The seven parts of a map are the default lanes, named in the map's language.
    assert [lane.type for lane in journey.lanes.all()] == [
        "touchpoints",
        "needs",
        "emotion",
        "context",
        "front_stage",
        "promise",
        "opportunities",
    ]
    assert sorted({lane.part for lane in journey.lanes.all()}) == [1, 2, 3, 4, 5, 6, 7]


def test_a_service_blueprint_gets_front_back_and_support_lanes(api, alice, workspace):
    response = api(alice).post(
        f"/api/workspaces/{workspace.pk}/journeys",
        {"title": "Blueprint", "kind": "service_blueprint", "language": "en"},
    )
    journey = Journey.objects.get(pk=response.json()["id"])
    types = [lane.type for lane in journey.lanes.all()]
    assert {"front_stage", "back_stage", "support"} <= set(types)
    assert journey.lanes.get(type="back_stage").name.startswith("Back stage")


def test_create_rejects_a_persona_of_another_workspace(
    api, charlie, alice, other_workspace, persona
):
    response = api(charlie).post(
        f"/api/workspaces/{other_workspace.pk}/journeys",
        {"title": "Steal", "persona_id": persona.pk},
    )
    assert response.status_code == 422
    assert not Journey.objects.filter(title="Steal").exists()


@pytest.mark.parametrize("role", ROLES)
def test_get_full_map(api, users, journey, role):
    set_emotion(journey, steps(journey)[0], "hopeful")
    response = api(users[role]).get(f"/api/journeys/{journey.pk}")
    assert response.status_code == READ[role]
    if role == "outsider":
        return
    data = response.json()
    assert data["journey"]["structure_version"] == journey.structure_version
    assert data["persona"]["name"] == "Kristiina"
    assert [s["name"] for s in data["stages"]] == ["Awareness", "Visit"]
    assert [s["name"] for s in data["stages"][0]["steps"]] == ["Friend", "Website"]
    assert data["step_ids"] == [s.pk for s in steps(journey)]
    emotion_lane = next(lane for lane in data["lanes"] if lane["type"] == "emotion")
    cell = emotion_lane["cells"][str(steps(journey)[0].pk)]
    assert (cell["emotion"], cell["effective_valence"]) == ("hopeful", 1)
    assert data["emotion_curve"][0]["valence"] == 1


def test_full_map_labels_follow_the_language(api, alice, journey):
    set_emotion(journey, steps(journey)[0], "hopeful")
    client = api(alice)
    client.headers["Accept-Language"] = "et"
    data = client.get(f"/api/journeys/{journey.pk}").json()
    assert data["emotion_curve"][0]["label"] == "lootusrikas"
    client.headers["Accept-Language"] = "en"
    assert (
        client.get(f"/api/journeys/{journey.pk}").json()["emotion_curve"][0]["label"] == "hopeful"
    )


@pytest.mark.parametrize("role", ROLES)
def test_update_journey(api, users, journey, role):
    response = api(users[role]).patch(
        f"/api/journeys/{journey.pk}",
        {"title": "School choice", "kind": "experience", "version": journey.version},
    )
    journey.refresh_from_db()
    if role in WRITE_DENIED:
        assert response.status_code == WRITE_DENIED[role]
        assert journey.title == "Kooli valik"
        return
    assert response.status_code == 200
    assert (journey.title, journey.kind, journey.version) == ("School choice", "experience", 2)


def test_update_journey_conflicts_on_a_stale_version(api, alice, bob, journey):
    assert (
        api(alice).patch(f"/api/journeys/{journey.pk}", {"title": "A", "version": 1}).status_code
        == 200
    )
    response = api(bob).patch(f"/api/journeys/{journey.pk}", {"title": "B", "version": 1})
    assert response.status_code == 409
    assert response.json()["error"]["details"] == {"current_version": 2}
    journey.refresh_from_db()
    assert journey.title == "A"


def test_journey_owner_must_be_a_member(api, alice, bob, charlie, journey):
    bad = api(alice).patch(f"/api/journeys/{journey.pk}", {"owner_id": charlie.pk, "version": 1})
    assert bad.status_code == 422
    good = api(alice).patch(f"/api/journeys/{journey.pk}", {"owner_id": bob.pk, "version": 1})
    assert good.status_code == 200
    journey.refresh_from_db()
    assert journey.owner == bob


@pytest.mark.parametrize("role", ROLES)
def test_delete_journey(api, users, journey, role):
    response = api(users[role]).delete(f"/api/journeys/{journey.pk}")
    if role in WRITE_DENIED:
        assert response.status_code == WRITE_DENIED[role]
        assert Journey.objects.filter(pk=journey.pk).exists()
        return
    assert response.status_code == 204
    assert not Journey.objects.filter(pk=journey.pk).exists()
    assert not Step.objects.filter(journey_id=journey.pk).exists()


def _fill(journey):
    first = steps(journey)[0]
    set_emotion(journey, first, "annoyed", -3)
    services.upsert_cell(
        lane(journey, LaneType.OPPORTUNITIES), first, None, {"text": "Faster", "evidence": "survey"}
    )
    services.update_step(first, {"channel": "website", "evidence": "interview"}, first.version)


def _snapshot(journey):
    grid = services.journey_grid(journey, "en")
    return {
        "stages": [(s["name"], [st["name"] for st in s["steps"]]) for s in grid["stages"]],
        "lanes": [(lane["type"], lane["name"]) for lane in grid["lanes"]],
        "cells": sorted(
            (c.lane.type, c.step.name, c.text, c.emotion, c.valence, c.evidence)
            for c in Cell.objects.filter(journey=journey).select_related("lane", "step")
        ),
        "steps": [(s.name, s.channel, s.evidence) for s in steps(journey)],
    }


@pytest.mark.parametrize("role", ROLES)
def test_duplicate_copies_everything(api, users, journey, role):
    _fill(journey)
    response = api(users[role]).post(f"/api/journeys/{journey.pk}/duplicate", {})
    if role in WRITE_DENIED:
        assert response.status_code == WRITE_DENIED[role]
        assert Journey.objects.count() == 1
        return
    assert response.status_code == 201
    copy = Journey.objects.get(pk=response.json()["id"])
    assert copy.title == "Kooli valik (koopia)"  # in the map's language
    assert copy.persona_id == journey.persona_id
    assert _snapshot(copy) == _snapshot(journey)
    # The copy is independent.
    assert not Stage.objects.filter(journey=copy, pk__in=journey.stages.values("pk")).exists()


@pytest.mark.parametrize("role", ROLES)
def test_future_state_copies_and_links(api, users, journey, role):
    _fill(journey)
    response = api(users[role]).post(f"/api/journeys/{journey.pk}/future-state", {})
    if role in WRITE_DENIED:
        assert response.status_code == WRITE_DENIED[role]
        assert Journey.objects.count() == 1
        return
    assert response.status_code == 201
    future = Journey.objects.get(pk=response.json()["id"])
    journey.refresh_from_db()
    assert (future.state, future.counterpart_id, journey.counterpart_id) == (
        "future",
        journey.pk,
        future.pk,
    )
    assert _snapshot(future) == _snapshot(journey)


def test_a_second_future_state_conflicts(api, alice, journey):
    api(alice).post(f"/api/journeys/{journey.pk}/future-state", {})
    response = api(alice).post(f"/api/journeys/{journey.pk}/future-state", {})
    assert response.status_code == 409
    assert Journey.objects.count() == 2


def test_future_state_of_a_future_map_is_refused(api, alice, journey):
    future = services.create_future_state(journey, alice)
    assert api(alice).post(f"/api/journeys/{future.pk}/future-state", {}).status_code == 422


@pytest.mark.parametrize("role", ROLES)
def test_compare_shows_both_states(api, users, alice, journey, role):
    future = services.create_future_state(journey, alice, title="Dream")
    response = api(users[role]).get(f"/api/journeys/{future.pk}/compare")
    assert response.status_code == READ[role]
    if role == "outsider":
        return
    data = response.json()
    assert data["current"]["journey"]["id"] == journey.pk
    assert data["future"]["journey"]["title"] == "Dream"


def test_compare_without_future(api, alice, journey):
    data = api(alice).get(f"/api/journeys/{journey.pk}/compare").json()
    assert data["future"] is None
    assert data["current"]["journey"]["id"] == journey.pk


@pytest.mark.parametrize("role", ROLES)
def test_warnings_curve_and_evidence(api, users, journey, role):
    first, second, third = steps(journey)
    set_emotion(journey, first, "annoyed")
    set_emotion(journey, third, "joyful")
    client = api(users[role])
    for path in ("warnings", "emotion-curve", "evidence"):
        response = client.get(f"/api/journeys/{journey.pk}/{path}")
        assert response.status_code == READ[role], path
    if role == "outsider":
        return
    codes = [w["code"] for w in client.get(f"/api/journeys/{journey.pk}/warnings").json()]
    assert "first_touchpoint_negative" in codes
    assert "steps_without_emotion" in codes
    curve = client.get(f"/api/journeys/{journey.pk}/emotion-curve").json()
    assert [p["valence"] for p in curve] == [-2, None, 3]
    evidence = client.get(f"/api/journeys/{journey.pk}/evidence").json()
    assert evidence["cells"] == {"total": 2, "validated": 0, "assumed": 2}


def test_anonymous_requests_are_refused(api, journey):
    assert api().get(f"/api/journeys/{journey.pk}").status_code == 401
