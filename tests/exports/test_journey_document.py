"""The versioned journey document round-trips exactly and validates before writing."""

import json

import pytest

from teekond.core.errors import Invalid
from teekond.exports.documents import dumps
from teekond.exports.journey_doc import import_journey, journey_document
from teekond.journeys.models import Journey, Step
from tests.maps import make_map

pytestmark = pytest.mark.django_db


def test_round_trip_into_another_workspace_is_identical(alice, charlie, workspace, other_workspace):
    journey = make_map(workspace, alice)
    document = json.loads(dumps(journey_document(journey)))
    assert document["format"] == "teekond.journey" and document["version"] == 1
    assert [s["name"] for s in document["stages"]] == ["Teadlikkus", "Otsus"]
    copy = import_journey(other_workspace, charlie, document)
    assert copy.workspace == other_workspace and copy.pk != journey.pk
    assert json.loads(dumps(journey_document(copy))) == document


def test_owners_travel_by_user_name_only_to_members(
    alice, bob, charlie, workspace, other_workspace
):
    journey = make_map(workspace, alice)
    journey.stages.update(owner=bob)
    document = journey_document(journey)
    assert {s["owner"] for s in document["stages"]} == {"bob"}
    copy = import_journey(other_workspace, charlie, document)
    assert not copy.stages.filter(owner__isnull=False).exists()


def test_a_bad_document_writes_nothing(alice, workspace):
    journey = make_map(workspace, alice)
    document = journey_document(journey)
    document["stages"][0]["steps"][0]["channel"] = "telepathy"
    document["stages"][1]["steps"][0]["cells"]["L9"] = {"text": "x"}
    before = (Journey.objects.count(), Step.objects.count())
    with pytest.raises(Invalid) as info:
        import_journey(workspace, alice, document)
    where = [p["where"] for p in info.value.details]
    assert "stages[0].steps[0].channel" in where and "stages[1].steps[0].cells.L9" in where
    assert (Journey.objects.count(), Step.objects.count()) == before


def test_wrong_format_is_refused(alice, workspace):
    with pytest.raises(Invalid):
        import_journey(workspace, alice, {"format": "teekond.journey", "version": 2})
