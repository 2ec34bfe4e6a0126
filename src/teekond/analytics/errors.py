"""The one exception type that readers and analytics raise for bad input."""

from __future__ import annotations


class EventLogError(ValueError):
    """A log, mapping or journey file that cannot be used, with where and why.

    ``row`` is the 1-based data row (CSV/Parquet rows, XES events in file order),
    ``line`` the 1-based line in the file where that is known (XES always; CSV
    assumes one header line and no quoted newlines), ``column`` the source column
    or XES key at fault. ``code`` and ``params`` name a refusal by a limit (``limits``)
    in a form that an application can show in its reader's language.
    """

    def __init__(
        self,
        reason: str,
        *,
        row: int | None = None,
        line: int | None = None,
        column: str | None = None,
        path: str | None = None,
        code: str = "",
        params: dict[str, object] | None = None,
    ) -> None:
        self.reason = reason
        self.code = code
        self.params = dict(params or {})
        self.row = row
        self.line = line
        self.column = column
        self.path = path
        super().__init__(self._message())

    def located(self, path: str) -> EventLogError:
        """The same refusal, with the file named (unless it already names one)."""
        return EventLogError(
            self.reason,
            row=self.row,
            line=self.line,
            column=self.column,
            path=self.path or path,
            code=self.code,
            params=self.params,
        )

    def _message(self) -> str:
        where = []
        if self.path:
            where.append(str(self.path))
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.reason}" if prefix else self.reason
