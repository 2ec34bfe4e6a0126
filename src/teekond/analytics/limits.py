"""Bounds on what one event-log file may hold, enforced while it is read.

A 65 KB ``.xes.gz`` can hold a 64 MiB activity name; unchecked, that name is copied into
every summary, page and link form. These limits refuse such files early and with a reason.
Every byte is counted as it leaves the decompressor, so a bomb is stopped after at most
``max_bytes`` (or ``max_ratio`` times the file size) instead of being inflated first.

The defaults are generous for real process logs (a few hundred activities, names of a few
dozen characters); the web app reads its own values from settings (see docs/eventlogs.md).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import BinaryIO

from .errors import EventLogError


@dataclass(frozen=True)
class Limits:
    #: decompressed bytes one file may yield (also caps a plain file's size)
    max_bytes: int = 8 * 1024**3
    #: decompressed bytes per byte of a compressed file; XES and CSV rarely exceed 30
    max_ratio: int = 200
    #: characters in a case id, activity, resource, channel, XES key or column name
    max_name_chars: int = 1_000
    #: characters in any other attribute value or CSV/Parquet cell
    max_value_chars: int = 10_000
    #: distinct activities: discovery keeps an activity x activity matrix
    max_activities: int = 2_000
    #: XML: the longest stretch without a ``<`` (one tag plus the text after it); bounds
    #: what the XML parser must hold in one piece before any value can be checked
    max_markup_bytes: int = 1 << 20


DEFAULT = Limits()


#: what ``too_long`` refuses; "header" counts bytes, the others characters
KINDS = {
    "activity": "activity name",
    "case": "case id",
    "column": "column name",
    "header": "the header line",
    "value": "value of {key}",
}


def too_long(kind: str, length: int, limit: int, key: str = "", **where: object) -> EventLogError:
    what = KINDS[kind].format(key=key)
    unit = "bytes" if kind == "header" else "characters"
    return EventLogError(
        f"{what} is {length:,} {unit} long; the limit is {limit:,}",
        code="too_long",
        params={"kind": kind, "key": key, "length": length, "limit": limit},
        **where,  # type: ignore[arg-type]
    )


def too_many_activities(limit: int, path: str | None = None) -> EventLogError:
    return EventLogError(
        f"the log has more than {limit:,} distinct activities",
        code="too_many_activities",
        params={"limit": limit},
        path=path,
    )


class BoundedStream(io.RawIOBase):
    """Counts the (decompressed) bytes read through it and refuses to go past ``allowed``.

    With ``markup`` set, also refuses a run of more than that many bytes without a ``<``:
    in XML no attribute value and no text node can contain one, so this caps the largest
    piece the parser builds in memory, whatever the entity of the file says.
    """

    def __init__(
        self, raw: BinaryIO, allowed: int, *, compressed: bool, markup: int | None = None
    ) -> None:
        self._raw = raw
        self._allowed = allowed
        self._compressed = compressed
        self._markup = markup
        self._since_lt = 0  # bytes since the last '<'
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        n = self._raw.readinto(buffer)  # type: ignore[attr-defined]
        if not n:
            return 0
        self.count += n
        if self.count > self._allowed:
            raise EventLogError(
                f"the file unpacks to more than {self._allowed:,} bytes"
                + (" (far more than its compressed size)" if self._compressed else ""),
                code="too_big_unpacked" if self._compressed else "too_big",
                params={"limit": self._allowed},
            )
        if self._markup is not None:
            self._check_markup(memoryview(buffer)[:n].tobytes())
        return n

    def _check_markup(self, chunk: bytes) -> None:
        limit = self._markup
        assert limit is not None
        last = chunk.rfind(b"<")
        if last < 0:
            self._since_lt += len(chunk)
            if self._since_lt > limit:
                raise _markup_error(limit)
            return
        # Windows of ``limit`` bytes: each must hold a '<'; rfind jumps window by window,
        # so a normal file costs a handful of calls per chunk.
        position = 0
        gap_before = self._since_lt
        while True:
            end = position + limit - gap_before + 1
            if end > last:
                break
            found = chunk.rfind(b"<", position, end)
            if found < 0:
                raise _markup_error(limit)
            position, gap_before = found + 1, 0
        self._since_lt = len(chunk) - last - 1
        if self._since_lt > limit:
            raise _markup_error(limit)

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


def _markup_error(limit: int) -> EventLogError:
    return EventLogError(
        f"the XML holds a value or text of more than {limit:,} bytes",
        code="markup_too_long",
        params={"limit": limit},
    )


def bounded(
    source: BinaryIO, file_size: int, limits: Limits, *, compressed: bool, xml: bool = False
) -> io.BufferedReader:
    """``source`` wrapped in a BoundedStream for ``limits``, buffered again for the parsers."""
    allowed = limits.max_bytes
    if compressed:
        allowed = min(allowed, max(file_size, 1) * limits.max_ratio)
    stream = BoundedStream(
        source, allowed, compressed=compressed, markup=limits.max_markup_bytes if xml else None
    )
    return io.BufferedReader(stream, buffer_size=1 << 16)
