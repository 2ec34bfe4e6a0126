"""Duplicating and deleting a map, deleting a persona: editors may, viewers and outsiders not."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from teekond.journeys.models import Journey, Persona
from tests.conftest import PASSWORD

DENIED = {"viewer": 403, "outsider": 404}


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize("role", ["owner", "editor"])
def test_editors_duplicate_a_map_with_all_its_content(role, users, workspace, journey):
    response = login(users[role]).post(
        reverse("journey_duplicate", args=[workspace.slug, journey.pk])
    )
    assert response.status_code == 302
    copy = Journey.objects.exclude(pk=journey.pk).get(
        workspace=workspace, title__contains=journey.title
    )
    assert response.url == reverse("journey", args=[workspace.slug, copy.pk])
    assert copy.steps.count() == journey.steps.count() > 0
    assert copy.cells.count() == journey.cells.count()


@pytest.mark.parametrize("role", ["viewer", "outsider"])
def test_others_cannot_duplicate_or_delete_a_map(role, users, workspace, journey):
    client = login(users[role])
    assert (
        client.post(reverse("journey_duplicate", args=[workspace.slug, journey.pk])).status_code
        == DENIED[role]
    )
    assert (
        client.post(reverse("journey_delete", args=[workspace.slug, journey.pk])).status_code
        == DENIED[role]
    )
    assert Journey.objects.filter(workspace=workspace).count() == 1


def test_deleting_a_map_asks_first_and_needs_its_title(users, workspace, journey):
    client = login(users["editor"])
    url = reverse("journey_delete", args=[workspace.slug, journey.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="delete-confirm"' in page and 'data-testid="delete-keep-json"' in page
    assert client.post(url).status_code == 422  # one click is not enough
    assert client.post(url, {"confirm_title": "something else"}).status_code == 422
    assert Journey.objects.filter(pk=journey.pk).exists()
    response = client.post(url, {"confirm_title": f"  {journey.title} "})
    assert response.status_code == 302
    assert not Journey.objects.filter(pk=journey.pk).exists()


def test_deleting_a_persona_keeps_their_maps(users, workspace, journey, persona):
    journey.persona = persona
    journey.save(update_fields=["persona"])
    assert (
        login(users["viewer"])
        .post(reverse("persona_delete", args=[workspace.slug, persona.pk]))
        .status_code
        == 403
    )
    assert (
        login(users["outsider"])
        .post(reverse("persona_delete", args=[workspace.slug, persona.pk]))
        .status_code
        == 404
    )
    assert (
        login(users["editor"])
        .post(reverse("persona_delete", args=[workspace.slug, persona.pk]))
        .status_code
        == 302
    )
    assert not Persona.objects.filter(pk=persona.pk).exists()
    journey.refresh_from_db()
    assert journey.persona is None


def test_the_editor_offers_duplicate_and_delete(users, workspace, journey):
    html = (
        login(users["editor"])
        .get(reverse("journey", args=[workspace.slug, journey.pk]))
        .content.decode()
    )
    assert 'data-testid="duplicate-map"' in html and 'data-testid="delete-map"' in html
    viewer_html = (
        login(users["viewer"])
        .get(reverse("journey", args=[workspace.slug, journey.pk]))
        .content.decode()
    )
    assert 'data-testid="delete-map"' not in viewer_html
