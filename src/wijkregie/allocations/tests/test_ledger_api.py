"""Cost ledger API: GET costs/, POST invoice-imports/, GET contract-review/. Authorisation matrix (401,
404 and nothing changed), beleid with small cells null, Dutch 400s that save nothing, the same file twice."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from wijkregie.accounts.constants import Role
from wijkregie.accounts.services import api_token_for
from wijkregie.accounts.tests.factories import UserFactory
from wijkregie.allocations.models import InvoiceImport, InvoiceLine
from wijkregie.audit.constants import Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.households.constants import Relation

from .test_ledger_costs import D, allocation, booked, contracted_provider
from .test_ledger_import import csv, line

pytestmark = pytest.mark.django_db

API = "/api/v1"
READS = [f"{API}/costs/", f"{API}/contract-review/"]
DENIED = ["anna", "otto", "teun", "bo", "sanne", "piet", "fenna", "zoe"]


def _client(name):
    client = APIClient()
    if name is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(username=name)}")
    return client


def _upload(client, content, name="declaratie.csv"):
    return client.post(
        f"{API}/invoice-imports/", {"file": SimpleUploadedFile(name, content)}, format="multipart"
    )


@pytest.fixture
def weekly(world):
    return allocation(world, contracted_provider(world, "Zorg Thuis"), home=world.household)


def _state():
    return InvoiceImport.objects.count(), InvoiceLine.objects.count(), AuditEvent.objects.count()


def test_anonymous_is_401(world, weekly):
    client = _client(None)

    assert [client.get(url).status_code for url in READS] == [401, 401]
    assert _upload(client, csv(line(weekly))).status_code == 401
    assert not InvoiceImport.objects.exists()


@pytest.mark.parametrize("name", [*DENIED, "zuid_manager_without_municipality"])
def test_everyone_else_gets_404_and_nothing_changes(world, weekly, name):
    if name.startswith("zuid"):
        UserFactory(username="zack", role=Role.CONTRACT_MANAGER, municipality=None)
        name = "zack"
    client = _client(name)
    before = _state()

    assert [client.get(url).status_code for url in READS] == [404, 404]
    assert _upload(client, csv(line(weekly))).status_code == 404
    assert _state() == before


def test_beleid_reads_with_small_cells_null_and_cannot_import(world, weekly):
    client = _client("bea")
    before = _state()

    costs = client.get(f"{API}/costs/", {"year": 2025})
    review = client.get(f"{API}/contract-review/")

    assert costs.status_code == 200 and review.status_code == 200
    body = costs.json()
    assert body["suppress"] is True
    assert body["total"] == {
        "month": None,
        "clients": None,
        "expected_cents": None,
        "actual_cents": None,
        "difference_cents": None,
        "suppressed": True,
    }
    assert review.json()["providers"][0]["clients_now"] is None
    assert _upload(client, csv(line(weekly))).status_code == 404
    assert _state() == before


def test_another_municipalitys_contractmanager_sees_only_their_own(world, weekly):
    UserFactory(username="zack", role=Role.CONTRACT_MANAGER, municipality=world.zuid)
    client = _client("zack")

    costs = client.get(f"{API}/costs/", {"year": 2025}).json()
    review = client.get(f"{API}/contract-review/").json()

    assert costs["total"]["clients"] == 0 and costs["rows"] == []
    assert review["providers"] == []


def test_the_contractmanager_gets_the_ledger_per_provider(world, weekly):
    booked(world, weekly, D(2025, 1, 1), 270_00)

    response = _client("carla").get(f"{API}/costs/", {"year": 2025, "per": "provider"})

    body = response.json()
    assert response.status_code == 200
    assert (body["year"], body["per"], body["suppress"]) == (2025, "provider", False)
    assert body["months"][0] == {
        "month": "2025-01-01",
        "clients": 1,
        "expected_cents": 28167,
        "actual_cents": 27000,
        "difference_cents": -1167,
        "suppressed": False,
    }
    [row] = body["rows"]
    assert (row["key"], row["label"]) == (str(weekly.provider.uuid), "Zorg Thuis")
    assert [m["expected_cents"] for m in row["months"]] == [28167] * 12
    assert body["area_contracts"] == []
    resident = world.household.memberships.get(relation=Relation.HEAD).resident
    assert resident.bsn not in response.text and resident.surname not in response.text


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({"year": "twintig"}, {"year": ["Vul een jaartal in, bijvoorbeeld 2025."]}),
        ({"year": "1999"}, {"year": ["Vul een jaartal vanaf 2000 in."]}),
        ({"per": "kleur"}, {"per": ["Kies uit law, product, provider of district."]}),
    ],
)
def test_a_wrong_query_is_a_dutch_400(world, query, errors):
    response = _client("carla").get(f"{API}/costs/", query)

    assert response.status_code == 400 and response.json() == errors


def test_importing_books_and_flags_and_audits_on_the_api_channel(world, weekly):
    response = _upload(_client("carla"), csv(line(weekly), line(weekly, number=4242)))

    body = response.json()
    assert response.status_code == 201
    assert (body["lines"], body["booked"], body["flagged"], body["repeated"]) == (2, 1, 1, False)
    assert body["booked_cents"] == 28167
    assert body["flagged_lines"] == [
        {
            "allocation_number": None,
            "provider": "Zorg Thuis",
            "provider_agb": weekly.provider.agb_code,
            "month": "2025-02-01",
            "product_category": "01",
            "product_code": "01A01",
            "quantity": 8,
            "amount_cents": 28167,
            "reason": "Toewijzingnummer 4242 is onbekend in deze gemeente.",
        }
    ]
    event = AuditEvent.objects.get(object_uuid=body["uuid"])
    assert event.channel == Channel.API and event.fields == ["geboekt=1", "gemarkeerd=1", "regels=2"]


def test_the_same_file_twice_is_200_and_changes_nothing(world, weekly):
    client = _client("carla")
    content = csv(line(weekly))
    first = _upload(client, content).json()
    before = _state()

    again = _upload(client, content, name="nogmaals.csv")

    assert again.status_code == 200
    assert again.json()["repeated"] is True and again.json()["uuid"] == first["uuid"]
    assert _state() == before


def test_a_malformed_file_is_a_400_that_saves_nothing(world, weekly):
    client = _client("carla")
    before = _state()

    response = _upload(client, csv(line(weekly), line(weekly, amount="veel")))
    no_file = client.post(f"{API}/invoice-imports/", {}, format="multipart")

    assert response.status_code == 400
    assert response.json() == {
        "file": ["Regel 3: bedrag moet een bedrag in euro zijn, zoals 123,45 of 123.45."]
    }
    assert no_file.status_code == 400 and no_file.json() == {"file": ["Stuur een bestand mee."]}
    assert _state() == before


def test_the_contract_review(world, weekly):
    quiet = contracted_provider(world, "Stille Zorg")

    body = _client("carla").get(f"{API}/contract-review/").json()

    assert [p["name"] for p in body["candidates_to_end"]] == [quiet.organisation.name]
    assert {p["name"]: p["clients_now"] for p in body["providers"]} == {"Stille Zorg": 0, "Zorg Thuis": 1}
    assert body["uncontracted_allocations"] == [] and body["uncontracted_requests"] == []
    assert body["today"] == "2025-03-10" and body["year"] == 2025


def test_the_schema_describes_the_ledger_endpoints(client, world):
    schema = client.get(f"{API}/schema/", {"format": "json"}).json()

    costs = schema["paths"][f"{API}/costs/"]["get"]
    imports = schema["paths"][f"{API}/invoice-imports/"]["post"]
    review = schema["paths"][f"{API}/contract-review/"]["get"]
    assert {"200", "400", "401", "404"} <= set(costs["responses"])
    assert {"200", "201", "400", "401", "404"} <= set(imports["responses"])
    assert "multipart/form-data" in imports["requestBody"]["content"]
    assert {"200", "401", "404"} <= set(review["responses"])
