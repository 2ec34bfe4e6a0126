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
)


def translate(reason: str) -> str:
    if not reason:
        return reason
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
