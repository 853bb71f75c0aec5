"""Bezwaar and beroep API: authorisation matrix (401 / 404, nothing changed), the flow with channel "api",
Dutch 400s per field that save nothing, the list's query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from wijkregie.accounts.services import api_token_for
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.decisions import services
from wijkregie.decisions.constants import ObjectionOutcome, RequestReason
from wijkregie.decisions.models import MaatwerkRequest, Objection

from .conftest import TODAY
from .test_objections import DENIED, MOTIVATION, REASON, register, signed_request, snapshot

pytestmark = pytest.mark.django_db

API = "/api/v1"
BODIES = {
    "postpone/": {"weeks": 2, "reason": REASON},
    "hearing/": {"hearing_on": "2025-04-30"},
    "decide/": {"outcome": "gegrond", "decided_on": TODAY.isoformat(), "motivation": MOTIVATION},
    "appeal/": {"filed_on": TODAY.isoformat()},
    "appeal-decision/": {"outcome": "ongegrond", "decided_on": TODAY.isoformat()},
}


def _client(name):
    client = APIClient()
    if name is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(username=name)}")
    return client


def _urls(world):
    request = signed_request(world)
    objection = register(world, request)
    return (
        request,
        objection,
        (
            f"{API}/maatwerk-requests/{request.uuid}/objections/",
            f"{API}/objections/{objection.uuid}/",
        ),
    )


def test_anonymous_is_401_and_nothing_changes(world):
    _, _, (list_url, detail_url) = _urls(world)
    client = _client(None)
    before = snapshot()
    assert client.get(list_url).status_code == 401
    assert client.post(list_url, {"received_on": TODAY.isoformat()}, format="json").status_code == 401
    assert client.get(detail_url).status_code == 401
    for action, body in BODIES.items():
        assert client.post(detail_url + action, body, format="json").status_code == 401
    assert snapshot() == before


@pytest.mark.parametrize("name", DENIED)
def test_not_allowed_is_404_and_nothing_changes(world, name):
    _, _, (list_url, detail_url) = _urls(world)
    client = _client(name)
    before = snapshot()
    assert client.get(list_url).status_code == 404
    assert client.post(list_url, {"received_on": TODAY.isoformat()}, format="json").status_code == 404
    assert client.get(detail_url).status_code == 404
    for action, body in BODIES.items():
        assert client.post(detail_url + action, body, format="json").status_code == 404
    assert snapshot() == before


def test_unknown_uuids_are_404(world):
    client = _client("anna")
    missing = "00000000-0000-4000-8000-000000000000"
    assert client.get(f"{API}/maatwerk-requests/{missing}/objections/").status_code == 404
    assert client.get(f"{API}/objections/{missing}/").status_code == 404
    assert (
        client.post(f"{API}/objections/{missing}/decide/", BODIES["decide/"], format="json").status_code
        == 404
    )


@pytest.mark.parametrize("name", ["anna", "teun", "bo"])
def test_allowed_read_the_list_and_the_detail(world, name):
    request, objection, (list_url, detail_url) = _urls(world)
    client = _client(name)
    rows = client.get(list_url).json()
    assert [row["uuid"] for row in rows] == [str(objection.uuid)]
    body = client.get(detail_url).json()
    assert body == rows[0]
    assert body["request"] == str(request.uuid)
    assert body["beschikking_reference"] == "B-TEST-1"
    assert body["objection_period_ends_on"] == "2025-04-22"
    assert body["decision_due_on"] == "2025-06-03"
    assert body["decision_term_weeks"] == 6
    assert body["late"] is False and body["outcome"] == "" and body["new_request"] is None
    reads = AuditEvent.objects.filter(actor=world.user(name), action=Action.READ, channel=Channel.API)
    assert reads.filter(household_uuid=world.household.uuid).count() == 2


def test_the_whole_flow_with_channel_api(world):
    request = signed_request(world, signed_on=datetime.date(2025, 1, 6))
    client = _client("bo")
    url = f"{API}/maatwerk-requests/{request.uuid}/objections/"
    response = client.post(url, {"received_on": TODAY.isoformat(), "advisory_committee": True}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["late"] is True and body["objection_period_ends_on"] == "2025-02-17"
    assert body["decision_term_weeks"] == 12 and body["decision_due_on"] == "2025-05-12"
    detail = f"{API}/objections/{body['uuid']}/"
    response = client.post(detail + "postpone/", {"weeks": 3, "reason": REASON}, format="json")
    assert response.status_code == 200
    assert response.json()["postponed_weeks"] == 3 and response.json()["decision_due_on"] == "2025-06-02"
    assert (
        client.post(detail + "hearing/", BODIES["hearing/"], format="json").json()["hearing_on"]
        == "2025-04-30"
    )
    response = client.post(detail + "decide/", BODIES["decide/"], format="json")
    assert response.status_code == 200
    new = MaatwerkRequest.objects.get(uuid=response.json()["new_request"])
    assert new.previous == request and new.reason == RequestReason.RECONSIDERATION
    response = client.post(detail + "appeal/", BODIES["appeal/"], format="json")
    assert response.status_code == 200 and response.json()["appeal_filed_on"] == TODAY.isoformat()
    response = client.post(detail + "appeal-decision/", BODIES["appeal-decision/"], format="json")
    assert response.status_code == 200 and response.json()["appeal_outcome"] == ObjectionOutcome.UNFOUNDED
    writes = AuditEvent.objects.filter(object_type="decisions.objection").exclude(action=Action.READ)
    assert writes.count() == 6
    assert set(writes.values_list("channel", flat=True)) == {Channel.API}


@pytest.mark.parametrize(
    ("action", "body", "errors"),
    [
        ("postpone/", {"weeks": 7, "reason": REASON}, {"weeks"}),
        ("postpone/", {"weeks": "twee", "reason": REASON}, {"weeks"}),
        ("postpone/", {"weeks": 2, "reason": "kort"}, {"reason"}),
        ("postpone/", {"weeks": 2, "reason": REASON, "extra": 1}, {"extra"}),
        ("hearing/", {"hearing_on": "2025-03-01"}, {"hearing_on"}),
        ("hearing/", {}, {"hearing_on"}),
        ("decide/", {"outcome": "toegewezen", "decided_on": TODAY.isoformat()}, {"outcome", "motivation"}),
        ("decide/", {"outcome": "gegrond", "decided_on": "2025-03-11", "motivation": "X"}, {"decided_on"}),
        ("appeal/", {"filed_on": TODAY.isoformat()}, {"__all__"}),
        ("appeal-decision/", BODIES["appeal-decision/"], {"__all__"}),
    ],
)
def test_bad_input_is_a_dutch_400_and_changes_nothing(world, action, body, errors):
    _, _, (_, detail_url) = _urls(world)
    client = _client("teun")  # with a co-sign mandate: deciding on bezwaar needs one
    before = snapshot()
    response = client.post(detail_url + action, body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == errors
    assert snapshot() == before


def test_registering_refusals_are_dutch_400s(world):
    request = signed_request(world)
    client = _client("anna")
    url = f"{API}/maatwerk-requests/{request.uuid}/objections/"
    before = snapshot()
    response = client.post(url, {"received_on": "2025-03-11"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"received_on": ["Deze datum kan niet in de toekomst liggen."]}
    assert client.post(url, {}, format="json").status_code == 400
    assert snapshot() == before
    unsigned = signed_request(world, reference="B-TEST-2", provision_name="Andere voorziening")
    unsigned.beschikking.signed_on = None
    unsigned.beschikking.save(update_fields=["signed_on"])
    before = snapshot()
    response = client.post(
        f"{API}/maatwerk-requests/{unsigned.uuid}/objections/",
        {"received_on": TODAY.isoformat()},
        format="json",
    )
    assert response.status_code == 400 and "ondertekende beschikking" in response.json()["__all__"][0]
    assert snapshot() == before


def test_list_queries_do_not_grow(world, django_assert_num_queries):
    request = signed_request(world)
    client = _client("anna")
    url = f"{API}/maatwerk-requests/{request.uuid}/objections/"
    first = register(world, request)
    services.objection_decide(
        acting_user=world.teun,
        objection=first,
        outcome=ObjectionOutcome.WELL_FOUNDED,
        decided_on=TODAY,
        motivation=MOTIVATION,
    )
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(url).json()) == 1
    for outcome in (ObjectionOutcome.WELL_FOUNDED, ObjectionOutcome.UNFOUNDED, ObjectionOutcome.WITHDRAWN):
        objection = register(world, request)
        services.objection_decide(
            acting_user=world.teun,
            objection=objection,
            outcome=outcome,
            decided_on=TODAY,
            motivation=MOTIVATION,
        )
    register(world, request)
    with django_assert_num_queries(len(one)):
        rows = client.get(url).json()
    assert len(rows) == Objection.objects.count() == 5
    assert sum(row["new_request"] is not None for row in rows) == 2
