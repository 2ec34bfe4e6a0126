"""Event-log analytics for Teekond: readers, discovery, funnels, conformance (no Django).

Everything runs as Ibis expressions: DuckDB embedded by default, any Ibis backend
(Spark, PostgreSQL, ...) by passing ``backend=`` to :func:`load_log` or by handing the
functions a table that has the canonical columns ``case_id, activity, timestamp, order``.
"""

from .conformance import conformance
from .discovery import activities, dfg, end_activities, start_activities, summary, variants
from .durations import durations
from .errors import EventLogError
from .funnel import funnel
from .journey import Journey, JourneyStep, load_journey
from .log import CANONICAL, EventLog
from .mapping import ColumnMapping
from .progress import Progress
from .readers import from_table, load_log
from .sankey import sankey

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
