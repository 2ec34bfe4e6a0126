"""Linking a log to a journey map: funnel, conformance and their checks."""

import pytest
from django.test import Client

from teekond.core.errors import Conflict, Invalid
from teekond.eventlogs import services
from teekond.eventlogs.services import create_log, link_journey

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def imported(alice, workspace, running_example):
    log = create_log(alice, workspace, running_example)
    log.refresh_from_db()
    return log


def test_steps_named_like_activities_are_suggested(imported, claims_journey):
    suggested = services.suggest_step_activities(imported, claims_journey)
    assert sorted(a for acts in suggested.values() for a in acts) == [
        "check ticket",
        "decide",
        "register request",
    ]


def test_conformance_and_funnel_on_the_map_steps(alice, imported, claims_journey):
    mapping = services.suggest_step_activities(imported, claims_journey)
    log = link_journey(alice, imported, claims_journey.pk, mapping, imported.version)
    result = services.conformance(log)
    assert result["cases"] == 6
    assert [s["name"] for s in result["steps"]] == ["register request", "check ticket", "decide"]
    # Every case registers, checks the ticket and decides; the two cases that are reinitiated
    # go back to "check ticket" after "decide", so they do not follow the map's order.
    assert all(s["visited"] == 6 for s in result["steps"])
    assert result["conforming"] == 4
    assert "examine casually" in result["unexpected_activities"]
    funnel = services.funnel(log)
    assert [s["cases"] for s in funnel["steps"]] == [6, 6, 6]


def test_a_stale_version_is_refused(alice, imported, claims_journey):
    link_journey(alice, imported, claims_journey.pk, {}, imported.version)
    with pytest.raises(Conflict):
        link_journey(alice, imported, None, {}, imported.version)


def test_mapping_unknown_activities_or_foreign_steps_is_refused(alice, imported, claims_journey):
    step = claims_journey.steps.first()
    with pytest.raises(Invalid) as err:
        link_journey(
            alice,
            imported,
            claims_journey.pk,
            {str(step.pk): ["no such activity"], "999999": ["decide"]},
            imported.version,
        )
    assert len(err.value.details) == 2
    imported.refresh_from_db()
    assert imported.journey is None


def test_the_link_page_saves_the_mapping(alice, imported, claims_journey, workspace):
    client = Client()
    client.force_login(alice)
    url = f"/w/{workspace.slug}/logs/{imported.pk}/link/"
    page = client.get(url + f"?journey={claims_journey.pk}").content.decode()
    assert 'data-testid="step-mapping"' in page
    steps = list(claims_journey.steps.all())
    data = {
        "journey": claims_journey.pk,
        "version": imported.version,
        "save": "1",
        f"step_{steps[0].pk}": ["register request"],
        f"step_{steps[2].pk}": ["decide", "reinitiate request"],
    }
    assert client.post(url, data).status_code == 302
    imported.refresh_from_db()
    assert imported.step_activities == {
        str(steps[0].pk): ["register request"],
        str(steps[2].pk): ["decide", "reinitiate request"],
    }
    detail = client.get(f"/w/{workspace.slug}/logs/{imported.pk}/").content.decode()
    assert 'data-testid="conformance"' in detail and 'data-testid="funnel"' in detail
