"""Measured facts laid over a journey map's touchpoints, row by row, in the map itself.

The map is the spine; the apps that measure (survey answers, real journeys from event
logs) hang their numbers on it without the journeys app importing them. Each registers a
provider in its ``AppConfig.ready``::

    register_overlay(provider)

A provider is ``provider(journey, language) -> OverlayRow | None``; it returns ``None``
when it has nothing to show for that map (no answers yet, no linked log), so an empty
row never takes room on the map. ``cells`` is keyed by step id; a step without an entry
shows an empty cell.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypedDict

from teekond.core.providers import Registry


class OverlayCell(TypedDict, total=False):
    value: str  # the headline figure, e.g. "+35" or "82 %"
    sub: str  # a second line of smaller figures
    tone: str  # "good", "bad" or "" (neutral)
    flag: str  # non-empty when reality disagrees with the map; says how
    title: str  # the full explanation, as a tooltip


class OverlayRow(TypedDict, total=False):
    key: str  # stable identifier, used as data-overlay in the page
    label: str  # the row's name in the UI language
    hint: str  # one line under the label: the source and its period
    link: str  # where the details are (a URL), or ""
    cells: dict[int, OverlayCell]
    order: int  # rows are shown by this, lowest first (default 100)


Provider = Callable[[Any, str], "OverlayRow | None"]
PROVIDERS = Registry("journeys.overlays")


def register_overlay(provider: Provider) -> None:
    PROVIDERS.register(provider)


def overlay_rows(journey, language: str) -> list[OverlayRow]:
    """Every registered provider's row for ``journey``, by ``order``.

    A provider that fails is logged and left out: a broken measurement must not take the
    map itself down.
    """
    return PROVIDERS.collect(journey, language)


def rows_in_columns(journey, language: str, step_ids: list[int | None]) -> list[dict]:
    """``overlay_rows`` laid out for a grid whose columns are ``step_ids`` (None for a column
    without a step, e.g. an empty stage): each row gets ``columns``, its cell per column
    with the cell's ``step_id``, or None where it has no cell."""
    out = []
    for row in overlay_rows(journey, language):
        cells = row.get("cells") or {}
        columns = [{**cells[i], "step_id": i} if i in cells else None for i in step_ids]
        out.append({**row, "columns": columns})
    return out
