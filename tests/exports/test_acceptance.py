"""Acceptance: every journey template round-trips through the JSON document, and the PDF of
the demo map names every stage and step, in Estonian and in English."""

import json
import re
import shutil
import subprocess

import pytest

from teekond.accounts.demo import load_demo
from teekond.exports.documents import dumps
from teekond.exports.journey_doc import import_journey, journey_document
from teekond.exports.views import render_journey
from teekond.journeys import templates
from teekond.journeys.hyphens import hyphenate
from teekond.journeys.models import Journey
from tests.maps import make_map, stage_names, step_names

pytestmark = pytest.mark.django_db


def template_keys():
    return [(t["key"], lang) for lang in ("et", "en") for t in templates.catalogue(lang)]


def test_there_are_templates_to_round_trip():
    assert len(template_keys()) >= 12  # six templates, two languages


@pytest.mark.parametrize(("key", "lang"), template_keys())
def test_every_template_round_trips_exactly(alice, charlie, workspace, other_workspace, key, lang):
    result = templates.create_from_template(workspace, key, lang, alice)
    journeys = [j for j in Journey.objects.filter(workspace=workspace)]
    assert journeys, result
    for journey in journeys:
        document = json.loads(dumps(journey_document(journey)))
        copy = import_journey(other_workspace, charlie, document)
        assert json.loads(dumps(journey_document(copy))) == document


def test_api_round_trip(api, alice, charlie, workspace, other_workspace):
    journey = make_map(workspace, alice)
    document = (
        api(alice).get(f"/api/workspaces/{workspace.id}/journeys/{journey.id}/document").json()
    )
    assert (
        api(charlie)
        .get(f"/api/workspaces/{workspace.id}/journeys/{journey.id}/document")
        .status_code
        == 404
    )
    assert (
        api(alice)
        .post(f"/api/workspaces/{other_workspace.id}/journeys/import", document)
        .status_code
        == 404
    )
    created = api(charlie).post(f"/api/workspaces/{other_workspace.id}/journeys/import", document)
    assert created.status_code == 201
    again = (
        api(charlie)
        .get(f"/api/workspaces/{other_workspace.id}/journeys/{created.json()['id']}/document")
        .json()
    )
    assert again == document
    document["stages"][0]["steps"][0]["medium"] = "telepathic"
    assert (
        api(charlie)
        .post(f"/api/workspaces/{other_workspace.id}/journeys/import", document)
        .status_code
        == 422
    )
    assert Journey.objects.filter(workspace=other_workspace).count() == 1


def pdf_text(pdf: bytes, tmp_path) -> str:
    assert shutil.which("pdftotext"), "poppler-utils is missing: `make setup` installs it"
    path = tmp_path / "demo.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(out.split())


def test_pdf_of_the_demo_map_in_estonian_and_english(tmp_path):
    from teekond.accounts.models import User

    demo = load_demo()
    owner = User.objects.get(username=demo.username)
    journeys = list(Journey.objects.filter(workspace=demo.workspace))
    for key in templates.DEMO_TEMPLATES:  # the demo maps again from the same templates, in English
        journeys += templates.create_from_template(demo.workspace, key, "en", owner).journeys
    assert {j.language for j in journeys} == {"et", "en"}

    def squeeze(text: str) -> str:  # a name wrapped at its hyphen ("e-" / "poest") reads whole
        return re.sub(r"[\s\-\u00ad]+", "", text)

    for journey in journeys:
        text = squeeze(
            pdf_text(
                render_journey(journey, "pdf", paper="A3", language=journey.language), tmp_path
            )
        )
        for name in stage_names(journey) + step_names(journey):
            # A name hyphenated over two lines may read with a neighbour column's line between
            # its halves (pdftotext's reading order); tests/exports/test_canvas_exports.py
            # reads each column on its own. Here each syllable run must be there.
            for piece in hyphenate(name, journey.language).replace("\u00ad", " ").split():
                assert squeeze(piece) in text, (journey.title, journey.language, name)
        for lane in journey.lanes.filter(type="emotion"):  # the curve's lane, with its label
            assert squeeze(lane.name) in text


def test_the_pdf_carries_the_measured_row_and_keeps_columns_under_their_stage(
    alice, workspace, tmp_path
):
    from datetime import UTC, datetime

    from teekond.exports import journey_export
    from teekond.journeys.models import Stage
    from teekond.research.models import Response

    journey = make_map(workspace, alice, "en")
    Stage.objects.create(journey=journey, name="Aftercare", position=9)  # no steps yet
    step = journey.steps.order_by("stage__position", "position").first()
    for i, score in enumerate([10, 10, 9, 8, 7, 6, 5, 3, 10, 9]):  # NPS +20
        Response.objects.create(
            workspace=workspace,
            journey=journey,
            step=step,
            nps=score,
            idempotency_key=f"r{i}",
            answered_at=datetime(2026, 3, 1, tzinfo=UTC),
        )
    ctx = journey_export.canvas_tiles(journey, "en")
    width = sum(s["span"] for s in ctx["stages"])
    assert width == journey.steps.count() + 1  # the empty stage has a column of its own
    assert all(len(row["cells"]) == width for row in ctx["rows"])
    assert all(len(row["columns"]) == width for row in ctx["overlays"])
    last = ctx["rows"][0]["cells"][-1]  # Aftercare
    assert last["step"] is None and last["cell"] is None and last["stage"]["name"] == "Aftercare"
    text = pdf_text(render_journey(journey, "pdf", language="en"), tmp_path)
    assert "Measured: answers" in text and "NPS +20" in text and "10 answers" in text
