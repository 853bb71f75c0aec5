"""The contract review and the area contracts: clients and spend per provider, providers under contract
without clients in the last twelve months, products asked for without a contract (allocations and the
providers' requests), lump sum and risk valve; small cells hidden for beleid; query counts that do not
grow with the data."""

import hashlib
import itertools

import pytest

from wijkregie.allocations.constants import AllocationStatus, Direction, MessageStatus, RequestKind
from wijkregie.allocations.models import Message, ProviderRequest
from wijkregie.allocations.selectors import ledger as selectors
from wijkregie.providers.constants import ContractKind

from .test_ledger_costs import (
    TODAY,
    D,
    allocation,
    booked,
    contract,
    contracted_provider,
    household,
    product,
    provider,
)

pytestmark = pytest.mark.django_db
_files = itertools.count(1)


def request_for(world, made_by, category="01", code="01A01", kind=RequestKind.ALLOCATION):
    content = f"bericht {next(_files)}".encode()
    message = Message.objects.create(
        direction=Direction.IN,
        standard="iwmo",
        message_type=kind,
        file_name="verzoek.xml",
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        status=MessageStatus.PROCESSED,
        municipality=world.west,
        provider=made_by,
    )
    return ProviderRequest.objects.create(
        kind=kind,
        municipality=world.west,
        provider=made_by,
        message=message,
        product_category=category,
        product_code=code,
    )


def area_contract(world, main, *, baseline=4, percent=25, lump_sum=100_000_00):
    deal = contract(
        world,
        main,
        kind=ContractKind.AREA,
        name="Gebied Noord",
        lump_sum_cents=lump_sum,
        baseline_clients=baseline,
        risk_valve_percent=percent,
    )
    deal.districts.add(world.west_noord)
    product(deal, tariff=1000)
    return deal


def review(world, suppress=False):
    return selectors.contract_review(world.west, today=TODAY, suppress=suppress)


def test_per_provider_clients_in_care_now_in_the_year_and_spend(world):
    zorg = contracted_provider(world, "Zorg Thuis")
    now = [allocation(world, zorg, start=D(2025, 1, 1)) for _ in range(2)]
    allocation(world, zorg, start=D(2025, 1, 1), end=D(2025, 2, 28))  # this year, not now
    allocation(world, zorg, start=D(2025, 6, 1), status=AllocationStatus.ALLOCATED)  # later this year
    allocation(world, zorg, start=D(2024, 1, 1), status=AllocationStatus.REVOKED)
    allocation(world, zorg, start=D(2025, 1, 1), home=now[0].household)  # the same resident again
    booked(world, now[0], D(2025, 1, 1), 500_00)
    booked(world, now[1], D(2024, 12, 1), 999_00)  # last year

    [row] = review(world).providers

    assert (row.name, row.under_contract, row.clients_now, row.clients_year) == ("Zorg Thuis", True, 2, 4)
    assert row.spend_year_cents == 500_00
    assert row.clients_last_12_months and not row.suppressed


def test_providers_under_contract_without_clients_in_twelve_months_are_candidates_to_end(world):
    quiet = contracted_provider(world, "Stille Zorg")
    allocation(world, quiet, start=D(2023, 1, 1), end=D(2024, 3, 9))  # ended a year and a day ago
    busy = contracted_provider(world, "Drukke Zorg")
    allocation(world, busy, start=D(2023, 1, 1), end=D(2024, 3, 10))  # ended exactly a year ago
    contracted_provider(world, "Nieuwe Zorg")
    provider(world, "Zonder Contract")

    result = review(world)

    assert [p.name for p in result.candidates_to_end] == ["Nieuwe Zorg", "Stille Zorg"]
    assert {p.name: p.under_contract for p in result.providers} == {
        "Drukke Zorg": True,
        "Nieuwe Zorg": True,
        "Stille Zorg": True,
        "Zonder Contract": False,
    }


def test_an_expired_contract_is_no_contract_and_another_municipalitys_provider_is_not_listed(world):
    old = provider(world, "Oude Zorg")
    contract(world, old, start_date=D(2022, 1, 1), end_date=D(2024, 12, 31))
    contracted_provider(world, "Zuidzorg", municipality=world.zuid)

    result = review(world)

    assert [(p.name, p.under_contract) for p in result.providers] == [("Oude Zorg", False)]
    assert result.candidates_to_end == []


def test_products_allocated_without_a_contract_on_the_start_date(world):
    zorg = provider(world, "Zorg Thuis")
    product(contract(world, zorg, start_date=D(2025, 2, 1)), code="01A01")
    allocation(world, zorg, start=D(2025, 1, 15))  # before the contract began
    allocation(world, zorg, start=D(2025, 2, 1))  # contracted
    allocation(world, zorg, start=D(2025, 2, 1), product_category="02", product_code="02B03")
    allocation(world, zorg, start=D(2025, 2, 1), product_category="02", product_code="02B03")
    allocation(world, zorg, start=D(2023, 1, 1), end=D(2023, 12, 31), product_code="01A09")  # too long ago

    rows = review(world).uncontracted_allocations

    assert [(r.provider, r.law_label, r.product_category, r.product_code, r.count) for r in rows] == [
        ("Zorg Thuis", "Wmo 2015", "01", "01A01", 1),
        ("Zorg Thuis", "Wmo 2015", "02", "02B03", 2),
    ]


def test_provider_requests_for_products_without_a_contract(world):
    zorg = contracted_provider(world, "Zorg Thuis", code="01A01")
    request_for(world, zorg, code="01A01")  # contracted
    request_for(world, zorg, code="01A07")
    request_for(world, zorg, code="01A07", kind=RequestKind.CHANGE)
    request_for(world, provider(world, "Zonder Contract"), category="45", code="45A12")

    rows = review(world).uncontracted_requests

    assert [(r.provider, r.kind, r.product_category, r.product_code, r.count) for r in rows] == [
        ("Zonder Contract", "315", "45", "45A12", 1),
        ("Zorg Thuis", "315", "01", "01A07", 1),
        ("Zorg Thuis", "317", "01", "01A07", 1),
    ]


@pytest.mark.parametrize(("clients", "triggered"), [(5, False), (6, True)])
def test_the_risk_valve_opens_above_the_baseline_plus_its_percentage(world, clients, triggered):
    main = provider(world, "Gebiedszorg")
    deal = area_contract(world, main, baseline=4, percent=25)  # 4 + 25% = 5 clients
    made = [
        allocation(world, main, contract=deal, home=household(world, world.west_noord))
        for _ in range(clients)
    ]
    allocation(world, main)  # an open-house style allocation of the same provider does not count
    booked(world, made[0], D(2025, 1, 1), 25_000_00)

    [area] = selectors.area_contracts(world.west, 2025, suppress=False)

    assert (area.clients, area.baseline_clients, area.risk_valve_clients) == (clients, 4, 5)
    assert area.risk_valve_triggered is triggered
    assert (area.lump_sum_cents, area.spent_cents, area.remaining_cents) == (100_000_00, 25_000_00, 75_000_00)
    assert area.spent_percent == 25
    assert area.expected_cents == round(clients * 2 * 1000 * 52)  # two a week at € 10 all year
    assert area.districts == ["Noord"]


def test_an_area_contract_without_risk_valve_and_its_small_numbers_for_beleid(world):
    main = provider(world, "Gebiedszorg")
    deal = area_contract(world, main, percent=None)
    allocation(world, main, contract=deal)

    [for_manager] = selectors.area_contracts(world.west, 2025, suppress=False)
    [for_policy] = selectors.area_contracts(world.west, 2025, suppress=True)

    assert for_manager.risk_valve_triggered is None and for_manager.clients == 1
    assert for_policy.suppressed and for_policy.clients is None and for_policy.spent_cents is None
    assert for_policy.expected_cents is None and for_policy.lump_sum_cents == 100_000_00


def test_beleid_sees_fewer_than_five_as_suppressed(world):
    small = contracted_provider(world, "Kleine Zorg")
    large = contracted_provider(world, "Grote Zorg")
    for _ in range(2):
        allocation(world, small)
    for _ in range(5):
        allocation(world, large)
    allocation(world, large, product_code="01A77")  # not contracted: one client
    booked(world, allocation(world, small), D(2025, 1, 1), 100_00)

    result = review(world, suppress=True)

    rows = {p.name: p for p in result.providers}
    assert (rows["Kleine Zorg"].clients_now, rows["Kleine Zorg"].spend_year_cents) == (None, None)
    assert rows["Kleine Zorg"].suppressed
    assert (rows["Grote Zorg"].clients_now, rows["Grote Zorg"].spend_year_cents) == (6, 0)
    [uncontracted] = result.uncontracted_allocations
    assert uncontracted.suppressed and uncontracted.count is None
    assert result.any_suppressed
    assert not review(world, suppress=False).any_suppressed


def test_the_ledger_hides_small_cells_for_beleid(world):
    zorg = contracted_provider(world, "Zorg Thuis")
    for _ in range(5):
        allocation(world, zorg, start=D(2025, 1, 1), end=D(2025, 6, 30))
    allocation(world, zorg, start=D(2025, 7, 1), home=household(world, world.west_noord))

    ledger = selectors.ledger(world.west, 2025, selectors.Per.DISTRICT, suppress=True)

    assert [c.clients for c in ledger.months] == [5] * 6 + [None] * 6
    assert ledger.months[6].suppressed and ledger.months[6].expected_cents is None
    rows = {row.label: row for row in ledger.rows}
    assert rows["Noord"].total.suppressed and rows["Noord"].total.expected_cents is None
    # the total of 6 is shown, so Centrum's 5 would give Noord's 1 away by subtraction: hidden too
    assert rows["Centrum"].total.suppressed and rows["Centrum"].total.expected_cents is None
    assert [c.clients for c in rows["Centrum"].months[:6]] == [5] * 6  # its months give nothing away
    assert ledger.total.clients == 6 and ledger.any_suppressed


@pytest.mark.parametrize("per", selectors.Per.values)
def test_the_ledger_groups_per_law_product_provider_and_district(world, per):
    zorg = contracted_provider(world, "Zorg Thuis")
    jeugd = contracted_provider(world, "Jeugdzorg", code="45A12")
    allocation(world, zorg, volume=1, frequency="4")
    youth = {"law": "jeugdwet", "product_category": "45", "product_code": "45A12"}
    allocation(world, jeugd, volume=1, frequency="4", home=household(world, world.west_noord), **youth)

    ledger = selectors.ledger(world.west, 2025, per, suppress=False)

    expected = {
        "law": {"Jeugdwet": 3250 * 12, "Wmo 2015": 3250 * 12},
        "product": {"01 01A01": 3250 * 12, "45 45A12": 3250 * 12},
        "provider": {"Jeugdzorg": 3250 * 12, "Zorg Thuis": 3250 * 12},
        "district": {"Centrum": 3250 * 12, "Noord": 3250 * 12},
    }[per]
    assert {row.label: row.total.expected_cents for row in ledger.rows} == expected
    assert all([c.expected_cents for c in row.months] == [3250] * 12 for row in ledger.rows)


def _world_of_size(world, size):
    zorg = contracted_provider(world, "Zorg Thuis")
    main = provider(world, "Gebiedszorg")
    deal = area_contract(world, main)
    for number in range(size):
        made = allocation(world, zorg if number % 2 else main, contract=None if number % 2 else deal)
        booked(world, made, D(2025, 1 + number % 12, 1), 100_00)
        request_for(world, zorg, code=f"01B{number:02d}")


@pytest.mark.parametrize("size", [1, 12])
def test_ledger_and_review_queries_do_not_grow_with_the_data(world, size, django_assert_num_queries):
    _world_of_size(world, size)

    # contract lines (2), amounts, clients per group, clients in all, invoice lines; area contracts,
    # their districts, their amounts, clients and invoice lines
    with django_assert_num_queries(11):
        selectors.ledger(world.west, 2025, selectors.Per.PROVIDER, suppress=True)
    # providers, their clients, their spend, uncontracted allocations, uncontracted requests; area
    # contracts with districts, contract lines (2), amounts, clients, invoice lines
    with django_assert_num_queries(12):
        selectors.contract_review(world.west, today=TODAY, suppress=True)
