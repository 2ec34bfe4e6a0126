"""The account pages: sign-up, login, password change, workspace pages and their access rules."""

import pytest
from django.test import Client

from teekond.accounts.models import Invitation, Membership, Role, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_sign_up_creates_user_workspace_and_logs_in():
    client = Client()
    response = client.post(
        "/accounts/signup/",
        {
            "username": "liis",
            "email": "liis@example.com",
            "password": "juuksur-salong-2026",
            "workspace": "Salong Liis",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="liis")
    assert Membership.objects.get(user=user).role == Role.OWNER
    assert client.get("/").status_code == 302  # home redirects to the only workspace
    assert "Salong Liis" in client.get(client.get("/").url).content.decode()


def test_sign_up_refuses_weak_passwords_and_duplicates(alice):
    client = Client()
    weak = client.post(
        "/accounts/signup/", {"username": "x", "email": "x@example.com", "password": "12345678"}
    )
    assert weak.status_code == 200
    dup = client.post(
        "/accounts/signup/",
        {"username": "ALICE", "email": "a2@example.com", "password": "juuksur-salong-2026"},
    )
    assert dup.status_code == 200
    assert "taken" in dup.content.decode()
    assert User.objects.count() == 1


def test_login_and_logout(alice):
    client = Client()
    assert (
        client.post("/accounts/login/", {"username": "alice", "password": "wrong"}).status_code
        == 200
    )
    assert (
        client.post("/accounts/login/", {"username": "alice", "password": PASSWORD}).status_code
        == 302
    )
    assert client.get("/accounts/tokens/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/accounts/tokens/").status_code == 302


def test_password_change(alice):
    client = logged_in(alice)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "uus-parool-kohvik-7",
            "new_password2": "uus-parool-kohvik-7",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("uus-parool-kohvik-7")


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("bob", 200), ("charlie", 404)])
def test_workspace_page_is_for_members(request, workspace, charlie, who, status):
    response = logged_in(request.getfixturevalue(who)).get(f"/w/{workspace.slug}/")
    assert response.status_code == status


def test_anonymous_visitors_are_sent_to_login(workspace):
    response = Client().get(f"/w/{workspace.slug}/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_owner_invites_and_invitee_joins_through_the_link(alice, charlie, workspace):
    owner = logged_in(alice)
    response = owner.post(
        f"/w/{workspace.slug}/members/", {"email": "charlie@example.com", "role": "viewer"}
    )
    assert response.status_code == 200
    invitation = Invitation.objects.get()
    assert f"/invitations/{invitation.token}/" in response.content.decode()
    guest = logged_in(charlie)
    assert guest.post(f"/invitations/{invitation.token}/").status_code == 302
    assert Membership.objects.get(workspace=workspace, user=charlie).role == Role.VIEWER


def test_editors_cannot_invite_or_change_roles(alice, bob, workspace):
    editor = logged_in(bob)
    editor.post(f"/w/{workspace.slug}/members/", {"email": "z@example.com", "role": "owner"})
    assert not Invitation.objects.exists()
    response = editor.post(f"/w/{workspace.slug}/members/{bob.id}/role/", {"role": "owner"})
    assert response.status_code == 403
    assert Membership.objects.get(workspace=workspace, user=bob).role == Role.EDITOR


def test_outsiders_cannot_touch_members(charlie, bob, workspace):
    response = logged_in(charlie).post(f"/w/{workspace.slug}/members/{bob.id}/remove/")
    assert response.status_code == 404
    assert Membership.objects.filter(workspace=workspace, user=bob).exists()


def test_token_page_shows_a_new_token_once(alice):
    client = logged_in(alice)
    first = client.post("/accounts/tokens/", {"name": "Zapier"}).content.decode()
    assert 'data-testid="new-token"' in first
    assert 'data-testid="new-token"' not in client.get("/accounts/tokens/").content.decode()
