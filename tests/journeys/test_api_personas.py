"""Personas over the API: every endpoint with owner, editor, viewer and outsider."""

from __future__ import annotations

import pytest

from teekond.journeys.models import Persona
from tests.journeys.conftest import READ, ROLES, WRITE_DENIED


@pytest.mark.parametrize("role", ROLES)
def test_list_personas(api, users, workspace, persona, role):
    response = api(users[role]).get(f"/api/workspaces/{workspace.pk}/personas")
    assert response.status_code == READ[role]
    if response.status_code == 200:
        assert [p["name"] for p in response.json()] == ["Kristiina"]


@pytest.mark.parametrize("role", ROLES)
def test_create_persona(api, users, workspace, role):
    payload = {
        "name": "Markus",
        "role": "user",
        "age": 15,
        "hobbies": "drums",
        "empathy_says": "Is there a band?",
        "company_employees": 12,
        "evidence": "interview",
    }
    response = api(users[role]).post(f"/api/workspaces/{workspace.pk}/personas", payload)
    if role in WRITE_DENIED:
        assert response.status_code == WRITE_DENIED[role]
        assert not Persona.objects.filter(name="Markus").exists()
        return
    assert response.status_code == 201
    data = response.json()
    assert data["empathy_map"]["says"] == "Is there a band?"
    assert data["avatar"]["initials"] == "M"
    assert data["avatar"]["photo_url"] is None
    stored = Persona.objects.get(pk=data["id"])
    assert (stored.role, stored.age, stored.hobbies, stored.evidence) == (
        "user",
        15,
        "drums",
        "interview",
    )
    assert stored.workspace == workspace


def test_create_persona_rejects_bad_values(api, alice, workspace):
    base = f"/api/workspaces/{workspace.pk}/personas"
    assert api(alice).post(base, {"name": ""}).status_code == 422
    assert api(alice).post(base, {"name": "X", "role": "boss"}).status_code == 422
    assert api(alice).post(base, {"name": "X", "nonsense": 1}).status_code == 422
    assert api(alice).post(base, {"name": "X", "evidence": "gut"}).status_code == 422
    assert not Persona.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_get_persona(api, users, persona, role):
    response = api(users[role]).get(f"/api/personas/{persona.pk}")
    assert response.status_code == READ[role]


@pytest.mark.parametrize("role", ROLES)
def test_update_persona(api, users, persona, role):
    response = api(users[role]).patch(
        f"/api/personas/{persona.pk}",
        {"goals": "A happy child", "empathy_feels": "anxious", "version": persona.version},
    )
    persona.refresh_from_db()
    if role in WRITE_DENIED:
        assert response.status_code == WRITE_DENIED[role]
        assert persona.goals == ""
        return
    assert response.status_code == 200
    assert (persona.goals, persona.empathy_feels, persona.version) == (
        "A happy child",
        "anxious",
        2,
    )
    assert persona.name == "Kristiina"


def test_update_persona_with_stale_version_conflicts(api, alice, bob, persona):
    first = api(alice).patch(f"/api/personas/{persona.pk}", {"name": "Kris", "version": 1})
    assert first.status_code == 200
    second = api(bob).patch(f"/api/personas/{persona.pk}", {"name": "Tiina", "version": 1})
    assert second.status_code == 409
    error = second.json()["error"]
    assert error["code"] == "conflict"
    assert error["details"] == {"current_version": 2}
    persona.refresh_from_db()
    assert persona.name == "Kris"


def test_update_persona_needs_a_version(api, alice, persona):
    response = api(alice).patch(f"/api/personas/{persona.pk}", {"name": "Kris"})
    assert response.status_code == 422


@pytest.mark.parametrize("role", ROLES)
def test_delete_persona(api, users, persona, journey, role):
    response = api(users[role]).delete(f"/api/personas/{persona.pk}")
    if role in WRITE_DENIED:
        assert response.status_code == WRITE_DENIED[role]
        assert Persona.objects.filter(pk=persona.pk).exists()
        return
    assert response.status_code == 204
    assert not Persona.objects.filter(pk=persona.pk).exists()
    journey.refresh_from_db()
    assert journey.persona is None


def test_outsider_cannot_create_in_foreign_workspace(api, charlie, workspace):
    response = api(charlie).post(f"/api/workspaces/{workspace.pk}/personas", {"name": "X"})
    assert response.status_code == 404


def test_list_personas_by_role(api, alice, workspace, persona):
    api(alice).post(f"/api/workspaces/{workspace.pk}/personas", {"name": "Pupil", "role": "user"})
    base = f"/api/workspaces/{workspace.pk}/personas"
    assert [p["name"] for p in api(alice).get(f"{base}?role=user").json()] == ["Pupil"]
    assert api(alice).get(f"{base}?role=king").status_code == 422
