"""The two reads the allocation code relies on (one query each), and the risk valve."""

import datetime

import pytest

from wijkregie.organisation.constants import OrganisationKind
from wijkregie.organisation.tests.factories import OrganisationFactory
from wijkregie.providers.constants import ContractKind
from wijkregie.providers.selectors import (
    contracted_product,
    providers_for,
    risk_valve_exceeded,
    risk_valve_threshold,
)

from .factories import ContractFactory, ContractProductFactory, ProviderFactory

pytestmark = pytest.mark.django_db

ON = datetime.date(2025, 3, 10)


def _one_query(django_assert_num_queries, call):
    with django_assert_num_queries(1):
        result = call()
        return list(result) if hasattr(result, "model") else result


# -- contracted_product --------------------------------------------------------------------------------------
def test_the_tariff_valid_that_day_under_the_providers_contract(
    world, contracting, django_assert_num_queries
):
    old = contracting.product  # 02A01 from 1 January 2024, 61,50
    old.valid_until = datetime.date(2024, 12, 31)
    old.save()
    new = ContractProductFactory(
        contract=contracting.open_house, tariff_cents=6400, valid_from=datetime.date(2025, 1, 1)
    )

    def at(day):
        return _one_query(
            django_assert_num_queries,
            lambda: contracted_product(world.west, contracting.zorg_thuis, "02", "02A01", day),
        )

    assert at(datetime.date(2024, 12, 31)) == old
    assert at(ON) == new
    assert at(ON).contract == contracting.open_house  # the contract comes along, no extra query
    assert at(datetime.date(2023, 12, 31)) is None  # before the contract
    assert at(datetime.date(2027, 1, 1)) is None  # after the contract


def test_an_exact_code_wins_over_the_whole_category(world, contracting):
    whole = ContractProductFactory(contract=contracting.open_house, product_code="", tariff_cents=5000)

    assert contracted_product(world.west, contracting.zorg_thuis, "02", "02A01", ON) == contracting.product
    assert contracted_product(world.west, contracting.zorg_thuis, "02", "02A05", ON) == whole
    assert contracted_product(world.west, contracting.zorg_thuis, "01", "01A01", ON) is None


def test_a_subcontractor_is_contracted_through_the_area_contract(world, contracting):
    youth = ContractProductFactory(contract=contracting.area, product_category="45", product_code="45A01")

    assert contracted_product(world.west, contracting.zorg_thuis, "45", "45A01", ON) == youth  # subcontractor
    assert contracted_product(world.west, contracting.anker, "45", "45A01", ON) == youth  # main provider


def test_not_contracted_by_this_municipality_or_this_provider(world, contracting):
    assert contracted_product(world.zuid, contracting.zorg_thuis, "02", "02A01", ON) is None
    assert contracted_product(world.west, contracting.anker, "02", "02A01", ON) is None


# -- providers_for -------------------------------------------------------------------------------------------
def test_providers_for_a_product_in_a_district(world, contracting, django_assert_num_queries):
    ContractProductFactory(contract=contracting.area, product_category="45", product_code="45A01")
    partial = ProviderFactory(
        organisation=OrganisationFactory(name="Alleen Noord", kind=OrganisationKind.CARE_PROVIDER),
        municipalities=[world.west],
        districts=[world.west_noord],
    )
    ContractProductFactory(
        contract=ContractFactory(municipality=world.west, party=partial.organisation),
        product_category="45",
        product_code="45A01",
    )

    def listed(district):
        found = _one_query(
            django_assert_num_queries, lambda: providers_for(world.west, district, "45", "45A01", ON)
        )
        return [provider.organisation.name for provider in found]

    # Centrum is the area: main provider and subcontractor; "Alleen Noord" serves Noord only.
    assert listed(world.west_centrum) == ["Het Anker", "Zorg Thuis"]
    assert listed(world.west_noord) == ["Alleen Noord"]


def test_providers_for_leaves_out_inactive_and_expired(world, contracting):
    contracting.zorg_thuis.active = False
    contracting.zorg_thuis.save()
    assert list(providers_for(world.west, world.west_centrum, "02", "02A01", ON)) == []

    contracting.zorg_thuis.active = True
    contracting.zorg_thuis.save()
    assert list(providers_for(world.west, world.west_centrum, "02", "02A01", ON)) == [contracting.zorg_thuis]
    assert list(providers_for(world.west, world.west_centrum, "02", "02A01", datetime.date(2027, 1, 1))) == []


def test_providers_for_a_district_of_another_municipality_is_empty(
    world, contracting, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert list(providers_for(world.west, world.zuid_dorp, "02", "02A01", ON)) == []


def test_providers_for_does_not_grow_with_the_number_of_contracts(
    world, contracting, django_assert_num_queries
):
    for n in range(5):
        provider = ProviderFactory(municipalities=[world.west])
        contract = ContractFactory(
            municipality=world.west,
            party=provider.organisation,
            kind=ContractKind.AREA if n % 2 else ContractKind.OPEN_HOUSE,
            lump_sum_cents=1,
            baseline_clients=1,
            risk_valve_percent=10,
            districts=[world.west_centrum],
            subcontractors=[contracting.anker.organisation],
        )
        ContractProductFactory(contract=contract)

    with django_assert_num_queries(1):
        found = list(providers_for(world.west, world.west_centrum, "02", "02A01", ON))

    assert len(found) == 7  # five new ones, zorg thuis (open house), het anker (subcontractor of the areas)


# -- risk valve ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("baseline", "percent", "threshold"),
    [(200, 10, 220), (260, 10, 286), (101, 10, 112), (1, 100, 2)],
)
def test_risk_valve_threshold_rounds_up(baseline, percent, threshold):
    contract = ContractFactory.build(area=True, baseline_clients=baseline, risk_valve_percent=percent)

    assert risk_valve_threshold(contract) == threshold
    assert not risk_valve_exceeded(contract, threshold)
    assert risk_valve_exceeded(contract, threshold + 1)


def test_no_risk_valve_without_a_baseline():
    contract = ContractFactory.build()

    assert risk_valve_threshold(contract) is None
    assert not risk_valve_exceeded(contract, 10_000)
