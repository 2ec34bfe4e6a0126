"""Templates from the seed examples: every template creates valid, rich maps in both
languages, in one call."""

from __future__ import annotations

import pytest

from teekond.journeys import services, templates
from teekond.journeys.models import Cell, Journey, LaneType, Persona

KEYS = sorted(templates.TEMPLATES)


def test_the_seed_examples_are_there():
    assert {"school", "emma", "app_development", "mobile_phone", "bank", "hair_salon"} <= set(KEYS)


@pytest.mark.parametrize("key", KEYS)
def test_template_data_is_valid(key):
    assert templates.validate_template(templates.TEMPLATES[key]) == []


@pytest.mark.parametrize("language", ["et", "en"])
@pytest.mark.parametrize("key", KEYS)
def test_template_creates_rich_maps(workspace, alice, key, language):
    result = templates.create_from_template(workspace, key, language, alice)
    assert result.personas and result.journeys
    other = "en" if language == "et" else "et"
    spec = templates.TEMPLATES[key]
    for persona, persona_spec in zip(result.personas, spec["personas"], strict=True):
        assert persona.name == persona_spec[language]["name"]
        assert persona.values and persona.empathy_feels
    for journey, journey_spec in zip(result.journeys, spec["journeys"], strict=True):
        assert journey.language == language
        assert journey.title == journey_spec["title"][language]
        assert journey.title != journey_spec["title"][other] or language == "en"
        assert journey.persona in result.personas
        stages = list(journey.stages.all())
        assert len(stages) >= 4
        assert all(stage.steps.count() >= 2 for stage in stages)
        assert journey.steps.count() >= 8
        curve = services.emotion_curve(journey, language)
        # Every step has an emotion and the curve really moves up and down.
        assert all(p["valence"] is not None for p in curve)
        assert min(p["valence"] for p in curve) < 0 < max(p["valence"] for p in curve)
        types = set(journey.lanes.values_list("type", flat=True))
        assert {
            LaneType.TOUCHPOINTS,
            LaneType.EMOTION,
            LaneType.OPPORTUNITIES,
            LaneType.NEEDS,
        } <= types
        for lane_type in (LaneType.OPPORTUNITIES, LaneType.PAINS):
            assert Cell.objects.filter(journey=journey, lane__type=lane_type).exists(), lane_type
        labels = [p["label"] for p in curve]
        assert all(labels)


def test_estonian_template_has_estonian_content(workspace, alice):
    result = templates.create_from_template(workspace, "emma", "et", alice)
    journey = result.journeys[0]
    assert [s.name for s in journey.stages.all()] == [
        "Tellimuse saamine",
        "Saatmiseks valmistumine",
        "Paki äraandmine",
        "Paki jälgimine",
    ]
    assert journey.lanes.get(type="needs").name == "Vajadused ja ootused"
    assert services.emotion_curve(journey, "et")[0]["label"] == "põnevil"


def test_school_template_has_decision_maker_and_user(workspace, alice):
    result = templates.create_from_template(workspace, "school", "en", alice)
    roles = {p.role for p in result.personas}
    assert roles == {"decision_maker", "user"}
    assert {j.persona.role for j in result.journeys} == {"decision_maker", "user"}


def test_app_development_has_the_we_need_to_lane(workspace, alice):
    journey = templates.create_from_template(workspace, "app_development", "en", alice).journeys[0]
    assert [s.name for s in journey.stages.all()] == [
        "Research",
        "Comparison",
        "Workshop",
        "Quote",
        "Sign-off",
    ]
    assert journey.lanes.get(type="custom").name == "We need to…"
    assert journey.persona.company_employees == 12


@pytest.mark.parametrize("role", ["owner", "editor", "viewer", "outsider"])
def test_from_template_over_the_api(api, users, workspace, role):
    response = api(users[role]).post(
        f"/api/workspaces/{workspace.pk}/journeys/from-template",
        {"key": "school", "language": "et"},
    )
    expected = {"owner": 201, "editor": 201, "viewer": 403, "outsider": 404}[role]
    assert response.status_code == expected
    if expected != 201:
        assert not Journey.objects.exists()
        return
    data = response.json()
    assert len(data["personas"]) == 2 and len(data["journeys"]) == 2
    assert Persona.objects.filter(workspace=workspace).count() == 2
    assert Journey.objects.get(pk=data["journeys"][0]["id"]).language == "et"


def test_unknown_template_is_not_found(api, alice, workspace):
    response = api(alice).post(
        f"/api/workspaces/{workspace.pk}/journeys/from-template", {"key": "nope"}
    )
    assert response.status_code == 404
    assert not Persona.objects.exists()


def test_list_templates(api, alice, charlie):
    data = api(alice).get("/api/journey-templates?language=et").json()
    assert {t["key"] for t in data} == set(KEYS)
    school = next(t for t in data if t["key"] == "school")
    assert (school["personas"], school["journeys"]) == (2, 2)
    assert "lapsevanem" in school["title"]
    # The catalogue holds no workspace data: any signed-in user may read it.
    assert api(charlie).get("/api/journey-templates").status_code == 200
    assert api().get("/api/journey-templates").status_code == 401


def test_persona_sections_cover_every_persona_field():
    from teekond.journeys.models import PERSONA_SECTIONS
    from teekond.journeys.serialize import PERSONA_FIELDS

    grouped = {f for _, fields in PERSONA_SECTIONS for f in fields}
    top = {"name", "tagline", "quote", "role", "evidence", "evidence_note"}
    assert grouped | top == set(PERSONA_FIELDS)


def test_vocabulary_in_both_languages(api, alice):
    et = api(alice).get("/api/journey-vocabulary?language=et").json()
    en = api(alice).get("/api/journey-vocabulary?language=en").json()
    assert {"key": "calm", "label": "rahulik"}.items() <= next(
        e for e in et["emotions"] if e["key"] == "calm"
    ).items()
    assert next(c for c in et["channels"] if c["value"] == "word_of_mouth")["label"] == "Suust suhu"
    assert next(c for c in en["lane_types"] if c["value"] == "promise")["part"] == 6
    assert et["persona_sections"][-1]["label"] == "Empaatiakaart"
    assert len(en["emotions"]) == 24
