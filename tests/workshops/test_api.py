"""The workshop API: every endpoint with owner, editor, viewer and outsider."""

import pytest

from teekond.workshops import services
from teekond.workshops.models import Note, Workshop
from tests.workshops.conftest import ROLES, step

pytestmark = pytest.mark.django_db

READ = {"owner": 200, "editor": 200, "viewer": 200, "outsider": 404}
WRITE = {"owner": 201, "editor": 201, "viewer": 403, "outsider": 404}


@pytest.mark.parametrize("role", ROLES)
def test_planning_a_workshop_needs_an_editor(api, users, journey, role):
    response = api(users[role]).post(f"/api/journeys/{journey.pk}/workshops", {"title": "Õpituba"})
    assert response.status_code == WRITE[role]
    assert Workshop.objects.count() == (1 if WRITE[role] == 201 else 0)
    if response.status_code == 201:
        body = response.json()
        assert body["status"] == "planned" and len(body["agenda"]) == 9 and body["can_facilitate"]


@pytest.mark.parametrize("role", ROLES)
def test_reading_a_workshop(api, users, workshop, role):
    response = api(users[role]).get(f"/api/workshops/{workshop.pk}")
    assert response.status_code == READ[role]
    if response.status_code == 200:
        body = response.json()
        assert body["board"]["step_id"] == workshop.current_step_id
        assert body["can_write"] is (role != "viewer")


@pytest.mark.parametrize("role", ROLES)
def test_writing_a_note(api, users, workshop, role):
    s = step(workshop, "customer")
    response = api(users[role]).post(
        f"/api/workshops/{workshop.pk}/steps/{s.pk}/notes", {"text": "Lapsevanem otsustab"}
    )
    assert response.status_code == WRITE[role]
    assert Note.objects.count() == (1 if WRITE[role] == 201 else 0)
    if response.status_code == 201:
        assert response.json()["board"]["loose"][0]["text"] == "Lapsevanem otsustab"


@pytest.mark.parametrize("role", ROLES)
def test_guest_links_are_for_owners(api, users, workshop, role):
    response = api(users[role]).post(
        f"/api/workshops/{workshop.pk}/guest-links", {"access": "read", "hours": 2}
    )
    expected = {"owner": 201, "editor": 403, "viewer": 403, "outsider": 404}[role]
    assert response.status_code == expected
    if expected == 201:
        assert response.json()["url"].startswith("http://testserver/workshop/")
        link_id = response.json()["id"]
        assert (
            api(users[role])
            .delete(f"/api/workshops/{workshop.pk}/guest-links/{link_id}")
            .status_code
            == 204
        )
    listed = api(users[role]).get(f"/api/workshops/{workshop.pk}/guest-links")
    assert listed.status_code == {"owner": 200, "editor": 403, "viewer": 403, "outsider": 404}[role]


@pytest.mark.parametrize("role", ROLES)
def test_facilitating_needs_an_editor(api, users, workshop, role):
    client = api(users[role])
    expected = {"owner": 200, "editor": 200, "viewer": 403, "outsider": 404}[role]
    ideas = step(workshop, "ideas")
    assert (
        client.put(f"/api/workshops/{workshop.pk}/current-step", {"step_id": ideas.pk}).status_code
        == expected
    )
    assert (
        client.post(
            f"/api/workshops/{workshop.pk}/timer", {"action": "start", "minutes": 5}
        ).status_code
        == expected
    )
    assert (
        client.patch(f"/api/workshops/{workshop.pk}", {"voting_open": True}).status_code == expected
    )
    assert client.post(f"/api/workshops/{workshop.pk}/groups", {"names": ["A"]}).status_code == {
        200: 201
    }.get(expected, expected)


def test_bad_input_is_refused_and_changes_nothing(api, bob, workshop):
    client = api(bob)
    s = step(workshop, "customer")
    url = f"/api/workshops/{workshop.pk}/steps/{s.pk}/notes"
    for body in (
        {"text": ""},
        {"text": "x" * 281},
        {"text": "ok", "colour": "black"},
        {"text": "ok", "extra": 1},
        {"text": "nul\u0000"},
    ):
        response = client.post(url, body)
        assert response.status_code == 422, body
        assert response.json()["error"]["code"] == "invalid"
    assert (
        client.post(f"/api/workshops/{workshop.pk}/steps/999999/notes", {"text": "x"}).status_code
        == 404
    )
    assert (
        client.post(
            f"/api/workshops/{workshop.pk}/timer", {"action": "start", "minutes": 181}
        ).status_code
        == 422
    )
    assert (
        client.post(
            f"/api/workshops/{workshop.pk}/groups", {"names": [f"G{i}" for i in range(9)]}
        ).status_code
        == 422
    )
    assert client.get("/api/workshops/99999999999999999999").status_code == 422
    assert not Note.objects.exists()


def test_a_workshop_of_another_workspace_is_not_found(api, charlie, other_workspace, workshop):
    from tests.maps import make_map

    theirs = services.create_workshop(charlie, make_map(other_workspace, charlie), "Charlie")
    assert api(charlie).get(f"/api/workshops/{theirs.pk}").status_code == 200
    s = step(workshop, "customer")
    # charlie's own workshop id with alice's step: not found
    assert (
        api(charlie)
        .post(f"/api/workshops/{theirs.pk}/steps/{s.pk}/notes", {"text": "x"})
        .status_code
        == 404
    )


def test_notes_votes_conversion_and_the_summary_through_the_api(api, alice, bob, journey, workshop):
    owner, editor = api(alice), api(bob)
    s = step(workshop, "ideas")
    editor.put(f"/api/workshops/{workshop.pk}/current-step", {"step_id": s.pk})
    note_id = editor.post(
        f"/api/workshops/{workshop.pk}/steps/{s.pk}/notes", {"text": "Hinnakiri"}
    ).json()["board"]["loose"][0]["id"]
    assert (
        editor.post(f"/api/workshops/{workshop.pk}/notes/{note_id}/votes").status_code == 422
    )  # closed
    owner.patch(f"/api/workshops/{workshop.pk}", {"voting_open": True, "vote_budget": 2})
    assert editor.post(f"/api/workshops/{workshop.pk}/notes/{note_id}/votes").status_code == 201
    assert editor.post(f"/api/workshops/{workshop.pk}/notes/{note_id}/votes").status_code == 201
    third = editor.post(f"/api/workshops/{workshop.pk}/notes/{note_id}/votes")
    assert third.status_code == 422 and "2" in third.json()["error"]["message"]
    assert editor.get(f"/api/workshops/{workshop.pk}/results").json() == [
        {"note_id": note_id, "text": "Hinnakiri", "votes": 2, "step": s.title, "cluster": ""}
    ]
    made = owner.post(
        f"/api/workshops/{workshop.pk}/conversions", {"kind": "opportunity", "note_id": note_id}
    )
    assert made.status_code == 201 and made.json()["subject"].startswith("actions.backlogitem:")
    summary = owner.post(f"/api/workshops/{workshop.pk}/finish", {"name": "Tulemus"}).json()
    assert summary["votes"][0]["votes"] == 2 and summary["actions"][0]["title"] == "Hinnakiri"
    assert summary["next_review_on"] and summary["version"]
    assert (
        editor.post(
            f"/api/workshops/{workshop.pk}/steps/{s.pk}/notes", {"text": "hiljaks"}
        ).status_code
        == 422
    )
