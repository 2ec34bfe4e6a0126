"""Vega-Lite specs for the event-log pages, built as plain dicts (one definition for screen and export)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from teekond.core import design


def funnel_spec(funnel: dict) -> dict:
    rows = [
        {"step": f"{i + 1}. {s['name']}", "cases": s["cases"], "share": s["share"], "order": i}
        for i, s in enumerate(funnel["steps"])
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": {"step": 34},
        "data": {"values": rows},
        "encoding": {
            "y": {"field": "step", "type": "nominal", "sort": {"field": "order"}, "title": None},
            "x": {"field": "cases", "type": "quantitative", "title": _("cases")},
        },
        "layer": [
            {"mark": {"type": "bar", "color": design.token("chart-1")}},
            {
                "mark": {"type": "text", "align": "left", "dx": 4},
                "encoding": {"text": {"field": "share", "type": "quantitative", "format": ".0%"}},
            },
        ],
    }


def conformance_spec(conformance: dict) -> dict:
    rows = []
    for i, s in enumerate(conformance["steps"]):
        label = f"{i + 1}. {s['name']}"
        rows += [
            {"step": label, "order": i, "what": _("visited"), "cases": s["visited"]},
            {"step": label, "order": i, "what": _("skipped"), "cases": s["skipped"]},
            {"step": label, "order": i, "what": _("ended here"), "cases": s["ended_here"]},
        ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "data": {"values": rows},
        "mark": "bar",
        "encoding": {
            "x": {"field": "step", "type": "nominal", "sort": {"field": "order"}, "title": None},
            "xOffset": {"field": "what"},
            "y": {"field": "cases", "type": "quantitative", "title": _("cases")},
            "color": {
                "field": "what",
                "type": "nominal",
                "title": None,
                "scale": {
                    "range": [
                        design.token("color-accent"),
                        design.token("color-warning"),
                        design.token("color-danger"),
                    ]
                },
            },
        },
    }
