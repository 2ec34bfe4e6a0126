"""The public survey page as a customer sees it: the organisation, not the map's internal
step name; the emotion words as tappable choices in two groups; a way on after thanks."""

import re

import pytest
from django.test import Client

from teekond.core import emotions
from teekond.research import services

pytestmark = pytest.mark.django_db


def _page(step, lang="et"):
    config = services.survey_for_step(step)
    config = services.update_survey(config, {"questions": ["csat", "emotion"]}, config.version)
    return config, Client().get(f"/s/{config.token}/?lang={lang}").content.decode()


def test_the_survey_names_the_organisation_not_the_internal_step(workspace, steps):
    _config, html = _page(steps[1])
    assert workspace.name in html and 'data-testid="survey-org"' in html
    assert steps[1].name not in html  # "Maksmine" is the team's name for the step


def test_emotions_are_tappable_choices_grouped_by_valence(steps):
    _config, html = _page(steps[0])
    assert '<select name="emotion"' not in html
    radios = re.findall(r'type="radio" name="emotion" value="([a-z_]+)"', html)
    assert sorted(radios) == sorted(e.key for e in emotions.VOCABULARY)
    pleasant = [e.key for e in emotions.VOCABULARY if e.valence > 0]
    assert radios[: len(pleasant)] == pleasant  # the pleasant group first
    assert "Meeldiv" in html and "Ebameeldiv" in html


def test_the_thank_you_page_leads_back_to_the_survey(steps):
    config, html = _page(steps[0], "en")
    client = Client()
    key = re.search(r'name="key" value="([^"]*)"', html).group(1)
    token = re.search(r'name="form_token" value="([^"]*)"', html).group(1)
    thanks = client.post(
        f"/s/{config.token}/?lang=en", {"key": key, "form_token": token, "csat": "5", "lang": "en"}
    ).content.decode()
    assert "survey-thanks" in thanks
    assert 'data-testid="survey-next"' in thanks and 'href="?lang=en"' in thanks
