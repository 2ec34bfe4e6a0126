"""What the map asks of the apps above it, besides the measured rows (``journeys.overlays``).

The journeys app knows no app above it; these registries let them answer anyway. Apps
register in ``AppConfig.ready``:

- ``STEP_ACTIONS``: ``provider(journey) -> set of step ids`` that have an improvement action
  or an opportunity elsewhere (the Act backlog); the lowest-point warning counts those steps
  as covered, like a filled opportunities cell.
- ``METRIC_SOURCES``: ``source(item) -> float | None``, the current value of a backlog item's
  KPI (``item.metric_key`` for its touchpoint or journey) from the Measure pillar; the first
  source with an answer wins.
- ``STEP_PANELS``: ``provider(step, request, membership) -> StepPanel | None``, a section of
  the touchpoint's side panel in the map (``journeys.panel``): the Act pillar's improvement
  actions with an add form, the Measure pillar's survey link, QR code and comments. A
  section is ``{"key", "title", "html", "order"}``; ``html`` is the app's own rendered
  template, so the journeys app never needs to know its models.
"""

from __future__ import annotations

from teekond.core.providers import Registry

STEP_ACTIONS = Registry("journeys.step_actions")
METRIC_SOURCES = Registry("journeys.metric_sources")
STEP_PANELS = Registry("journeys.step_panels")


def steps_with_actions(journey) -> set[int]:
    covered: set[int] = set()
    for found in STEP_ACTIONS.collect(journey):
        covered |= set(found)
    return covered


def current_metric(item) -> float | None:
    return METRIC_SOURCES.first(item)


def step_panels(step, request, membership) -> list[dict]:
    """Every registered section of ``step``'s side panel, by ``order``."""
    return STEP_PANELS.collect(step, request, membership)
