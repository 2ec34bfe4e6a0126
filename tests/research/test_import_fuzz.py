"""Fuzzing the survey/CRM readers: whatever the bytes, they end in the readers' own errors
(``ImportProblem``) or in a report, never in another exception."""

import io
import zipfile

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teekond.analytics import encoding as textenc
from teekond.research import importing
from teekond.research.importing import ImportProblem

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
CSV_ALPHABET = st.sampled_from(list('ab;,\t"\n\r0123456789.-=äõšж\x00\x81\xff '))


def read_all(path, kind="survey"):
    """Everything a caller does with a file: open, check its shape, map, validate, preview."""
    try:
        table = importing.open_table(path)
        importing.check_structure(table)
    except ImportProblem:
        pass
    else:
        mapping = importing.suggest_mapping(table.headers, kind)
        importing.validate(table, mapping, kind)
        importing.preview(table, mapping, kind)
        return
    try:  # a file refused for its shape still reads row by row through validate
        table = importing.open_table(path)
        importing.validate(table, dict(zip(["step", "answered_at"], table.headers)), kind)
    except ImportProblem:
        pass


@FUZZ
@given(
    header=st.sampled_from([b"Samm;Kuup\xc3\xa4ev;NPS;Kommentaar\n", b"id,name,revenue\n", b""]),
    body=st.lists(CSV_ALPHABET, max_size=300).map(lambda cs: "".join(cs)),
    encoding=st.sampled_from(["utf-8", "cp1257", "cp1251", "latin-1"]),
    kind=st.sampled_from(["survey", "crm"]),
)
def test_csv_reader_raises_only_its_own_errors(tmp_path_factory, header, body, encoding, kind):
    path = tmp_path_factory.mktemp("f") / "a.csv"
    path.write_bytes(header + body.encode(encoding, errors="replace"))
    read_all(path, kind)


@FUZZ
@given(data=st.binary(max_size=400))
def test_encoding_detection_raises_only_its_own_errors(data):
    try:
        name = textenc.detect(textenc.chunks_in(data, size=7))
    except textenc.EncodingProblem:
        return
    data.decode(name)  # what it names does decode the file


def _xlsx(rows) -> bytes:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


CELL = st.one_of(
    st.none(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(),
    st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=30),
)


@FUZZ
@given(
    rows=st.lists(st.lists(CELL, max_size=6), max_size=6), kind=st.sampled_from(["survey", "crm"])
)
def test_xlsx_reader_raises_only_its_own_errors_on_any_cells(tmp_path_factory, rows, kind):
    path = tmp_path_factory.mktemp("x") / "a.xlsx"
    path.write_bytes(_xlsx([["Step", "Date", "NPS", "Comment", "id", "revenue"], *rows]))
    read_all(path, kind)


BASE = _xlsx([["Step", "Date", "NPS"], ["Order", "2026-03-01", 9]])


@FUZZ
@given(
    part=st.sampled_from(zipfile.ZipFile(io.BytesIO(BASE)).namelist()),
    cut=st.integers(0, 2000),
    junk=st.binary(max_size=40),
)
def test_xlsx_reader_raises_only_its_own_errors_on_damaged_parts(tmp_path_factory, part, cut, junk):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(BASE)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            content = src.read(name)
            if name == part:
                content = content[:cut] + junk + content[cut + len(junk) :]
            dst.writestr(name, content)
    path = tmp_path_factory.mktemp("d") / "a.xlsx"
    path.write_bytes(out.getvalue())
    read_all(path)


@FUZZ
@given(data=st.binary(max_size=300))
def test_xlsx_reader_raises_only_its_own_errors_on_any_bytes(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("b") / "a.xlsx"
    path.write_bytes(b"PK\x03\x04" + data)
    read_all(path)
