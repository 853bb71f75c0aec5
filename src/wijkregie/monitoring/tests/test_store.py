"""The steering store: derived from allocations and declarations, incrementally refreshed, keyed by a
pseudonym, and the cost per unique client read from it with the small-cell rule."""

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from wijkregie.allocations.tests.test_ledger_costs import allocation, booked, household
from wijkregie.audit.models import AuditEvent
from wijkregie.monitoring.constants import CostSource
from wijkregie.monitoring.inzage import steering_rows_of
from wijkregie.monitoring.models import CareYear, StoreState
from wijkregie.monitoring.pseudonyms import person_key
from wijkregie.monitoring.selectors import Per, cost_per_client
from wijkregie.monitoring.services import person_rows_delete, store_refresh
from wijkregie.providers.models import ContractProduct
from wijkregie.provisions.constants import ProvisionLaw

from .builders import declared_allocation, provider

pytestmark = pytest.mark.django_db
D = datetime.date


def _refresh(world, **kwargs):
    return store_refresh(acting_user=None, municipality=world.west, **kwargs)


@pytest.fixture
def year_2025(world):
    """Wmo: one person with household help (2 x € 500) and a wheelchair (€ 2.000), five with support
    (€ 1.000 each); youth: five persons with € 3.000 each."""
    zorg = provider(world)
    first = declared_allocation(world, zorg, months=[1, 2], cents=50_000, category="01")
    declared_allocation(world, zorg, months=[1], cents=200_000, category="11", home=first.household)
    for _ in range(5):
        declared_allocation(world, zorg, months=[3], cents=100_000)
    for _ in range(5):
        declared_allocation(world, zorg, months=[4], cents=300_000, category="45", law=ProvisionLaw.YOUTH)
    return zorg


def test_unique_clients_spend_and_cost_per_client_per_law_as_the_seed_tables_count_them(world, year_2025):
    _refresh(world)

    answer = cost_per_client(world.west, 2025)

    table = {row.label: (row.clients, row.spend_cents, row.per_client_cents) for row in answer.rows}
    assert table == {
        "Wmo 2015": (6, 800_000, 133_333),  # € 8.000 / 6 = € 1.333,33: the person with two counts once
        "Jeugdwet": (5, 1_500_000, 300_000),
    }
    assert (answer.total.clients, answer.total.spend_cents) == (11, 2_300_000)
    assert answer.total.declared_percent == 100


def test_a_person_counts_once_in_each_cbs_category_so_categories_do_not_add_up(world, year_2025):
    _refresh(world)

    answer = cost_per_client(world.west, 2025, law=ProvisionLaw.WMO, per=Per.WMO_CATEGORY)

    shown = {row.label: (row.clients, row.spend_cents) for row in answer.rows}
    assert shown == {
        "Hulp bij het huishouden": (None, None),  # one person: "<5"
        "Hulpmiddelen en diensten": (None, None),
        "Ondersteuning thuis": (5, 500_000),
    }
    assert (answer.total.clients, answer.total.spend_cents) == (6, 800_000)


def test_a_lone_small_cell_takes_another_with_it_so_no_subtraction_gives_it_away(world, year_2025):
    zorg = year_2025
    declared_allocation(world, zorg, months=[5], cents=70_000, home=household(world, world.west_noord))
    _refresh(world)

    answer = cost_per_client(world.west, 2025, law=ProvisionLaw.WMO, per=Per.DISTRICT)

    assert {row.label: row.suppressed for row in answer.rows} == {"Centrum": True, "Noord": True}
    assert (answer.total.clients, answer.total.spend_cents) == (7, 870_000)


def test_undeclared_months_count_as_expected_and_say_so(world):
    zorg = provider(world)  # € 32,50 an hour, 2 hours a week: € 281,67 a month
    made = allocation(world, zorg, start=D(2025, 1, 1), end=D(2025, 12, 31))
    booked(world, made, D(2025, 1, 1), 30_000)
    _refresh(world)

    row = CareYear.objects.get(year=2025)

    assert (row.declared_cents, row.realised_cents) == (30_000, 30_000 + round(11 * 2 * 3250 * 52 / 12))
    assert row.cost_source == CostSource.MIXED


def test_a_refresh_after_a_day_takes_only_what_changed(world, year_2025):
    first = _refresh(world)
    before = dict(CareYear.objects.values_list("source", "pk"))
    declared_allocation(world, year_2025, months=[6], cents=10_000)

    second = _refresh(world)

    assert (first.full, second.full, second.trajectories, second.rows) == (True, False, 1, 1)
    after = dict(CareYear.objects.values_list("source", "pk"))
    assert {source: after[source] for source in before} == before  # the others were not rewritten
    assert len(after) == len(before) + 1
    assert AuditEvent.objects.filter(object_type="monitoring.careyear").count() == 2


def test_a_new_tariff_or_a_new_year_derives_everything_again(world, year_2025):
    _refresh(world)
    ContractProduct.objects.update(tariff_cents=4000, updated_at=timezone.now())  # as the service saves it

    assert _refresh(world).full
    StoreState.objects.update(refreshed_on=D(2025, 12, 31))
    assert _refresh(world).full
    assert not _refresh(world).full


def test_the_store_knows_a_person_only_by_a_keyed_hash(world, year_2025, settings):
    _refresh(world)
    resident = year_2025.allocations.order_by("pk").first().resident

    key = person_key(resident.uuid)
    settings.WIJKREGIE_MONITORING_KEY = "another-key"

    assert CareYear.objects.filter(person=key).count() == 2
    assert person_key(resident.uuid) != key  # without the secret the hash cannot be made again


def test_a_persons_rows_are_found_by_their_pseudonym_and_removed(world, year_2025):
    _refresh(world)
    resident = year_2025.allocations.order_by("pk").first().resident
    total = CareYear.objects.count()

    deleted = person_rows_delete(acting_user=world.fenna, resident=resident)

    assert deleted == 2 and CareYear.objects.count() == total - 2
    assert not CareYear.objects.filter(person=person_key(resident.uuid)).exists()
    assert AuditEvent.objects.filter(object_type="monitoring.careyear", action="verwijderen").count() == 1


def test_a_persons_store_rows_are_in_their_inzage_document_and_nobody_elses(world, year_2025):
    _refresh(world)
    first = year_2025.allocations.order_by("pk").first().resident
    other = year_2025.allocations.order_by("pk").last().resident

    mine, theirs = steering_rows_of(first), steering_rows_of(other)

    assert sorted((r["productcategorie"], r["gedeclareerd_in_eurocent"]) for r in mine) == [
        ("01", 100_000),
        ("11", 200_000),
    ]
    assert [(r["wet"], r["categorie_cbs"]) for r in theirs] == [("jeugdwet", "")]


@pytest.mark.parametrize("name", ["bea", "carla"])
def test_a_steering_role_cannot_refresh_another_municipality(world, year_2025, name):
    _refresh(world)
    before = sorted(CareYear.objects.values_list("pk", "realised_cents"))
    events = AuditEvent.objects.count()

    with pytest.raises(Http404):
        store_refresh(acting_user=world.user(name), municipality=world.zuid)

    assert sorted(CareYear.objects.values_list("pk", "realised_cents")) == before
    assert not StoreState.objects.filter(municipality=world.zuid).exists()
    assert AuditEvent.objects.count() == events
