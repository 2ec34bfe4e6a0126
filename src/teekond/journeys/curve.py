"""The emotion curve (sentiment chart) as SVG: the one renderer behind the editor, the
presentation, current vs future, and the PDF, PNG and SVG exports.

One shape everywhere: straight segments with round joins between the points, a face in
each point (its mouth bends with the valence) and the emotion word beside it, on a green
(positive) and red (negative) zone split by the zero line. Pure Python, no Django.

Two geometries from the same code:
- ``width=None`` (pages): x positions are percentages of the lane's width, so the curve
  lines up with the step columns at any column width and zoom, without script; the editor
  only moves what is drawn here (``emotion-curve.js``) and reads the valence → y table from
  ``data-levels``, so the geometry lives in this file only.
- ``width=W`` (print): absolute coordinates for a known width, which WeasyPrint needs.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from teekond.core import design, emotions

MIN, MAX = emotions.VALENCE_RANGE
HEIGHT = 150
PAD = 18  # room above +3 and below -3 for the words
RADIUS = 9
WORD_BELOW, WORD_ABOVE = RADIUS + 13, -(RADIUS + 6)  # the word's offset from its point

# The word a point gets when it is dragged to a level its emotion does not have (calm is +1;
# dragged to +3 it becomes joyful). 0 has no word in the seed's vocabulary.
LEVEL_EMOTION = {
    3: "joyful",
    2: "confident",
    1: "calm",
    0: "",
    -1: "uneasy",
    -2: "annoyed",
    -3: "angry",
}


@functools.cache
def style() -> str:
    """The curve's look, inside every SVG it draws — pages, print (WeasyPrint reads only an
    SVG's own styles) and the standalone file — in the design tokens' colours."""
    t = design.token
    return (
        f".emotion-curve .zone-positive{{fill:{t('emotion-zone-positive')}}}"
        f".emotion-curve .zone-negative{{fill:{t('emotion-zone-negative')}}}"
        f".emotion-curve .axis{{stroke:{t('emotion-axis')};stroke-width:1;stroke-dasharray:4 4}}"
        f".emotion-curve .zone-label{{font-family:sans-serif;font-size:10px;fill:{t('color-text-subtle')}}}"
        f".emotion-curve .curve{{stroke:{t('emotion-line')};stroke-width:3;stroke-linecap:round}}"
        ".emotion-curve .dot{stroke:#fff;stroke-width:2.5}"
        f".emotion-curve .positive .dot{{fill:{t('evidence-validated')}}}"
        f".emotion-curve .negative .dot{{fill:{t('emotion-n2')}}}"
        f".emotion-curve .neutral .dot{{fill:{t('emotion-0')}}}"
        f".emotion-curve .empty .dot{{fill:#fff;stroke:{t('gray-400')};stroke-dasharray:3 2}}"
        ".emotion-curve .eye{fill:#fff}"
        ".emotion-curve .mouth{fill:none;stroke:#fff;stroke-width:1.6;stroke-linecap:round}"
        f".emotion-curve .word{{font-family:sans-serif;font-size:11px;font-weight:600;fill:{t('gray-700')}}}"
    )


@dataclass(frozen=True)
class Point:
    column: int  # index among the map's columns (an empty stage takes a column too)
    valence: int | None
    word: str = ""  # the emotion in the map's language
    step_id: int | None = None
    name: str = ""  # the step's name, for the point's accessible label
    emotion: str = ""  # the emotion key


def level_y(valence: float, height: int = HEIGHT) -> float:
    return PAD + (MAX - valence) / (MAX - MIN) * (height - 2 * PAD)


def levels(language: str, height: int = HEIGHT) -> dict[int, dict]:
    """valence → its y and the word a dragged point takes there (``LEVEL_EMOTION``)."""
    out = {}
    for v in range(MIN, MAX + 1):
        key = LEVEL_EMOTION[v]
        word = emotions.BY_KEY[key].name(language) if key else ""
        out[v] = {
            "y": round(level_y(v, height), 2),
            "emotion": key,
            "word": word,
            "mouth": mouth(v),
            "wordY": WORD_BELOW if v >= 0 else WORD_ABOVE,
        }
    return out


def tone(valence: int | None) -> str:
    if valence is None:
        return "empty"
    return "positive" if valence > 0 else "negative" if valence < 0 else "neutral"


def mouth(valence: int) -> str:
    """The face's mouth: a smile for +, a frown for −, flat at 0; deeper further out."""
    bend = 1.4 * valence
    return f"M-4.2,{2.6 - bend / 3:.2f} Q0,{2.6 + bend:.2f} 4.2,{2.6 - bend / 3:.2f}"


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def render(
    points: Sequence[Point],
    columns: int,
    *,
    language: str = "en",
    width: float | None = None,
    height: int = HEIGHT,
    positive: str = "",
    negative: str = "",
    label: str = "",
    editable: bool = False,
    first: int = 0,
) -> str:
    """The curve's SVG markup (escaped; safe to mark safe).

    ``columns`` from ``first`` are drawn (print tiles draw a slice of the map); a point just
    outside the slice still draws its segment, so the line leaves the tile's edge towards
    it. Points without a valence are drawn only when ``editable`` (a hollow handle on the
    zero line to drag)."""
    columns = max(1, columns)

    def x(column: float) -> str:
        position = column - first + 0.5
        if width is None:
            return f"{_num(position / columns * 100)}%"
        return _num(position * width / columns)

    w = "100%" if width is None else _num(width)
    zero = level_y(0, height)
    attrs = {
        "class": "emotion-curve" + (" editable" if editable else ""),
        "width": w,
        "height": str(height),
        "role": "group",
        "aria-label": label,
        "data-levels": json.dumps(levels(language, height), ensure_ascii=False),
        "data-pad": str(PAD),
    }
    if width is not None:
        attrs["viewBox"] = f"0 0 {w} {height}"
        attrs["xmlns"] = "http://www.w3.org/2000/svg"
    parts = ["<svg " + " ".join(f'{k}="{escape(v)}"' for k, v in attrs.items()) + ">"]
    parts.append(f"<style>{style()}</style>")
    parts.append(f'<rect class="zone-positive" x="0" y="0" width="{w}" height="{_num(zero)}"/>')
    parts.append(
        f'<rect class="zone-negative" x="0" y="{_num(zero)}" width="{w}" '
        f'height="{_num(height - zero)}"/>'
    )
    parts.append(f'<line class="axis" x1="0" x2="{w}" y1="{_num(zero)}" y2="{_num(zero)}"/>')
    if positive:
        end = "99.6%" if width is None else _num(width - 4)
        parts.append(
            f'<text class="zone-label" x="{end}" y="11" text-anchor="end">+ {escape(positive)}</text>'
        )
    if negative:
        end = "99.6%" if width is None else _num(width - 4)
        parts.append(
            f'<text class="zone-label" x="{end}" y="{height - 4}" text-anchor="end">'
            f"− {escape(negative)}</text>"
        )
    known = sorted((p for p in points if p.valence is not None), key=lambda p: p.column)
    left, right = first - 0.5, first + columns - 0.5  # the slice's edges, in columns
    for a, b in zip(known, known[1:], strict=False):
        if b.column < left or a.column > right:
            continue
        (c1, y1), (c2, y2) = _clip(
            (a.column, level_y(a.valence, height)),
            (b.column, level_y(b.valence, height)),
            left,
            right,
        )
        parts.append(
            f'<line class="curve" data-from="{a.step_id or ""}" data-to="{b.step_id or ""}" '
            f'x1="{x(c1)}" y1="{_num(y1)}" x2="{x(c2)}" y2="{_num(y2)}"/>'
        )
    for p in points:
        if not first <= p.column < first + columns:
            continue
        if p.valence is None and not editable:
            continue
        parts.append(_point(p, x(p.column), height, editable, width is None))
    parts.append("</svg>")
    return "".join(parts)


def _clip(a, b, left: float, right: float):
    """The segment a→b (column, y) cut to the columns between ``left`` and ``right``."""
    (c1, y1), (c2, y2) = a, b

    def at(c: float) -> float:
        return y1 + (y2 - y1) * (c - c1) / (c2 - c1)

    if c1 < left:
        c1, y1 = left, at(left)
    if c2 > right:
        c2, y2 = right, at(right)
    return (c1, y1), (c2, y2)


def _point(p: Point, x: str, height: int, editable: bool, relative: bool) -> str:
    has = p.valence is not None
    v = p.valence if has else 0
    y = level_y(v, height)
    below = v >= 0
    word_y = WORD_BELOW if below else WORD_ABOVE
    aria = escape(f"{p.name}: {p.word} {v if has else ''}".strip())
    g_attrs = (
        f'class="point {tone(p.valence)}" data-step-id="{p.step_id or ""}" '
        f'data-valence="{v if has else ""}" data-emotion="{escape(p.emotion)}" '
        f'transform="translate(0 {_num(y)})"'
    )
    if editable:
        g_attrs += (
            f' tabindex="0" role="slider" aria-valuemin="{MIN}" aria-valuemax="{MAX}" '
            f'aria-valuenow="{v}" aria-label="{aria}"'
        )
    else:
        g_attrs += f' role="img" aria-label="{aria}"'
    face = ""
    if has:
        face = (
            '<circle class="eye" cx="-3.2" cy="-2.4" r="1.3"/>'
            '<circle class="eye" cx="3.2" cy="-2.4" r="1.3"/>'
            f'<path class="mouth" d="{mouth(v)}"/>'
        )
    inner = (
        f'<g {g_attrs}><circle class="dot" r="{RADIUS}"/>{face}'
        f'<text class="word" y="{word_y}" text-anchor="middle">{escape(p.word)}</text></g>'
    )
    # A nested <svg> moves the point to a percentage of the width (a transform cannot);
    # in print the width is known and a plain translate does.
    if relative:
        return f'<svg class="at" x="{x}" y="0" overflow="visible">{inner}</svg>'
    return f'<g class="at" transform="translate({x} 0)">{inner}</g>'


def points_from(curve: Sequence[dict], columns_by_step: dict[int, int]) -> list[Point]:
    """``Point``s from ``journeys.reading.emotion_curve`` rows placed in the map's columns."""
    return [
        Point(
            column=columns_by_step[row["step_id"]],
            valence=row["valence"],
            word=row["label"],
            step_id=row["step_id"],
            name=row["step_name"],
            emotion=row["emotion"] or "",
        )
        for row in curve
        if row["step_id"] in columns_by_step
    ]
