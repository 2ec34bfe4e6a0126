"""Which source columns hold case id, activity, timestamp and the optional extras."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .errors import EventLogError

#: Candidates tried in order when a column is not named; compared case-insensitively.
CASE_NAMES = ("case:concept:name", "case_id", "caseid", "case id", "case", "trace_id", "session_id")
ACTIVITY_NAMES = ("concept:name", "activity", "activity_name", "event", "event_name", "action")
TIMESTAMP_NAMES = ("time:timestamp", "timestamp", "time", "datetime", "event_time", "start_time")
RESOURCE_NAMES = ("org:resource", "resource", "user", "agent")
CHANNEL_NAMES = ("channel", "touchpoint", "medium")


@dataclass(frozen=True)
class ColumnMapping:
    """Source column names; ``None`` means detect (required) or leave out (optional)."""

    case_id: str | None = None
    activity: str | None = None
    timestamp: str | None = None
    resource: str | None = None
    channel: str | None = None
    attributes: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_any(cls, value: ColumnMapping | Mapping[str, object] | None) -> ColumnMapping:
        if value is None:
            return cls()
        if isinstance(value, ColumnMapping):
            return value
        known = {"case_id", "activity", "timestamp", "resource", "channel", "attributes"}
        unknown = set(value) - known
        if unknown:
            raise EventLogError(f"unknown mapping keys: {', '.join(sorted(unknown))}")
        attrs = value.get("attributes") or ()
        if isinstance(attrs, str) or not isinstance(attrs, Sequence):
            raise EventLogError("mapping 'attributes' must be a list of column names")
        kwargs = {k: value.get(k) for k in known - {"attributes"}}
        return cls(**kwargs, attributes=tuple(str(a) for a in attrs))  # type: ignore[arg-type]


def _find(columns: Sequence[str], candidates: Sequence[str]) -> str | None:
    lowered = {c.lower().strip(): c for c in reversed(columns)}
    for name in candidates:
        if name in lowered:
            return lowered[name]
    return None


def _require(columns: Sequence[str], given: str | None, candidates: Sequence[str], role: str) -> str:
    if given is not None:
        if given not in columns:
            raise EventLogError(f"{role} column {given!r} not found; columns are {list(columns)}")
        return given
    found = _find(columns, candidates)
    if found is None:
        raise EventLogError(
            f"no {role} column found (tried {', '.join(candidates)}); name it with the mapping"
        )
    return found


def _optional(columns: Sequence[str], given: str | None, candidates: Sequence[str], role: str) -> str | None:
    if given is not None:
        return _require(columns, given, candidates, role)
    return _find(columns, candidates)


def resolve(columns: Sequence[str], mapping: ColumnMapping) -> ColumnMapping:
    """Fill every unnamed column from the common names; fail clearly when one is missing."""
    case_id = _require(columns, mapping.case_id, CASE_NAMES, "case id")
    activity = _require(columns, mapping.activity, ACTIVITY_NAMES, "activity")
    timestamp = _require(columns, mapping.timestamp, TIMESTAMP_NAMES, "timestamp")
    used = {case_id, activity, timestamp}
    resource = _optional([c for c in columns if c not in used], mapping.resource, RESOURCE_NAMES, "resource")
    channel = _optional([c for c in columns if c not in used], mapping.channel, CHANNEL_NAMES, "channel")
    for attr in mapping.attributes:
        if attr not in columns:
            raise EventLogError(f"attribute column {attr!r} not found; columns are {list(columns)}")
    return ColumnMapping(case_id, activity, timestamp, resource, channel, mapping.attributes)
