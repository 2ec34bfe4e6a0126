"""The import checks (``importing``, pure Python) report in English; pages show the reasons in
the reader's language through this table. Unknown texts are shown as they are."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from teekond.core import jobs

EXACT = {
    "missing value": gettext_noop("missing value"),
    "missing date": gettext_noop("missing date"),
    "unknown field": gettext_noop("unknown field"),
    "no such column in the file": gettext_noop("no such column in the file"),
    "required column is missing": gettext_noop("required column is missing"),
    "not a whole number": gettext_noop("not a whole number"),
    "not a number": gettext_noop("not a number"),
    "not yes or no (use jah/ei or yes/no)": gettext_noop("not yes or no (use jah/ei or yes/no)"),
    "not a date (use 2026-03-31 or 31.03.2026)": gettext_noop(
        "not a date (use 2026-03-31 or 31.03.2026)"
    ),
    "starts with = + - or @ and would run as a spreadsheet formula": gettext_noop(
        "starts with = + - or @ and would run as a spreadsheet formula"
    ),
    "no such step on this journey map": gettext_noop("no such step on this journey map"),
    "unknown emotion key": gettext_noop("unknown emotion key"),
    "the row has no score and no comment": gettext_noop("the row has no score and no comment"),
    "the file has a header but no data rows": gettext_noop(
        "the file has a header but no data rows"
    ),
    "broken encoding: the file says UTF-8 but is not": gettext_noop(
        "broken encoding: the file says UTF-8 but is not"
    ),
    "broken encoding: UTF-16 files are not supported; save as UTF-8": gettext_noop(
        "broken encoding: UTF-16 files are not supported; save as UTF-8"
    ),
    "broken encoding: the file is neither UTF-8 nor Windows-1257; save it as UTF-8": gettext_noop(
        "broken encoding: the file is neither UTF-8 nor Windows-1257; save it as UTF-8"
    ),
    "unsupported file type: upload a .csv or .xlsx file": gettext_noop(
        "unsupported file type: upload a .csv or .xlsx file"
    ),
    "the file is empty: the first line must name the columns": gettext_noop(
        "the file is empty: the first line must name the columns"
    ),
    "the first sheet is empty: row 1 must name the columns": gettext_noop(
        "the first sheet is empty: row 1 must name the columns"
    ),
    "broken encoding: the file is UTF-8 but has bytes that are not": gettext_noop(
        "broken encoding: the file is UTF-8 but has bytes that are not"
    ),
    "broken encoding: the file is neither UTF-8 nor a known Windows code page; save it as UTF-8": gettext_noop(
        "broken encoding: the file is neither UTF-8 nor a known Windows code page; save it as UTF-8"
    ),
    "the encoding cannot be told for sure: choose the encoding the file was saved in": gettext_noop(
        "the encoding cannot be told for sure: choose the encoding the file was saved in"
    ),
    "broken encoding: the file has bytes that the chosen encoding does not have": gettext_noop(
        "broken encoding: the file has bytes that the chosen encoding does not have"
    ),
    "unknown encoding: use utf-8, windows-1257, windows-1252 or windows-1251": gettext_noop(
        "unknown encoding: use utf-8, windows-1257, windows-1252 or windows-1251"
    ),
    "a quote opened on this line is never closed": gettext_noop(
        "a quote opened on this line is never closed"
    ),
    "text follows a closing quote: a quote inside a field must be doubled": gettext_noop(
        "text follows a closing quote: a quote inside a field must be doubled"
    ),
    "the line is not valid CSV": gettext_noop("the line is not valid CSV"),
    "a column name runs over several lines": gettext_noop("a column name runs over several lines"),
    "a column name holds a control character": gettext_noop(
        "a column name holds a control character"
    ),
    "holds a control character": gettext_noop("holds a control character"),
    "the XLSX file declares a DTD or entities, which spreadsheets never need": gettext_noop(
        "the XLSX file declares a DTD or entities, which spreadsheets never need"
    ),
    "the XLSX file unpacks to more than the limit: save a smaller file": gettext_noop(
        "the XLSX file unpacks to more than the limit: save a smaller file"
    ),
    "the number is too large": gettext_noop("the number is too large"),
    "the row changed since it was checked": gettext_noop("the row changed since it was checked"),
}

EXACT.update(jobs.REASONS)  # a job that died (core.jobs)

PATTERNS = (
    (
        re.compile(r"score (?P<n>-?\d+) is outside (?P<low>\d+)\.\.(?P<high>\d+)"),
        gettext_noop("score %(n)s is outside %(low)s..%(high)s"),
    ),
    (
        re.compile(r"longer than (?P<n>\d+) characters"),
        gettext_noop("longer than %(n)s characters"),
    ),
    (
        re.compile(r"not a readable XLSX file \((?P<e>\w+)\)"),
        gettext_noop("not a readable XLSX file (%(e)s)"),
    ),
    (
        re.compile(r"a field is longer than (?P<n>\d+) characters"),
        gettext_noop("a field is longer than %(n)s characters"),
    ),
    (
        re.compile(
            r"wrong number of fields: (?P<n>\d+) \(the header has (?P<m>\d+)\); "
            r"a quote opened on this line runs to line (?P<end>\d+)"
        ),
        gettext_noop(
            "wrong number of fields: %(n)s (the header has %(m)s); "
            "a quote opened on this line runs to line %(end)s"
        ),
    ),
    (
        re.compile(r"wrong number of fields: (?P<n>\d+) \(the header has (?P<m>\d+)\)"),
        gettext_noop("wrong number of fields: %(n)s (the header has %(m)s)"),
    ),
    (re.compile(r"more than (?P<n>\d+) data rows"), gettext_noop("more than %(n)s data rows")),
    (re.compile(r"more than (?P<n>\d+) columns"), gettext_noop("more than %(n)s columns")),
    (
        re.compile(r"a column name is longer than (?P<n>\d+) characters"),
        gettext_noop("a column name is longer than %(n)s characters"),
    ),
    (
        re.compile(r'two columns are named "(?P<name>.*)"'),
        gettext_noop('two columns are named "%(name)s"'),
    ),
    (
        re.compile(r"the file is larger than (?P<n>\d+) MB"),
        gettext_noop("the file is larger than %(n)s MB"),
    ),
    (
        re.compile(r"rows that do not fit the header: (?P<n>\d+)"),
        gettext_noop("rows that do not fit the header: %(n)s"),
    ),
    (
        re.compile(r"the XLSX file has more than (?P<n>\d+) parts"),
        gettext_noop("the XLSX file has more than %(n)s parts"),
    ),
    (
        re.compile(
            r"a part of the XLSX file is packed more than (?P<n>\d+) times, like a zip bomb"
        ),
        gettext_noop("a part of the XLSX file is packed more than %(n)s times, like a zip bomb"),
    ),
)

LINE = re.compile(r"line (?P<line>\d+): (?P<reason>.+)", re.S)


def translate(reason: str) -> str:
    if not reason:
        return reason
    m = LINE.fullmatch(reason)
    if m:  # "line 12: <reason>" from a reader that knows where the file went wrong
        return _("line %(line)s: %(reason)s") % {
            "line": m["line"],
            "reason": translate(m["reason"]),
        }
    if reason in EXACT:
        return _(EXACT[reason])
    for pattern, message in PATTERNS:
        m = pattern.fullmatch(reason)
        if m:
            return _(message) % m.groupdict()
    return reason


def translated_report(report: dict) -> dict:
    return {
        **report,
        "file_error": translate(report.get("file_error", "")),
        "problems": [{**p, "reason": translate(p["reason"])} for p in report.get("problems", [])],
    }
