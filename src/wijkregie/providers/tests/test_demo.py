"""The demo contracts: made once, matching the demo catalogue, found by the allocation reads."""

import datetime

import pytest

from wijkregie.accounts.models import TeamMembership
from wijkregie.organisation.constants import OrganisationKind, TeamKind
from wijkregie.organisation.tests.factories import OrganisationFactory, TeamFactory
from wijkregie.providers.constants import ContractKind
from wijkregie.providers.demo_contracts import load_demo_contracts
from wijkregie.providers.models import Contract, ContractProduct, Provider
from wijkregie.providers.selectors import contracted_product, providers_for
from wijkregie.provisions.constants import ProvisionKind
from wijkregie.provisions.demo_catalogue import load_demo_catalogue
from wijkregie.provisions.models import Provision

from .conftest import TODAY, providers_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def noorderlicht(world):
    """The demo's provider team and its organisation, with piet on it (as the demo generator makes them)."""
    organisation = OrganisationFactory(name="Zorggroep Noorderlicht", kind=OrganisationKind.CARE_PROVIDER)
    team = TeamFactory(
        name="Noorderlicht Wijkzorg",
        kind=TeamKind.PROVIDER,
        organisation=organisation,
        municipalities=[world.west],
    )
    TeamMembership.objects.create(user=world.piet, team=team)
    return organisation


def test_loading_twice_makes_everything_once(world, noorderlicht):
    made = load_demo_contracts()
    after_first = providers_state()

    assert made > 0
    assert load_demo_contracts() == 0
    assert providers_state() == after_first


def test_noorderlicht_is_the_demo_organisation_where_piet_works(world, noorderlicht):
    load_demo_contracts()

    provider = Provider.objects.get(organisation=noorderlicht)
    assert set(provider.municipalities.all()) == {world.west, world.zuid}
    assert Provider.objects.filter(organisation__name="Thuiszorg Het Anker").exists()


def test_contracts_per_kind_and_period(world, noorderlicht):
    load_demo_contracts()

    west = Contract.objects.filter(municipality=world.west)
    open_house = west.filter(kind=ContractKind.OPEN_HOUSE)
    area = west.get(kind=ContractKind.AREA)  # Centrum and Noord; Oost and Haven are not in this world
    subsidy = west.get(kind=ContractKind.SUBSIDY)
    # "tot 1 januari 2027, twee keer een jaar"
    assert {(c.end_date, c.extension_years, c.extensions_max) for c in open_house} == {
        (datetime.date(2026, 12, 31), 1, 2)
    }
    assert all(c.start_date <= c.review_on <= c.end_date for c in open_house)
    assert (area.risk_valve_percent, area.baseline_clients, area.lump_sum_cents) == (10, 260, 240_000_000)
    assert set(area.districts.all()) == {world.west_centrum, world.west_noord}
    assert [o.name for o in area.subcontractors.all()] == ["Zorggroep Noorderlicht"]
    assert subsidy.party.name == "Welzijn De Schans" and subsidy.subsidy_cents > 0
    assert Contract.objects.filter(municipality=world.zuid, kind=ContractKind.OPEN_HOUSE).count() == 3


def test_products_and_tariffs_match_the_demo_catalogue(world, noorderlicht):
    load_demo_catalogue()
    load_demo_contracts()

    catalogue = {
        (p.municipality_id, p.product_category, p.product_code): (p.unit, p.tariff_cents)
        for p in Provision.objects.filter(kind=ProvisionKind.CUSTOM)
    }
    products = ContractProduct.objects.select_related("contract")
    assert {p.product_code for p in products} == {"01A01", "01A02", "02A01", "04A01", "45A01", "45A02"}
    for product in products:
        key = (product.contract.municipality_id, product.product_category, product.product_code)
        assert catalogue[key] == (product.unit, product.tariff_cents)


def test_the_allocation_reads_find_the_demo_contracts(world, noorderlicht):
    load_demo_contracts()
    provider = Provider.objects.get(organisation=noorderlicht)

    begeleiding = contracted_product(world.west, provider, "02", "02A01", TODAY)
    youth = [p.organisation.name for p in providers_for(world.west, world.west_centrum, "45", "45A02", TODAY)]

    assert begeleiding is not None and begeleiding.tariff_cents == 6150
    assert youth == ["Jeugdhulp De Vlieger", "Zorggroep Noorderlicht"]  # main provider and subcontractor


def test_nothing_without_the_demo_municipalities(db):
    assert load_demo_contracts() == 0
    assert not Contract.objects.exists()
