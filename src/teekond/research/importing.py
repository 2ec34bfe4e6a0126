"""Reading and checking survey exports and CRM lists (CSV, XLSX) before anything is stored.

Pure Python (no Django). The flow a caller follows:

1. ``open_table(path)`` (in ``import_files``) detects the format and, for CSV, the encoding
   (``teekond.analytics.encoding``: UTF-8, or a Windows code page only on clear evidence,
   else ``ImportProblem`` naming the candidates) and the delimiter (comma, semicolon or tab).
   It returns the header and a function that streams the rows again with each row's shape
   problems (wrong field count, over-long field), so a 100k-row file is never held in memory.
2. ``suggest_mapping(headers, kind)`` proposes which column holds which field from Estonian
   and English header names; ``preview`` shows the first rows as they would be read.
3. ``validate(table, mapping, kind)`` reads EVERY row and returns a report: each bad row and
   column with a reason (score out of range, missing value, bad date, non-numeric revenue,
   a text cell starting with = + - @ that would be a spreadsheet formula). Nothing may be
   written unless the report is clean; ``clean_rows`` then streams the parsed rows.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

# The readers live in ``import_files``; their names are part of this module's interface.
from teekond.research.import_files import (  # noqa: F401
    ENCODING_CHOICES,
    MAX_COLUMNS,
    MAX_FIELD_CHARS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    ImportProblem,
    Table,
    check_structure,
    detect_encoding,
    open_table,
    transcode_to_utf8,
)

FORMULA_START = ("=", "+", "-", "@")
MAX_REPORTED = 200  # problems listed in a report; the total is always counted


# ---------------------------------------------------------------- fields per import kind


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # int, date, decimal, bool, text, choice
    required: bool = False
    low: int | None = None
    high: int | None = None
    headers: tuple[str, ...] = ()  # lower-case names that suggest this field (et and en)
    choices: tuple[str, ...] = ()
    max_length: int = 0


SURVEY_FIELDS: tuple[Field, ...] = (
    Field("step", "text", True, headers=("step", "touchpoint", "samm", "kokkupuutepunkt")),
    Field(
        "answered_at",
        "date",
        True,
        headers=(
            "date",
            "answered at",
            "time",
            "timestamp",
            "created",
            "kuupäev",
            "aeg",
            "vastatud",
        ),
    ),
    Field(
        "nps",
        "int",
        low=0,
        high=10,
        headers=("nps", "recommend", "likelihood to recommend", "soovitus", "soovitaks"),
    ),
    Field("csat", "int", low=1, high=5, headers=("csat", "satisfaction", "rahulolu")),
    Field("ces", "int", low=1, high=7, headers=("ces", "effort", "customer effort", "pingutus")),
    Field("effect", "int", low=1, high=5, headers=("effect", "tulemus", "efekt")),
    Field("ease", "int", low=1, high=5, headers=("ease", "lihtsus", "kergus")),
    Field("emotion_rating", "int", low=1, high=5, headers=("emotion rating", "emotsiooni hinne")),
    Field("emotion", "text", headers=("emotion", "feeling", "emotsioon", "tunne"), max_length=20),
    Field(
        "comment",
        "text",
        headers=("comment", "feedback", "text", "kommentaar", "tagasiside", "märkus"),
        max_length=5000,
    ),
    Field("language", "text", headers=("language", "lang", "keel"), max_length=8),
    Field(
        "customer",
        "text",
        headers=("customer", "customer id", "client", "klient", "kliendi id", "kliendikood"),
        max_length=100,
    ),
    Field("id", "text", headers=("id", "response id", "vastuse id"), max_length=100),
    Field("complaint", "bool", headers=("complaint", "is complaint", "kaebus", "pretensioon")),
)

CRM_FIELDS: tuple[Field, ...] = (
    Field(
        "external_id",
        "text",
        True,
        headers=("id", "customer id", "external id", "kliendi id", "kliendikood", "kood"),
        max_length=100,
    ),
    Field("name", "text", True, headers=("name", "customer", "nimi", "klient"), max_length=200),
    Field("segment", "text", headers=("segment", "segment name", "segmendi nimi"), max_length=100),
    Field("revenue", "decimal", headers=("revenue", "turnover", "käive", "tulu", "müük")),
    Field(
        "potential_revenue",
        "decimal",
        headers=("potential revenue", "potential", "potentsiaalne käive", "potentsiaal"),
    ),
    Field("persona", "text", headers=("persona", "persoona"), max_length=120),
    Field(
        "churned_on",
        "date",
        headers=("churned", "churned on", "left on", "churn date", "lahkus", "lahkumise kuupäev"),
    ),
)

FIELDS = {"survey": SURVEY_FIELDS, "crm": CRM_FIELDS}


def fields_for(kind: str) -> tuple[Field, ...]:
    try:
        return FIELDS[kind]
    except KeyError:
        raise ImportProblem("kind", f"unknown import kind {kind!r}") from None


# ---------------------------------------------------------------- mapping


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", str(text)).lower().strip()
    return re.sub(r"[\s_\-./]+", " ", text)


def suggest_mapping(headers: list[str], kind: str) -> dict[str, str]:
    """field → header. Exact names first, then a header that contains a known name."""
    normed = {_norm(h): h for h in headers if h}
    taken: set[str] = set()
    out: dict[str, str] = {}
    fields = fields_for(kind)
    for f in fields:  # exact names first so "customer id" is not taken by "customer"
        for cand in (f.name.replace("_", " "), *f.headers):
            h = normed.get(_norm(cand))
            if h and h not in taken:
                out[f.name] = h
                taken.add(h)
                break
    for f in fields:
        if f.name in out:
            continue
        for n, h in normed.items():
            if h not in taken and any(c in n for c in f.headers if len(c) > 3):
                out[f.name] = h
                taken.add(h)
                break
    return out


def check_mapping(headers: list[str], mapping: dict[str, str], kind: str) -> list[dict]:
    """Problems with the mapping itself: unknown columns, required fields unmapped."""
    problems = []
    known = {f.name for f in fields_for(kind)}
    for f, h in mapping.items():
        if f not in known:
            problems.append({"row": 1, "column": h, "field": f, "reason": "unknown field"})
        elif h and h not in headers:
            problems.append(
                {"row": 1, "column": h, "field": f, "reason": "no such column in the file"}
            )
    for f in fields_for(kind):
        if f.required and not mapping.get(f.name):
            problems.append(
                {"row": 1, "column": "", "field": f.name, "reason": "required column is missing"}
            )
    return problems


# ---------------------------------------------------------------- parsing values

_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d/%m/%Y",
    "%d/%m/%Y %H:%M",
)


class BadValue(ValueError):
    pass


def parse_date(value) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    text = str(value).strip()
    if not text:
        raise BadValue("missing date")
    if len(text) > 40:
        raise BadValue("not a date (use 2026-03-31 or 31.03.2026)")
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt)  # noqa: DTZ007 - the service makes it aware
        except ValueError:
            continue
    raise BadValue("not a date (use 2026-03-31 or 31.03.2026)")


def parse_int(value, low: int, high: int) -> int:
    if isinstance(value, bool):
        raise BadValue("not a whole number")
    if isinstance(value, float):
        if not value.is_integer():
            raise BadValue("not a whole number")
        value = int(value)
    if isinstance(value, int):
        n = value
    elif isinstance(value, str) and len(value) < 20 and value.isdigit() and value.isascii():
        n = int(value)  # the common case, no regex
    else:
        text = str(value).strip()
        if len(text) > 40 or not re.fullmatch(r"[0-9]+(?:[.,]0+)?", text):
            raise BadValue("not a whole number")
        n = int(re.split(r"[.,]", text)[0])
    if not low <= n <= high:
        raise BadValue(f"score {n} is outside {low}..{high}")
    return n


TRUE_WORDS = {"1", "yes", "y", "true", "x", "jah", "j", "tõene"}
FALSE_WORDS = {"0", "no", "n", "false", "ei", "väär"}


def parse_bool(value) -> bool:
    """Yes/no in Estonian or English (jah/ei, yes/no, 1/0, true/false, x for yes)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).strip().casefold()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise BadValue("not yes or no (use jah/ei or yes/no)")


def parse_decimal(value) -> Decimal:
    if isinstance(value, bool):
        raise BadValue("not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise BadValue("not a number")
    if isinstance(value, int | float):
        return _bounded(Decimal(str(value)))
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if len(text) > 40:
        raise BadValue("not a number")
    # 1 234,50 (Estonian) and 1,234.50 (English) both read as 1234.50
    if "," in text and "." in text:
        text = (
            text.replace(",", "")
            if text.rfind(".") > text.rfind(",")
            else text.replace(".", "").replace(",", ".")
        )
    else:
        text = text.replace(",", ".")
    if not re.fullmatch(r"-?[0-9]+(?:\.[0-9]+)?", text):
        raise BadValue("not a number")
    try:
        return _bounded(Decimal(text))
    except InvalidOperation:
        raise BadValue("not a number") from None


MAX_DECIMAL = Decimal(10) ** 14  # the amounts are stored with 16 digits, 2 after the point


def _bounded(number: Decimal) -> Decimal:
    if not number.is_finite() or abs(number) >= MAX_DECIMAL:
        raise BadValue("the number is too large")
    return number


def _is_formula(value) -> bool:
    if not isinstance(value, str):
        return False
    text = value.lstrip()
    if not text.startswith(FORMULA_START):
        return False
    # A signed number ("-5", "+3,5") is data, not a formula.
    return not re.fullmatch(r"[+-][0-9]+(?:[.,][0-9]+)?", text.strip())


def parse_cell(f: Field, value):
    if value is None or (isinstance(value, str) and not value.strip()):
        if f.required:
            raise BadValue("missing value")
        return None
    if _is_formula(value):
        raise BadValue("starts with = + - or @ and would run as a spreadsheet formula")
    if f.kind == "int":
        return parse_int(value, f.low, f.high)
    if f.kind == "date":
        return parse_date(value)
    if f.kind == "decimal":
        return parse_decimal(value)
    if f.kind == "bool":
        return parse_bool(value)
    text = str(value).strip()
    if f.max_length and len(text) > f.max_length:
        raise BadValue(f"longer than {f.max_length} characters")
    return text


# ---------------------------------------------------------------- validation


@dataclass
class Report:
    rows: int = 0
    problems: list[dict] = field(default_factory=list)
    problem_count: int = 0
    bad_rows: int = 0
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.file_error and self.problem_count == 0

    def add(self, row: int, column: str, fieldname: str, value, reason: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_REPORTED:
            shown = "" if value is None else str(value)
            self.problems.append(
                {
                    "row": row,
                    "column": column,
                    "field": fieldname,
                    "value": shown[:60],
                    "reason": reason,
                }
            )

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "rows": self.rows,
            "bad_rows": self.bad_rows,
            "problem_count": self.problem_count,
            "problems": self.problems,
            "truncated": self.problem_count > len(self.problems),
            "file_error": self.file_error,
        }


RowCheck = Callable[[dict], list[tuple[str, str]]]


def _plan(table: Table, mapping: dict[str, str], kind: str) -> list[tuple[Field, int, str]]:
    by_name = {f.name: f for f in fields_for(kind)}
    index = {h: i for i, h in enumerate(table.headers)}
    return [
        (by_name[f], index[h], h) for f, h in mapping.items() if h and f in by_name and h in index
    ]


def parse_row(plan, row: list) -> tuple[dict, list[tuple[str, str, object, str]]]:
    out: dict = {}
    errors = []
    for f, i, header in plan:
        value = row[i] if i < len(row) else None
        try:
            out[f.name] = parse_cell(f, value)
        except BadValue as exc:
            errors.append((header, f.name, value, str(exc)))
    return out, errors


def validate(
    table: Table,
    mapping: dict[str, str],
    kind: str,
    row_check: RowCheck | None = None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Read every row; ``row_check(parsed)`` adds domain checks (e.g. an unknown step) as
    (field, reason) pairs. ``progress(rows)`` is called every 5,000 rows."""
    report = Report()
    for p in check_mapping(table.headers, mapping, kind):
        report.add(p["row"], p["column"], p["field"], None, p["reason"])
    if report.problem_count:
        return report
    plan = _plan(table, mapping, kind)
    columns = {f.name: h for f, _, h in plan}
    try:
        for line, row, shape in table.rows():
            report.rows += 1
            _check_row(report, line, row, shape, plan, columns, row_check)
            if progress and report.rows % 5000 == 0:
                progress(report.rows)
    except ImportProblem as exc:  # the file cannot be read on from here: say where
        report.file_error = exc.message
        return report
    if report.rows == 0:
        report.file_error = "the file has a header but no data rows"
    return report


def _check_row(report: Report, line: int, row: list, shape, plan, columns, row_check) -> None:
    if shape:  # a row of the wrong shape: its values would land in the wrong fields
        report.bad_rows += 1
        for column, reason in shape:
            report.add(line, column, "", None, reason)
        return
    parsed, errors = parse_row(plan, row)
    if row_check and not errors:
        errors = [(columns.get(f, ""), f, parsed.get(f), r) for f, r in row_check(parsed)]
    if errors:
        report.bad_rows += 1
        for header, name, value, reason in errors:
            report.add(line, header, name, value, reason)


def clean_rows(table: Table, mapping: dict[str, str], kind: str) -> Iterator[tuple[int, dict]]:
    """Parsed rows of a file that ``validate`` passed; raises if one is bad after all."""
    plan = _plan(table, mapping, kind)
    for line, row, shape in table.rows():
        parsed, errors = parse_row(plan, row)
        if errors or shape:
            raise ImportProblem("changed", "the row changed since it was checked", line=line)
        yield line, parsed


def preview(table: Table, mapping: dict[str, str], kind: str, limit: int = 5) -> list[dict]:
    """The first rows as they will be read: {"row", "values": {field: shown}, "errors",
    "problems"}; ``errors`` are "column: reason" texts, ``problems`` the same as
    {"column", "reason"} for a caller that translates the reasons."""
    plan = _plan(table, mapping, kind)
    out = []
    for line, row, shape in table.rows():
        parsed, errors = parse_row(plan, row)
        if shape:
            errors = [(column, "", None, reason) for column, reason in shape]
        values = {}
        for f, i, _ in plan:
            v = parsed.get(f.name, row[i] if i < len(row) else None)
            values[f.name] = "" if v is None else str(v)
        out.append(
            {
                "row": line,
                "values": values,
                "errors": [f"{h}: {r}" for h, _, _, r in errors],
                "problems": [{"column": h, "reason": r} for h, _, _, r in errors],
            }
        )
        if len(out) >= limit:
            break
    return out
