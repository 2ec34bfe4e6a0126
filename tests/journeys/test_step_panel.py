"""The touchpoint's side panel: who sees it, what each pillar adds, and that the journeys
app stays ignorant of the apps that plug in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from teekond.actions import services as actions
from teekond.journeys import plugins
from teekond.research.models import SurveyConfig
from tests.journeys.conftest import READ, ROLES
from tests.journeys.test_pages import login


def panel_url(workspace, journey, step) -> str:
    return reverse("journey_step_panel", args=[workspace.slug, journey.pk, step.pk])


@pytest.mark.parametrize("role", ROLES)
def test_the_panel_answers_by_role(role, users, workspace, journey):
    step = journey.steps.order_by("id").first()
    response = login(users[role]).get(panel_url(workspace, journey, step))
    assert response.status_code == READ[role]
    if response.status_code != 200:
        return
    html = response.content.decode()
    assert 'data-testid="step-panel"' in html and step.name in html
    assert 'data-testid="survey-link"' in html  # every member may share the survey
    # only editors get the form that adds an action (the API checks the role again)
    assert ('data-testid="add-action-form"' in html) == (role in ("owner", "editor"))


def test_a_step_of_another_map_is_not_found(users, workspace, journey, alice):
    from teekond.journeys import services

    other = services.create_journey(workspace, alice, title="Muu", stages=["A"])
    services.add_step(other.stages.get(), other.structure_version, name="Elsewhere")
    step = other.steps.get()
    response = login(users["owner"]).get(panel_url(workspace, journey, step))
    assert response.status_code == 404


def test_the_panel_lists_the_steps_actions_with_owner_and_deadline(users, workspace, journey):
    step = journey.steps.order_by("id").first()
    actions.create_backlog_item(
        users["owner"],
        workspace,
        {"title": "Vasta kõnele tunniga", "owner_id": users["editor"].pk, "deadline": "2027-03-01"},
        subject=step,
    )
    other_step = journey.steps.order_by("id").last()
    actions.create_backlog_item(
        users["owner"], workspace, {"title": "Teise sammu asi"}, subject=other_step
    )
    html = login(users["viewer"]).get(panel_url(workspace, journey, step)).content.decode()
    assert "Vasta kõnele tunniga" in html and "bob" in html
    assert "Teise sammu asi" not in html


def test_the_survey_link_in_the_panel_is_the_steps_own(users, workspace, journey):
    step = journey.steps.order_by("id").first()
    html = login(users["editor"]).get(panel_url(workspace, journey, step)).content.decode()
    token = SurveyConfig.objects.get(step=step).token
    assert f"/s/{token}/" in html
    assert reverse("survey_qr", args=[workspace.slug, step.pk, "svg"]) in html


def test_a_failing_section_leaves_the_rest_of_the_panel(users, workspace, journey):
    def broken(step, request, membership):
        raise RuntimeError("boom")

    plugins.STEP_PANELS.register(broken)
    try:
        step = journey.steps.order_by("id").first()
        response = login(users["owner"]).get(panel_url(workspace, journey, step))
    finally:
        plugins.STEP_PANELS.unregister(broken)
    assert response.status_code == 200
    assert 'data-section="actions"' in response.content.decode()


def test_every_touchpoint_card_opens_its_panel(users, workspace, journey):
    html = login(users["viewer"]).get(reverse("journey", args=[workspace.slug, journey.pk]))
    html = html.content.decode()
    for step in journey.steps.all():
        assert panel_url(workspace, journey, step) in html
