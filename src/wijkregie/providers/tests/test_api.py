"""The providers and contracts API: authorisation matrix per endpoint, Dutch 400 per field with nothing
saved, audit rows with channel "api", extension, and query counts for the lists."""

import datetime

import pytest
from rest_framework.test import APIClient

from wijkregie.audit.constants import Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.providers.models import Contract, Provider

from .conftest import providers_state
from .factories import ContractFactory, ProviderFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"
NOBODY = ["anna", "otto", "teun", "bo", "sanne", "piet", "fenna", "zoe"]

# (method, path with {provider}/{contract} placeholders, whether bea may call it)
ENDPOINTS = [
    ("get", "/providers/", True),
    ("post", "/providers/", False),
    ("get", "/providers/{provider}/", True),
    ("patch", "/providers/{provider}/", False),
    ("get", "/contracts/", True),
    ("post", "/contracts/", False),
    ("get", "/contracts/{contract}/", True),
    ("patch", "/contracts/{contract}/", False),
    ("post", "/contracts/{contract}/extend/", False),
    ("get", "/contracts/{contract}/products/", True),
    ("post", "/contracts/{contract}/products/", False),
]


def _path(contracting, path):
    return API + path.format(provider=contracting.zorg_thuis.uuid, contract=contracting.open_house.uuid)


def _body(contracting, method, path):
    if method == "get" or path.endswith("/extend/"):
        return None
    return {
        ("post", "/providers/"): {"name": "Nieuwe Zorg", "kind": "zorgaanbieder", "agb_code": "87654321"},
        ("patch", "/providers/{provider}/"): {"kvk_number": "11112222"},
        ("post", "/contracts/"): {
            "kind": "open_house",
            "name": "Open house Het Anker",
            "party": str(contracting.anker.organisation.uuid),
            "start_date": "2025-01-01",
            "end_date": "2026-12-31",
            "extension_years": 1,
            "extensions_max": 2,
            "review_on": "2025-10-01",
        },
        ("patch", "/contracts/{contract}/"): {"name": "Open house Zorg Thuis 2024"},
        ("post", "/contracts/{contract}/products/"): {
            "product_category": "01",
            "product_code": "01A01",
            "unit": "04",
            "tariff_cents": 3250,
            "valid_from": "2025-01-01",
        },
    }[(method, path)]


def _call(client, contracting, method, path):
    return getattr(client, method)(_path(contracting, path), _body(contracting, method, path), format="json")


def _as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


# -- authorisation ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("method", "path", "bea"), ENDPOINTS)
def test_anonymous_gets_401(world, contracting, method, path, bea):
    before = providers_state()

    assert _call(APIClient(), contracting, method, path).status_code == 401
    assert providers_state() == before


@pytest.mark.parametrize("name", NOBODY)
@pytest.mark.parametrize(("method", "path", "bea"), ENDPOINTS)
def test_every_other_role_gets_404(world, contracting, method, path, bea, name):
    before = providers_state()

    assert _call(_as(world.user(name)), contracting, method, path).status_code == 404
    assert providers_state() == before


@pytest.mark.parametrize(("method", "path", "bea"), ENDPOINTS)
def test_policy_officer_reads_only(world, contracting, method, path, bea):
    before = providers_state()

    response = _call(_as(world.bea), contracting, method, path)

    assert response.status_code == (200 if bea else 404)
    assert providers_state() == before


@pytest.mark.parametrize(("method", "path", "bea"), [e for e in ENDPOINTS if "{" in e[1]])
def test_contractmanager_of_zuid_gets_404_for_west(world, contracting, method, path, bea):
    before = providers_state()

    assert _call(_as(contracting.cora), contracting, method, path).status_code == 404
    assert providers_state() == before


@pytest.mark.parametrize(("method", "path", "bea"), ENDPOINTS)
def test_contractmanager_may_call_every_endpoint(world, contracting, method, path, bea):
    response = _call(_as(world.carla), contracting, method, path)

    assert response.status_code == (201 if method == "post" and not path.endswith("/extend/") else 200)
    if method != "get":
        event = AuditEvent.objects.get()
        assert (event.actor, event.channel) == (world.carla, Channel.API)


# -- what the endpoints answer ---------------------------------------------------------------------------
def test_provider_list_and_detail(world, contracting):
    client = _as(world.carla)

    listed = client.get(f"{API}/providers/").json()
    detail = client.get(f"{API}/providers/{contracting.zorg_thuis.uuid}/").json()

    assert [p["name"] for p in listed["results"]] == ["Het Anker", "Zorg Thuis"]
    assert detail["agb_code"] == "12345678"
    assert detail["municipalities"] == [str(world.west.uuid)]
    assert detail["contacts"][0]["topic"] == "Toewijzingen"


def test_contract_detail_with_area_and_risk_valve(world, contracting):
    body = _as(world.bea).get(f"{API}/contracts/{contracting.area.uuid}/").json()

    assert body["kind"] == "gebied"
    assert body["party"]["name"] == "Het Anker"
    assert [s["name"] for s in body["subcontractors"]] == ["Zorg Thuis"]
    assert body["districts"] == [str(world.west_centrum.uuid)]
    assert (body["lump_sum_cents"], body["risk_valve_threshold"], body["extensions_left"]) == (
        240_000_000,
        220,
        2,
    )


def test_create_area_contract_by_uuids(world, contracting):
    response = _as(world.carla).post(
        f"{API}/contracts/",
        {
            "kind": "gebied",
            "name": "Jeugd Noord",
            "party": str(contracting.anker.organisation.uuid),
            "subcontractors": [str(contracting.zorg_thuis.organisation.uuid)],
            "districts": [str(world.west_noord.uuid)],
            "start_date": "2025-01-01",
            "end_date": "2026-12-31",
            "lump_sum_cents": 150_000_000,
            "baseline_clients": 120,
            "risk_valve_percent": 10,
        },
        format="json",
    )

    assert response.status_code == 201
    contract = Contract.objects.get(uuid=response.json()["uuid"])
    assert list(contract.districts.all()) == [world.west_noord]
    assert response.json()["risk_valve_threshold"] == 132


def test_extend_moves_the_end_date_then_refuses(world, contracting):
    client = _as(world.carla)
    url = f"{API}/contracts/{contracting.open_house.uuid}/extend/"

    first, second = client.post(url).json(), client.post(url).json()
    before = providers_state()
    third = client.post(url)

    assert (first["end_date"], second["end_date"]) == ("2027-12-31", "2028-12-31")
    assert second["extensions_left"] == 0
    assert third.status_code == 400
    assert third.json() == {"__all__": ["Dit contract heeft geen verlengingsopties meer."]}
    assert providers_state() == before


def test_patch_keeps_what_is_not_sent(world, contracting):
    response = _as(world.carla).patch(
        f"{API}/contracts/{contracting.area.uuid}/", {"risk_valve_percent": 20}, format="json"
    )

    area = Contract.objects.get(pk=contracting.area.pk)
    assert response.status_code == 200
    assert (area.risk_valve_percent, area.lump_sum_cents, list(area.districts.all())) == (
        20,
        240_000_000,
        [world.west_centrum],
    )
    assert AuditEvent.objects.get().fields == ["risk_valve_percent"]


def test_patch_provider_keeps_its_districts(world, contracting):
    contracting.zorg_thuis.districts.set([world.west_noord])

    response = _as(world.carla).patch(
        f"{API}/providers/{contracting.zorg_thuis.uuid}/", {"active": False}, format="json"
    )

    provider = Provider.objects.get(pk=contracting.zorg_thuis.pk)
    assert response.status_code == 200
    assert (provider.active, list(provider.districts.all())) == (False, [world.west_noord])


# -- bad input -------------------------------------------------------------------------------------------
BAD = [
    (
        "post",
        "/contracts/",
        {"end_date": "2024-12-31"},
        {"end_date": ["De einddatum ligt vóór de ingangsdatum."]},
    ),
    ("post", "/contracts/", {"party": "not-a-uuid"}, {"party": ["Dit is geen geldige uuid."]}),
    (
        "post",
        "/contracts/",
        {"party": "00000000-0000-0000-0000-000000000000"},
        {"party": ["Onbekende organisatie."]},
    ),
    (
        "post",
        "/contracts/",
        {"lump_sum_cents": 5},
        {"lump_sum_cents": ["Hoort alleen bij een gebiedscontract."]},
    ),
    ("post", "/contracts/", {"colour": "blauw"}, {"colour": ["Dit veld bestaat niet."]}),
    (
        "patch",
        "/contracts/{contract}/",
        {"kind": "subsidie"},
        {"kind": ["De soort van een contract verandert niet. Maak een nieuw contract."]},
    ),
    (
        "patch",
        "/contracts/{contract}/",
        {"end_date": "2023-01-01"},
        {"end_date": ["De einddatum ligt vóór de ingangsdatum."]},
    ),
    (
        "post",
        "/providers/",
        {"agb_code": "12345678"},
        {"agb_code": ["Er is al een zorgaanbieder met deze AGB-code."]},
    ),
    (
        "post",
        "/providers/",
        {"kvk_number": "12ab"},
        {"kvk_number": ["Een KvK-nummer bestaat uit 8 cijfers."]},
    ),
    (
        "patch",
        "/providers/{provider}/",
        {"agb_code": "123"},
        {"agb_code": ["Een AGB-code bestaat uit 8 cijfers."]},
    ),
    (
        "post",
        "/contracts/{contract}/products/",
        {"tariff_cents": -1},
        {"tariff_cents": ["Het tarief kan niet negatief zijn."]},
    ),
    (
        "post",
        "/contracts/{contract}/products/",
        {"valid_until": "2024-12-31"},
        {"valid_until": ["‘Geldig tot en met’ ligt vóór ‘geldig vanaf’."]},
    ),
]


@pytest.mark.parametrize(("method", "path", "changes", "expected"), BAD)
def test_bad_input_is_a_dutch_400_and_saves_nothing(world, contracting, method, path, changes, expected):
    body = {**(_body(contracting, method, path) or {}), **changes}
    before = providers_state()

    response = getattr(_as(world.carla), method)(_path(contracting, path), body, format="json")

    assert response.status_code == 400
    assert response.json() == expected
    assert providers_state() == before


# -- query counts ----------------------------------------------------------------------------------------
def _more(world, count):
    for _ in range(count):
        provider = ProviderFactory(municipalities=[world.west], districts=[world.west_noord])
        ContractFactory(
            area=True,
            municipality=world.west,
            party=provider.organisation,
            districts=[world.west_centrum],
            subcontractors=[provider.organisation],
        )


# providers: count, page, municipalities, districts, contacts (force_authenticate: no session, no user)
PROVIDERS_QUERIES = 5
# contracts: count, page, subcontractors, districts
CONTRACTS_QUERIES = 4


@pytest.mark.parametrize("extra", [0, 5])
def test_list_query_counts_do_not_grow(world, contracting, django_assert_num_queries, extra):
    _more(world, extra)
    client = _as(world.carla)

    with django_assert_num_queries(PROVIDERS_QUERIES):
        providers = client.get(f"{API}/providers/").json()
    with django_assert_num_queries(CONTRACTS_QUERIES):
        contracts = client.get(f"{API}/contracts/").json()

    assert providers["count"] == 2 + extra
    assert contracts["count"] == 3 + extra


def test_extend_by_date_in_the_past_is_kept_in_order(world, contracting):
    """An extension moves the end date even when the contract already ended: the options stay usable."""
    contract = ContractFactory(
        municipality=world.west,
        party=contracting.zorg_thuis.organisation,
        start_date=datetime.date(2022, 1, 1),
        end_date=datetime.date(2024, 12, 31),
        review_on=datetime.date(2023, 10, 1),
    )

    response = _as(world.carla).post(f"{API}/contracts/{contract.uuid}/extend/")

    assert response.json()["end_date"] == "2025-12-31"
