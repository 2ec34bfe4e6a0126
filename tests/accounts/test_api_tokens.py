import pytest
from django.test import Client

from teekond.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_a_created_token_authenticates_and_is_stored_only_as_a_hash(api, alice):
    response = api(alice).post("/api/tokens", {"name": "CRM sync"})
    assert response.status_code == 201
    raw = response.json()["token"]
    assert raw.startswith("tk_")
    stored = ApiToken.objects.get(pk=response.json()["id"])
    assert raw not in (stored.key_hash, stored.hint)
    me = Client().get("/api/me", headers={"Authorization": f"Bearer {raw}"})
    assert me.status_code == 200
    assert me.json()["username"] == "alice"


def test_a_revoked_token_stops_working(api, alice):
    client = api(alice)
    created = client.post("/api/tokens", {"name": "temp"}).json()
    assert client.delete(f"/api/tokens/{created['id']}").status_code == 204
    me = Client().get("/api/me", headers={"Authorization": f"Bearer {created['token']}"})
    assert me.status_code == 401


def test_users_cannot_see_or_revoke_each_others_tokens(api, alice, charlie):
    created = api(alice).post("/api/tokens", {"name": "mine"}).json()
    assert all(t["id"] != created["id"] for t in api(charlie).get("/api/tokens").json())
    assert api(charlie).delete(f"/api/tokens/{created['id']}").status_code == 404
    assert ApiToken.objects.get(pk=created["id"]).revoked_at is None


def test_garbage_tokens_are_refused(alice):
    for header in ["Bearer tk_nope", "Bearer ", "Token abc"]:
        assert Client().get("/api/me", headers={"Authorization": header}).status_code == 401


def test_browser_session_needs_csrf_for_writes(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.get("/api/me").status_code == 200
    response = client.post("/api/tokens", data={"name": "x"}, content_type="application/json")
    assert response.status_code in (401, 403)
    assert not ApiToken.objects.exists()


def test_openapi_documents_every_route():
    schema = Client().get("/api/openapi.json").json()
    assert {"/api/workspaces", "/api/tokens", "/api/me"} <= set(schema["paths"])
    assert Client().get("/api/docs").status_code == 200
