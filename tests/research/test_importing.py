"""Reading and checking survey and CRM files without a database."""

import time

import openpyxl
import pytest

from teekond.research import importing
from teekond.research.importing import ImportProblem

HEADER = "Samm;Kuupäev;NPS;CSAT;Kommentaar\n"


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_with_bom_semicolons_and_estonian_headers(tmp_path):
    text = HEADER + "Tellimus;31.03.2026;9;5;Väga tore, aitäh!\n"
    table = importing.open_table(write(tmp_path, "a.csv", b"\xef\xbb\xbf" + text.encode()))
    assert (table.encoding, table.delimiter) == ("utf-8-sig", ";")
    mapping = importing.suggest_mapping(table.headers, "survey")
    assert mapping == {
        "step": "Samm",
        "answered_at": "Kuupäev",
        "nps": "NPS",
        "csat": "CSAT",
        "comment": "Kommentaar",
    }
    report = importing.validate(table, mapping, "survey")
    assert report.ok and report.rows == 1
    preview = importing.preview(table, mapping, "survey")
    assert preview[0]["values"]["comment"] == "Väga tore, aitäh!"
    assert preview[0]["values"]["answered_at"].startswith("2026-03-31")


def test_windows_1257_is_read_when_it_decodes_cleanly(tmp_path):
    text = HEADER + "Kättetoimetamine;2026-03-31;10;4;Õnnelik ja rõõmus\n"
    table = importing.open_table(write(tmp_path, "a.csv", text.encode("cp1257")))
    assert table.encoding == "cp1257"
    rows = list(
        importing.clean_rows(table, importing.suggest_mapping(table.headers, "survey"), "survey")
    )
    assert rows[0][1]["step"] == "Kättetoimetamine"


def test_broken_encoding_is_refused_with_a_clear_message(tmp_path):
    # 0x81 is undefined in Windows-1257 and invalid as a UTF-8 start byte
    data = HEADER.encode() + b"Tellimus;2026-03-31;9;5;\x81\x98 katki\n"
    with pytest.raises(ImportProblem) as exc:
        importing.open_table(write(tmp_path, "a.csv", data))
    assert exc.value.code == "encoding" and "broken encoding" in exc.value.message


def test_every_bad_row_and_column_is_reported(tmp_path):
    text = (
        HEADER
        + "Tellimus;2026-03-31;11;5;ok\n"  # nps out of range
        + "Tellimus;31.02.2026;9;0;ok\n"  # bad date, csat out of range
        + 'Tellimus;2026-03-31;9;5;=HYPERLINK("http://x")\n'  # formula
        + ";2026-03-31;9;5;@SUM(A1)\n"  # missing step, formula
        + "Tellimus;2026-03-31;-5;5;-hea\n"  # negative score, formula-like text
        + "Tellimus;2026-03-31;7;4;Korras\n"
    )
    table = importing.open_table(write(tmp_path, "a.csv", text.encode()))
    report = importing.validate(table, importing.suggest_mapping(table.headers, "survey"), "survey")
    assert not report.ok
    assert (report.rows, report.bad_rows, report.problem_count) == (6, 5, 8)
    seen = {(p["row"], p["column"], p["reason"].split(" ")[0]) for p in report.problems}
    assert seen == {
        (2, "NPS", "score"),
        (3, "Kuupäev", "not"),
        (3, "CSAT", "score"),
        (4, "Kommentaar", "starts"),
        (5, "Samm", "missing"),
        (5, "Kommentaar", "starts"),
        (6, "NPS", "not"),
        (6, "Kommentaar", "starts"),
    }


def test_missing_required_columns_are_reported_before_any_row(tmp_path):
    table = importing.open_table(write(tmp_path, "a.csv", b"NPS,Comment\n9,ok\n"))
    mapping = importing.suggest_mapping(table.headers, "survey")
    report = importing.validate(table, mapping, "survey")
    assert {p["field"] for p in report.problems} == {"step", "answered_at"}
    assert report.rows == 0


def test_domain_checks_are_added_by_the_caller(tmp_path):
    table = importing.open_table(
        write(tmp_path, "a.csv", (HEADER + "Tundmatu;2026-03-31;9;5;\n").encode())
    )
    mapping = importing.suggest_mapping(table.headers, "survey")
    report = importing.validate(
        table, mapping, "survey", row_check=lambda r: [("step", "no such step on this map")]
    )
    assert report.problems[0]["column"] == "Samm" and report.problems[0]["row"] == 2


def test_crm_numbers_in_estonian_and_english_notation(tmp_path):
    text = 'Kliendi ID,Nimi,Segment,Käive,Potentsiaalne käive\nK1,Alfa OÜ,VKE,"1 234,50","1,500.25"\nK2,Beta AS,,abc,\n'
    table = importing.open_table(write(tmp_path, "crm.csv", text.encode()))
    mapping = importing.suggest_mapping(table.headers, "crm")
    assert mapping["revenue"] == "Käive" and mapping["potential_revenue"] == "Potentsiaalne käive"
    report = importing.validate(table, mapping, "crm")
    assert [(p["row"], p["field"], p["reason"]) for p in report.problems] == [
        (3, "revenue", "not a number")
    ]
    assert importing.parse_decimal("1 234,50") == importing.parse_decimal("1,234.50")


def test_xlsx_formula_cells_and_dates(tmp_path):
    from datetime import datetime

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Step", "Date", "NPS", "Comment"])
    ws.append(["Order", datetime(2026, 3, 1, 10, 0), 9, "fine"])
    ws.append(["Order", datetime(2026, 3, 2), 10, "=1+1"])
    path = tmp_path / "a.xlsx"
    wb.save(path)
    table = importing.open_table(path)
    report = importing.validate(table, importing.suggest_mapping(table.headers, "survey"), "survey")
    assert report.rows == 2
    assert [(p["row"], p["field"]) for p in report.problems] == [(3, "comment")]


def test_unknown_file_types_and_bad_xlsx_are_refused(tmp_path):
    with pytest.raises(ImportProblem):
        importing.open_table(write(tmp_path, "a.json", b"{}"))
    with pytest.raises(ImportProblem) as exc:
        importing.open_table(write(tmp_path, "a.xlsx", b"not a zip"))
    assert exc.value.code == "format"


def test_a_100k_row_file_validates_in_seconds(tmp_path):
    lines = [HEADER]
    for i in range(100_000):
        lines.append(f"Tellimus;2026-03-{1 + i % 28:02d};{i % 11};{1 + i % 5};Kommentaar {i}\n")
    path = write(tmp_path, "big.csv", "".join(lines).encode())
    started = time.perf_counter()
    table = importing.open_table(path)
    report = importing.validate(table, importing.suggest_mapping(table.headers, "survey"), "survey")
    elapsed = time.perf_counter() - started
    assert report.ok and report.rows == 100_000
    assert elapsed < 10, elapsed
