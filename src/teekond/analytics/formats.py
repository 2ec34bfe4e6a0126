"""File formats of event logs (no heavy imports: the CLI's help needs this and nothing more)."""

from __future__ import annotations

from .errors import EventLogError

FORMATS = ("csv", "parquet", "xes")


def detect_format(path: str) -> str:
    name = path.lower()
    if name.endswith((".xes", ".xes.gz", ".xml", ".xml.gz")):
        return "xes"
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    if name.endswith((".csv", ".csv.gz", ".tsv", ".txt")):
        return "csv"
    raise EventLogError(f"cannot tell the format of {path!r}; pass format= one of {FORMATS}")
