"""The app shell's sidebar: which pages each pillar lists, asked of the apps themselves.

Like the home page's panels (``core.dashboard``), each app registers a provider in
``AppConfig.ready`` and the shell imports none of them::

    register_nav(provider)

``provider(workspace, membership) -> list[NavItem]``, called inside the user's language.
An item belongs to one section ("map", "measure", "act" — the three pillars — or
"workspace") and carries its label, URL, an ``order`` inside the section, a stable ``key``
for tests and an optional ``badge`` count. The current page is the item whose URL is the
longest prefix of the request's path, so a map's editor highlights "Journey maps".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypedDict

from django.utils.translation import pgettext_lazy

from teekond.core.providers import Registry

SECTIONS = ("map", "measure", "act", "workspace")
SECTION_TITLES = {
    "map": pgettext_lazy("pillar", "Map"),
    "measure": pgettext_lazy("pillar", "Measure"),
    "act": pgettext_lazy("pillar", "Act"),
    "workspace": pgettext_lazy("pillar", "Workspace"),
}


class NavItem(TypedDict, total=False):
    section: str
    label: str
    url: str
    order: int
    key: str
    badge: int
    icon: str  # a symbol id of static/teekond/icons.svg


Provider = Callable[[Any, Any], "list[dict] | None"]  # items shaped like NavItem
PROVIDERS = Registry("core.navigation")


def register_nav(provider: Provider) -> Provider:
    return PROVIDERS.register(provider)


def sidebar(workspace, membership, path: str) -> list[dict]:
    """The sections in order, each ``{"key", "title", "items"}``, with the current item
    marked ``current``; a section without items is left out."""
    items: list[NavItem] = [
        item
        for found in PROVIDERS.collect(workspace, membership)
        for item in found
        if item.get("section") in SECTIONS
    ]
    current = max(
        (i for i in items if path.startswith(i["url"])),
        key=lambda i: len(i["url"]),
        default=None,
    )
    sections = []
    for key in SECTIONS:
        inside = sorted(
            (i for i in items if i["section"] == key), key=lambda i: i.get("order", 100)
        )
        if inside:
            sections.append(
                {
                    "key": key,
                    "title": SECTION_TITLES[key],
                    "items": [{**i, "current": i is current} for i in inside],
                }
            )
    return sections
