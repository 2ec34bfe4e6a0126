"""The measure API with owner, editor, viewer and outsider."""

import pytest

from teekond.accounts.models import Membership, Role
from teekond.research.models import Customer, Response

pytestmark = pytest.mark.django_db


def batch(steps, keys=("r1", "r2")):
    return {
        "responses": [
            {
                "step_id": steps[0].pk,
                "idempotency_key": keys[0],
                "nps": 9,
                "csat": 5,
                "comment": "Väga mugav",
                "customer_external_id": "K1",
            },
            {
                "step_id": steps[1].pk,
                "idempotency_key": keys[1],
                "nps": 4,
                "answered_at": "2026-03-01T10:00:00Z",
                "language": "en",
                "comment": "I was annoyed",
            },
        ]
    }


def test_an_editor_pushes_a_batch_and_a_retry_stores_nothing_twice(api, bob, workspace, steps):
    client = api(bob)
    first = client.post(f"/api/workspaces/{workspace.pk}/responses", batch(steps))
    again = client.post(f"/api/workspaces/{workspace.pk}/responses", batch(steps))
    assert first.status_code == 200, first.json()
    assert (first.json()["created"], first.json()["existing"]) == (2, 0)
    assert (again.json()["created"], again.json()["existing"]) == (0, 2)
    assert again.json()["ids"] == first.json()["ids"]
    assert Response.objects.count() == 2
    by_step = {r.step_id: r for r in Response.objects.all()}
    assert by_step[steps[0].pk].customer == Customer.objects.get(external_id="K1")
    assert by_step[steps[1].pk].emotions == ["annoyed"]


def test_one_bad_answer_stores_nothing(api, alice, workspace, steps):
    body = batch(steps)
    body["responses"][1]["nps"] = 11
    body["responses"].append({"step_id": 999999, "idempotency_key": "x", "csat": 3})
    response = api(alice).post(f"/api/workspaces/{workspace.pk}/responses", body)
    assert response.status_code == 422
    assert not Response.objects.exists()


def test_unknown_steps_are_reported_by_position(api, alice, workspace, steps):
    body = {"responses": [{"step_id": 999999, "idempotency_key": "x", "csat": 3}]}
    response = api(alice).post(f"/api/workspaces/{workspace.pk}/responses", body)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "responses.0.step_id"


def test_viewers_read_but_cannot_push(api, bob, workspace, journey, steps):
    Membership.objects.filter(user=bob).update(role=Role.VIEWER)
    client = api(bob)
    assert client.post(f"/api/workspaces/{workspace.pk}/responses", batch(steps)).status_code == 403
    assert client.get(f"/api/journeys/{journey.pk}/metrics").status_code == 200
    assert client.patch(f"/api/steps/{steps[0].pk}/survey", {"version": 1}).status_code == 403


def test_outsiders_get_404_everywhere(api, charlie, workspace, journey, steps):
    client = api(charlie)
    assert client.post(f"/api/workspaces/{workspace.pk}/responses", batch(steps)).status_code == 404
    for path in (
        f"/api/journeys/{journey.pk}/metrics",
        f"/api/journeys/{journey.pk}/overlay",
        f"/api/journeys/{journey.pk}/drivers",
        f"/api/workspaces/{workspace.pk}/quadrants",
        f"/api/workspaces/{workspace.pk}/metrics",
        f"/api/steps/{steps[0].pk}/survey",
    ):
        assert client.get(path).status_code == 404, path
    assert api().get(f"/api/journeys/{journey.pk}/metrics").status_code == 401


def test_metrics_overlay_drivers_and_quadrants_for_the_owner(api, alice, workspace, journey, steps):
    client = api(alice)
    client.post(f"/api/workspaces/{workspace.pk}/responses", batch(steps))
    metrics = client.get(f"/api/journeys/{journey.pk}/metrics?period=week").json()
    assert metrics["overall"]["responses"] == 2 and metrics["period"] == "week"
    assert metrics["overall"]["nps"]["value"] == 0  # one promoter, one detractor
    assert client.get(f"/api/journeys/{journey.pk}/metrics?period=year").status_code == 422
    overlay = client.get(f"/api/journeys/{journey.pk}/overlay").json()
    assert [o["step_id"] for o in overlay] == [s.pk for s in steps]
    drivers = client.get(f"/api/journeys/{journey.pk}/drivers?language=et").json()
    assert drivers["drivers"] == [] and drivers["reading"]
    quad = client.get(f"/api/workspaces/{workspace.pk}/quadrants").json()
    assert set(quad["quadrants"]) == {"exemplary", "growth", "at_risk", "hanging"}


def test_survey_config_with_versions(api, bob, steps):
    client = api(bob)
    survey = client.get(f"/api/steps/{steps[0].pk}/survey").json()
    assert survey["questions"] == ["csat", "comment"] and survey["url"].endswith(
        f"/s/{survey['token']}/"
    )
    changed = client.patch(
        f"/api/steps/{steps[0].pk}/survey",
        {"version": survey["version"], "questions": ["nps", "ces"]},
    )
    assert changed.status_code == 200 and changed.json()["questions"] == ["nps", "ces"]
    stale = client.patch(
        f"/api/steps/{steps[0].pk}/survey", {"version": survey["version"], "questions": ["csat"]}
    )
    assert stale.status_code == 409
    bad = client.patch(f"/api/steps/{steps[0].pk}/survey", {"version": 2, "questions": ["age"]})
    assert bad.status_code == 422


def test_every_endpoint_in_the_docs_exists(client):
    import re
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "measure.md").read_text()
    paths = client.get("/api/openapi.json").json()["paths"]
    normalised = {re.sub(r"\{[^}]+\}", "{}", p): set(ops) for p, ops in paths.items()}
    rows = re.findall(r"^\| `([A-Z/]+) (/[^`?]+)", docs, re.M)
    assert len(rows) == 12
    for methods, path in rows:
        key = "/api" + re.sub(r"\{[^}]+\}", "{}", path)
        assert key in normalised, path
        for method in methods.split("/"):
            assert method.lower() in normalised[key], (method, path)
