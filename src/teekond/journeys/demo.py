"""Demo content for the map pillar (filled in once the templates exist)."""

from __future__ import annotations


def build_demo(workspace, owner) -> None:
    return None
