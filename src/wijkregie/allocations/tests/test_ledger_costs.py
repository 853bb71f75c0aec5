"""Expected cost per allocation per month: volume x tariff per week, month or day, a whole-period volume,
a budget spread over the months, partial months pro rata by days, a stop cutting the months off, a tariff
that changes; the SQL in the ledger and amounts.month_cents agree. Also: the builders the other ledger
tests use."""

import datetime
import itertools
from fractions import Fraction

import pytest

from wijkregie.allocations.constants import AllocationStatus, InvoiceStatus
from wijkregie.allocations.models import Allocation, InvoiceImport, InvoiceLine
from wijkregie.allocations.selectors import ledger as selectors
from wijkregie.core.testclock import clock_at
from wijkregie.decisions.amounts import month_cents, period_months
from wijkregie.decisions.models import Beschikking, MaatwerkRequest
from wijkregie.households.constants import Relation
from wijkregie.households.tests.factories import HouseholdFactory
from wijkregie.organisation.constants import OrganisationKind
from wijkregie.organisation.models import Organisation
from wijkregie.providers.constants import ContractKind
from wijkregie.providers.models import Contract, ContractProduct, Provider
from wijkregie.provisions.constants import ProvisionKind, ProvisionLaw, Weight
from wijkregie.provisions.models import Provision

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 3, 10)
YEAR = 2025
D = datetime.date
_numbers = itertools.count(1000)
_agbs = itertools.count(20_000_000)


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


@pytest.fixture(autouse=True)
def _today():
    """These tests run on TODAY: the dates of their contracts and decisions are fixed."""
    with clock_at(TODAY):
        yield


# -- builders (used by the other test_ledger modules) --------------------------------------------------------
def provider(world, name, municipality=None):
    organisation = Organisation.objects.create(name=name, kind=OrganisationKind.CARE_PROVIDER)
    made = Provider.objects.create(organisation=organisation, agb_code=str(next(_agbs)))
    made.municipalities.add(municipality or world.west)
    return made


def contract(world, party, *, kind=ContractKind.OPEN_HOUSE, municipality=None, name=None, **extra):
    values = {"start_date": D(2024, 1, 1), "end_date": D(2026, 12, 31), **extra}
    return Contract.objects.create(
        municipality=municipality or world.west,
        kind=kind,
        name=name or f"Contract {party.organisation.name}",
        party=party.organisation,
        **values,
    )


def product(contract, category="01", code="01A01", tariff=3250, valid_from=D(2024, 1, 1), valid_until=None):
    return ContractProduct.objects.create(
        contract=contract,
        product_category=category,
        product_code=code,
        unit="04",
        tariff_cents=tariff,
        valid_from=valid_from,
        valid_until=valid_until,
    )


def contracted_provider(world, name, tariff=3250, municipality=None, code="01A01"):
    made = provider(world, name, municipality)
    product(contract(world, made, municipality=municipality), code[:2], code, tariff)
    return made


def beschikking(world, household=None):
    household = household or world.household
    resident = household.memberships.get(relation=Relation.HEAD).resident
    provision = Provision.objects.get_or_create(
        municipality=household.municipality,
        kind=ProvisionKind.CUSTOM,
        name="Begeleiding",
        defaults={"law": ProvisionLaw.WMO, "product_category": "01", "weight": Weight.LIGHT},
    )[0]
    request = MaatwerkRequest.objects.create(
        household=household, resident=resident, provision=provision, law=ProvisionLaw.WMO, received_on=TODAY
    )
    return Beschikking.objects.create(request=request, reference=f"B-{next(_numbers)}", motivation="Test.")


def household(world, district=None):
    return HouseholdFactory(district=district or world.west_centrum)


def allocation(world, made_by, *, start=D(2025, 1, 1), end=None, home=None, **extra):
    """An allocation to provider `made_by` for the head of a new household (or of `home`)."""
    home = home or household(world)
    values = {
        "volume": 2,
        "unit": "04",
        "frequency": "2",
        "law": ProvisionLaw.WMO,
        "product_category": "01",
        "product_code": "01A01",
        "status": AllocationStatus.STARTED,
        **extra,
    }
    if values.get("budget_cents") is not None:
        values["volume"] = None
    return Allocation.objects.create(
        municipality=home.municipality,
        beschikking=beschikking(world, home),
        household=home,
        resident=home.memberships.get(relation=Relation.HEAD).resident,
        provider=made_by,
        number=next(_numbers),
        start_date=start,
        end_date=end,
        **values,
    )


def booked(world, on, month, cents, status=InvoiceStatus.BOOKED, reason=""):
    """An invoice line for allocation `on` (as an import would book it)."""
    invoice_import = InvoiceImport.objects.create(
        municipality=on.municipality, file_name="test.csv", sha256=f"{next(_numbers):064d}"
    )
    return InvoiceLine.objects.create(
        invoice_import=invoice_import,
        municipality=on.municipality,
        provider=on.provider,
        allocation=on,
        month=month,
        product_category=on.product_category,
        product_code=on.product_code,
        quantity=1,
        amount_cents=cents,
        status=status,
        flag_reason=reason,
    )


def per_allocation(world, year=YEAR):
    """Expected cents per allocation number and month (1..12), rounded, straight from the ledger's SQL."""
    expected = selectors.expected_by(world.west, year, ("number",))
    return {number: [round(cents) for cents in months] for (number,), months in expected.items()}


def in_python(a, tariff, year=YEAR):
    """The same allocation through amounts.month_cents."""
    return [
        round(
            month_cents(
                month=D(year, m, 1),
                start=a.start_date,
                end=a.end_date,
                stopped_on=a.stopped_on if a.status == AllocationStatus.STOPPED else None,
                volume=a.volume,
                budget_cents=a.budget_cents,
                unit=a.unit,
                frequency=a.frequency,
                tariff_cents=tariff,
            )
        )
        for m in range(1, 13)
    ]


# -- the arithmetic ------------------------------------------------------------------------------------------
def test_a_weekly_volume_costs_volume_times_tariff_times_52_over_12_each_month(world):
    zorg = contracted_provider(world, "Zorg Thuis", tariff=3250)
    weekly = allocation(world, zorg, start=D(2025, 1, 1), volume=2, frequency="2")

    months = per_allocation(world)[weekly.number]

    assert months == [28167] * 12  # 2 x € 32,50 x 52 / 12 = € 281,67
    assert months == in_python(weekly, 3250)


def test_a_monthly_volume_counts_a_partial_first_month_by_its_days(world):
    zorg = contracted_provider(world, "Zorg Thuis", tariff=5000)
    monthly = allocation(world, zorg, start=D(2025, 1, 15), end=D(2025, 3, 31), volume=10, frequency="4")

    months = per_allocation(world)[monthly.number]

    assert months[:4] == [round(500_00 * 17 / 31), 500_00, 500_00, 0]  # 15..31 January: 17 of 31 days
    assert sum(months) == 27419 + 100_000
    assert months == in_python(monthly, 5000)


def test_a_daily_volume_counts_365_over_12_days_a_month(world):
    zorg = contracted_provider(world, "Zorg Thuis", tariff=1000)
    daily = allocation(world, zorg, start=D(2025, 1, 1), end=D(2025, 12, 31), volume=1, frequency="1")

    months = per_allocation(world)[daily.number]

    assert months == [round(1000 * 365 / 12)] * 12
    assert sum(months) == 30417 * 12


def test_a_budget_is_spread_over_the_months_with_partial_months_by_days(world):
    zorg = contracted_provider(world, "Zorg Thuis")
    budget = allocation(world, zorg, start=D(2025, 2, 15), end=D(2025, 5, 14), budget_cents=1200_00)

    months = per_allocation(world)[budget.number]

    span = Fraction(14, 28) + 1 + 1 + Fraction(14, 31)  # 15..28 Feb, March, April, 1..14 May
    assert period_months(budget.start_date, budget.end_date) == pytest.approx(float(span))
    assert months[1] == round(120000 * Fraction(1, 2) / span)
    assert months[2] == months[3] == round(120000 / span)
    assert months[4] == round(120000 * Fraction(14, 31) / span)
    assert months[0] == months[5] == 0
    assert abs(sum(months) - 120000) <= 2  # the whole budget, give or take rounding per month
    assert months == in_python(budget, None)


def test_an_open_ended_budget_counts_as_a_yearly_amount(world):
    zorg = contracted_provider(world, "Zorg Thuis")
    budget = allocation(world, zorg, start=D(2025, 7, 1), budget_cents=2400_00)

    months = per_allocation(world)[budget.number]

    assert months == [0] * 6 + [20000] * 6


def test_a_whole_period_volume_is_spread_like_a_budget(world):
    zorg = contracted_provider(world, "Zorg Thuis", tariff=3250)
    total = allocation(world, zorg, start=D(2025, 1, 1), end=D(2025, 4, 30), volume=20, frequency="6")

    months = per_allocation(world)[total.number]

    assert months == [16250] * 4 + [0] * 8  # 20 x € 32,50 over four months
    assert months == in_python(total, 3250)


def test_a_volume_in_euros_needs_no_tariff(world):
    zorg = provider(world, "Zonder tarief")  # not contracted at all
    euros = allocation(world, zorg, start=D(2025, 1, 1), volume=150, unit="83", frequency="4")

    assert per_allocation(world)[euros.number] == [15000] * 12


def test_stopped_care_counts_up_to_the_stop_date(world):
    zorg = contracted_provider(world, "Zorg Thuis", tariff=3250)
    stopped = allocation(
        world, zorg, start=D(2025, 1, 1), status=AllocationStatus.STOPPED, stopped_on=D(2025, 2, 14)
    )

    months = per_allocation(world)[stopped.number]

    assert months[:3] == [28167, round(28166.67 * 14 / 28), 0]
    assert months == in_python(stopped, 3250)


def test_a_new_tariff_applies_from_its_month(world):
    zorg = provider(world, "Zorg Thuis")
    deal = contract(world, zorg)
    product(deal, tariff=3000, valid_until=D(2025, 6, 30))
    product(deal, tariff=3600, valid_from=D(2025, 7, 1))
    weekly = allocation(world, zorg, start=D(2025, 1, 1), volume=3, frequency="2")

    months = per_allocation(world)[weekly.number]

    assert months[:6] == [round(3 * 3000 * 52 / 12)] * 6
    assert months[6:] == [round(3 * 3600 * 52 / 12)] * 6


def test_an_exact_product_tariff_wins_over_a_whole_category(world):
    zorg = provider(world, "Zorg Thuis")
    deal = contract(world, zorg)
    product(deal, code="", tariff=1000)
    product(deal, code="01A01", tariff=4000)
    other = allocation(world, zorg, product_code="01A99", volume=1, frequency="4")
    exact = allocation(world, zorg, product_code="01A01", volume=1, frequency="4")

    months = per_allocation(world)

    assert months[exact.number] == [4000] * 12
    assert months[other.number] == [1000] * 12


def test_subcontractors_are_contracted_too_and_others_cost_nothing(world):
    main = provider(world, "Hoofdaannemer")
    sub = provider(world, "Onderaannemer")
    outsider = provider(world, "Buitenstaander")
    deal = contract(world, main)
    deal.subcontractors.add(sub.organisation)
    product(deal, tariff=2000)
    by_sub = allocation(world, sub, volume=1, frequency="4")
    by_outsider = allocation(world, outsider, volume=1, frequency="4")

    months = per_allocation(world)

    assert months[by_sub.number] == [2000] * 12
    assert months[by_outsider.number] == [0] * 12


def test_revoked_and_rejected_allocations_cost_nothing(world):
    zorg = contracted_provider(world, "Zorg Thuis")
    allocation(world, zorg, status=AllocationStatus.REVOKED)
    allocation(world, zorg, status=AllocationStatus.REJECTED)

    assert per_allocation(world) == {}


def test_sql_and_python_agree_on_a_mix_of_allocations(world):
    zorg = contracted_provider(world, "Zorg Thuis", tariff=4321)
    made = [
        allocation(world, zorg, start=D(2024, 11, 20), end=D(2025, 2, 10), volume=3, frequency="2"),
        allocation(world, zorg, start=D(2025, 2, 3), end=D(2025, 2, 28), volume=5, frequency="1"),
        allocation(world, zorg, start=D(2025, 6, 3), end=D(2026, 5, 2), budget_cents=987_65),
        allocation(world, zorg, start=D(2025, 12, 31), volume=7, frequency="6", end=D(2026, 1, 31)),
        allocation(world, zorg, start=D(2024, 2, 29), end=D(2025, 8, 17), volume=9, frequency="6"),
    ]

    months = per_allocation(world)

    for a in made:
        assert months[a.number] == in_python(a, 4321), a.number


def test_the_ledger_sets_expected_against_booked_invoice_lines(world):
    zorg = contracted_provider(world, "Zorg Thuis", tariff=3250)
    weekly = allocation(world, zorg, start=D(2025, 1, 1), volume=2, frequency="2")
    booked(world, weekly, D(2025, 1, 1), 27000)
    booked(world, weekly, D(2025, 2, 1), 99999, status=InvoiceStatus.FLAGGED, reason="Niet gecontracteerd.")

    ledger = selectors.ledger(world.west, YEAR, selectors.Per.PROVIDER, suppress=False)

    assert [c.expected_cents for c in ledger.months] == [28167] * 12
    assert [c.actual_cents for c in ledger.months][:3] == [27000, 0, 0]
    assert ledger.months[0].difference_cents == 27000 - 28167
    assert ledger.total.clients == 1 and ledger.total.actual_cents == 27000
    assert ledger.total.expected_cents == 2 * 3250 * 52
    [row] = ledger.rows
    assert (row.label, row.total.clients, row.total.actual_cents) == ("Zorg Thuis", 1, 27000)
