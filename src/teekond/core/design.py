"""The design tokens of static/teekond/tokens.css, for Python code.

The CSS file is the single source: pages link it, and this module reads its ``:root``
block once, so Vega-Lite charts, the PDF/PNG/SVG exports and server-rendered thumbnails
use exactly the colours, sizes and fonts the pages do (no second list to drift apart).
Pure Python, no Django: analytics-free code and the exporters can import it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

TOKENS_CSS = Path(__file__).resolve().parent.parent / "static" / "teekond" / "tokens.css"

_ROOT = re.compile(r":root\s*\{(?P<body>.*?)\}", re.S)
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_DECL = re.compile(r"--(?P<name>[a-z0-9-]+)\s*:\s*(?P<value>[^;]+);")
_PX = re.compile(r"^(?P<n>-?\d+(?:\.\d+)?)px$")


class TokenError(ValueError):
    """tokens.css holds something this module cannot read."""


def parse_tokens(css: str) -> dict[str, str]:
    """``{name: value}`` of the custom properties in the first ``:root`` block of ``css``."""
    match = _ROOT.search(_COMMENT.sub("", css))
    if match is None:
        raise TokenError("tokens.css has no :root block")
    tokens: dict[str, str] = {}
    for decl in _DECL.finditer(match["body"]):
        name, value = decl["name"], " ".join(decl["value"].split())
        if name in tokens:
            raise TokenError(f"--{name} is declared twice")
        if "var(" in value:
            # Python cannot resolve var(); keeping values literal keeps the mirror exact.
            raise TokenError(f"--{name} refers to another token; write the value itself")
        tokens[name] = value
    return tokens


@cache
def tokens() -> MappingProxyType[str, str]:
    """Every token of tokens.css, read once per process."""
    return MappingProxyType(parse_tokens(TOKENS_CSS.read_text(encoding="utf-8")))


def token(name: str) -> str:
    """The value of ``--name`` (``name`` without the dashes); KeyError names a missing one."""
    try:
        return tokens()[name.removeprefix("--")]
    except KeyError:
        raise KeyError(f"no design token --{name.removeprefix('--')} in tokens.css") from None


def px(name: str) -> float:
    """A length token (``--space-4: 16px``) as a number of pixels."""
    value = token(name)
    match = _PX.match(value)
    if match is None:
        raise TokenError(f"--{name} is {value!r}, not a length in px")
    return float(match["n"])


def _series(prefix: str) -> tuple[str, ...]:
    found = []
    n = 1
    while f"{prefix}-{n}" in tokens():
        found.append(tokens()[f"{prefix}-{n}"])
        n += 1
    return tuple(found)


def stage_colours() -> tuple[str, ...]:
    """The stage palette in order; stage ``i`` (0-based) takes ``[i % len]``."""
    return _series("stage")


def stage_colour(index: int) -> str:
    palette = stage_colours()
    return palette[index % len(palette)]


def avatar_colours() -> tuple[str, ...]:
    return _series("avatar")


def chart_colours() -> tuple[str, ...]:
    return _series("chart")


def _valence_key(valence: int) -> str:
    if valence == 0:
        return "emotion-0"
    return f"emotion-{'p' if valence > 0 else 'n'}{abs(valence)}"


def emotion_colour(valence: float | None) -> str:
    """The colour of a point on the emotion curve; no valence is neutral grey.

    A fractional valence (an average of answers) rounds to the nearest step of -3..+3.
    """
    if valence is None:
        return token("emotion-0")
    step = max(-3, min(3, round(valence)))
    return token(_valence_key(step))


def emotion_colours() -> dict[int, str]:
    """``{-3: colour, ..., 3: colour}``."""
    return {v: token(_valence_key(v)) for v in range(-3, 4)}


def quadrant_colours() -> dict[str, str]:
    """The customer quadrants' colours by their keys in research.quadrants."""
    return {
        key: token(f"quadrant-{key.replace('_', '-')}")
        for key in ("exemplary", "growth", "at_risk", "hanging")
    }


def font_family() -> str:
    return token("font-sans")


def vega_config() -> dict[str, Any]:
    """A Vega-Lite ``config`` that makes a chart look like the pages around it."""
    text, muted, grid = token("color-text"), token("chart-axis"), token("chart-grid")
    font = font_family()
    return {
        "font": font,
        "background": None,
        "view": {"stroke": None},
        "range": {"category": list(chart_colours())},
        "mark": {"color": token("chart-1")},
        "axis": {
            "labelColor": muted,
            "titleColor": text,
            "gridColor": grid,
            "domainColor": token("color-border-strong"),
            "tickColor": token("color-border-strong"),
            "labelFontSize": px("text-xs"),
            "titleFontSize": px("text-sm"),
            "titleFontWeight": int(token("weight-semibold")),
        },
        "legend": {
            "labelColor": muted,
            "titleColor": text,
            "labelFontSize": px("text-xs"),
            "titleFontSize": px("text-sm"),
        },
        "title": {
            "color": text,
            "fontSize": px("text-md"),
            "fontWeight": int(token("weight-semibold")),
        },
    }


# ---- emotion faces (static/teekond/emotion-faces.svg) ----

FACES_SVG = TOKENS_CSS.parent / "emotion-faces.svg"
_SYMBOL = re.compile(
    r'<symbol id="(?P<id>face-[a-z0-9]+)" viewBox="0 0 24 24">(?P<body>.*?)</symbol>', re.S
)


def face_id(valence: float | None) -> str:
    """The sprite id of the face for a valence (``face-n3`` .. ``face-p3``)."""
    step = 0 if valence is None else max(-3, min(3, round(valence)))
    return "face-" + _valence_key(step).removeprefix("emotion-")


@cache
def _faces() -> MappingProxyType[str, str]:
    found = {m["id"]: m["body"] for m in _SYMBOL.finditer(FACES_SVG.read_text(encoding="utf-8"))}
    return MappingProxyType(found)


def face_svg(valence: float | None, *, x: float, y: float, size: float) -> str:
    """The face as an SVG ``<g>`` centred on (x, y), for server-rendered SVG and PDF.

    The same shapes as the sprite, with the disc filled in the valence's colour, so an
    export does not depend on ``<use>`` of an external file (WeasyPrint ignores that).
    """
    body = _faces()[face_id(valence)].replace("currentColor", emotion_colour(valence))
    scale = size / 24
    return (
        f'<g class="face" transform="translate({x - size / 2:.2f} {y - size / 2:.2f}) '
        f'scale({scale:.4f})">{body}</g>'
    )
