"""EventLog: the canonical columns in an Ibis table, or as Arrow in this process.

Kept free of heavy imports: a log read on the in-process path (Parquet or XES into the
embedded DuckDB) holds its Arrow table and gets its Ibis table, and so Ibis itself, only
when something asks for ``table``. ``summary()`` and the other fast analyses never do.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pyarrow as pa
    from ibis.backends import BaseBackend

#: Columns every analytics function relies on. ``order`` is the file order and breaks
#: timestamp ties, so two events with the same time keep the order they were written in.
CANONICAL = ("case_id", "activity", "timestamp", "order")
OPTIONAL = ("resource", "channel")


class EventLog:
    """A validated event log living in an Ibis backend (DuckDB unless told otherwise).

    ``arrow``: the same canonical columns as an in-memory Arrow table, in file order, when
    ``load_log`` held them anyway; the fast analyses then work on them directly, and the
    Ibis table is a DuckDB view of them, made on first use.
    """

    __slots__ = ("_backend", "_table", "arrow", "source")

    def __init__(
        self,
        table: ir.Table | None = None,
        source: str | None = None,
        arrow: pa.Table | None = None,
        *,
        backend: BaseBackend | None = None,
    ) -> None:
        if table is None and arrow is None:
            raise ValueError("an EventLog needs a table or an Arrow table")
        self._table = table
        self._backend = backend
        self.source = source
        self.arrow = arrow

    @property
    def table(self) -> ir.Table:
        if self._table is None:
            from .log import default_backend

            backend: Any = self._backend or default_backend()
            name = f"teekond_log_{os.urandom(6).hex()}"
            # DuckDB queries the Arrow table in place (a view; no second copy of the events).
            backend.con.register(name, self.arrow)
            self._table = backend.table(name)
        return self._table

    @property
    def backend(self) -> BaseBackend:
        return self.table.get_backend()

    @property
    def columns(self) -> tuple[str, ...]:
        if self._table is None and self.arrow is not None:
            return tuple(self.arrow.column_names)
        return tuple(self.table.columns)

    def __repr__(self) -> str:
        return f"EventLog(source={self.source!r}, columns={self.columns!r})"
