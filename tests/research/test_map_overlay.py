"""The survey answers as a row on the journey map: numbers, colours, the disagreement flag."""

import re
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.utils import translation

from teekond.research.models import Response
from teekond.research.overlay import step_cell
from tests.maps import map_page

pytestmark = pytest.mark.django_db


def add(journey, step, key, **kw):
    return Response.objects.create(
        workspace=journey.workspace,
        journey=journey,
        step=step,
        idempotency_key=key,
        answered_at=datetime(2026, 3, 10, tzinfo=UTC),
        **kw,
    )


def overlay_cells(html: str, key: str) -> dict[int, str]:
    """The cells of one overlay row, keyed by step id, as their HTML."""
    row = re.search(
        rf'data-overlay="{key}".*?(?=<div class="jm-row|<div class="jm-lanes)', html, re.S
    )
    assert row, f"no {key} row on the map"
    parts = re.split(r'(?=<div class="jm-ov)', row.group(0))
    cells = {}
    for part in parts:
        found = re.search(r'data-step-id="(\d+)"', part)
        if found:
            cells[int(found.group(1))] = part
    return cells


def test_a_map_without_answers_has_no_measured_row(alice, journey):
    assert 'data-overlay="survey"' not in map_page(alice, journey)


def test_each_step_shows_its_measured_scores_on_the_map(alice, bob, journey, steps):
    # Step 1: NPS 10, 10, 9, 8, 7, 6, 5, 3, 10, 9 → 5 promoters, 3 detractors of 10 → +20.
    for i, s in enumerate([10, 10, 9, 8, 7, 6, 5, 3, 10, 9]):
        add(journey, steps[0], f"a{i}", nps=s)
    # Step 2: CSAT 5, 4, 4, 3, 2, 5, 1, 4 → 5 of 8 top-2-box → 62.5 %, shown as 62 %.
    for i, c in enumerate([5, 4, 4, 3, 2, 5, 1, 4]):
        add(journey, steps[1], f"b{i}", csat=c)
    html = map_page(bob, journey)  # an editor sees it as well as the owner
    assert "18 answers in all" in html
    cells = overlay_cells(html, "survey")
    assert set(cells) == {steps[0].pk, steps[1].pk}  # step 3 has no answers: empty cell
    assert "NPS +20" in cells[steps[0].pk] and "10 answers" in cells[steps[0].pk]
    assert "CSAT 62\u00a0%" in cells[steps[1].pk] and "8 answers" in cells[steps[1].pk]
    assert "tone-bad" not in cells[steps[0].pk] and "tone-good" not in cells[steps[0].pk]
    assert "tone-good" not in cells[steps[1].pk] and "tone-bad" not in cells[steps[1].pk]
    assert "overlay-flag" not in html
    assert f"/w/{journey.workspace.slug}/measure/journeys/{journey.pk}/" in html


def test_the_map_flags_a_step_where_answers_disagree(alice, journey, steps):
    # The map draws step 1 as joyful (+3); six customers rate it 1/5.
    for i in range(6):
        add(journey, steps[0], f"a{i}", csat=1)
    cells = overlay_cells(map_page(alice, journey), "survey")
    cell = cells[steps[0].pk]
    assert 'data-testid="overlay-flag"' in cell and "disagrees with the map" in cell
    assert "tone-bad" in cell and "CSAT 0\u00a0%" in cell
    assert "The map assumes: emotion +3" in cell  # the tooltip says what was assumed


def test_the_map_in_estonian(alice, journey, steps):
    for i in range(6):
        add(journey, steps[0], f"a{i}", csat=1)
    html = map_page(alice, journey, "et")
    cell = overlay_cells(html, "survey")[steps[0].pk]
    assert "6 vastust" in cell and "ei klapi kaardiga" in cell


def test_an_outsider_sees_no_map_and_no_numbers(charlie, journey, steps):
    add(journey, steps[0], "a", nps=10)
    client = Client()
    client.force_login(charlie)
    response = client.get(f"/w/{journey.workspace.slug}/maps/{journey.pk}/")
    assert response.status_code in (403, 404)
    assert b"overlay" not in response.content


def _row(**measured):
    base = dict.fromkeys(
        ("nps", "csat", "ces", "effect", "ease", "emotion", "balance", "comment_valence")
    )
    return {
        "step_id": 1,
        "step": "Pakiautomaat",
        "assumed": {"valence": None, "effect": None, "ease": None, "emotion": None},
        "measured": {**base, **measured},
        "disagrees": False,
        "reasons": [],
    }


@pytest.mark.parametrize(
    ("measured", "value", "tone"),
    [
        ({"responses": 9, "nps": -34.0, "csat": 87.0, "balance": 80.0}, "NPS -34", "bad"),
        ({"responses": 9, "nps": 0.0}, "NPS +0", ""),
        ({"responses": 9, "nps": 30.0}, "NPS +30", "good"),
        ({"responses": 9, "csat": 80.0, "balance": -50.0}, "CSAT 80\u00a0%", "good"),
        ({"responses": 9, "csat": 59.9}, "CSAT 60\u00a0%", "bad"),
        ({"responses": 9, "balance": -20.0, "ces": 3.0}, "good minus bad -20", "bad"),
        ({"responses": 9, "ces": 2.25}, "CES 2.2", ""),
    ],
)
def test_the_headline_figure_picks_the_colour(measured, value, tone):
    with translation.override("en"):
        cell = step_cell(_row(**measured))
    assert (cell["value"], cell["tone"]) == (value, tone)


def test_a_step_without_answers_has_no_cell():
    assert step_cell(_row(responses=0)) is None
