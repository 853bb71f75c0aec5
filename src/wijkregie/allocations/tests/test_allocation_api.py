"""Allocation API: allocate, read, start and stop by the provider, revoke; 401/404 and Dutch 400s."""

import pytest
from rest_framework.test import APIClient

from wijkregie.accounts.services import api_token_for
from wijkregie.allocations.constants import AllocationStatus
from wijkregie.allocations.models import Allocation

from .conftest import TODAY, contract_for, provider_of, signed_beschikking

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _client(name):
    client = APIClient()
    if name is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(username=name)}")
    return client


@pytest.fixture
def ready(world, outbox):
    provider = provider_of(world)
    contract_for(world, provider)
    return signed_beschikking(world), provider


def _allocate(client, beschikking, provider, **extra):
    body = {"provider": str(provider.uuid), **extra}
    return client.post(f"{API}/beschikkingen/{beschikking.uuid}/allocate/", body, format="json")


def test_the_flow_from_allocation_to_stop(world, ready):
    beschikking, provider = ready
    anna = _client("anna")
    assert _allocate(anna, beschikking, provider, onbekend=1).status_code == 400  # unknown field
    response = _allocate(anna, beschikking, provider, resident_choice=True)
    assert response.status_code == 201
    body = response.json()
    assert body["number"] == 1 and body["status"] == AllocationStatus.ALLOCATED and body["resident_choice"]
    assert "bsn" not in body["client"]  # casework gets no BSN back from the API
    url = f"{API}/allocations/{body['uuid']}/"
    listed = anna.get(f"{API}/allocations/?beschikking={beschikking.uuid}").json()
    assert [row["uuid"] for row in listed] == [body["uuid"]]
    piet = _client("piet")
    for_provider = piet.get(f"{API}/allocations/").json()
    assert [row["uuid"] for row in for_provider] == [body["uuid"]]
    assert for_provider[0]["client"]["bsn"] == beschikking.request.resident.bsn  # the 301 carries it to them
    assert anna.post(url + "start/", {"started_on": TODAY.isoformat()}, format="json").status_code == 404
    response = piet.post(url + "start/", {"started_on": "2025-03-09"}, format="json")
    assert response.status_code == 400 and "started_on" in response.json()
    assert (
        piet.post(url + "start/", {"started_on": TODAY.isoformat()}, format="json").json()["status"]
        == "gestart"
    )
    response = piet.post(url + "stop/", {"stopped_on": TODAY.isoformat(), "reason": "19"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == AllocationStatus.STOPPED
    assert (
        piet.post(url + "revoke/", {"end_on": TODAY.isoformat(), "reason": "09"}, format="json").status_code
        == 404
    )


def test_revoke_by_casework(world, ready):
    beschikking, provider = ready
    anna = _client("anna")
    url = f"{API}/allocations/{_allocate(anna, beschikking, provider).json()['uuid']}/"
    response = anna.post(url + "revoke/", {"end_on": TODAY.isoformat(), "reason": "99"}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = anna.post(url + "revoke/", {"end_on": TODAY.isoformat(), "reason": "09"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == AllocationStatus.REVOKED


@pytest.mark.parametrize("name", ["otto", "zoe", "carla", "bea", "fenna"])
def test_others_get_404_and_change_nothing(world, ready, name):
    beschikking, provider = ready
    created = _allocate(_client("anna"), beschikking, provider).json()
    client = _client(name)
    assert _allocate(client, beschikking, provider).status_code == 404
    assert client.get(f"{API}/allocations/{created['uuid']}/").status_code == 404
    assert client.get(f"{API}/allocations/").json() == []
    assert Allocation.objects.count() == 1


def test_anonymous_is_401(world, ready):
    beschikking, provider = ready
    assert _allocate(_client(None), beschikking, provider).status_code == 401
    assert _client(None).get(f"{API}/allocations/").status_code == 401


def test_an_unknown_or_inactive_provider_is_a_dutch_400(world, ready):
    beschikking, provider = ready
    provider.active = False
    provider.save(update_fields=["active"])
    response = _allocate(_client("anna"), beschikking, provider)
    assert response.status_code == 400 and response.json()["provider"] == ["Onbekende aanbieder."]
    assert not Allocation.objects.exists()


def test_a_providers_list_narrowed_to_one_beschikking_shows_only_its_allocations(world, ready):
    beschikking, provider = ready
    other = signed_beschikking(world)
    anna = _client("anna")
    mine = _allocate(anna, beschikking, provider).json()["uuid"]
    _allocate(anna, other, provider)

    listed = _client("piet").get(f"{API}/allocations/?beschikking={beschikking.uuid}").json()

    assert [row["uuid"] for row in listed] == [mine]


@pytest.mark.parametrize(
    ("query", "field"), [("status=AAA", "status"), ("beschikking=geen-uuid", "beschikking")]
)
@pytest.mark.parametrize("name", ["anna", "piet"])
def test_a_filter_value_outside_its_type_is_a_dutch_400(world, ready, query, field, name):
    answer = _client(name).get(f"{API}/allocations/?{query}")

    assert answer.status_code == 400
    assert list(answer.json()) == [field]
