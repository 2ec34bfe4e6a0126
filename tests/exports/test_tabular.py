"""CSV and XLSX writers escape cells that a spreadsheet would run as formulas."""

import csv
import io

import openpyxl
import pytest

from teekond.exports.tabular import csv_bytes, safe_cell, xlsx_bytes

DANGEROUS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", '=HYPERLINK("http://x")']


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_text_gets_an_apostrophe(value):
    assert safe_cell(value) == "'" + value


def test_numbers_and_plain_text_stay():
    assert safe_cell(-3) == -3
    assert safe_cell(2.5) == 2.5
    assert safe_cell("Kõik hästi") == "Kõik hästi"
    assert safe_cell(None) == ""


def test_csv_cells_are_escaped_and_utf8():
    data = csv_bytes(["etapp", "=h"], [["Ost", "=1+1"], ["Öö", "@x"], [1, -5]])
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["etapp", "'=h"], ["Ost", "'=1+1"], ["Öö", "'@x"], ["1", "-5"]]


def test_xlsx_cells_are_text_not_formulas():
    data = xlsx_bytes({"Teekond": (["a", "b"], [["=1+1", 3], ["+2", "-x"]])})
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Teekond"
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values == [["a", "b"], ["'=1+1", 3], ["'+2", "'-x"]]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
