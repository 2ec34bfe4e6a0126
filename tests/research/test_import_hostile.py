"""Hostile and careless files for the survey/CRM readers: every one ends in a clear
``ImportProblem`` or a row problem with its line, never in another exception."""

import io
import zipfile

import openpyxl
import pytest

from teekond.research import import_files, importing
from teekond.research.importing import ImportProblem

HEADER = "Samm;Kuupäev;NPS;CSAT;Kommentaar\n"
GOOD = "Tellimus;2026-03-31;9;5;Hea\n"


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def report_for(path):
    table = importing.open_table(path)
    return importing.validate(table, importing.suggest_mapping(table.headers, "survey"), "survey")


# ---------------------------------------------------------------- CSV shape


def test_a_field_over_128_kb_is_a_file_error_with_its_line(tmp_path):
    data = (HEADER + GOOD + "Tellimus;2026-03-31;9;5;" + "x" * 200_000 + "\n").encode()
    path = write(tmp_path, "a.csv", data)
    with pytest.raises(ImportProblem) as exc:
        importing.check_structure(importing.open_table(path))
    assert exc.value.line == 3 and "longer than 131072" in exc.value.message
    report = report_for(path)  # and the reader keeps answering, with the same reason
    assert not report.ok and report.file_error.startswith("line 3: a field is longer")


def test_a_long_field_under_the_csv_limit_is_a_row_problem_with_its_column(tmp_path):
    data = (HEADER + GOOD + "Tellimus;2026-03-31;9;5;" + "x" * 40_000 + "\n").encode()
    path = write(tmp_path, "a.csv", data)
    with pytest.raises(ImportProblem) as exc:
        importing.check_structure(importing.open_table(path))
    assert exc.value.problems == [
        {"row": 3, "column": "Kommentaar", "reason": "longer than 32768 characters"}
    ]


def test_an_unclosed_quote_is_refused_with_the_line_it_opens_on(tmp_path):
    data = (HEADER + 'Tellimus;2026-03-31;9;5;"Väga tore\n' + GOOD + GOOD).encode()
    path = write(tmp_path, "a.csv", data)
    with pytest.raises(ImportProblem) as exc:
        importing.check_structure(importing.open_table(path))
    assert exc.value.line == 2 and "never closed" in exc.value.message


def test_a_quote_that_swallows_the_next_row_is_a_field_count_error(tmp_path):
    data = HEADER + 'Tellimus;2026-03-31;9;5;"Väga tore\nTellimus;2026-03-31;7";4\n' + GOOD
    path = write(tmp_path, "a.csv", data.encode())
    with pytest.raises(ImportProblem) as exc:
        importing.check_structure(importing.open_table(path))
    (problem,) = exc.value.problems
    assert problem["row"] == 2
    assert problem["reason"] == (
        "wrong number of fields: 6 (the header has 5); a quote opened on this line runs to line 3"
    )
    report = report_for(path)
    assert (report.bad_rows, report.problems[0]["row"]) == (1, 2)


def test_text_after_a_closing_quote_is_refused(tmp_path):
    data = (HEADER + 'Tellimus;2026-03-31;9;5;"Hea" ja halb\n').encode()
    with pytest.raises(ImportProblem) as exc:
        importing.check_structure(importing.open_table(write(tmp_path, "a.csv", data)))
    assert exc.value.line == 2 and "must be doubled" in exc.value.message


def test_rows_with_too_few_or_too_many_fields_are_errors_with_their_lines(tmp_path):
    data = (HEADER + GOOD + "Tellimus;2026-03-31;9\n" + GOOD + "a;b;c;d;e;f\n").encode()
    with pytest.raises(ImportProblem) as exc:
        importing.check_structure(importing.open_table(write(tmp_path, "a.csv", data)))
    assert [(p["row"], p["reason"]) for p in exc.value.problems] == [
        (3, "wrong number of fields: 3 (the header has 5)"),
        (5, "wrong number of fields: 6 (the header has 5)"),
    ]


def test_quoted_newlines_in_a_comment_are_still_one_good_row(tmp_path):
    data = (HEADER + 'Tellimus;2026-03-31;9;5;"rida üks\nrida kaks"\n' + GOOD).encode()
    path = write(tmp_path, "a.csv", data)
    importing.check_structure(importing.open_table(path))
    report = report_for(path)
    assert report.ok and report.rows == 2


def test_nul_and_control_characters_are_row_problems(tmp_path):
    data = (HEADER + "Tellimus;2026-03-31;9;5;a\x00b\n").encode()
    with pytest.raises(ImportProblem) as exc:
        importing.check_structure(importing.open_table(write(tmp_path, "a.csv", data)))
    assert exc.value.problems[0]["reason"] == "holds a control character"


def test_headers_are_bounded_and_must_be_unique(tmp_path):
    wide = ";".join(f"c{i}" for i in range(201)) + "\n1\n"
    with pytest.raises(ImportProblem, match="more than 200 columns"):
        importing.open_table(write(tmp_path, "a.csv", wide.encode()))
    with pytest.raises(ImportProblem, match='two columns are named "NPS"'):
        importing.open_table(write(tmp_path, "b.csv", b"Samm;NPS;NPS\nx;1;2\n"))
    with pytest.raises(ImportProblem, match="column name is longer"):
        importing.open_table(write(tmp_path, "c.csv", b"x" * 300 + b";NPS\n1;2\n"))


def test_the_row_count_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(import_files, "MAX_ROWS", 3)
    path = write(tmp_path, "a.csv", (HEADER + GOOD * 4).encode())
    report = report_for(path)
    assert report.file_error == "line 5: more than 3 data rows"


def test_the_file_size_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(import_files, "MAX_FILE_BYTES", 100)
    with pytest.raises(ImportProblem) as exc:
        importing.open_table(write(tmp_path, "a.csv", (HEADER + GOOD * 10).encode()))
    assert exc.value.code == "size"


# ---------------------------------------------------------------- CSV encodings


def test_utf8_with_one_bad_byte_is_refused_not_read_as_cp1257(tmp_path):
    data = (HEADER + "Tellimus;2026-03-31;9;5;Väga tore\n").encode() + b"Tellimus;x;1;1;\xff\n"
    with pytest.raises(ImportProblem) as exc:
        importing.open_table(write(tmp_path, "a.csv", data))
    assert exc.value.code == "encoding" and exc.value.line == 3
    assert "UTF-8 but has bytes that are not" in exc.value.message


def test_a_cp1251_file_is_read_as_cyrillic_not_stored_as_baltic_letters(tmp_path):
    text = "Samm;Kuupaev;NPS;CSAT;Kommentaar\nTellimus;2026-03-31;9;5;Очень хорошо, спасибо\n"
    table = importing.open_table(write(tmp_path, "a.csv", text.encode("cp1251")))
    assert table.encoding == "cp1251"
    rows = list(
        importing.clean_rows(table, importing.suggest_mapping(table.headers, "survey"), "survey")
    )
    assert rows[0][1]["comment"] == "Очень хорошо, спасибо"


def test_an_unclear_encoding_is_refused_with_candidates_and_previews(tmp_path):
    data = "Samm;NPS;Kommentaar\nTellimus;9;да\n".encode("cp1251")
    path = write(tmp_path, "a.csv", data)
    with pytest.raises(ImportProblem) as exc:
        importing.open_table(path)
    names = [c.encoding for c in exc.value.candidates]
    assert "cp1251" in names and "cp1257" in names
    preview = {c.encoding: c.preview for c in exc.value.candidates}
    assert preview["cp1251"] == ("Tellimus;9;да",)
    table = importing.open_table(path, encoding="windows-1251")  # the person chooses
    assert table.encoding == "cp1251"


def test_a_chosen_encoding_that_does_not_fit_is_refused_with_the_line(tmp_path):
    data = (HEADER + GOOD).encode("cp1257") + b"x;\x81;1;1;a\n"
    with pytest.raises(ImportProblem) as exc:
        importing.open_table(write(tmp_path, "a.csv", data), encoding="cp1257")
    assert exc.value.line == 3
    with pytest.raises(ImportProblem, match="unknown encoding"):
        importing.open_table(write(tmp_path, "b.csv", b"a\n1\n"), encoding="klingon")


# ---------------------------------------------------------------- XLSX


def xlsx(tmp_path, name="a.xlsx", replace: dict[str, bytes] | None = None, rows=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows or [["Step", "Date", "NPS", "Comment"], ["Order", "2026-03-01", 9, "ok"]]:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    path = tmp_path / name
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, (replace or {}).get(info.filename, src.read(info)))
        for extra in set(replace or {}) - set(src.namelist()):
            out.writestr(extra, replace[extra])
    return path


SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(2, 10))
    + '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
)


def sheet(body: str, prolog: str = '<?xml version="1.0"?>') -> bytes:
    return (
        f'{prolog}<worksheet xmlns="{SHEET_NS}"><sheetData>'
        f'<row r="1"><c r="A1" t="inlineStr"><is><t>Step</t></is></c>'
        f'<c r="B1" t="inlineStr"><is><t>{body}</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()


@pytest.mark.parametrize(
    "part, content",
    [
        ("xl/worksheets/sheet1.xml", sheet("&lol9;", LAUGHS)),
        (
            "xl/worksheets/sheet1.xml",
            sheet(
                "&xxe;",
                '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
            ),
        ),
        ("xl/worksheets/sheet1.xml", sheet("x", '<?xml version="1.0"?><!DOCTYPE worksheet>')),
        (
            "xl/sharedStrings.xml",
            (LAUGHS + f'<sst xmlns="{SHEET_NS}"><si><t>&lol9;</t></si></sst>').encode(),
        ),
        ("[Content_Types].xml", (LAUGHS + "<Types/>").encode()),
    ],
    ids=["billion-laughs", "xxe", "bare-doctype", "laughs-in-shared-strings", "content-types"],
)
def test_xlsx_with_a_dtd_is_refused_before_parsing(tmp_path, part, content):
    path = xlsx(tmp_path, replace={part: content})
    with pytest.raises(ImportProblem) as exc:
        importing.open_table(path)
    assert exc.value.code == "dtd" and "DTD" in exc.value.message


def test_xlsx_with_huge_shared_strings_is_refused_as_a_zip_bomb(tmp_path):
    strings = f'<sst xmlns="{SHEET_NS}"><si><t>'.encode() + b"a" * 60_000_000 + b"</t></si></sst>"
    path = xlsx(tmp_path, replace={"xl/sharedStrings.xml": strings})
    assert path.stat().st_size < 200_000  # 60 MB packed into a small upload
    with pytest.raises(ImportProblem) as exc:
        importing.open_table(path)
    assert exc.value.code == "zip"


def test_xlsx_unpacked_sizes_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(import_files, "XLSX_MAX_PART", 1000)
    with pytest.raises(ImportProblem, match="unpacks to more than the limit"):
        importing.open_table(xlsx(tmp_path))


def test_a_long_string_cell_is_a_row_problem(tmp_path):
    # openpyxl cuts strings at Excel's 32,767 characters when it writes; a crafted file need not
    body = (
        f'<?xml version="1.0"?><worksheet xmlns="{SHEET_NS}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Step</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Date</t></is></c></row>'
        f'<row r="2"><c r="A2" t="inlineStr"><is><t>{"x" * 40_000}</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t>2026-03-01</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    report = report_for(xlsx(tmp_path, replace={"xl/worksheets/sheet1.xml": body}))
    assert [(p["row"], p["column"], p["reason"]) for p in report.problems] == [
        (2, "Step", "longer than 32768 characters")
    ]


def test_xlsx_rows_past_a_too_small_stored_dimension_are_still_read(tmp_path):
    rows = [["Step", "Date", "NPS"]] + [["Order", "2026-03-01", i % 11] for i in range(10)]
    path = xlsx(tmp_path, rows=rows)
    with zipfile.ZipFile(path) as zf:
        part = zf.read("xl/worksheets/sheet1.xml").replace(b'ref="A1:C11"', b'ref="A1:C2"')
    path = xlsx(tmp_path, "b.xlsx", rows=rows, replace={"xl/worksheets/sheet1.xml": part})
    assert report_for(path).rows == 10


def test_a_row_number_far_past_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(import_files, "MAX_ROWS", 50)
    body = (
        f'<?xml version="1.0"?><worksheet xmlns="{SHEET_NS}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Step</t></is></c></row>'
        '<row r="99999999"><c r="A99999999" t="inlineStr"><is><t>x</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    table = importing.open_table(xlsx(tmp_path, replace={"xl/worksheets/sheet1.xml": body}))
    with pytest.raises(ImportProblem) as exc:
        importing.check_structure(table)
    assert exc.value.message == "line 52: more than 50 data rows"


def test_malformed_sheet_xml_is_a_readable_error(tmp_path):
    body = sheet("x")[:-30]  # cut off mid-way
    path = xlsx(tmp_path, replace={"xl/worksheets/sheet1.xml": body})
    with pytest.raises(ImportProblem) as exc:
        table = importing.open_table(path)
        list(table.rows())
    assert exc.value.code == "format" and "XLSX" in exc.value.message
