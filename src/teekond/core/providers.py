"""Registries of providers: how one app shows what other apps have to say without
importing them (the map's measured rows in ``journeys.overlays``, the home page's panels in
``core.dashboard``). Apps register a callable in ``AppConfig.ready``; the page asks each
for its part. A provider that fails is logged and left out, so one broken app never takes
the page down; one with nothing to show returns ``None``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)


def register(providers: list, provider: Callable) -> None:
    """Add ``provider`` once (``ready`` may run more than once)."""
    if provider not in providers:
        providers.append(provider)


def collect(providers: list[Callable], *args: Any) -> list[dict]:
    """Every provider's answer for ``args``, failures and ``None`` left out, by ``order``
    (lowest first, 100 when unset)."""
    found = []
    for provider in providers:
        try:
            part = provider(*args)
        except Exception:  # noqa: BLE001 - see the module docstring
            logger.exception("provider %r failed for %r", provider, args)
            continue
        if part:
            found.append(part)
    found.sort(key=lambda part: part.get("order", 100))
    return found
