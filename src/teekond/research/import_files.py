"""Reading survey exports and CRM lists (CSV, XLSX) safely: bounds, encoding, shape.

Pure Python (no Django); ``importing`` builds the checks of the values on top. Every way a
file can be bad ends in ``ImportProblem`` (with the line where that is known) or in a row's
shape problems, never in another exception: the bounds below hold for any input, and the
XLSX parts are checked (sizes, packing ratio, no DTD) before openpyxl parses them.
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from teekond.analytics import encoding as textenc


class ImportProblem(Exception):
    """The file as a whole cannot be read (format, encoding, no header)."""

    def __init__(
        self,
        code: str,
        reason: str,
        *,
        line: int | None = None,
        problems: list[dict] | None = None,
        candidates: tuple = (),
    ):
        # ``message`` is "line N: reason" when the line is known; ``reason`` the fixed English
        # text that ``research.reasons`` translates; ``problems`` the bad rows of a file refused
        # for its shape; ``candidates`` the encodings to choose from (analytics.encoding).
        self.code = code
        self.reason = reason
        self.line = line
        self.problems = problems or []
        self.candidates = candidates
        self.message = f"line {line}: {reason}" if line is not None else reason
        super().__init__(self.message)


# ---------------------------------------------------------------- reading files

# Bounds on what a user controls (docs/measure.md, "Limits"). The web upload is refused above
# MAX_FILE_BYTES before it is read; the readers check it again for callers outside the web.
MAX_FILE_BYTES = 200 * 1024**2
MAX_ROWS = 1_000_000
MAX_COLUMNS = 200
MAX_HEADER_CHARS = 200
MAX_FIELD_CHARS = 32_768  # one cell, any column; the longest field kept is 5,000 characters
# XLSX is a zip of XML parts: bounds on what they unpack to, checked before any part is parsed.
XLSX_MAX_PARTS = 1_000
XLSX_MAX_UNPACKED = 1024**3
XLSX_MAX_PART = 512 * 1024**2
XLSX_MAX_SHARED_STRINGS = 48 * 1024**2  # openpyxl holds the shared strings in memory
XLSX_MAX_RATIO = 100  # real sheets pack 5-20 times; deflate can reach 1,000
XLSX_RATIO_FROM = 1024**2  # small parts (padding, styles) may pack better than that
XLSX_PROLOG_BYTES = 1024**2  # the XML before the root element, where a DTD would be

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _check_size(path: Path) -> None:
    size = path.stat().st_size
    if size == 0:
        raise ImportProblem("empty", "the file is empty: the first line must name the columns")
    if size > MAX_FILE_BYTES:
        raise ImportProblem("size", f"the file is larger than {MAX_FILE_BYTES // 1024**2} MB")


# What the upload form offers when detection cannot tell: (value for ``encoding=``, label).
ENCODING_CHOICES = (
    ("utf-8", "UTF-8"),
    ("cp1257", textenc.label("cp1257")),
    ("cp1252", textenc.label("cp1252")),
    ("cp1251", textenc.label("cp1251")),
    ("iso-8859-13", textenc.label("iso-8859-13")),
    ("iso-8859-15", textenc.label("iso-8859-15")),
)


def detect_encoding(path: Path, encoding: str | None = None) -> str:
    """The encoding to read a CSV with (``teekond.analytics.encoding`` tells it or refuses);
    ``encoding`` is the one a person chose, then only checked."""
    try:
        return textenc.detect_path(path, encoding)
    except textenc.EncodingProblem as exc:
        raise ImportProblem(
            "encoding", exc.reason, line=exc.line, candidates=exc.candidates
        ) from None


def _sniff_delimiter(line: str) -> str:
    counts = {d: line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


Row = tuple[int, list, list[tuple[str, str]]]  # line, cells, (column, reason) of a bad row


@dataclass
class Table:
    """A readable file: its header and a way to stream its data rows again. Each row is
    (1-based line, the header being line 1; its cells; problems with the row's shape: wrong
    field count, an over-long field, a control character), so every caller sees the same."""

    format: str
    headers: list[str]
    rows: Callable[[], Iterator[Row]]
    encoding: str = ""
    delimiter: str = ""


def open_table(path: str | Path, filename: str | None = None, encoding: str | None = None) -> Table:
    path = Path(path)
    name = (filename or path.name).lower()
    if name.endswith(".xlsx"):
        _check_size(path)
        return _open_xlsx(path)
    if name.endswith((".csv", ".txt", ".tsv")):
        _check_size(path)
        return _open_csv(path, encoding)
    raise ImportProblem("format", "unsupported file type: upload a .csv or .xlsx file")


def _check_headers(headers: list[str]) -> list[str]:
    if len(headers) > MAX_COLUMNS:
        raise ImportProblem("columns", f"more than {MAX_COLUMNS} columns", line=1)
    seen: set[str] = set()
    for h in headers:
        if len(h) > MAX_HEADER_CHARS:
            raise ImportProblem(
                "header", f"a column name is longer than {MAX_HEADER_CHARS} characters", line=1
            )
        if _CONTROL.search(h):
            raise ImportProblem("header", "a column name holds a control character", line=1)
        if h and h in seen:
            raise ImportProblem("header", f'two columns are named "{h}"', line=1)
        seen.add(h)
    if not any(headers):
        raise ImportProblem("empty", "the file is empty: the first line must name the columns")
    return headers


def _cell_problems(headers: list[str], cells: list) -> list[tuple[str, str]]:
    """An over-long field or a control character (NUL and friends), by column; cheap for the
    common clean row: one pass over the joined text."""
    joined = "".join(c for c in cells if isinstance(c, str))
    if len(joined) <= MAX_FIELD_CHARS and not _CONTROL.search(joined):
        return []
    out = []
    for i, c in enumerate(cells):
        if not isinstance(c, str):
            continue
        column = headers[i] if i < len(headers) else f"#{i + 1}"
        if len(c) > MAX_FIELD_CHARS:
            out.append((column, f"longer than {MAX_FIELD_CHARS} characters"))
        elif _CONTROL.search(c):
            out.append((column, "holds a control character"))
    return out


def _csv_reason(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a field is longer than {csv.field_size_limit()} characters"
    if "unexpected end of data" in text:
        return "a quote opened on this line is never closed"
    if "expected after" in text:
        return "text follows a closing quote: a quote inside a field must be doubled"
    return "the line is not valid CSV"


def _open_csv(path: Path, encoding: str | None = None) -> Table:
    encoding = detect_encoding(path, encoding)
    with path.open(encoding=encoding, newline="") as fh:
        first = fh.readline(MAX_COLUMNS * (MAX_HEADER_CHARS + 3))
    if not first.strip():
        raise ImportProblem("empty", "the file is empty: the first line must name the columns")
    delimiter = _sniff_delimiter(first)
    with path.open(encoding=encoding, newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter, strict=True)
        try:
            header = next(reader, [])
        except csv.Error as exc:
            raise ImportProblem("format", _csv_reason(exc), line=1) from None
        if reader.line_num > 1:
            raise ImportProblem("header", "a column name runs over several lines", line=1)
    headers = _check_headers([h.strip() for h in header])
    width = len(headers)

    def rows() -> Iterator[Row]:
        with path.open(encoding=encoding, newline="") as fh:
            reader = csv.reader(fh, delimiter=delimiter, strict=True)
            start, count = 1, 0
            try:
                next(reader, None)
                start = reader.line_num + 1
                for row in reader:
                    line, end = start, reader.line_num
                    start = end + 1
                    if not any(c.strip() for c in row):
                        continue
                    count += 1
                    if count > MAX_ROWS:
                        raise ImportProblem("rows", f"more than {MAX_ROWS} data rows", line=line)
                    problems = _cell_problems(headers, row)
                    if len(row) != width:
                        reason = f"wrong number of fields: {len(row)} (the header has {width})"
                        if end > line:  # the usual sign of a quote that was never closed
                            reason += f"; a quote opened on this line runs to line {end}"
                        problems.append(("", reason))
                    yield line, row, problems
            except csv.Error as exc:
                raise ImportProblem("format", _csv_reason(exc), line=start) from None

    return Table("csv", headers, rows, encoding, delimiter)


def transcode_to_utf8(path: Path, encoding: str) -> None:
    """Rewrite a CSV read under a Windows code page as UTF-8 in place, so the stored copy
    never needs its encoding told again (no encoding has to be kept beside it)."""
    if encoding in ("utf-8", "utf-8-sig"):
        return
    tmp = path.with_name(path.name + ".utf8")
    try:
        with (
            path.open(encoding=encoding, newline="") as src,
            tmp.open("w", encoding="utf-8", newline="") as out,
        ):
            while chunk := src.read(1 << 20):
                out.write(chunk)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def check_structure(table: Table, limit: int = 20) -> None:
    """Read every row once for its shape alone (field counts, quotes, lengths, row count) and
    refuse the file with the first ``limit`` bad lines. Cheap for CSV, so an upload is
    refused at once; for XLSX the same checks run with the mapping (``validate``)."""
    problems: list[dict] = []
    bad = 0
    for line, _cells, row_problems in table.rows():
        if row_problems:
            bad += 1
            for column, reason in row_problems:
                if len(problems) < limit:
                    problems.append({"row": line, "column": column, "reason": reason})
    if problems:
        raise ImportProblem(
            "structure",
            f"rows that do not fit the header: {bad}",
            problems=problems,
        )


def _xml_parts(zf: zipfile.ZipFile) -> Iterator[zipfile.ZipInfo]:
    for info in zf.infolist():
        if info.filename.lower().endswith((".xml", ".rels", ".vml")):
            yield info


class _RootReached(Exception):
    pass


class _DtdFound(Exception):
    pass


def _refuse_dtd(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Read an XML part up to its root element; a DOCTYPE or entity declaration there is
    refused (no XLSX needs one; it is how XXE and "billion laughs" files work)."""

    def root(*_args):
        raise _RootReached

    def dtd(*_args):
        raise _DtdFound

    parser = expat.ParserCreate()
    parser.StartElementHandler = root
    parser.StartDoctypeDeclHandler = dtd
    parser.EntityDeclHandler = dtd
    read = 0
    try:
        with zf.open(info) as fh:
            while read < XLSX_PROLOG_BYTES and (chunk := fh.read(1 << 14)):
                read += len(chunk)
                parser.Parse(chunk, False)
    except _RootReached:
        return
    except _DtdFound:
        raise ImportProblem(
            "dtd", "the XLSX file declares a DTD or entities, which spreadsheets never need"
        ) from None
    except (expat.ExpatError, zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
        raise ImportProblem("format", "not a readable XLSX file (BadXml)") from None
    raise ImportProblem("format", "not a readable XLSX file (BadXml)")


def _check_zip(path: Path) -> None:
    """Bounds on the zip before openpyxl unpacks anything. The sizes are the ones the zip
    declares; Python's zipfile never unpacks a part past its declared size, so they hold."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > XLSX_MAX_PARTS:
                raise ImportProblem("zip", f"the XLSX file has more than {XLSX_MAX_PARTS} parts")
            total = 0
            for info in infos:
                total += info.file_size
                if info.file_size > XLSX_RATIO_FROM and info.file_size > XLSX_MAX_RATIO * max(
                    info.compress_size, 1
                ):
                    raise ImportProblem(
                        "zip",
                        f"a part of the XLSX file is packed more than {XLSX_MAX_RATIO} times, "
                        "like a zip bomb",
                    )
                cap = (
                    XLSX_MAX_SHARED_STRINGS
                    if info.filename.lower().endswith("sharedstrings.xml")
                    else XLSX_MAX_PART
                )
                if info.file_size > cap or total > XLSX_MAX_UNPACKED:
                    raise ImportProblem(
                        "zip", "the XLSX file unpacks to more than the limit: save a smaller file"
                    )
            for info in _xml_parts(zf):
                _refuse_dtd(zf, info)
    except ImportProblem:
        raise
    except Exception as exc:  # zipfile raises many types for a corrupt archive
        raise ImportProblem(
            "format", f"not a readable XLSX file ({exc.__class__.__name__})"
        ) from None


def _xlsx_error(exc: Exception) -> ImportProblem:
    return ImportProblem("format", f"not a readable XLSX file ({exc.__class__.__name__})")


def _open_xlsx(path: Path) -> Table:
    import openpyxl

    _check_zip(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
        try:
            ws = wb.worksheets[0]
            header_row = next(
                ws.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS + 1, values_only=True),
                None,
            )
        finally:
            wb.close()
    except Exception as exc:  # openpyxl's errors on a malformed part are of every type
        raise _xlsx_error(exc) from None
    if not header_row or not any(v is not None for v in header_row):
        raise ImportProblem("empty", "the first sheet is empty: row 1 must name the columns")
    headers = ["" if v is None else str(v).strip() for v in header_row]
    while headers and not headers[-1]:
        headers.pop()
    headers = _check_headers(headers)
    width = len(headers)

    def rows() -> Iterator[Row]:
        # Cells right of the last named column are not read: they cannot be mapped. The stored
        # dimension is not trusted: one that is too small would cut rows off without a word.
        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
        except Exception as exc:
            raise _xlsx_error(exc) from None
        try:
            ws = wb.worksheets[0]
            ws.reset_dimensions()
            cells = ws.iter_rows(min_row=2, max_col=width, values_only=True)
            for i, row in enumerate(_guarded(cells), 2):
                if i > MAX_ROWS + 1:
                    raise ImportProblem("rows", f"more than {MAX_ROWS} data rows", line=i)
                if any(v is not None and str(v).strip() for v in row):
                    values = list(row)
                    yield i, values, _cell_problems(headers, values)
        finally:
            wb.close()

    return Table("xlsx", headers, rows)


def _guarded(rows: Iterator) -> Iterator:
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # a malformed sheet part, found while streaming it
            raise _xlsx_error(exc) from None
        yield row
