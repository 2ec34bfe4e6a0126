"""Vega-Lite charts to SVG/PNG with vl-convert: the same spec the page renders."""

from __future__ import annotations


def svg_from_spec(spec: dict) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(spec)
