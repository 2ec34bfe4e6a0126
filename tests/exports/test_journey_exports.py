"""Exports of a journey: PDF (A4/A3, et/en) with every stage and step name, PNG, SVG of the
emotion curve, CSV/XLSX with formula cells escaped, JSON; import; share links."""

import csv
import io
import json
import shutil
import subprocess
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from teekond.exports.models import ShareLink
from teekond.journeys.models import Journey
from tests.maps import make_map, stage_names, step_names

pytestmark = pytest.mark.django_db


def login(user):
    client = Client()
    client.force_login(user)
    return client


def text_of(pdf: bytes, tmp_path) -> str:
    assert shutil.which("pdftotext"), "poppler-utils is missing: `make setup` installs it"
    path = tmp_path / "map.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(out.split())


@pytest.mark.parametrize(("lang", "paper"), [("et", "A3"), ("en", "A4")])
def test_pdf_holds_every_stage_and_step_name(alice, workspace, tmp_path, lang, paper):
    journey = make_map(workspace, alice, lang)
    response = login(alice).get(
        f"/w/{workspace.slug}/journeys/{journey.id}/export.pdf?paper={paper}&lang={lang}"
    )
    assert response.status_code == 200 and response.content[:4] == b"%PDF"
    text = text_of(response.content, tmp_path)
    for name in stage_names(journey) + step_names(journey):
        assert " ".join(name.split()) in text, name
    assert ("Emotsioonid" if lang == "et" else "Emotions") in text  # the curve's lane


def test_png_svg_json(alice, bob, workspace):
    journey = make_map(workspace, alice)
    client = login(bob)
    base = f"/w/{workspace.slug}/journeys/{journey.id}/export"
    assert client.get(f"{base}.png").content[:8] == b"\x89PNG\r\n\x1a\n"
    svg = client.get(f"{base}.svg").content.decode()
    assert "<svg" in svg[:300]
    curve = client.get(f"{base}.svg?part=curve").content.decode()
    assert curve.startswith("<?xml") and "<svg" in curve and "Sõbra soovitus" in curve
    document = json.loads(client.get(f"{base}.json").content)
    assert document["format"] == "teekond.journey"


def test_csv_and_xlsx_escape_formula_cells(alice, workspace):
    journey = make_map(workspace, alice)
    client = login(alice)
    base = f"/w/{workspace.slug}/journeys/{journey.id}/export"
    rows = list(
        csv.reader(io.StringIO(client.get(f"{base}.csv?lang=en").content.decode("utf-8-sig")))
    )
    assert rows[0][:2] == ["Stage", "Touchpoint"] and "Emotsioonid" in rows[0]
    assert rows[1][7] == "'=cmd Sõbra soovitus"
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(f"{base}.xlsx").content)).active
    values = [c.value for c in sheet[2]]
    assert "'=cmd Sõbra soovitus" in values
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_exports_reject_outsiders(alice, charlie, workspace):
    journey = make_map(workspace, alice)
    for fmt in ("pdf", "csv", "json"):
        assert (
            login(charlie)
            .get(f"/w/{workspace.slug}/journeys/{journey.id}/export.{fmt}")
            .status_code
            == 404
        )


def test_import_page_creates_a_journey_and_refuses_bad_files(
    alice, bob, charlie, workspace, other_workspace
):
    journey = make_map(workspace, alice)
    data = login(alice).get(f"/w/{workspace.slug}/journeys/{journey.id}/export.json").content
    response = login(charlie).post(
        f"/w/{other_workspace.slug}/journeys/import/", {"file": SimpleUploadedFile("j.json", data)}
    )
    assert response.status_code == 302
    assert Journey.objects.filter(workspace=other_workspace, title="Kooli valik").exists()
    bad = login(bob).post(
        f"/w/{workspace.slug}/journeys/import/",
        {
            "file": SimpleUploadedFile(
                "j.json", b'{"format": "teekond.journey", "version": 1, "journey": {}}'
            )
        },
    )
    assert bad.status_code == 200 and Journey.objects.filter(workspace=workspace).count() == 1
    assert (
        login(charlie)
        .post(f"/w/{workspace.slug}/journeys/import/", {"file": SimpleUploadedFile("j.json", data)})
        .status_code
        == 404
    )


def test_share_link_shows_the_map_without_login_until_revoked(alice, bob, charlie, workspace):
    journey = make_map(workspace, alice)
    base = f"/w/{workspace.slug}/journeys/{journey.id}"
    assert login(charlie).post(f"{base}/share/").status_code == 404
    assert login(bob).post(f"{base}/share/", {"days": ""}).status_code == 302
    link = ShareLink.objects.get()
    assert len(link.token) >= 32
    anonymous = Client()
    page = anonymous.get(f"/share/{link.token}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kooli koduleht" in html and "Export" not in html and "Ekspordi" not in html
    assert anonymous.get("/share/not-a-token/").status_code == 404
    login(bob).post(f"{base}/share/{link.id}/revoke/")
    assert anonymous.get(f"/share/{link.token}/").status_code == 404
    expired = ShareLink.objects.create(
        workspace=workspace, journey=journey, expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert anonymous.get(f"/share/{expired.token}/").status_code == 404


def test_journey_import_lists_each_problem_once_and_where_it_is(alice, workspace):
    bad = b'{"format": "teekond.journey", "version": 1, "journey": {}, "lanes": [], "stages": [{"name": ""}]}'
    client = login(alice)
    client.cookies["teekond_language"] = "en"
    page = client.post(
        f"/w/{workspace.slug}/journeys/import/", {"file": SimpleUploadedFile("j.json", bad)}
    ).content.decode()
    errors = page[
        page.index('class="errorlist"') : page.index("</ul>", page.index('class="errorlist"'))
    ]
    items = [li.split("</li>")[0] for li in errors.split("<li>")[1:]]
    assert items == [
        "The journey document is not valid.",
        "journey, title: This field cannot be blank.",
        "stage 1, name: This field cannot be blank.",
    ]
    assert not any(item.startswith(":") for item in items)


def test_csv_for_an_estonian_excel_is_semicolon_separated_with_a_bom(alice, workspace):
    journey = make_map(workspace, alice)
    body = (
        login(alice)
        .get(f"/w/{workspace.slug}/journeys/{journey.id}/export.csv?lang=et&sep=semicolon")
        .content
    )
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:2] == ["Etapp", "Kokkupuutepunkt"]
    assert len(rows[0]) > 2 and all(len(r) == len(rows[0]) for r in rows)
    assert text.splitlines()[0].count(";") == len(rows[0]) - 1
    plain = login(alice).get(f"/w/{workspace.slug}/journeys/{journey.id}/export.csv?sep=nonsense")
    assert plain.content.decode("utf-8-sig").splitlines()[0].count(";") == 0
