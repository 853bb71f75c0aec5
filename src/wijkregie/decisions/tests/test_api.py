"""Maatwerk API: authorisation matrix (404 and nothing changed), the flow, Dutch 400s that save nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from wijkregie.accounts.services import api_token_for
from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent
from wijkregie.decisions.constants import RequestStatus
from wijkregie.decisions.models import Beschikking, MaatwerkRequest, ReverseTest
from wijkregie.provisions.constants import ProvisionLaw
from wijkregie.tasks.models import Task

from .conftest import TODAY, head, make_provision
from .test_services import STEPS

pytestmark = pytest.mark.django_db

API = "/api/v1"
DENIED = ["otto", "zoe", "piet", "carla", "bea", "fenna"]


def _client(name):
    client = APIClient()
    if name is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(username=name)}")
    return client


def _create(client, world, **extra):
    body = {
        "resident": str(head(world.household).uuid),
        "provision": str(make_provision(world.west).uuid),
        "received_on": TODAY.isoformat(),
        **extra,
    }
    return client.post(f"{API}/households/{world.household.uuid}/maatwerk-requests/", body, format="json")


def test_anonymous_is_401(world):
    assert _create(_client(None), world).status_code == 401
    assert not MaatwerkRequest.objects.exists()


@pytest.mark.parametrize("name", DENIED)
def test_not_allowed_is_404_and_nothing_changes(world, name):
    created = _create(_client("anna"), world).json()
    client = _client(name)
    assert _create(client, world).status_code == 404
    url = f"{API}/maatwerk-requests/{created['uuid']}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"rules": "X"}, format="json").status_code == 404
    assert MaatwerkRequest.objects.count() == 1
    assert ReverseTest.objects.get().rules == ""


def test_a_jeugdwet_provision_for_an_adult_is_400_in_dutch_and_nothing_is_saved(world):
    response = _create(
        _client("anna"), world, provision=str(make_provision(world.west, ProvisionLaw.YOUTH).uuid)
    )
    assert response.status_code == 400
    assert response.json()["provision"] == [
        "Deze voorziening past niet bij deze inwoner: Jeugdwet: alleen voor jeugdigen onder de 18."
    ]
    assert not MaatwerkRequest.objects.exists()


def test_flow_and_dutch_errors(world):
    anna = _client("anna")
    response = _create(anna, world, urgent=True)
    assert response.status_code == 400
    assert "art. 2.3.3" in response.json()["temporary_provision_note"][0]
    assert not MaatwerkRequest.objects.exists()
    response = _create(anna, world)
    assert response.status_code == 201
    url = f"{API}/maatwerk-requests/{response.json()['uuid']}/"
    decision = {"outcome": "toekenning", "decision_kind": "afwijking", "decided_on": TODAY.isoformat()}
    response = anna.post(url + "decide/", decision, format="json")
    assert response.status_code == 400
    assert {"needed_outcome", "deviation_motivation"} <= set(response.json())
    assert anna.patch(url, STEPS, format="json").status_code == 200
    product = {"start_date": TODAY.isoformat(), "end_date": "2025-12-31", "volume": 3, "budget_cents": 100}
    response = anna.post(
        url + "decide/", {**decision, **product, "deviation_motivation": "Geest van de wet."}, format="json"
    )
    assert response.status_code == 400
    assert "iStandaard" in response.json()["budget_cents"][0]
    del product["budget_cents"]
    response = anna.post(
        url + "decide/", {**decision, **product, "deviation_motivation": "Geest van de wet."}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["reverse_test"]["approval_needed"] is True
    assert response.json()["beschikking"]["letter_available"] is False
    signers = anna.get(url + "signers/").json()
    assert [p["display_name"] for p in signers["cosigners"]] == sorted(
        [world.teun.display_name, world.bo.display_name]
    )
    assert anna.post(url + "approve/").status_code == 400
    response = _client("bo").post(url + "approve/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == RequestStatus.DECISION
    assert body["beschikking"]["volume"] == 3 and body["beschikking"]["signed_by"] == world.bo.display_name
    assert Task.objects.get(source_uuid=body["uuid"]).status == "afgerond"
    letter = anna.get(f"{API}/beschikkingen/{body['beschikking']['uuid']}/letter/")
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
    assert (
        _client("otto").get(f"{API}/beschikkingen/{body['beschikking']['uuid']}/letter/").status_code == 404
    )
    response = anna.post(url + "reindication/")
    assert response.status_code == 201
    assert response.json()["reason"] == "herindicatie" and response.json()["previous"] == body["uuid"]
    assert anna.post(url + "reindication/").status_code == 400
    follow_up = f"{API}/maatwerk-requests/{response.json()['uuid']}/"
    assert anna.post(follow_up + "withdraw/", {"reason": "kort"}, format="json").status_code == 400
    response = anna.post(
        follow_up + "withdraw/", {"reason": "De inwoner ziet er toch van af."}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == RequestStatus.WITHDRAWN


def test_send_back_and_the_new_endpoints_are_404_for_others(world):
    anna = _client("anna")
    url = f"{API}/maatwerk-requests/{_create(anna, world).json()['uuid']}/"
    anna.patch(url, STEPS, format="json")
    decision = {
        "outcome": "toekenning",
        "decision_kind": "afwijking",
        "deviation_motivation": "Geest van de wet.",
        "decided_on": TODAY.isoformat(),
        "start_date": TODAY.isoformat(),
        "volume": 1,
    }
    assert anna.post(url + "decide/", decision, format="json").status_code == 200
    for name in DENIED:
        client = _client(name)
        assert client.get(url + "signers/").status_code == 404
        for action in ("send-back/", "withdraw/", "reindication/", "approve/"):
            assert (
                client.post(
                    url + action, {"reason": "Een reden van genoeg tekens."}, format="json"
                ).status_code
                == 404
            )
    assert ReverseTest.objects.get().decided_on == TODAY
    teun = _client("teun")
    response = teun.post(url + "send-back/", {"reason": ""}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = teun.post(
        url + "send-back/", {"reason": "Noem de beleidsregel in de motivering."}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == RequestStatus.RESEARCH and body["beschikking"] is None
    assert body["reverse_test"]["sent_back_reason"] == "Noem de beleidsregel in de motivering."


def _filled(world):
    anna = _client("anna")
    url = f"{API}/maatwerk-requests/{_create(anna, world).json()['uuid']}/"
    assert anna.patch(url, STEPS, format="json").status_code == 200
    return anna, url


DECISION = {
    "outcome": "toekenning",
    "decision_kind": "binnen_regels",
    "decided_on": TODAY.isoformat(),
    "start_date": TODAY.isoformat(),
    "end_date": "2025-12-31",
}


@pytest.mark.parametrize("action", ["create", "patch", "decide/", "withdraw/", "send-back/"])
def test_an_unknown_field_is_a_dutch_400_and_changes_nothing(world, action):
    anna, url = _filled(world)
    teun = _client("teun")
    if action == "send-back/":
        body = {**DECISION, "decision_kind": "afwijking", "deviation_motivation": "Geest van de wet."}
        assert anna.post(url + "decide/", {**body, "volume": 1}, format="json").status_code == 200
    before = (MaatwerkRequest.objects.count(), list(ReverseTest.objects.order_by("pk").values()))
    audits = AuditEvent.objects.exclude(action=Action.READ).count()
    bodies = {
        "patch": {"rules": "Anders.", "spoed": True},
        "decide/": {**DECISION, "volume": 1, "omvang": 2},
        "withdraw/": {"reason": "De inwoner ziet er toch van af.", "ingetrokken_op": "2025-03-10"},
        "send-back/": {"reason": "Noem de beleidsregel in de motivering.", "extra": 1},
    }
    if action == "create":
        response = _create(anna, world, spoed=True)
    elif action == "patch":
        response = anna.patch(url, bodies[action], format="json")
    else:
        response = (teun if action == "send-back/" else anna).post(
            url + action, bodies[action], format="json"
        )
    assert response.status_code == 400
    unknown = set(response.json())
    assert unknown and all(response.json()[name] == ["Dit veld bestaat niet."] for name in unknown)
    assert (MaatwerkRequest.objects.count(), list(ReverseTest.objects.order_by("pk").values())) == before
    assert AuditEvent.objects.exclude(action=Action.READ).count() == audits


@pytest.mark.parametrize(
    ("product", "field"),
    [
        ({"volume": 100_001}, "volume"),
        ({"volume": 10**15}, "volume"),
        ({"bandwidth_min": -1, "bandwidth_max": 4}, "bandwidth_min"),
        ({"bandwidth_min": 1, "bandwidth_max": 100_001}, "bandwidth_max"),
        ({"budget_cents": 1_000_000_001}, "budget_cents"),
        ({"budget_cents": 2**40}, "budget_cents"),
    ],
)
def test_figures_out_of_bounds_are_a_dutch_400(world, product, field):
    _, url = _filled(world)
    response = _client("bo").post(url + "decide/", {**DECISION, **product}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert ReverseTest.objects.get().decided_on is None
    assert not Beschikking.objects.exists()


def test_signers_name_each_ceiling_and_not_the_decider(world):
    anna, url = _filled(world)
    body = anna.get(url + "signers/").json()
    ceilings = {person["display_name"]: person["max_yearly_cents"] for person in body["deciders"]}
    assert ceilings[world.anna.display_name] == 500_000
    assert ceilings[world.teun.display_name] == 1_500_000
    assert ceilings[world.bo.display_name] is None
    assert {p["display_name"] for p in body["cosigners"]} == {world.teun.display_name, world.bo.display_name}
    teun = _client("teun")
    body = {
        **DECISION,
        "decision_kind": "afwijking",
        "deviation_motivation": "Geest van de wet.",
        "volume": 1,
    }
    assert teun.post(url + "decide/", body, format="json").status_code == 200
    cosigners = anna.get(url + "signers/").json()["cosigners"]
    assert [(p["display_name"], p["max_yearly_cents"]) for p in cosigners] == [(world.bo.display_name, None)]


def test_the_detail_does_not_read_the_letter(world):
    anna, url = _filled(world)
    assert anna.post(url + "decide/", {**DECISION, "volume": 1}, format="json").status_code == 200
    assert Beschikking.objects.get().letter is not None
    with CaptureQueriesContext(connection) as queries:
        assert anna.get(url).status_code == 200
    assert not any('"letter"' in query["sql"] for query in queries.captured_queries)
