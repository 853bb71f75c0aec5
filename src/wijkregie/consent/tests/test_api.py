"""Consent API: the authorisation matrix per endpoint (401/404, nothing changed), Dutch 400s, the live
consent check on shared reads, and the access log."""

import datetime
import uuid

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from wijkregie.accounts.services import api_token_for
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.consent import services
from wijkregie.consent.models import Consent, Share

from .conftest import add_member, head, state
from .factories import ConsentFactory, final_report, open_plan

pytestmark = pytest.mark.django_db

API = "/api/v1"
NOT_FOUND_BODY = {"detail": "Niet gevonden."}
EVERYONE = ["anna", "teun", "bo", "otto", "zoe", "sanne", "piet", "carla", "bea", "fenna"]
DOSSIER_READERS = ["anna", "teun", "bo"]


@pytest.fixture
def api(world):
    def client_for(name: str | None) -> APIClient:
        client = APIClient()
        if name is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(username=name)}")
        return client

    return client_for


@pytest.fixture
def shared(world, orgs):
    consent = ConsentFactory(resident=head(world.household), organisations=[orgs.welzijn])
    open_plan(world.household)
    share = services.share_create(
        acting_user=world.anna, household=world.household, organisation=orgs.welzijn, part="plan"
    )
    return share, consent


def _create_body(world, orgs, **overrides):
    body = {
        "resident": str(head(world.household).uuid),
        "basis": "toestemming",
        "organisations": [str(orgs.gemeente.uuid)],
        "parts": ["uitvraag"],
        "purpose": "Overleg in het MDO",
        "given_on": timezone.localdate().isoformat(),
        "method": "schriftelijk",
    }
    body.update(overrides)
    return body


def _calls(world, orgs, share, consent):
    household = str(world.household.uuid)
    return [
        ("get", f"{API}/consents/?household={household}", None),
        ("get", f"{API}/consents/?resident={head(world.household).uuid}", None),
        ("post", f"{API}/consents/", _create_body(world, orgs)),
        ("post", f"{API}/consents/{consent.uuid}/withdraw/", None),
        ("get", f"{API}/shares/?household={household}", None),
        (
            "post",
            f"{API}/shares/",
            {"household": household, "organisation": str(orgs.gemeente.uuid), "part": "plan"},
        ),
        ("post", f"{API}/shares/{share.uuid}/end/", None),
    ]


@pytest.mark.parametrize("index", range(7))
def test_anonymous_gets_401_and_nothing_changes(api, world, orgs, shared, index):
    share, consent = shared
    method, url, body = _calls(world, orgs, share, consent)[index]
    before = state()

    response = getattr(api(None), method)(url, body, format="json")

    assert response.status_code == 401
    assert state() == before


@pytest.mark.parametrize("name", ["otto", "zoe", "sanne", "piet", "carla", "bea", "fenna"])
@pytest.mark.parametrize("index", range(7))
def test_who_may_not_see_the_dossier_gets_404_and_nothing_changes(api, world, orgs, shared, name, index):
    share, consent = shared
    method, url, body = _calls(world, orgs, share, consent)[index]
    client = api(name)  # issuing the token is itself audited: before the snapshot
    before = state()

    response = getattr(client, method)(url, body, format="json")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND_BODY
    assert state() == before
    assert not AuditEvent.objects.filter(actor=world.user(name), action=Action.READ).exists()


@pytest.mark.parametrize("name", DOSSIER_READERS)
def test_list_consents_per_household_and_resident(api, world, orgs, shared, name):
    _, consent = shared
    client = api(name)

    by_household = client.get(f"{API}/consents/", {"household": str(world.household.uuid)})
    by_resident = client.get(f"{API}/consents/", {"resident": str(head(world.household).uuid)})

    for response in (by_household, by_resident):
        assert response.status_code == 200
        [row] = response.json()
        assert row["uuid"] == str(consent.uuid) and row["status"] == "geldig"
        assert row["organisations"] == [
            {"uuid": str(orgs.welzijn.uuid), "name": "Welzijn De Schans", "kind": "welzijn"}
        ]
    reads = AuditEvent.objects.filter(actor=world.user(name), action=Action.READ, channel=Channel.API)
    assert reads.count() == 2


def test_list_needs_exactly_one_of_household_or_resident(api, world):
    response = api("anna").get(f"{API}/consents/")
    assert response.status_code == 400
    assert response.json() == {"household": ["Geef precies één van beide op: een huishouden of een inwoner."]}


@pytest.mark.parametrize("name", DOSSIER_READERS)
def test_record_and_withdraw(api, world, orgs, name):
    client = api(name)

    created = client.post(f"{API}/consents/", _create_body(world, orgs), format="json")

    assert created.status_code == 201
    body = created.json()
    assert body["parts"] == ["uitvraag"] and body["status"] == "geldig" and body["withdrawn_at"] is None
    withdrawn = client.post(f"{API}/consents/{body['uuid']}/withdraw/")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "ingetrokken"
    again = client.post(f"{API}/consents/{body['uuid']}/withdraw/")
    assert again.status_code == 400
    assert again.json() == {"consent": ["Deze toestemming is al ingetrokken."]}


def test_expiry_in_the_past_is_a_dutch_400_and_nothing_saved(api, world, orgs):
    client = api("anna")
    before = state()
    body = _create_body(
        world,
        orgs,
        given_on=(timezone.localdate() - datetime.timedelta(days=20)).isoformat(),
        expires_on=(timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
    )

    response = client.post(f"{API}/consents/", body, format="json")

    assert response.status_code == 400
    assert response.json() == {"expires_on": ["De geldigheid kan niet in het verleden eindigen."]}
    assert state() == before


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"organisations": [str(uuid.uuid4())]},
            {"organisations": ["Er is geen organisatie met deze uuid."]},
        ),
        ({"parts": ["medisch"]}, {"parts": ["Kies alleen onderdelen van het dossier uit de lijst."]}),
        ({"parts": []}, {"parts": ["Kies minstens één onderdeel van het dossier."]}),
        ({"method": ""}, {"method": ["Vul in hoe de toestemming is gegeven."]}),
        ({"basis": "wettelijk", "method": ""}, {"legal_basis": ["Kies de wettelijke grondslag."]}),
    ],
)
def test_bad_consent_input_is_a_dutch_400(api, world, orgs, overrides, expected):
    client = api("anna")
    before = state()

    response = client.post(f"{API}/consents/", _create_body(world, orgs, **overrides), format="json")

    assert response.status_code == 400
    assert response.json() == expected
    assert state() == before


def test_unknown_resident_is_404(api, world, orgs):
    response = api("anna").post(
        f"{API}/consents/", _create_body(world, orgs, resident=str(uuid.uuid4())), format="json"
    )
    assert response.status_code == 404


@pytest.mark.parametrize("name", DOSSIER_READERS)
def test_shares_list_create_and_end(api, world, orgs, shared, name):
    client = api(name)
    household = str(world.household.uuid)
    ConsentFactory(resident=head(world.household), organisations=[orgs.gemeente])

    created = client.post(
        f"{API}/shares/",
        {"household": household, "organisation": str(orgs.gemeente.uuid), "part": "uitvraag"},
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["consent_ok"] is True and created.json()["lacking"] == []

    listed = client.get(f"{API}/shares/", {"household": household})
    assert listed.status_code == 200 and len(listed.json()) == 2

    ended = client.post(f"{API}/shares/{created.json()['uuid']}/end/")
    assert ended.status_code == 200 and ended.json()["ended_at"] is not None


def test_share_refused_names_the_member_lacking_consent(api, world, orgs):
    ConsentFactory(resident=head(world.household), organisations=[orgs.welzijn])
    add_member(world.household, age=16, given_names="Sem", surname="Visser")
    client = api("anna")
    before = state()

    response = client.post(
        f"{API}/shares/",
        {"household": str(world.household.uuid), "organisation": str(orgs.welzijn.uuid), "part": "plan"},
        format="json",
    )

    assert response.status_code == 400
    assert "Sem Visser" in response.json()["organisation"][0]
    assert state() == before


def test_share_to_a_care_provider_is_refused(api, world, orgs):
    ConsentFactory(resident=head(world.household), organisations=[orgs.provider])

    response = api("anna").post(
        f"{API}/shares/",
        {"household": str(world.household.uuid), "organisation": str(orgs.provider.uuid), "part": "uitvraag"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "organisation": ["Zorgaanbieders zien alleen hun eigen toewijzingen, nooit het plan of de uitvraag."]
    }
    assert not Share.objects.exists()


def test_shares_list_shows_a_failing_check(api, world, orgs, shared):
    _, consent = shared
    services.consent_withdraw(acting_user=world.anna, consent=consent)

    [row] = api("anna").get(f"{API}/shares/", {"household": str(world.household.uuid)}).json()

    assert row["consent_ok"] is False
    assert row["lacking"] == [
        {"uuid": str(head(world.household).uuid), "full_name": head(world.household).full_name}
    ]


# -- the partner's side ------------------------------------------------------------------------------------
def test_partner_endpoints_anonymous_401(api, world, shared):
    share, _ = shared
    assert api(None).get(f"{API}/shared-with-us/").status_code == 401
    assert api(None).get(f"{API}/shared-with-us/{share.uuid}/").status_code == 401
    assert not AuditEvent.objects.filter(action=Action.READ).exists()


@pytest.mark.parametrize("name", EVERYONE)
def test_partner_list_and_detail_matrix(api, world, shared, name):
    share, _ = shared
    client = api(name)

    listed = client.get(f"{API}/shared-with-us/")
    detail = client.get(f"{API}/shared-with-us/{share.uuid}/")

    reads = AuditEvent.objects.filter(actor=world.user(name), action=Action.READ)
    if name == "sanne":
        assert listed.status_code == 200
        [row] = listed.json()["results"]
        assert row["uuid"] == str(share.uuid) and row["household"]["name"] == "Visser"
        assert detail.status_code == 200
        goals = detail.json()["plan"]["goals"]
        assert goals[0]["description"] == "Huurachterstand ingelopen 0"
        assert goals[0]["actions"][0]["rung"] == "2_netwerk"
        assert detail.json()["report"] is None
        assert reads.count() == 1 and reads.get().channel == Channel.API
    else:
        expected_list = 404 if name in ["piet", "carla", "bea", "fenna"] else 200
        assert listed.status_code == expected_list
        if expected_list == 200:
            assert listed.json()["results"] == []
        assert detail.status_code == 404 and detail.json() == NOT_FOUND_BODY
        assert not reads.exists()


def test_withdrawal_is_immediate_in_the_api(api, world, shared):
    share, consent = shared
    client = api("sanne")
    assert client.get(f"{API}/shared-with-us/{share.uuid}/").status_code == 200

    services.consent_withdraw(acting_user=world.anna, consent=consent)

    assert client.get(f"{API}/shared-with-us/{share.uuid}/").status_code == 404
    assert client.get(f"{API}/shared-with-us/").json()["results"] == []
    assert AuditEvent.objects.filter(actor=world.sanne, action=Action.READ).count() == 1


def test_shared_uitvraag_in_the_api(api, world, orgs):
    ConsentFactory(resident=head(world.household), organisations=[orgs.welzijn], by_law=True)
    final_report(world.household, story="Het verhaal")
    share = services.share_create(
        acting_user=world.anna, household=world.household, organisation=orgs.welzijn, part="uitvraag"
    )

    body = api("sanne").get(f"{API}/shared-with-us/{share.uuid}/").json()

    assert body["plan"] is None
    assert body["report"]["story"] == "Het verhaal"
    assert body["report"]["scorings"][0]["scores"] == [
        {
            "domain": "Financiën",
            "value": 2,
            "situation": "Huurachterstand",
            "own_strength": "",
            "network_strength": "",
        }
    ]
    assert Consent.objects.get().basis == "wettelijk"
