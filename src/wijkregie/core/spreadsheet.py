"""Files people open in a spreadsheet: CSV (UTF-8 with a byte order mark, semicolons and a decimal comma, as
Dutch Excel reads it) and XLSX. A text cell that a spreadsheet would take for a formula leaves with an
apostrophe before it, the spreadsheet convention for "this is text", so an export never carries a formula
(CSV injection)."""

import csv
import io
from collections.abc import Iterable, Sequence

# A text cell starting with one of these is a formula to a spreadsheet (a leading tab or carriage return
# too: spreadsheets skip it and read the formula behind it).
FORMULA_START = ("=", "+", "@", "-", "\t", "\r")

Cell = str | int | float | None


def as_text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_START) else value


def _safe(row: Sequence[Cell]) -> list[Cell]:
    return [as_text(cell) if isinstance(cell, str) else cell for cell in row]


def _csv_cell(cell: Cell) -> str | int:
    if cell is None:
        return ""
    if isinstance(cell, float):
        return str(cell).replace(".", ",")
    return cell


def csv_bytes(rows: Iterable[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows([_csv_cell(cell) for cell in _safe(row)] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(title: str, rows: Iterable[Sequence[Cell]]) -> bytes:
    """One sheet; numbers stay numbers, texts are safe."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]  # the longest sheet name a spreadsheet allows
    for row in rows:
        sheet.append(_safe(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
