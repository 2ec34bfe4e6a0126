"""Progress reporting: a plain ``(done, total)`` callback, no UI dependency here."""

from __future__ import annotations

import gzip
import io
import os
from collections.abc import Callable
from typing import BinaryIO

#: Called with (units done, units total); for files the units are bytes read.
Progress = Callable[[int, int], None]


class CountingReader(io.RawIOBase):
    """Wraps a binary file and reports bytes consumed, throttled to ~200 calls."""

    def __init__(self, raw: BinaryIO, total: int, progress: Progress | None) -> None:
        self._raw = raw
        self._total = max(total, 1)
        self._progress = progress
        self._done = 0
        self._step = max(self._total // 200, 1 << 16)
        self._next_report = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        n = self._raw.readinto(buffer)  # type: ignore[attr-defined]
        if n:
            self._done += n
            if self._progress is not None and self._done >= self._next_report:
                self._progress(min(self._done, self._total), self._total)
                self._next_report = self._done + self._step
        return n or 0

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()

    def finish(self) -> None:
        if self._progress is not None:
            self._progress(self._total, self._total)


def open_source(path: str, progress: Progress | None) -> tuple[BinaryIO, CountingReader]:
    """Binary stream of ``path``, gunzipped when it starts with the gzip magic bytes.

    Progress counts the bytes read from disk, so it also works for compressed files.
    Close both returned objects.
    """
    counter = CountingReader(open(path, "rb"), os.path.getsize(path), progress)  # noqa: SIM115
    buffered = io.BufferedReader(counter, buffer_size=1 << 20)
    if buffered.peek(2)[:2] == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=buffered, mode="rb"), counter  # type: ignore[return-value]
    return buffered, counter  # type: ignore[return-value]
