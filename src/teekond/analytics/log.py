"""EventLog: an Ibis table with the canonical columns, and the checks that make one."""

from __future__ import annotations

import uuid

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir
from ibis.backends import BaseBackend

from .errors import EventLogError
from .eventlog import CANONICAL, OPTIONAL, EventLog  # noqa: F401 (re-exported)
from .mapping import ColumnMapping

UTC = dt.Timestamp(timezone="UTC")
NAIVE = dt.Timestamp()


def as_table(log: EventLog | ir.Table) -> ir.Table:
    """The Ibis table behind ``log``; any table with the canonical columns is accepted."""
    table = log.table if isinstance(log, EventLog) else log
    if not isinstance(table, ir.Table):
        raise TypeError(f"expected EventLog or ibis Table, got {type(log).__name__}")
    missing = [c for c in CANONICAL if c not in table.columns]
    if missing:
        raise EventLogError(
            f"table lacks canonical columns {missing}; build it with load_log() or from_table()"
        )
    return table


@ibis.udf.scalar.builtin(name="epoch_us")
def _epoch_us(value: dt.Timestamp(timezone="UTC")) -> dt.int64:  # type: ignore[valid-type, empty-body]
    """DuckDB's epoch_us: plain integer math, no time-zone library involved."""


@ibis.udf.scalar.builtin(name="make_timestamp")
def _make_timestamp(micros: dt.int64) -> dt.Timestamp():  # type: ignore[valid-type, empty-body]
    """DuckDB's make_timestamp(bigint microseconds) -> TIMESTAMP."""


def _to_naive_utc(column: ir.TimestampValue, backend_name: str) -> ir.TimestampValue:
    # DuckDB casts TIMESTAMPTZ -> TIMESTAMP (and diffs TIMESTAMPTZ) through ICU, ~20x slower
    # than integer math on 10M rows; epoch micros round-trip gives the same UTC instant.
    if backend_name == "duckdb":
        return _make_timestamp(_epoch_us(column))
    return column.cast(NAIVE)


def timestamp_expr(column: ir.Column, name: str, backend_name: str) -> ir.TimestampColumn:
    """Any supported source type as naive UTC; strings that do not parse become NULL.

    Text with an offset is converted to UTC; text and timestamps without one are taken as UTC.
    """
    dtype = column.type()
    if dtype.is_timestamp() and dtype.timezone is None:
        return column.cast(NAIVE)
    if dtype.is_timestamp() or dtype.is_date():
        return _to_naive_utc(column.cast(UTC), backend_name)
    if dtype.is_string():
        return _to_naive_utc(column.strip().try_cast(UTC), backend_name)
    raise EventLogError(f"timestamp column has unsupported type {dtype}", column=name)


def canonical_expr(raw: ir.Table, mapping: ColumnMapping, order_column: str) -> ir.Table:
    """Rename and convert the mapped source columns into the canonical layout."""
    assert mapping.case_id and mapping.activity and mapping.timestamp
    columns: dict[str, ir.Value] = {
        "case_id": raw[mapping.case_id].cast("string"),
        "activity": raw[mapping.activity].cast("string"),
        "timestamp": timestamp_expr(
            raw[mapping.timestamp], mapping.timestamp, raw.get_backend().name
        ),
        "order": raw[order_column].cast("int64"),
    }
    if mapping.resource:
        columns["resource"] = raw[mapping.resource].cast("string")
    if mapping.channel:
        columns["channel"] = raw[mapping.channel].cast("string")
    for name in mapping.attributes:
        if name in columns:
            raise EventLogError(f"attribute {name!r} clashes with a canonical column name")
        columns[name] = raw[name]
    return raw.select(**columns)


def first_invalid_order(table: ir.Table) -> int | None:
    """Order value of the first row lacking case id, activity or a parseable timestamp."""
    # Plain comparisons, no trim: trimming 10M strings costs more than the load itself.
    # Values are kept exactly as written (as PM4Py does); only NULL and "" count as missing.
    bad = (
        table.case_id.isnull()
        | (table.case_id == "")
        | table.activity.isnull()
        | (table.activity == "")
        | table.timestamp.isnull()
    )
    value = table.filter(bad)["order"].min().execute()
    return None if value is None or value != value else int(value)  # NaN-safe on pandas backends


_OUT_OF_RANGE = object()


def explain_invalid(
    raw: ir.Table, mapping: ColumnMapping, order_column: str, order: int
) -> tuple[str, str]:
    """(source column, reason) for the bad row, read back from the raw source."""
    assert mapping.case_id and mapping.activity and mapping.timestamp
    found = raw.filter(raw[order_column] == order).limit(1).to_pyarrow()
    row = {}
    for name in found.column_names:
        try:
            row[name] = found.column(name)[0].as_py()
        except (
            OverflowError,
            ValueError,
        ):  # e.g. a timestamp beyond Python's datetime (found by fuzzing)
            row[name] = _OUT_OF_RANGE
    if row.get(mapping.timestamp) is _OUT_OF_RANGE:
        return mapping.timestamp, "timestamp out of range"
    for column, role in ((mapping.case_id, "case id"), (mapping.activity, "activity")):
        value = row.get(column)
        if value is None or str(value).strip() == "":
            return column, f"missing {role}"
    value = row.get(mapping.timestamp)
    if value is None or str(value).strip() == "":
        return mapping.timestamp, "missing timestamp"
    return mapping.timestamp, f"unparseable timestamp {str(value)[:60]!r}"


def materialize(backend: BaseBackend, expr: ir.Table) -> ir.Table:
    """Write ``expr`` into a fresh table of ``backend`` and return it."""
    name = f"teekond_log_{uuid.uuid4().hex[:12]}"
    return backend.create_table(name, expr)


def drop(table: ir.Table) -> None:
    """Remove a table made by ``materialize``; nothing half-imported stays behind."""
    name = (
        table.op().name
    )  # unqualified: get_name() gives catalog.db.name, which drop_table ignores
    table.get_backend().drop_table(name, force=True)


def default_backend() -> BaseBackend:
    """An embedded in-memory DuckDB; each log gets its own unless a backend is passed."""
    backend = ibis.duckdb.connect()
    backend.raw_sql("SET enable_progress_bar = false")  # we report progress ourselves
    return backend
