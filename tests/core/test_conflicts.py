"""One conflict answer everywhere: every write that carries a version refuses a stale one
with the same 409 body (core.versions) and changes nothing."""

from __future__ import annotations

import pytest

from teekond.actions import crisis
from teekond.actions.models import BacklogItem
from teekond.core.errors import Conflict
from teekond.core.versions import conflict_message
from teekond.eventlogs.models import EventLog
from teekond.research import alerts
from teekond.research.models import ImportJob
from tests.maps import make_map

pytestmark = pytest.mark.django_db

STALE = 99


@pytest.fixture
def journey(workspace, alice):
    return make_map(workspace, alice)


def _api_cases(workspace, journey):
    stage = journey.stages.first()
    step = stage.steps.first()
    lane = journey.lanes.first()
    cell = lane.cells.get(step=step)
    item = BacklogItem.objects.create(workspace=workspace, title="Faster answers")
    log = EventLog.objects.create(workspace=workspace, token="t1", name="Claims", format="csv")
    job = ImportJob.objects.create(workspace=workspace, kind="survey", status="mapping")
    ws = f"/api/workspaces/{workspace.pk}"
    return {
        "persona": ("patch", f"/api/personas/{journey.persona_id}", {"name": "X"}, 1),
        "journey": ("patch", f"/api/journeys/{journey.pk}", {"title": "X"}, 1),
        "stage": ("patch", f"/api/stages/{stage.pk}", {"name": "X"}, 1),
        "step": ("patch", f"/api/steps/{step.pk}", {"name": "X"}, 1),
        "lane": ("patch", f"/api/lanes/{lane.pk}", {"name": "X"}, 1),
        "cell": (
            "put",
            f"/api/journeys/{journey.pk}/cells",
            {"lane_id": lane.pk, "step_id": step.pk, "text": "X"},
            cell.version,
        ),
        "structure": ("post", f"/api/journeys/{journey.pk}/stages", {"name": "X"}, None),
        "backlog": ("patch", f"{ws}/backlog/{item.pk}", {"title": "X"}, 1),
        "survey": ("patch", f"/api/steps/{step.pk}/survey", {"is_active": False}, 1),
        "event log link": ("put", f"/api/eventlogs/{log.pk}/journey", {"journey_id": None}, 1),
        "import start": ("post", f"/api/imports/{job.pk}/start", {}, 1),
    }


CASES = [
    "persona",
    "journey",
    "stage",
    "step",
    "lane",
    "cell",
    "structure",
    "backlog",
    "survey",
    "event log link",
    "import start",
]


@pytest.mark.parametrize("case", CASES)
def test_every_stale_version_gets_the_same_409(api, alice, workspace, journey, case):
    method, path, body, current = _api_cases(workspace, journey)[case]
    if case == "survey":
        api(alice).get(path)  # the survey of a step is made when first read
    if case == "structure":
        body = {**body, "structure_version": STALE}
        journey.refresh_from_db()
        current = journey.structure_version
    else:
        body = {**body, "version": STALE}
    response = getattr(api(alice), method)(path, body)
    assert response.status_code == 409, response.content
    assert response.json() == {
        "error": {
            "code": "conflict",
            "message": conflict_message(),
            "details": {"current_version": current},
        }
    }


def test_a_stale_version_changes_nothing(api, alice, workspace, journey):
    journey.refresh_from_db()
    response = api(alice).patch(f"/api/journeys/{journey.pk}", {"title": "X", "version": STALE})
    assert response.status_code == 409
    journey.refresh_from_db()
    assert journey.title != "X" and journey.version == 1


def test_restoring_over_a_changed_map_gets_the_same_409(api, alice, workspace, journey):
    base = f"/api/workspaces/{workspace.pk}/journeys/{journey.pk}/versions"
    assert api(alice).post(base, {"name": "v1"}).status_code == 201
    journey.refresh_from_db()
    response = api(alice).post(f"{base}/1/restore", {"structure_version": STALE})
    assert response.status_code == 409
    assert response.json()["error"]["message"] == conflict_message()
    assert response.json()["error"]["details"] == {"current_version": journey.structure_version}


def test_the_pages_services_raise_the_same_conflict(alice, workspace):
    plan = crisis.start_plan(alice, workspace, "Flood", ["a", "b", "c"])
    with pytest.raises(Conflict) as err:
        crisis.update_reasons(alice, plan, STALE, ["a", "b", "c", "d"])
    assert (err.value.message, err.value.details) == (conflict_message(), {"current_version": 1})
    with pytest.raises(Conflict) as err:
        alerts.update_settings(alice, workspace, "", STALE)
    assert (err.value.message, err.value.details) == (conflict_message(), {"current_version": 1})
