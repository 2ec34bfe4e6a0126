"""The map pages: every view for owner, editor, viewer and outsider; viewers see the map
without edit controls and cannot post; outsiders get 404."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from teekond.journeys.models import Journey, JourneyState, Persona
from tests.conftest import PASSWORD
from tests.journeys.conftest import READ, ROLES

POST_DENIED = {"owner": None, "editor": None, "viewer": 403, "outsider": 404}


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def page_urls(workspace, journey, persona) -> dict[str, str]:
    slug = workspace.slug
    return {
        "overview": reverse("journeys", args=[slug]),
        "editor": reverse("journey", args=[slug, journey.pk]),
        "blueprint": reverse("journey", args=[slug, journey.pk]) + "?view=blueprint",
        "grid": reverse("journey_grid", args=[slug, journey.pk]),
        "present": reverse("journey_present", args=[slug, journey.pk]),
        "compare": reverse("journey_compare", args=[slug, journey.pk]),
        "personas": reverse("personas", args=[slug]),
        "persona": reverse("persona", args=[slug, persona.pk]),
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_by_role(role, users, workspace, journey, persona):
    client = login(users[role])
    for name, url in page_urls(workspace, journey, persona).items():
        response = client.get(url)
        assert response.status_code == READ[role], (name, response.status_code)


@pytest.mark.parametrize("role", ["owner", "editor"])
def test_editors_get_edit_controls(role, users, workspace, journey, persona):
    client = login(users[role])
    html = client.get(reverse("journey", args=[workspace.slug, journey.pk])).content.decode()
    assert 'data-editable="true"' in html
    assert 'id="jm-dialog"' in html
    assert 'data-add="stage"' in html and "data-edit-journey" in html
    assert "journeys/editor.js" in html
    assert "Kooli valik" in html and "Open day" in html


def test_viewers_see_the_map_without_edit_controls(users, workspace, journey, persona):
    client = login(users["viewer"])
    for url in (
        reverse("journey", args=[workspace.slug, journey.pk]),
        reverse("journey_grid", args=[workspace.slug, journey.pk]),
    ):
        html = client.get(url).content.decode()
        assert "Open day" in html
        assert 'data-editable="false"' in html
        for control in (
            'id="jm-dialog"',
            "data-add=",
            'class="handle"',
            "editor.js",
            "data-edit=",
            "data-edit-journey",
        ):
            assert control not in html
    html = client.get(reverse("journeys", args=[workspace.slug])).content.decode()
    assert "new-map-form" not in html
    html = client.get(reverse("persona", args=[workspace.slug, persona.pk])).content.decode()
    assert "persona-edit-link" not in html


def test_presentation_has_no_edit_controls_even_for_the_owner(users, workspace, journey):
    html = (
        login(users["owner"])
        .get(reverse("journey_present", args=[workspace.slug, journey.pk]))
        .content.decode()
    )
    assert "Open day" in html
    assert 'data-editable="false"' in html and "data-add=" not in html
    assert "create-future" not in html


def test_blueprint_shows_only_blueprint_lanes_and_the_line_of_visibility(users, workspace, journey):
    html = (
        login(users["owner"])
        .get(reverse("journey", args=[workspace.slug, journey.pk]) + "?view=blueprint")
        .content.decode()
    )
    assert 'data-testid="line-of-visibility"' in html
    assert "lane-front_stage" in html and "lane-touchpoints" in html
    assert "lane-needs" not in html and "lane-emotion" not in html
    # Lanes are reordered in the full editor: the blueprint hides some, so no lane handles.
    assert 'data-move="lane"' not in html and 'data-move="stage"' in html


@pytest.mark.parametrize("role", ROLES)
def test_creating_a_blank_map(role, users, workspace, persona):
    response = login(users[role]).post(
        reverse("journey_new", args=[workspace.slug]),
        {"title": "Uus kaart", "persona": persona.pk, "kind": "holistic", "language": "et"},
    )
    created = Journey.objects.filter(title="Uus kaart").first()
    if POST_DENIED[role]:
        assert response.status_code == POST_DENIED[role]
        assert created is None
    else:
        assert response.status_code == 302
        assert created.persona_id == persona.pk and created.lanes.count() == 7
        assert response.url == reverse("journey", args=[workspace.slug, created.pk])


@pytest.mark.parametrize("role", ROLES)
def test_creating_from_a_template(role, users, workspace):
    before = Journey.objects.count()
    response = login(users[role]).post(
        reverse("journey_from_template", args=[workspace.slug]), {"key": "hair_salon"}
    )
    if POST_DENIED[role]:
        assert response.status_code == POST_DENIED[role]
        assert Journey.objects.count() == before
    else:
        assert response.status_code == 302
        assert Journey.objects.filter(workspace=workspace, template_key="hair_salon").exists()


def test_the_gallery_lists_every_template_in_the_ui_language(users, workspace):
    client = login(users["owner"])
    client.cookies["teekond_language"] = "et"
    html = client.get(reverse("journeys", args=[workspace.slug])).content.decode()
    from teekond.journeys.templates import catalogue

    for tpl in catalogue("et"):
        assert tpl["title"] in html
    assert len(catalogue("et")) == 6


@pytest.mark.parametrize("role", ROLES)
def test_creating_the_future_state(role, users, workspace, journey):
    response = login(users[role]).post(reverse("journey_future", args=[workspace.slug, journey.pk]))
    journey.refresh_from_db()
    if POST_DENIED[role]:
        assert response.status_code == POST_DENIED[role]
        assert journey.counterpart_id is None
    else:
        assert response.status_code == 302
        future = Journey.objects.get(pk=journey.counterpart_id)
        assert future.state == JourneyState.FUTURE and future.counterpart_id == journey.pk
        html = (
            login(users[role])
            .get(reverse("journey_compare", args=[workspace.slug, journey.pk]))
            .content.decode()
        )
        assert html.count('class="compare-side"') == 2


@pytest.mark.parametrize("role", ROLES)
def test_creating_a_persona(role, users, workspace):
    response = login(users[role]).post(
        reverse("personas", args=[workspace.slug]), {"name": "Mati", "role": "decision_maker"}
    )
    created = Persona.objects.filter(name="Mati").first()
    if POST_DENIED[role]:
        assert response.status_code == POST_DENIED[role]
        assert created is None
    else:
        assert response.status_code == 302
        assert created.role == "decision_maker" and created.workspace_id == workspace.pk


def _persona_form(persona, **changes) -> dict:
    """What the browser posts: every field of the form as shown, then the user's changes."""
    from teekond.journeys.views import PERSONA_FORM_FIELDS

    data = {name: getattr(persona, name) for name in PERSONA_FORM_FIELDS}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["version"] = persona.version
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ROLES)
def test_editing_a_persona(role, users, workspace, persona):
    url = reverse("persona_edit", args=[workspace.slug, persona.pk])
    client = login(users[role])
    assert client.get(url).status_code == {"viewer": 403, "outsider": 404}.get(role, 200)
    response = client.post(
        url,
        _persona_form(persona, empathy_feels="Mures", company_employees=12, evidence="interview"),
    )
    persona.refresh_from_db()
    if POST_DENIED[role]:
        assert response.status_code == POST_DENIED[role]
        assert persona.empathy_feels == ""
    else:
        assert response.status_code == 302
        assert persona.empathy_feels == "Mures" and persona.company_employees == 12
        assert persona.evidence == "interview" and persona.age == 38 and persona.version == 2


def test_a_stale_persona_edit_is_refused_and_shown(users, workspace, persona):
    client = login(users["owner"])
    url = reverse("persona_edit", args=[workspace.slug, persona.pk])
    stale = _persona_form(persona, hobbies="Male")
    assert client.post(url, _persona_form(persona, hobbies="Jooks")).status_code == 302
    response = client.post(url, stale)
    assert response.status_code == 200
    assert 'data-testid="conflict"' in response.content.decode()
    persona.refresh_from_db()
    assert persona.hobbies == "Jooks"


def test_persona_page_shows_sections_role_and_journeys(users, workspace, persona, journey):
    from teekond.journeys import services

    services.update_persona(
        persona, {"empathy_pains": "Aega pole", "hobbies": "Jooks", "role": "user"}, 1
    )
    html = (
        login(users["viewer"])
        .get(reverse("persona", args=[workspace.slug, persona.pk]))
        .content.decode()
    )
    assert "Aega pole" in html and "Jooks" in html and "Kooli valik" in html
    assert "role-user" in html
    assert 'class="avatar initials big"' in html and ">K<" in html


@pytest.mark.parametrize("role", ROLES)
def test_uploading_a_persona_photo(role, users, workspace, persona):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    upload = SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")
    response = login(users[role]).post(
        reverse("persona_photo", args=[workspace.slug, persona.pk]), {"photo": upload}
    )
    persona.refresh_from_db()
    if POST_DENIED[role]:
        assert response.status_code == POST_DENIED[role]
        assert not persona.photo
    else:
        assert response.status_code == 302
        assert persona.photo.name.endswith(".png")
        persona.photo.delete(save=False)


def test_the_workspace_navigation_links_maps_and_personas(users, workspace):
    html = login(users["viewer"]).get(reverse("workspace", args=[workspace.slug])).content
    assert reverse("journeys", args=[workspace.slug]).encode() in html
    assert reverse("personas", args=[workspace.slug]).encode() in html


def test_stage_owner_and_cell_evidence_are_shown_on_the_map(users, workspace, journey):
    from teekond.journeys import services

    stage = journey.stages.first()
    services.update_stage(stage, {"owner_id": users["editor"].pk}, stage.version)
    lane = journey.lanes.get(type="needs")
    step = services.ordered_steps(journey)[0]
    services.upsert_cell(lane, step, None, {"text": "Kiire vastus", "evidence": "interview"})
    html = (
        login(users["viewer"])
        .get(reverse("journey", args=[workspace.slug, journey.pk]))
        .content.decode()
    )
    assert 'class="stage-owner"' in html and "bob" in html
    assert "jm-cell validated" in html and "✓ Intervjuu" in html  # Estonian by default
