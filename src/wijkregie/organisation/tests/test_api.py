"""Reference data API: municipalities, districts and teams for every signed-in staff member, nobody else."""

import pytest
from rest_framework.test import APIClient

from wijkregie.accounts.services import api_token_for
from wijkregie.audit.models import AuditEvent
from wijkregie.organisation.tests.factories import DistrictFactory, TeamFactory

API = "/api/v1"
STAFF = ["anna", "otto", "teun", "bo", "sanne", "piet", "carla", "bea", "fenna", "zoe"]
ENDPOINTS = ["municipalities", "districts", "teams"]


@pytest.fixture
def api(world):
    def client_for(name: str | None) -> APIClient:
        client = APIClient()
        if name is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(username=name)}")
        return client

    return client_for


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_anonymous_gets_401(world, api, endpoint):
    response = api(None).get(f"{API}/{endpoint}/")

    assert response.status_code == 401
    assert "results" not in response.json()


def test_inactive_staff_gets_401(world, api):
    client = api("carla")
    world.carla.is_active = False
    world.carla.save(update_fields=["is_active"])

    assert client.get(f"{API}/municipalities/").status_code == 401


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("name", STAFF)
def test_every_staff_member_reads_reference_data(world, api, name, endpoint):
    """Reference data holds no personal data: other team, other municipality and non-casework roles alike."""
    response = api(name).get(f"{API}/{endpoint}/")

    assert response.status_code == 200
    assert response.json()["count"] > 0
    assert not AuditEvent.objects.filter(actor=world.user(name)).exists()


def test_municipalities(world, api):
    body = api("carla").get(f"{API}/municipalities/").json()

    assert body["results"] == [
        {"uuid": str(world.west.uuid), "name": "Westerhoek", "cbs_code": "9901"},
        {"uuid": str(world.zuid.uuid), "name": "Zuiderdijk", "cbs_code": "9902"},
    ]


def test_districts(world, api):
    body = api("zoe").get(f"{API}/districts/").json()

    assert body["count"] == 3
    assert body["results"][0] == {
        "uuid": str(world.west_centrum.uuid),
        "name": "Centrum",
        "municipality": str(world.west.uuid),
        "wijkpunt_name": "Wijkpunt Centrum",
        "wijkpunt_address": "",
        "postcode_areas": ["9711"],
    }
    assert [row["name"] for row in body["results"]] == ["Centrum", "Noord", "Dorp"]


def test_teams(world, api):
    body = api("piet").get(f"{API}/teams/").json()

    backoffice = next(row for row in body["results"] if row["name"] == "Backoffice")
    municipalities = backoffice.pop("municipalities")
    assert sorted(municipalities) == sorted([str(world.west.uuid), str(world.zuid.uuid)])
    assert backoffice == {
        "uuid": str(world.backoffice.uuid),
        "name": "Backoffice",
        "kind": "backoffice",
        "organisation": {
            "uuid": str(world.backoffice.organisation.uuid),
            "name": "Gemeente Westerhoek",
            "kind": "gemeente",
        },
        "districts": [],
    }
    centrum = next(row for row in body["results"] if row["name"] == "Wijkteam Centrum")
    assert (centrum["municipalities"], centrum["districts"]) == (
        [str(world.west.uuid)],
        [str(world.west_centrum.uuid)],
    )


@pytest.mark.parametrize(("endpoint", "queries"), [("municipalities", 3), ("districts", 4), ("teams", 5)])
def test_query_count_does_not_grow(world, api, django_assert_num_queries, endpoint, queries):
    client = api("anna")
    with django_assert_num_queries(queries):
        client.get(f"{API}/{endpoint}/")

    for number in range(4):
        district = DistrictFactory(municipality=world.west, postcodes=[f"98{number}0", f"98{number}1"])
        TeamFactory(municipalities=[world.west, world.zuid], districts=[district, world.west_noord])

    with django_assert_num_queries(queries):
        client.get(f"{API}/{endpoint}/")
