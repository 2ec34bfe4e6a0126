"""Demo content for the map pillar: personas and maps from the seed templates, in Estonian."""

from __future__ import annotations


def build_demo(workspace, owner) -> None:
    from teekond.journeys.templates import build_demo_content

    build_demo_content(workspace, owner)
