"""Exports open in a spreadsheet as data: a text that looks like a formula stays text, numbers stay
numbers (a decimal comma in CSV, as Dutch spreadsheets read it)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from wijkregie.core.spreadsheet import FORMULA_START, csv_bytes, xlsx_bytes

ROWS = [["naam", "aantal", "gemiddeld", "leeg"], ["=1+1", 7, 2.5, None]]


@pytest.mark.parametrize("start", FORMULA_START)
def test_a_text_starting_like_a_formula_gets_an_apostrophe(start):
    text = csv_bytes([[f"{start}SUM(A1)", "gewoon"]]).decode("utf-8")

    assert next(csv.reader(io.StringIO(text[1:]), delimiter=";")) == [f"'{start}SUM(A1)", "gewoon"]


def test_csv_writes_a_decimal_comma_and_nothing_for_none():
    assert csv_bytes(ROWS).decode("utf-8") == "\ufeffnaam;aantal;gemiddeld;leeg\r\n'=1+1;7;2,5;\r\n"


def test_xlsx_keeps_numbers_and_never_writes_a_formula():
    sheet = load_workbook(
        io.BytesIO(xlsx_bytes("Een titel die langer is dan een werkblad toestaat", ROWS))
    ).active

    (cells,) = sheet.iter_rows(min_row=2)
    assert [(c.value, c.data_type) for c in cells[:3]] == [("'=1+1", "s"), (7, "n"), (2.5, "n")]
    assert cells[3].value is None
    assert sheet.title == "Een titel die langer is dan een"
