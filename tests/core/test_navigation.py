"""The app shell's sidebar: the three pillars from the apps' registrations, the current
page, owner-only items, and the workspace switcher."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from teekond.accounts import services
from teekond.accounts.models import Membership, Role
from teekond.core import navigation
from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def sidebar_of(html: str) -> str:
    return html[html.index('data-testid="sidebar"') : html.index("</aside>")]


def test_the_sidebar_has_the_three_pillars_in_order(alice, workspace):
    membership = Membership.objects.get(user=alice, workspace=workspace)
    sections = navigation.sidebar(workspace, membership, reverse("personas", args=[workspace.slug]))
    assert [s["key"] for s in sections] == ["map", "measure", "act", "workspace"]
    items = {i["key"]: i for s in sections for i in s["items"]}
    assert {"journeys", "personas", "measure", "eventlogs", "imports", "backlog", "members"} <= set(
        items
    )
    assert [k for k, i in items.items() if i["current"]] == ["personas"]


def test_the_longest_matching_url_is_the_current_page(alice, workspace):
    membership = Membership.objects.get(user=alice, workspace=workspace)
    path = reverse("imports", args=[workspace.slug])  # under /measure/ too
    sections = navigation.sidebar(workspace, membership, path)
    current = [i["key"] for s in sections for i in s["items"] if i["current"]]
    assert current == ["imports"]


def test_backup_is_in_the_menu_of_owners_only(alice, bob, workspace):
    owner = sidebar_of(
        login(alice).get(reverse("workspace", args=[workspace.slug])).content.decode()
    )
    editor = sidebar_of(
        login(bob).get(reverse("workspace", args=[workspace.slug])).content.decode()
    )
    backup = reverse("exports:backup", args=[workspace.slug])
    assert backup in owner and backup not in editor


def test_every_workspace_page_carries_the_sidebar_and_no_row_of_links(alice, workspace):
    client = login(alice)
    for name in ("workspace", "journeys", "personas", "measure", "eventlogs", "members"):
        html = client.get(reverse(name, args=[workspace.slug])).content.decode()
        assert 'data-testid="sidebar"' in html, name
        assert 'class="subnav"' not in html, name
        assert 'aria-current="page"' in sidebar_of(html), name


def test_the_switcher_lists_only_the_users_workspaces(alice, charlie, workspace, other_workspace):
    services.create_workspace(alice, "Teine kohvik")
    html = sidebar_of(
        login(alice).get(reverse("workspace", args=[workspace.slug])).content.decode()
    )
    names = re.findall(r'<span class="ws-mark small" aria-hidden="true">.</span>([^<]+)</a>', html)
    assert sorted(names) == ["Kohvik Oa", "Teine kohvik"]
    assert other_workspace.name not in html


def test_a_viewer_sees_the_pillars_too(workspace):
    viewer = services.create_user(username="vera", email="v@example.com", password=PASSWORD)
    Membership.objects.create(workspace=workspace, user=viewer, role=Role.VIEWER)
    html = sidebar_of(
        login(viewer).get(reverse("journeys", args=[workspace.slug])).content.decode()
    )
    assert reverse("personas", args=[workspace.slug]) in html
