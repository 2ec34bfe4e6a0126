"""PDF (WeasyPrint), PNG (pypdfium2) and SVG (vl-convert) exports of a self-assessment."""

import shutil
import subprocess

import pypdfium2 as pdfium
import pytest
from django.test import Client

from teekond.actions import services
from teekond.actions.diagnostics import QUESTIONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(alice, workspace):
    return services.record_assessment(alice, workspace, {q.key: 4 for q in QUESTIONS})


def pdf_text(data: bytes, tmp_path) -> str:
    assert shutil.which("pdftotext"), "poppler-utils is missing: `make setup` installs it"
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def get(client, workspace, assessment, fmt, query=""):
    return client.get(f"/w/{workspace.slug}/diagnostics/{assessment.id}/export.{fmt}{query}")


@pytest.mark.parametrize(
    ("paper", "lang", "expected", "size_mm"),
    [
        ("A4", "en", "Customer focus", (297, 210)),
        ("A3", "et", "Kliendifookus", (420, 297)),
    ],
)
def test_pdf_in_both_languages_and_paper_sizes(
    alice, workspace, assessment, tmp_path, paper, lang, expected, size_mm
):
    client = Client()
    client.force_login(alice)
    response = get(client, workspace, assessment, "pdf", f"?paper={paper}&lang={lang}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    document = pdfium.PdfDocument(response.content)
    width, height = document[0].get_size()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == size_mm
    assert expected in pdf_text(response.content, tmp_path)


def test_png_svg_csv_xlsx(alice, bob, workspace, assessment):
    client = Client()
    client.force_login(bob)
    png = get(client, workspace, assessment, "png")
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    svg = get(client, workspace, assessment, "svg")
    assert svg.status_code == 200 and b"<svg" in svg.content
    csv = get(client, workspace, assessment, "csv", "?lang=en")
    assert "Leadership" in csv.content.decode("utf-8-sig")
    xlsx = get(client, workspace, assessment, "xlsx")
    assert xlsx.content[:2] == b"PK"


def test_bad_paper_is_refused(alice, workspace, assessment):
    client = Client()
    client.force_login(alice)
    response = get(client, workspace, assessment, "pdf", "?paper=A0")
    assert response.status_code == 302  # the page shows the message
    assert get(client, workspace, assessment, "exe").status_code == 302


def test_pdf_never_fetches_outside_static_files():
    from teekond.exports.pdf import html_to_pdf

    data = html_to_pdf('<p>ok</p><img src="http://169.254.169.254/x.png">')
    assert data[:4] == b"%PDF"
