"""The workspace's home page: what each pillar (map, measure, act) has to say right now.

Like the map's measured rows (``journeys.overlays``), the apps register providers in
``AppConfig.ready`` and the home page does not import them::

    register_panel(provider)

``provider(workspace, user) -> Panel | None``, called inside the user's language. A panel
belongs to one pillar ("map", "measure" or "act") and holds headline ``figures`` (label,
value, an optional hint, link and tone "good"/"bad"), ``attention``: things that need
attention (text, link, meta), and ``links`` to the pillar's pages. A provider that fails is
logged and left out, so one broken app never takes the home page down (``core.providers``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypedDict

from teekond.core.providers import Registry

PILLARS = ("map", "measure", "act")


class Figure(TypedDict, total=False):
    label: str
    value: str
    hint: str
    link: str
    tone: str  # "good", "bad" or ""
    key: str  # stable id for tests and styling


class Item(TypedDict, total=False):
    text: str
    link: str
    meta: str


class Panel(TypedDict, total=False):
    pillar: str
    order: int
    title: str
    figures: list[Figure]
    attention: list[Item]  # not "items": templates would read dict.items
    links: list[dict]  # {"label", "url"}


Provider = Callable[[Any, Any], "Panel | None"]
PROVIDERS = Registry("core.dashboard")


def register_panel(provider: Provider) -> None:
    PROVIDERS.register(provider)


def panels(workspace, user) -> dict[str, list[Panel]]:
    """Every provider's panel, grouped by pillar and sorted by ``order``."""
    out: dict[str, list[Panel]] = {pillar: [] for pillar in PILLARS}
    for panel in PROVIDERS.collect(workspace, user):
        if panel.get("pillar") in out:
            out[panel["pillar"]].append(panel)
    return out
