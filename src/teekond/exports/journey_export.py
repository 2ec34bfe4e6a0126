"""Exports of one journey: the canvas as PDF (A4/A3 pages), PNG and SVG (the whole map on
one sheet), the emotion curve alone as SVG, CSV and XLSX of all lanes.

The canvas is the editor's (``journeys.canvas``: stage colours, touchpoint cards, every lane,
the measured rows, the emotion curve from ``journeys.curve``), laid out as a table so that
WeasyPrint repeats the stage and step headers on every page and keeps each row with its lane
label. A map too wide for the paper is first narrowed to fit; past a readable column width it
is tiled over pages, a tile per run of whole stages where possible.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from teekond.core import emotions
from teekond.journeys import canvas, curve
from teekond.journeys.models import Journey

# Printable width of landscape paper with 10 mm margins, in CSS px (96 per inch).
PAGE_WIDTH_PX = {"A4": (297 - 20) / 25.4 * 96, "A3": (420 - 20) / 25.4 * 96}
LABEL_WIDTH = 118
COLUMN_MAX = 210  # wider columns than this only waste the page
COLUMN_FIT = 112  # narrowest column a whole map is squeezed to before it is tiled
COLUMN_TILE = 150  # column width of tiled pages
SHEET_COLUMN = 190  # column width of the one-sheet image exports
CURVE_HEIGHT = curve.HEIGHT


@dataclass(frozen=True)
class Layout:
    column_width: float
    tiles: list[tuple[int, int]]  # (first column, number of columns)


def layout(stage_spans: list[int], available: float) -> Layout:
    """Column width and tiles for columns grouped by stage (``stage_spans``) on a width."""
    total = max(1, sum(stage_spans))
    room = available - LABEL_WIDTH
    if total * COLUMN_FIT <= room:
        return Layout(min(COLUMN_MAX, room / total), [(0, total)])
    per_tile = max(1, int(room // COLUMN_TILE))
    tiles: list[tuple[int, int]] = []
    start, size = 0, 0
    for span in stage_spans:
        if size and size + span > per_tile:  # the stage starts the next tile
            tiles.append((start, size))
            start, size = start + size, 0
        while size + span > per_tile:  # a stage wider than a page is split
            take = per_tile - size
            tiles.append((start, size + take))
            start, size, span = start + size + take, 0, span - take
        size += span
    if size:
        tiles.append((start, size))
    return Layout(room / per_tile if len(tiles) > 1 else min(COLUMN_MAX, room / total), tiles)


def tint(colour: str, share: float = 0.08) -> str:
    """``colour`` mixed into white (WeasyPrint has no color-mix())."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mix = [round(255 - (255 - c) * share) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def canvas_tiles(journey: Journey, language: str, *, width: float | None = None, paper="A4"):
    """The canvas context plus ``tiles`` for the print template; ``width=None`` lays the map
    out for ``paper``, a number puts the whole map in one tile of columns that wide."""
    ctx = canvas.canvas_context(journey, language)
    stages = ctx["stages"]
    spans = [s["span"] for s in stages]
    if width is None:
        plan = layout(spans, PAGE_WIDTH_PX[paper])
    else:
        plan = Layout(width, [(0, max(1, sum(spans)))])
    owner = {}
    for index, column in enumerate(ctx["columns"]):
        owner[index] = column["stage"]
    for stage in stages:
        stage["tint"] = tint(stage["colour"])
    tiles = []
    for first, count in plan.tiles:
        stop = first + count
        tile_stages = []
        for index in range(first, stop):
            stage = owner[index]
            if tile_stages and tile_stages[-1]["stage"] is stage:
                tile_stages[-1]["span"] += 1
            else:
                continued = index > 0 and owner[index - 1] is stage
                tile_stages.append({"stage": stage, "span": 1, "continued": continued})
        tiles.append(
            {
                "width": f"{LABEL_WIDTH + plan.column_width * count:.2f}",
                "columns": ctx["columns"][first:stop],
                "stages": tile_stages,
                "rows": [{**row, "cells": row["cells"][first:stop]} for row in ctx["rows"]],
                "overlays": [
                    {**ov, "columns": ov["columns"][first:stop]} for ov in ctx["overlays"]
                ],
                "curve_svg": mark_safe(  # noqa: S308  (curve.render escapes every value)
                    curve.render(
                        ctx["curve_points"],
                        count,
                        first=first,
                        language=language,
                        width=count * plan.column_width,
                        positive=_("positive"),
                        negative=_("negative"),
                        label=_("Emotion curve"),
                    )
                )
                if ctx["curve_lane"]
                else "",
            }
        )
    ctx.update(
        tiles=tiles,
        # Strings: a number in a template would get the UI's decimal comma in Estonian.
        column_width=f"{plan.column_width:.2f}",
        label_width=str(LABEL_WIDTH),
        sheet_width=f"{LABEL_WIDTH + plan.column_width * max(c for _f, c in plan.tiles):.2f}",
    )
    return ctx


def curve_svg(journey: Journey, language: str) -> str:
    """The emotion curve alone, as a standalone SVG with its styles inside."""
    ctx = canvas.canvas_context(journey, language)
    count = ctx["column_count"]
    body = curve.render(
        ctx["curve_points"],
        count,
        language=language,
        width=count * SHEET_COLUMN,
        positive=_("positive"),
        negative=_("negative"),
        label=_("Emotion curve"),
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}'


# ---------------------------------------------------------------------------- documents

TEMPLATE = "exports/journey_print.html"


def _context(journey, ctx, *, badges: bool) -> dict:
    return {**ctx, "workspace": journey.workspace, "journey": journey, "badges": badges}


def canvas_pdf(journey: Journey, language: str, *, paper: str = "A4", badges: bool = True) -> bytes:
    """The canvas on landscape pages of ``paper``, tiled when the map is wide."""
    from teekond.exports import pdf

    paper = pdf.check_paper(paper)
    with translation.override(language):
        ctx = canvas_tiles(journey, language, paper=paper)
        return pdf.render_pdf(
            TEMPLATE, _context(journey, ctx, badges=badges), paper=paper, language=language
        )


def canvas_sheet(journey: Journey, language: str, *, badges: bool = True) -> bytes:
    """The whole map on one page exactly as tall as the canvas (for PNG and SVG): laid out
    once on a page tall enough, then the page is cut below the canvas's end."""
    from django.template.loader import render_to_string

    from teekond.exports import pdf

    with translation.override(language):
        ctx = canvas_tiles(journey, language, width=SHEET_COLUMN)
        rows = len(ctx["rows"]) + len(ctx["overlays"]) + 4
        sheet = {"width": round(float(ctx["sheet_width"]) + 20), "height": 300 + rows * 260}
        for _attempt in range(3):
            html = render_to_string(
                TEMPLATE,
                {
                    **_context(journey, ctx, badges=badges),
                    "sheet": sheet,
                    "print": True,
                    "LANGUAGE_CODE": language,
                },
            )
            document = pdf.html_to_document(html)
            if len(document.pages) == 1:
                break
            sheet["height"] *= 2  # taller than estimated: lay it out again on a taller page
        bottom = document.pages[0].anchors.get("canvas-end", (0, sheet["height"]))[1]
        body = document.write_pdf()
    # Anchors are in CSS px; PDF points are 3/4 of them. 10 px is the page margin.
    return pdf.crop_to_height(body, (bottom + 10) * 0.75)


def export(
    journey: Journey, fmt: str, *, language: str, paper: str = "A4", badges: bool = True
) -> bytes:
    """The map as ``pdf``, ``png``, ``svg`` (the whole canvas) or ``curve.svg``."""
    from teekond.exports import pdf

    if fmt == "pdf":
        return canvas_pdf(journey, language, paper=paper, badges=badges)
    if fmt == "curve.svg":
        with translation.override(language):
            return curve_svg(journey, language).encode()
    sheet = canvas_sheet(journey, language, badges=badges)
    if fmt == "png":
        return pdf.pdf_to_png(sheet, scale=2)
    return pdf.pdf_to_svg(sheet)


# ---------------------------------------------------------------------------- tables


def _cell_text(cell, language: str) -> str:
    parts = []
    if cell.emotion and cell.emotion in emotions.BY_KEY:
        parts.append(emotions.BY_KEY[cell.emotion].name(language))
    if cell.valence is not None:
        parts.append(f"({cell.valence:+d})")
    if cell.rating is not None:
        parts.append(f"{cell.rating}/5")
    ratings = [
        (_("Effect"), cell.effect_rating),
        (_("Ease"), cell.ease_rating),
        (_("Emotion"), cell.emotion_rating),
    ]
    parts += [f"{label} {value}/5" for label, value in ratings if value is not None]
    if cell.text:
        parts.append(cell.text)
    return " ".join(parts)


def table(journey: Journey, language: str) -> tuple[list[str], list[list]]:
    """One row per step: stage, step, its attributes, then one column per lane."""
    language = language or translation.get_language() or "en"
    stages = {s.pk: s.name for s in journey.stages.all()}
    steps = list(journey.steps.order_by("stage__position", "stage_id", "position", "id"))
    lanes = list(journey.lanes.order_by("position", "id"))
    cells = {(c.lane_id, c.step_id): c for c in journey.cells.all()}
    header = [
        _("Stage"),
        _("Touchpoint"),
        _("Channel"),
        _("Digital or physical"),
        _("Direct or indirect"),
        _("Owner department"),
        _("Evidence"),
        *[lane.name for lane in lanes],
    ]
    rows = []
    for step in steps:
        rows.append(
            [
                stages.get(step.stage_id, ""),
                step.name,
                step.get_channel_display() if step.channel else "",
                step.get_medium_display() if step.medium else "",
                step.get_directness_display() if step.directness else "",
                step.owner_department,
                step.get_evidence_display(),
                *[
                    _cell_text(cells[(lane.pk, step.pk)], language)
                    if (lane.pk, step.pk) in cells
                    else ""
                    for lane in lanes
                ],
            ]
        )
    return header, rows
