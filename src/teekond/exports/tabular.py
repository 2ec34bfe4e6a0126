"""CSV and XLSX writers that cannot be turned into spreadsheet formulas.

A cell whose text begins with = + - @ (or a tab/carriage return that some spreadsheets skip
before looking) is prefixed with an apostrophe, so a journey step called "=HYPERLINK(...)"
is shown as text instead of being run. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as a spreadsheet may show it: text starting like a formula gets a ' first."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | date | datetime):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


CSV_DELIMITERS = {"comma": ",", "semicolon": ";"}


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence], delimiter: str = ",") -> bytes:
    """UTF-8 CSV with a byte-order mark so spreadsheet programs read õ, ä, ö and ü right.
    ``delimiter=";"`` is for Excel in an Estonian (or other decimal-comma) locale, which
    splits a file at semicolons and would put a comma-separated row in one column."""
    if delimiter not in CSV_DELIMITERS.values():
        raise ValueError(f"unsupported CSV delimiter {delimiter!r}")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: dict[str, tuple[Sequence[str], Iterable[Sequence]]]) -> bytes:
    """An .xlsx workbook with one sheet per entry: {title: (header, rows)}."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, (header, rows) in sheets.items():
        # Sheet titles are limited to 31 characters and may not contain []:*?/\ .
        clean = "".join(c for c in str(title) if c not in "[]:*?/\\")[:31] or "Sheet"
        sheet = workbook.create_sheet(clean)
        sheet.append([safe_cell(h) for h in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            values = [safe_cell(v) for v in row]
            sheet.append(values)
            # openpyxl treats any str starting with "=" as a formula; force such text to a string.
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
        for column in sheet.columns:
            width = max((len(str(c.value or "")) for c in column), default=8)
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
