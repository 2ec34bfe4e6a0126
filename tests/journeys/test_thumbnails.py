"""Map thumbnails: drawn from the map, cached by its version, redrawn when it changes."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from teekond.core import design
from teekond.journeys import services, templates, thumbnails
from teekond.journeys.models import Cell, LaneType
from tests.journeys.conftest import structure_version


def test_a_thumbnail_shows_each_stage_and_each_step(journey):
    cache.clear()
    svg = thumbnails.thumbnails([journey])[journey.pk]
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count(design.stage_colour(0)) >= 1 and design.stage_colour(1) in svg
    # one card per step: a white card and the stage's edge on it
    assert svg.count(f'fill="{design.token("color-surface")}" stroke=') == 3


def test_the_cache_answers_until_the_map_changes(journey):
    cache.clear()
    first = thumbnails.thumbnails([journey])[journey.pk]
    with CaptureQueriesContext(connection) as queries:
        again = thumbnails.thumbnails([journey])[journey.pk]
    assert again == first and len(queries) == 1  # only the "what changed" query
    services.add_step(journey.stages.first(), structure_version(journey), name="Ad")
    journey.refresh_from_db()
    assert (
        thumbnails.thumbnails([journey])[journey.pk].count(
            f'fill="{design.token("color-surface")}" stroke='
        )
        == 4
    )


def test_an_emotion_change_redraws_the_curve(journey):
    cache.clear()
    lane = journey.lanes.get(type=LaneType.EMOTION)
    steps = list(journey.steps.order_by("id"))
    for step, valence in zip(steps, (3, -3, 1)):
        Cell.objects.create(journey=journey, lane=lane, step=step, valence=valence)
    svg = thumbnails.thumbnails([journey])[journey.pk]
    assert "<polyline" in svg and design.emotion_colour(-3) in svg
    cell = Cell.objects.get(lane=lane, step=steps[1])
    cell.valence = 2
    cell.save()
    redrawn = thumbnails.thumbnails([journey])[journey.pk]
    assert redrawn != svg and design.emotion_colour(-3) not in redrawn


def test_an_empty_map_gets_a_placeholder(workspace, alice):
    journey = services.create_journey(workspace, alice, title="Tühi")
    svg = thumbnails.thumbnails([journey])[journey.pk]
    assert "stroke-dasharray" in svg and "<polyline" not in svg


def test_every_template_has_a_preview_in_both_languages():
    for key, tpl in templates.TEMPLATES.items():
        et = thumbnails.template_preview(tpl, "et")
        en = thumbnails.template_preview(tpl, "en")
        assert et["svg"] == en["svg"], key  # the picture does not depend on the language
        assert et["stages"] != en["stages"], key
        assert et["steps"] > 0 and "<polyline" in et["svg"], key
