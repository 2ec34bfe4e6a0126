"""What leaves Teekond looks like the map: the demo maps as PDF, read back with pdftotext
column by column and looked at as page images, and the PNG of the whole canvas."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pypdfium2 as pdfium
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from PIL import Image

from teekond.accounts.demo import load_demo
from teekond.core import emotions
from teekond.exports import journey_export
from teekond.journeys import services
from teekond.journeys.models import Journey

pytestmark = pytest.mark.django_db
User = get_user_model()

PT_PER_PX = 0.75  # CSS px → PDF points
MARGIN_PT = 10 / 25.4 * 72  # the canvas pages' 10 mm margin


def squeeze(text: str) -> str:
    """Text without spaces, line breaks and hyphens: a word hyphenated over two lines
    (``kant-`` / ``seleisse``) reads as one again."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text).casefold()


def region_text(pdf_path, page: int, x_pt: float, width_pt: float) -> str:
    """pdftotext of one vertical band of a page (pdftotext's -x/-W are in points at 72 dpi)."""
    assert shutil.which("pdftotext"), "poppler-utils is missing: `make setup` installs it"
    out = subprocess.run(
        [
            "pdftotext",
            "-f",
            str(page),
            "-l",
            str(page),
            "-x",
            str(int(x_pt)),
            "-y",
            "0",
            "-W",
            str(int(width_pt + 1)),
            "-H",
            "2000",
            str(pdf_path),
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return squeeze(out)


def expected_columns(journey: Journey, language: str, paper: str):
    """Per column in map order: its stage, its step (or None) and its emotion word."""
    ctx = journey_export.canvas_tiles(journey, language, paper=paper)
    words = {p.step_id: p.word for p in ctx["curve_points"]}
    return ctx, [
        (
            c["stage"]["name"],
            c["step"]["name"] if c["step"] else None,
            words.get(c["step"]["id"], "") if c["step"] else "",
        )
        for c in ctx["columns"]
    ]


def check_pdf(pdf: bytes, journey: Journey, language: str, paper: str, tmp_path) -> None:
    path = tmp_path / f"{journey.pk}-{paper}-{language}.pdf"
    path.write_bytes(pdf)
    ctx, columns = expected_columns(journey, language, paper)
    width = float(ctx["column_width"]) * PT_PER_PX
    label = journey_export.LABEL_WIDTH * PT_PER_PX
    document = pdfium.PdfDocument(pdf)
    pages = len(document)
    size_mm = tuple(round(v / 72 * 25.4) for v in document[0].get_size())
    assert size_mm == {"A4": (297, 210), "A3": (420, 297)}[paper]
    lanes = [row["lane"]["name"] for row in ctx["rows"]]
    starts = [ctx["columns"].index(tile["columns"][0]) for tile in ctx["tiles"]]
    # Each page belongs to the tile whose first step heads its first column.
    pages_of = {first: [] for first in starts}
    for page in range(1, pages + 1):
        head = region_text(path, page, MARGIN_PT + label, width)
        owners = [f for f in starts if squeeze(columns[f][1] or columns[f][0]) in head]
        assert owners, (journey.title, page)
        pages_of[owners[-1] if len(owners) == 1 else owners[0]].append(page)
    for tile, first in zip(ctx["tiles"], starts, strict=True):
        tile_pages = pages_of[first]
        assert tile_pages, (journey.title, "a tile without a page", first)
        labels, bands = "", [""] * len(tile["columns"])
        for page in tile_pages:
            labels += region_text(path, page, MARGIN_PT, label)
            for offset in range(len(tile["columns"])):
                band = region_text(path, page, MARGIN_PT + label + offset * width, width)
                stage, step, _word = columns[first + offset]
                # The stage and step headers are repeated on every page of the tile.
                if step:
                    assert squeeze(step) in band, (journey.title, step, page, offset)
                bands[offset] += band
            tile_text = region_text(path, page, MARGIN_PT + label, width * len(tile["columns"]))
            for s in tile["stages"]:
                assert squeeze(s["stage"]["name"]) in tile_text, (journey.title, s["stage"]["name"])
        for lane in lanes:  # every row is printed with its lane label
            assert squeeze(lane) in labels, (journey.title, lane, tile_pages)
        for offset, band in enumerate(bands):  # each point's word sits in its step's column
            word = columns[first + offset][2]
            if word:
                assert squeeze(word) in band, (journey.title, word, offset)
    # Tiles follow each other in map order.
    flat = [page for first in starts for page in pages_of[first]]
    assert flat == list(range(1, pages + 1))


def test_every_demo_map_prints_its_lanes_stages_steps_and_emotions_in_column_order(tmp_path):
    demo = load_demo()
    client = Client()
    client.force_login(User.objects.get(username="demo"))
    journeys = list(Journey.objects.filter(workspace=demo.workspace).order_by("pk"))
    assert len(journeys) >= 5
    for journey in journeys:
        url = f"/w/{demo.workspace.slug}/journeys/{journey.pk}/export.pdf?paper=A4&lang=et"
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        check_pdf(response.content, journey, "et", "A4", tmp_path)


def test_a_wide_map_tiles_over_pages_and_a_narrow_one_fits_one(alice, workspace, tmp_path):
    journey = services.create_journey(workspace, alice, title="Laiad", stages=["Üks", "Kaks"])
    stages = list(journey.stages.all())
    for i in range(14):
        journey.refresh_from_db()
        services.add_step(stages[i // 7], journey.structure_version, name=f"Samm {i + 1}.")
    lane = services.emotion_lane(journey)
    for i, step in enumerate(services.ordered_steps(journey)):
        services.upsert_cell(lane, step, None, {"emotion": emotions.VOCABULARY[i].key})
    client = Client()
    client.force_login(alice)
    pdf = client.get(f"/w/{workspace.slug}/journeys/{journey.pk}/export.pdf?lang=et").content
    assert len(pdfium.PdfDocument(pdf)) >= 2
    check_pdf(pdf, journey, "et", "A4", tmp_path)
    a3 = client.get(
        f"/w/{workspace.slug}/journeys/{journey.pk}/export.pdf?lang=en&paper=A3&badges=0"
    )
    check_pdf(a3.content, journey, "en", "A3", tmp_path)


def page_image(pdf: bytes, tmp_path, page: int = 1) -> Image.Image:
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-f",
            str(page),
            "-l",
            str(page),
            "-r",
            "40",
            "-png",
            str(path),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    return Image.open(next(tmp_path.glob("page-*.png"))).convert("RGB")


def has_colour(image: Image.Image, rgb: tuple[int, int, int], tolerance: int = 24) -> bool:
    return any(
        all(abs(a - b) <= tolerance for a, b in zip(pixel, rgb, strict=True))
        for _count, pixel in image.getcolors(maxcolors=1 << 20)
    )


def test_the_page_image_has_the_stage_colours_and_the_curve(alice, workspace, tmp_path):
    demo = load_demo()
    journey = Journey.objects.filter(workspace=demo.workspace).order_by("pk").first()
    pdf = journey_export.canvas_pdf(journey, "et", paper="A3")
    image = page_image(pdf, tmp_path)
    assert has_colour(image, (0x0A, 0x6E, 0x67))  # the first stage's colour
    assert has_colour(image, (0x2F, 0x6F, 0x8F))  # the second's
    assert has_colour(image, (0xD2, 0x42, 0x6A))  # the emotion curve's line
    assert has_colour(image, (0x2E, 0x9B, 0x57))  # a positive point


def test_the_png_is_the_whole_canvas(tmp_path):
    demo = load_demo()
    journey = Journey.objects.filter(workspace=demo.workspace).order_by("pk").first()
    client = Client()
    client.force_login(User.objects.get(username="demo"))
    png = client.get(f"/w/{demo.workspace.slug}/journeys/{journey.pk}/export.png?lang=et")
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(png.content)).convert("RGB")
    sheet = journey_export.canvas_sheet(journey, "et")
    page = pdfium.PdfDocument(sheet)
    assert len(page) == 1
    width_pt, height_pt = page[0].get_size()
    # The PNG is that one page: the whole map, at twice 72 dpi.
    assert abs(image.width - 2 * width_pt) <= 2 and abs(image.height - 2 * height_pt) <= 2
    # Every lane and every step is on it (read from the same page), the last lane too.
    path = tmp_path / "sheet.pdf"
    path.write_bytes(sheet)
    text = squeeze(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    )
    for lane in journey.lanes.all():
        assert squeeze(lane.name) in text
    for step in journey.steps.all():
        assert squeeze(step.name) in text
    # It ends where the canvas ends: content within the last 3 % of its height, and
    # taller than a landscape A4 page image of the same width would be.
    inverted = Image.eval(image.convert("L"), lambda v: 255 - v)
    bottom = inverted.point(lambda v: 255 if v > 24 else 0).getbbox()[3]
    assert bottom >= image.height * 0.97
    assert image.height > image.width * 210 / 297 * 0.5
    assert has_colour(image.resize((image.width // 4, image.height // 4)), (0xD2, 0x42, 0x6A))


def test_the_svg_is_the_whole_map_and_the_curve_svg_is_the_curve(alice, workspace):
    demo = load_demo()
    journey = Journey.objects.filter(workspace=demo.workspace).order_by("pk").first()
    client = Client()
    client.force_login(User.objects.get(username="demo"))
    base = f"/w/{demo.workspace.slug}/journeys/{journey.pk}/export"
    svg = client.get(f"{base}.svg?lang=et")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    head = svg.content[:400].decode()
    assert "<svg" in head
    sheet = pdfium.PdfDocument(journey_export.canvas_sheet(journey, "et"))
    width_pt, height_pt = sheet[0].get_size()
    assert f'width="{width_pt:g}' in head.replace("pt", "") or f"{round(width_pt)}" in head
    curve = client.get(f"{base}.svg?part=curve&lang=et").content.decode()
    points = services.emotion_curve(journey, "et")
    assert curve.count('class="point ') == sum(p["valence"] is not None for p in points)
    for p in points:
        if p["label"]:
            assert p["label"] in curve
