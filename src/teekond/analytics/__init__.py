"""Event-log analytics for Teekond: readers, discovery, funnels, conformance (no Django).

Everything runs as Ibis expressions: DuckDB embedded by default, any Ibis backend
(Spark, PostgreSQL, ...) by passing ``backend=`` to :func:`load_log` or by handing the
functions a table that has the canonical columns ``case_id, activity, timestamp, order``.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from .errors import EventLogError

# Names resolve on first use (PEP 562), so that ``import teekond.analytics`` and the CLI's
# help cost nothing; the engines (pyarrow, NumPy, Ibis) load when a function needs them.
_HOMES = {
    "CANONICAL": "eventlog",
    "ColumnMapping": "mapping",
    "EventLog": "eventlog",
    "Journey": "journey",
    "JourneyStep": "journey",
    "Progress": "progress",
    "activities": "discovery",
    "conformance": "conformance",
    "dfg": "discovery",
    "durations": "durations",
    "end_activities": "discovery",
    "from_table": "readers",
    "funnel": "funnel",
    "load_journey": "journey",
    "load_log": "readers",
    "sankey": "sankey",
    "start_activities": "discovery",
    "summary": "discovery",
    "variants": "discovery",
}

if TYPE_CHECKING:
    from .conformance import conformance
    from .discovery import activities, dfg, end_activities, start_activities, summary, variants
    from .durations import durations
    from .eventlog import CANONICAL, EventLog
    from .funnel import funnel
    from .journey import Journey, JourneyStep, load_journey
    from .mapping import ColumnMapping
    from .progress import Progress
    from .readers import from_table, load_log
    from .sankey import sankey


class _Package(types.ModuleType):
    """Four functions share their module's name (``funnel.funnel`` ...). Importing such a
    submodule binds the module on the package, which would hide the function that
    ``teekond.analytics.funnel`` has always been; the function is bound instead."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHARED_NAMES and isinstance(value, types.ModuleType):
            value = getattr(value, name)
        super().__setattr__(name, value)


_SHARED_NAMES = frozenset({"conformance", "durations", "funnel", "sankey"})
sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "CANONICAL",
    "ColumnMapping",
    "EventLog",
    "EventLogError",
    "Journey",
    "JourneyStep",
    "Progress",
    "activities",
    "conformance",
    "dfg",
    "durations",
    "end_activities",
    "from_table",
    "funnel",
    "load_journey",
    "load_log",
    "sankey",
    "start_activities",
    "summary",
    "variants",
]
