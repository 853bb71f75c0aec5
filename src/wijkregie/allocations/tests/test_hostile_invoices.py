"""Formula injection through an invoice file: its cells are numbers, codes and months only, so a cell that a
spreadsheet would run is refused with its line and field, and nothing is booked."""

import pytest
from django.core.exceptions import ValidationError

from .test_ledger_costs import D, allocation, contracted_provider
from .test_ledger_import import _state, csv, line, read

pytestmark = pytest.mark.django_db

FIELDS = {
    "number": "toewijzingnummer moet een heel getal groter dan 0 zijn",
    "agb": "AGB-code moet uit 8 cijfers bestaan",
    "month": "maand moet jjjj-mm zijn, bijvoorbeeld 2025-03",
    "category": "productcategorie moet uit 2 cijfers of letters bestaan",
    "code": "productcode moet uit 1 tot 5 cijfers of letters bestaan",
    "quantity": "aantal moet een heel getal van 0 of meer zijn",
    "amount": "bedrag moet een bedrag in euro zijn, zoals 123,45 of 123.45",
}


@pytest.fixture
def zorg(world):
    return contracted_provider(world, "Zorg Thuis", tariff=3250)


FORMULAS = ["=1+1", "@SUM(1)", "\t-1+1", "+1+1"]


# Each field with one of the formulas in turn: the fields' checks are independent of each other.
@pytest.mark.parametrize(("field", "formula"), [(f, FORMULAS[i % 4]) for i, f in enumerate(sorted(FIELDS))])
def test_a_formula_in_any_invoice_cell_refuses_the_file(world, zorg, field, formula):
    weekly = allocation(world, zorg, start=D(2025, 1, 1))
    before = _state()

    with pytest.raises(ValidationError) as refused:
        read(world, csv(line(weekly, **{field: formula})))

    assert refused.value.message_dict["file"] == [f"Regel 2: {FIELDS[field]}."]
    assert _state() == before
