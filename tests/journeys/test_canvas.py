"""The canvas every view draws: measured rows on current vs future, no curve box on a blank
map, and the one emotion-curve renderer (faces and words at the points, levels for dragging)."""

import json
import re

import pytest
from django.test import Client

from teekond.core.providers import Registry
from teekond.journeys import curve, overlays, services
from teekond.journeys.models import Journey, Stage, Step

pytestmark = pytest.mark.django_db


@pytest.fixture
def providers(monkeypatch):
    registered = Registry("test")
    monkeypatch.setattr(overlays, "PROVIDERS", registered)
    return registered


def client_for(workspace):
    client = Client()
    client.force_login(workspace.memberships.first().user)
    client.cookies["teekond_language"] = "en"
    return client


def test_current_vs_future_shows_the_measured_rows_of_both_states(providers, workspace, alice):
    current = Journey.objects.create(workspace=workspace, title="Kohvik")
    stage = Stage.objects.create(journey=current, name="Tellimine", position=0)
    step = Step.objects.create(journey=current, stage=stage, name="Lett", position=0)
    future = services.create_future_state(current, alice)
    future_step = future.steps.get()

    def measured(journey, language):
        cells = {s.pk: {"value": f"NPS {journey.state}"} for s in journey.steps.all()}
        return {"key": "answers", "label": "Survey answers", "cells": cells}

    overlays.register_overlay(measured)
    html = (
        client_for(workspace)
        .get(f"/w/{workspace.slug}/maps/{current.pk}/compare/")
        .content.decode()
    )
    assert html.count('data-testid="overlay-row"') == 2
    assert "NPS current" in html and "NPS future" in html
    assert f'data-step-id="{step.pk}"' in html and f'data-step-id="{future_step.pk}"' in html


def test_a_blank_map_draws_no_curve_box(workspace, alice):
    journey = services.create_journey(workspace, alice, title="Tühi kaart")
    html = client_for(workspace).get(f"/w/{workspace.slug}/maps/{journey.pk}/").content.decode()
    assert 'class="jm-curve"' not in html
    services.add_stage(journey, journey.structure_version, name="Etapp")
    journey.refresh_from_db()
    services.add_step(journey.stages.get(), journey.structure_version, name="Samm")
    html = client_for(workspace).get(f"/w/{workspace.slug}/maps/{journey.pk}/").content.decode()
    assert 'class="jm-curve"' in html and "svg" in html


def test_the_curve_has_a_face_and_a_word_at_each_point_and_lines_between_them():
    points = [
        curve.Point(column=0, valence=1, word="rahulik", step_id=1, name="A", emotion="calm"),
        curve.Point(column=2, valence=-2, word="pahane", step_id=2, name="B", emotion="annoyed"),
        curve.Point(column=3, valence=None, step_id=3, name="C"),
    ]
    svg = curve.render(points, 4, language="et", editable=False)
    assert svg.count('class="point ') == 2  # a point without an emotion is not drawn read-only
    assert svg.count('class="mouth"') == 2 and ">rahulik<" in svg and ">pahane<" in svg
    line = re.search(r'<line class="curve" data-from="1" data-to="2" x1="([\d.]+)%"', svg)
    assert line and float(line.group(1)) == 12.5  # the middle of the first of four columns
    editable = curve.render(points, 4, language="et", editable=True)
    assert editable.count('role="slider"') == 3
    levels = json.loads(
        re.search(r'data-levels="([^"]+)"', editable).group(1).replace("&quot;", '"')
    )
    # Dragged to +3 a point becomes joyful (calm is +1), to 0 it has no word.
    assert levels["3"]["word"] == "rõõmus" and levels["3"]["emotion"] == "joyful"
    assert levels["0"]["word"] == "" and levels["-3"]["y"] > levels["3"]["y"]


def test_a_tile_draws_its_slice_and_the_line_leaves_towards_the_next_point():
    points = [curve.Point(column=i, valence=v, step_id=i + 1) for i, v in enumerate([3, -3, 3])]
    svg = curve.render(points, 2, first=0, width=200)
    assert svg.count('class="point ') == 2
    lines = re.findall(r'x1="([\d.]+)" y1="[\d.]+" x2="([\d.]+)"', svg)
    assert lines[-1][1] == "200"  # the segment to the third point stops at the tile's edge
