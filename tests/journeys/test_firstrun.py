"""The first-run path of a new workspace: who sees it, that its steps tick off, and that a
template is created in the map language the user picked."""

from __future__ import annotations

from django.urls import reverse

from teekond.accounts.models import Invitation
from teekond.journeys.models import Journey
from tests.journeys.test_pages import login


def home(user, workspace) -> str:
    return login(user).get(reverse("workspace", args=[workspace.slug])).content.decode()


def test_a_new_workspace_shows_its_first_steps_to_its_owner(users, workspace):
    html = home(users["owner"], workspace)
    assert 'data-testid="first-run"' in html and 'data-testid="firstrun-gallery"' in html
    for step in ("map", "persona", "invite"):
        assert f'data-step="{step}"' in html
    # editors get the steps they can take; viewers none
    editor = home(users["editor"], workspace)
    assert 'data-step="map"' in editor and 'data-step="invite"' not in editor
    assert 'data-testid="first-run"' not in home(users["viewer"], workspace)


def test_the_steps_tick_off_and_the_card_goes_when_all_are_done(users, workspace, journey):
    # the fixture map brings a persona too; bob is a member already
    assert 'data-testid="first-run"' not in home(users["owner"], workspace)
    Journey.objects.all().delete()
    html = home(users["owner"], workspace)
    assert 'class="fr-step done" data-step="persona"' in html
    assert 'class="fr-step done" data-step="invite"' in html
    assert 'class="fr-step" data-step="map"' in html


def test_invitations_count_as_inviting(alice, charlie):
    from teekond.accounts import services

    solo = services.create_workspace(alice, "Üksi")
    assert 'class="fr-step" data-step="invite"' in home(alice, solo)
    Invitation.objects.create(workspace=solo, email="mari@example.com", invited_by=alice)
    assert 'class="fr-step done" data-step="invite"' in home(alice, solo)


def test_a_template_is_created_in_the_chosen_map_language(users, workspace):
    client = login(users["editor"])
    client.cookies["teekond_language"] = "et"
    response = client.post(
        reverse("journey_from_template", args=[workspace.slug]), {"key": "emma", "language": "en"}
    )
    assert response.status_code == 302
    journey = Journey.objects.get(workspace=workspace, template_key="emma")
    assert journey.language == "en" and journey.title == "Emma ships fragile pottery"


def test_a_viewer_cannot_create_from_the_first_run_gallery(users, workspace):
    response = login(users["viewer"]).post(
        reverse("journey_from_template", args=[workspace.slug]), {"key": "emma", "language": "en"}
    )
    assert response.status_code == 403 and not Journey.objects.exists()
