"""The demo workspace gets rich Estonian maps; the API is documented."""

from __future__ import annotations

from teekond.accounts.demo import load_demo
from teekond.journeys.models import Journey, Persona


def test_demo_has_maps_with_current_and_future_state(db):
    result = load_demo()
    journeys = Journey.objects.filter(workspace=result.workspace)
    assert journeys.count() >= 5
    assert {j.language for j in journeys} == {"et"}
    assert {"school", "emma", "app_development"} <= {j.template_key for j in journeys}
    future = journeys.get(state="future")
    assert future.counterpart.counterpart == future
    assert Persona.objects.filter(workspace=result.workspace, role="decision_maker").exists()
    # The future state lifts the low points of the current one.
    from teekond.journeys.services import emotion_curve

    current_low = min(p["valence"] for p in emotion_curve(future.counterpart))
    future_low = min(p["valence"] for p in emotion_curve(future))
    assert future_low > current_low


def test_openapi_documents_the_map_api(client):
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/workspaces/{workspace_id}/personas",
        "/api/journeys/{journey_id}",
        "/api/journeys/{journey_id}/stages/order",
        "/api/journeys/{journey_id}/cells",
        "/api/journeys/{journey_id}/warnings",
        "/api/journey-templates",
    ):
        assert path in paths, path
    cell_in = schema["components"]["schemas"]["CellIn"]["properties"]
    assert "description" in cell_in["version"]


def test_every_endpoint_in_the_docs_exists(client):
    import re
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "journeys.md").read_text()
    paths = client.get("/api/openapi.json").json()["paths"]
    normalised = {re.sub(r"\{[^}]+\}", "{}", p): set(ops) for p, ops in paths.items()}
    rows = re.findall(r"^\| `([A-Z/]+) (/[^`?]+)", docs, re.M)
    assert len(rows) > 15
    for methods, path in rows:
        key = "/api" + re.sub(r"\{[^}]+\}", "{}", path)
        assert key in normalised, path
        for method in methods.split("/"):
            assert method.lower() in normalised[key], (method, path)
    # Rows with two endpoints in one cell list the second after a comma.
    for methods, path in re.findall(r", `([A-Z/]+) (/[^`?]+)", docs):
        key = "/api" + re.sub(r"\{[^}]+\}", "{}", path)
        assert key in normalised, path
