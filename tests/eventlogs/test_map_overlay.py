"""Real journeys from a linked event log as a row on the journey map."""

import re

import pytest
from django.utils import translation

from teekond.eventlogs import services
from teekond.eventlogs.overlay import step_cell
from teekond.eventlogs.services import create_log, link_journey
from tests.maps import map_page

pytestmark = pytest.mark.django_db(transaction=True)


def test_conformance_shows_on_the_linked_map(alice, workspace, running_example, claims_journey):
    log = create_log(alice, workspace, running_example)
    log.refresh_from_db()
    assert 'data-overlay="eventlog"' not in map_page(alice, claims_journey)  # not linked yet
    mapping = services.suggest_step_activities(log, claims_journey)
    link_journey(alice, log, claims_journey.pk, mapping, log.version)
    html = map_page(alice, claims_journey)
    row = re.search(r'data-overlay="eventlog".*?<div class="jm-lanes', html, re.S).group(0)
    # All six cases register, check the ticket and decide; four follow the map's order.
    assert "running-example.xes: 67\u00a0% of 6 follow the map" in row
    assert row.count("100\u00a0% reach") == 3
    assert "overlay-flag" not in row
    assert f"/w/{workspace.slug}/logs/{log.pk}/" in row
    steps = list(claims_journey.steps.order_by("stage__position", "position"))
    assert all(f'data-step-id="{s.pk}"' in row for s in steps)


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_often_skipped_and_early_ends_are_flagged(english):
    skipped = step_cell(
        {"name": "Hinnakalkulaator", "visited": 70, "skipped": 30, "ended_here": 0}, 100, False
    )
    assert (skipped["value"], skipped["flag"], skipped["tone"]) == (
        "70\u00a0% reach",
        "often skipped",
        "bad",
    )
    ended = step_cell(
        {"name": "Järjekord", "visited": 100, "skipped": 0, "ended_here": 20}, 100, False
    )
    assert ended["flag"] == "many journeys end here"
    last = step_cell({"name": "Kohal", "visited": 80, "skipped": 0, "ended_here": 80}, 100, True)
    assert last["flag"] == "" and "end here" not in last["sub"]
    fine = step_cell(
        {"name": "Maksmine", "visited": 95, "skipped": 9, "ended_here": 19}, 100, False
    )
    assert fine["flag"] == "" and fine["tone"] == ""


def test_a_three_case_log_raises_no_skip_or_end_flags(english):
    cell = step_cell(
        {"name": "Hinnakalkulaator", "visited": 2, "skipped": 1, "ended_here": 1}, 3, False
    )
    assert (cell["flag"], cell["tone"]) == ("", "")
    assert cell["value"] == "67\u00a0% reach"
