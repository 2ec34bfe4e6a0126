"""Registries of providers: how one app hears from the apps above it without importing them.

Every plug-in point of Teekond is one ``Registry`` (the map's measured rows in
``journeys.overlays``, the home page's panels in ``core.dashboard``, the steps with an
improvement action and the backlog's metric sources in ``journeys.plugins``, the demo's
builders in ``accounts.demo``). Apps register a callable in ``AppConfig.ready``; the caller
asks each provider for its part in one of three ways:

- ``collect``: every answer, for pages. A provider that fails is logged and left out, so one
  broken app never takes the page down; one with nothing to show returns ``None``.
- ``first``: the first answer that is not ``None`` (a value several apps might know).
- ``run``: call each in order and let failures raise (the demo's builders: a half-built demo
  is worse than an error).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

logger = logging.getLogger(__name__)


class Registry:
    """An ordered set of providers for one plug-in point."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._providers: list[Callable] = []

    def __repr__(self) -> str:
        return f"<Registry {self.name}: {len(self._providers)} providers>"

    def __iter__(self) -> Iterator[Callable]:
        return iter(list(self._providers))

    def __len__(self) -> int:
        return len(self._providers)

    def __contains__(self, provider: object) -> bool:
        return provider in self._providers

    def register(self, provider: Callable) -> Callable:
        """Add ``provider`` once (``ready`` may run more than once); usable as a decorator."""
        if provider not in self._providers:
            self._providers.append(provider)
        return provider

    def unregister(self, provider: Callable) -> None:
        if provider in self._providers:
            self._providers.remove(provider)

    def collect(self, *args: Any) -> list:
        """Every provider's answer for ``args``, failures and empty answers left out; dicts
        are sorted by ``order`` (lowest first, 100 when unset)."""
        found = []
        for provider in self:
            try:
                part = provider(*args)
            except Exception:  # noqa: BLE001 - see the module docstring
                logger.exception("%s: provider %r failed for %r", self.name, provider, args)
                continue
            if part:
                found.append(part)
        if all(isinstance(part, dict) for part in found):
            found.sort(key=lambda part: part.get("order", 100))
        return found

    def first(self, *args: Any) -> Any:
        """The first answer that is not ``None``, or ``None``; failures are logged and skipped."""
        for provider in self:
            try:
                value = provider(*args)
            except Exception:  # noqa: BLE001 - see the module docstring
                logger.exception("%s: provider %r failed for %r", self.name, provider, args)
                continue
            if value is not None:
                return value
        return None

    def run(self, *args: Any) -> None:
        """Call every provider in order; a failure raises."""
        for provider in self:
            provider(*args)
