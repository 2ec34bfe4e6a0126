"""Workspaces and members through the API, each endpoint tried by owner, member and outsider."""

import pytest

from teekond.accounts.models import Invitation, Membership, Role, Workspace

pytestmark = pytest.mark.django_db


def test_it_lists_only_the_users_own_workspaces(
    api, alice, bob, charlie, workspace, other_workspace
):
    assert [w["name"] for w in api(alice).get("/api/workspaces").json()] == ["Kohvik Oa"]
    assert [(w["name"], w["role"]) for w in api(bob).get("/api/workspaces").json()] == [
        ("Kohvik Oa", "editor")
    ]
    assert [w["name"] for w in api(charlie).get("/api/workspaces").json()] == ["Charlie's shop"]


def test_it_rejects_anonymous_callers_with_a_json_error(api, workspace):
    response = api().get("/api/workspaces")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_it_hides_a_workspace_from_outsiders(api, charlie, workspace):
    response = api(charlie).get(f"/api/workspaces/{workspace.id}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_creating_a_workspace_makes_the_caller_its_owner(api, charlie):
    response = api(charlie).post("/api/workspaces", {"name": "Juuksur Liis"})
    assert response.status_code == 201
    created = Workspace.objects.get(pk=response.json()["id"])
    assert created.memberships.get().user == charlie
    assert created.memberships.get().role == Role.OWNER


def test_it_rejects_bad_bodies_with_field_details(api, alice):
    response = api(alice).post("/api/workspaces", {"name": "", "surprise": 1})
    assert response.status_code == 422
    body = response.json()["error"]
    assert body["code"] == "invalid"
    assert {d["field"] for d in body["details"]} >= {"name", "surprise"}


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("bob", 403), ("charlie", 404)])
def test_only_the_owner_renames(api, request, workspace, who, status):
    response = api(request.getfixturevalue(who)).patch(
        f"/api/workspaces/{workspace.id}", {"name": "Uus nimi"}
    )
    assert response.status_code == status
    workspace.refresh_from_db()
    assert (workspace.name == "Uus nimi") is (status == 200)


@pytest.mark.parametrize(("who", "status"), [("alice", 204), ("bob", 403), ("charlie", 404)])
def test_only_the_owner_deletes(api, request, workspace, who, status):
    response = api(request.getfixturevalue(who)).delete(f"/api/workspaces/{workspace.id}")
    assert response.status_code == status
    assert Workspace.objects.filter(pk=workspace.pk).exists() is (status != 204)


def test_members_are_visible_to_members_only(api, alice, bob, charlie, workspace):
    names = {m["username"] for m in api(bob).get(f"/api/workspaces/{workspace.id}/members").json()}
    assert names == {"alice", "bob"}
    assert api(charlie).get(f"/api/workspaces/{workspace.id}/members").status_code == 404


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("bob", 403), ("charlie", 404)])
def test_only_the_owner_changes_roles(api, request, bob, workspace, who, status):
    response = api(request.getfixturevalue(who)).put(
        f"/api/workspaces/{workspace.id}/members/{bob.id}", {"role": "viewer"}
    )
    assert response.status_code == status
    expected = Role.VIEWER if status == 200 else Role.EDITOR
    assert Membership.objects.get(workspace=workspace, user=bob).role == expected


def test_the_last_owner_cannot_step_down_or_leave(api, alice, workspace):
    client = api(alice)
    response = client.put(f"/api/workspaces/{workspace.id}/members/{alice.id}", {"role": "viewer"})
    assert response.status_code == 409
    assert client.delete(f"/api/workspaces/{workspace.id}/members/{alice.id}").status_code == 409
    assert Membership.objects.get(workspace=workspace, user=alice).role == Role.OWNER


def test_a_member_may_leave_but_not_remove_others(api, alice, bob, workspace):
    assert api(bob).delete(f"/api/workspaces/{workspace.id}/members/{alice.id}").status_code == 403
    assert api(bob).delete(f"/api/workspaces/{workspace.id}/members/{bob.id}").status_code == 204
    assert not Membership.objects.filter(workspace=workspace, user=bob).exists()


def test_invitation_round_trip(api, alice, charlie, workspace):
    response = api(alice).post(
        f"/api/workspaces/{workspace.id}/invitations",
        {"email": "charlie@example.com", "role": "viewer"},
    )
    assert response.status_code == 201
    token = Invitation.objects.get(pk=response.json()["id"]).token
    accepted = api(charlie).post(f"/api/invitations/{token}/accept")
    assert accepted.status_code == 200
    assert accepted.json()["role"] == "viewer"
    assert Membership.objects.get(workspace=workspace, user=charlie).role == Role.VIEWER
    # An invitation works once.
    assert api(charlie).post(f"/api/invitations/{token}/accept").status_code == 404


@pytest.mark.parametrize(("who", "status"), [("bob", 403), ("charlie", 404)])
def test_only_owners_invite(api, request, workspace, who, status):
    response = api(request.getfixturevalue(who)).post(
        f"/api/workspaces/{workspace.id}/invitations", {"email": "x@example.com"}
    )
    assert response.status_code == status
    assert not Invitation.objects.exists()


def test_invitation_list_is_for_owners(api, alice, bob, workspace):
    api(alice).post(f"/api/workspaces/{workspace.id}/invitations", {"email": "new@example.com"})
    assert len(api(alice).get(f"/api/workspaces/{workspace.id}/invitations").json()) == 1
    assert api(bob).get(f"/api/workspaces/{workspace.id}/invitations").status_code == 403
