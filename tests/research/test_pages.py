"""Measure pages with owner, editor, viewer and outsider."""

import pytest
from django.test import Client

from teekond.accounts.models import Membership, Role
from teekond.research import alerts, services
from teekond.research.models import Response
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def client_for(user):
    c = Client()
    c.login(username=user.username, password=PASSWORD)
    return c


def pages(workspace, journey, step):
    base = f"/w/{workspace.slug}"
    return [
        f"{base}/measure/",
        f"{base}/measure/journeys/{journey.pk}/",
        f"{base}/measure/steps/{step.pk}/survey/",
        f"{base}/measure/steps/{step.pk}/survey/qr.svg",
        f"{base}/measure/steps/{step.pk}/survey/qr.png",
        f"{base}/measure/imports/",
    ]


def test_members_see_every_page_and_outsiders_get_404(
    alice, bob, charlie, workspace, journey, steps
):
    Membership.objects.filter(user=bob).update(role=Role.VIEWER)
    for path in pages(workspace, journey, steps[0]):
        assert client_for(alice).get(path).status_code == 200, path
        assert client_for(bob).get(path).status_code == 200, path
        assert client_for(charlie).get(path).status_code == 404, path


def test_the_measure_page_shows_scores_overlay_and_tagged_comments(
    alice, workspace, journey, steps
):
    config = services.survey_for_step(steps[0])
    for i in range(6):
        services.record_response(
            config, {"csat": 1, "comment": "Olin väga pettunud"}, idempotency_key=f"k{i}"
        )
    page = (
        client_for(alice)
        .get(f"/w/{workspace.slug}/measure/journeys/{journey.pk}/")
        .content.decode()
    )
    assert 'data-testid="overlay-flag"' in page  # joyful on the map, unhappy answers
    assert 'data-testid="stage-table"' in page and "Kättetoimetamine" in page
    assert "Olin väga pettunud" in page
    assert 'data-chart="vega-lite"' in page and 'id="trend-spec"' in page


def test_qr_codes_are_real_images(alice, workspace, steps):
    c = client_for(alice)
    svg = c.get(f"/w/{workspace.slug}/measure/steps/{steps[0].pk}/survey/qr.svg")
    png = c.get(f"/w/{workspace.slug}/measure/steps/{steps[0].pk}/survey/qr.png")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert png["Content-Type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_survey_settings_page_has_link_qr_and_embed_snippet(bob, workspace, steps):
    page = (
        client_for(bob)
        .get(f"/w/{workspace.slug}/measure/steps/{steps[0].pk}/survey/")
        .content.decode()
    )
    config = services.survey_for_step(steps[0])
    assert f"/s/{config.token}/" in page and "&lt;iframe" in page and "src=embed" in page


def test_editors_change_the_questions_viewers_cannot(bob, workspace, steps):
    config = services.survey_for_step(steps[0])
    path = f"/w/{workspace.slug}/measure/steps/{steps[0].pk}/survey/"
    form = {"version": config.version, "questions": ["nps", "comment"], "is_active": "on"}
    assert client_for(bob).post(path, form).status_code == 302
    config.refresh_from_db()
    assert config.questions == ["nps", "comment"]
    Membership.objects.filter(user=bob).update(role=Role.VIEWER)
    form["version"] = config.version
    assert client_for(bob).post(path, {**form, "questions": ["csat"]}).status_code == 403
    config.refresh_from_db()
    assert config.questions == ["nps", "comment"]


def test_a_stale_survey_form_is_refused(bob, workspace, steps):
    config = services.survey_for_step(steps[0])
    path = f"/w/{workspace.slug}/measure/steps/{steps[0].pk}/survey/"
    client_for(bob).post(path, {"version": config.version, "questions": ["nps"]})
    client_for(bob).post(path, {"version": config.version, "questions": ["ces"]})
    config.refresh_from_db()
    assert config.questions == ["nps"]


def test_only_owners_change_the_webhook(alice, bob, workspace):
    path = f"/w/{workspace.slug}/measure/settings/"
    assert client_for(bob).get(path).status_code == 403
    ms = alerts.measure_settings(workspace)
    assert (
        client_for(alice)
        .post(path, {"version": ms.version, "webhook_url": "https://93.184.215.14/x"})
        .status_code
        == 302
    )
    ms.refresh_from_db()
    assert ms.webhook_url == "https://93.184.215.14/x"
    assert not Response.objects.exists()


def test_one_answer_shows_too_few_answers_not_a_zero_width_interval(
    alice, workspace, journey, steps
):
    config = services.survey_for_step(steps[0])
    services.record_response(config, {"nps": 9, "csat": 4, "ces": 6}, idempotency_key="only")
    page = (
        client_for(alice)
        .get(
            f"/w/{workspace.slug}/measure/journeys/{journey.pk}/", headers={"Accept-Language": "et"}
        )
        .content.decode()
    )
    assert 'data-testid="too-few"' in page
    assert "liiga vähe vastuseid" in page
    assert "[100; 100]" not in page and "[6,0; 6,0]" not in page


def test_estonian_figures_have_a_decimal_comma():
    from django.utils import translation

    from teekond.research.templatetags.research import num

    with translation.override("et"):
        assert num(4.25, 1) == "4,2" or num(4.25, 1) == "4,3"
        assert num(None) == "—"
    with translation.override("en"):
        assert num(4.3, 1) == "4.3"
