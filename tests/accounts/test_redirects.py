"""Every view that follows ``next`` stays on this site (no open redirect)."""

import re

import pytest
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

HOSTILE = [
    "https://evil.example",
    "//evil.example/path",
    "https:/\\evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
    "http://testserver.evil.example/",
]


def signup(client: Client, next_url: str, username: str = "liis"):
    return client.post(
        f"/accounts/signup/?next={next_url}",
        {
            "username": username,
            "email": f"{username}@example.com",
            "password": "juuksur-salong-2026",
            "workspace": "Salong",
        },
    )


@pytest.mark.parametrize("target", HOSTILE)
def test_sign_up_ignores_a_next_that_leaves_the_site(target):
    response = signup(Client(), target)
    assert response.status_code == 302
    assert response.url == "/"


def test_sign_up_follows_a_next_on_this_site():
    response = signup(Client(), "/w/new/")
    assert response.status_code == 302
    assert response.url == "/w/new/"


@pytest.mark.parametrize("target", HOSTILE)
def test_login_ignores_a_next_that_leaves_the_site(alice, target):
    client = Client()
    page = client.get("/accounts/login/", {"next": target})
    # The hidden fields carry nothing but local paths (the language switch's is this page).
    values = re.findall(r'name="next" value="([^"]*)"', page.content.decode())
    assert values and all(v == "" or v.startswith("/accounts/login/") for v in values)
    response = client.post(
        "/accounts/login/", {"username": "alice", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response.url == "/"


def test_login_follows_a_next_on_this_site(alice):
    response = Client().post(
        "/accounts/login/?next=/w/new/", {"username": "alice", "password": PASSWORD}
    )
    assert response.url == "/w/new/"


@pytest.mark.parametrize("target", HOSTILE)
def test_logout_ignores_a_next_that_leaves_the_site(alice, target):
    client = Client()
    client.force_login(alice)
    response = client.post("/accounts/logout/", {"next": target})
    assert response.status_code == 302
    assert "evil" not in response.url and not response.url.startswith("javascript")


@pytest.mark.parametrize("target", HOSTILE)
def test_the_language_switch_ignores_a_next_that_leaves_the_site(target):
    response = Client().post("/i18n/setlang/", {"language": "en", "next": target})
    assert response.status_code == 302
    assert response.url == "/"


def test_admin_login_ignores_a_next_that_leaves_the_site(alice):
    alice.is_staff = True
    alice.save()
    response = Client().post(
        "/admin/login/",
        {"username": "alice", "password": PASSWORD, "next": "https://evil.example"},
    )
    assert response.status_code == 302
    assert "evil" not in response.url
