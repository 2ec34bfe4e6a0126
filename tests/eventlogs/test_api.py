import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from teekond.accounts import services as accounts
from teekond.eventlogs.models import EventLog

pytestmark = pytest.mark.django_db(transaction=True)


def bearer(user):
    _, raw = accounts.create_token(user, "t")
    return {"Authorization": f"Bearer {raw}"}


def upload(user, workspace, data, name="running-example.xes", mapping=None):
    body = {"file": SimpleUploadedFile(name, data), "name": "API log"}
    if mapping is not None:
        body["mapping"] = json.dumps(mapping)
    return Client().post(f"/api/workspaces/{workspace.id}/eventlogs", body, headers=bearer(user))


@pytest.mark.parametrize(("who", "status"), [("alice", 202), ("bob", 202), ("charlie", 404)])
def test_upload_through_the_api(request, workspace, running_example, who, status):
    response = upload(request.getfixturevalue(who), workspace, running_example.read())
    assert response.status_code == status
    assert EventLog.objects.exists() is (status == 202)


def test_summary_and_analyses(alice, charlie, workspace, running_example):
    log_id = upload(alice, workspace, running_example.read()).json()["id"]
    headers = bearer(alice)
    summary = Client().get(f"/api/eventlogs/{log_id}/summary", headers=headers).json()
    assert (summary["cases"], summary["events"]) == (6, 42)
    sankey = Client().get(f"/api/eventlogs/{log_id}/sankey?top=3", headers=headers).json()
    assert sankey["cases_shown"] <= 6 and sankey["links"]
    assert Client().get(f"/api/eventlogs/{log_id}/funnel", headers=headers).status_code == 409
    assert (
        Client().get(f"/api/eventlogs/{log_id}/summary", headers=bearer(charlie)).status_code == 404
    )


def test_link_through_the_api(alice, bob, workspace, running_example, claims_journey):
    log = upload(alice, workspace, running_example.read()).json()
    step = claims_journey.steps.first()
    body = {
        "journey_id": claims_journey.pk,
        "step_activities": {str(step.pk): ["register request"]},
        "version": log["version"],
    }
    workspace.memberships.filter(user=bob).update(role="viewer")
    viewer = Client().put(
        f"/api/eventlogs/{log['id']}/journey",
        body,
        content_type="application/json",
        headers=bearer(bob),
    )
    assert viewer.status_code == 403
    ok = Client().put(
        f"/api/eventlogs/{log['id']}/journey",
        body,
        content_type="application/json",
        headers=bearer(alice),
    )
    assert ok.status_code == 200 and ok.json()["journey_id"] == claims_journey.pk
    stale = Client().put(
        f"/api/eventlogs/{log['id']}/journey",
        body,
        content_type="application/json",
        headers=bearer(alice),
    )
    assert stale.status_code == 409
    conformance = (
        Client().get(f"/api/eventlogs/{log['id']}/conformance", headers=bearer(alice)).json()
    )
    assert conformance["steps"][0]["visited"] == 6


def test_bad_mapping_json_is_refused(alice, workspace, running_example):
    response = Client().post(
        f"/api/workspaces/{workspace.id}/eventlogs",
        {"file": running_example, "mapping": "{nope"},
        headers=bearer(alice),
    )
    assert response.status_code == 422
    assert not EventLog.objects.exists()
