"""Intake API: authorisation matrix per endpoint (404, nothing changed), Dutch 400s, schema, query counts."""

import datetime

import pytest
from rest_framework.test import APIClient

from wijkregie.accounts.services import api_token_for
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.intake import services
from wijkregie.intake.constants import Law, MeldingStatus
from wijkregie.intake.models import Melding, Routing, TriageRule
from wijkregie.intake.services import ACUTE_THREAT_NEEDS_DEBT

from .conftest import melding_data, snapshot

pytestmark = pytest.mark.django_db

API = "/api/v1"
NOT_FOUND_BODY = {"detail": "Niet gevonden."}
NO_CASEWORK = ["piet", "carla", "bea", "fenna"]


@pytest.fixture
def api(world):
    def client_for(name: str | None) -> APIClient:
        client = APIClient()
        if name is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(username=name)}")
        return client

    return client_for


def _head(household):
    return household.memberships.current().get().resident


def _melding(world, user="anna", household=None, **overrides):
    household = household or world.household
    return services.melding_create(
        acting_user=world.user(user),
        household=household,
        resident=_head(household),
        data=melding_data(**overrides),
    )


def _body(world, **overrides):
    values = {
        "resident": str(_head(world.household).uuid),
        "channel": "huisarts",
        "question": "Meneer vereenzaamt en eet slecht.",
        "laws": ["wmo"],
        "urgency": "regulier",
        "resident_informed": True,
    }
    return {**values, **overrides}


# -- meldingen -----------------------------------------------------------------------------------------------
def test_anonymous_gets_401(api, world):
    melding = _melding(world)
    for method, url in [
        ("get", f"{API}/meldingen/"),
        ("get", f"{API}/meldingen/{melding.uuid}/"),
        ("post", f"{API}/meldingen/{melding.uuid}/accept/"),
        ("get", f"{API}/triage-rules/"),
        ("get", f"{API}/routing-stats/"),
    ]:
        assert getattr(api(None), method)(url).status_code == 401


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anna", 201),
        ("teun", 201),
        ("bo", 201),
        ("otto", 404),
        ("zoe", 404),
        *[(n, 404) for n in NO_CASEWORK],
    ],
)
def test_create_matrix(api, world, name, status):
    client = api(name)
    before = snapshot()

    response = client.post(f"{API}/households/{world.household.uuid}/meldingen/", _body(world), format="json")

    assert response.status_code == status
    if status == 201:
        body = response.json()
        assert body["team"]["name"] == "Wijkteam Centrum"
        assert body["status"] == MeldingStatus.ROUTED
        assert body["routings"][0]["reason"].startswith("Mogelijk maatwerk")
        assert AuditEvent.objects.filter(
            actor=world.user(name), channel=Channel.API, action=Action.CREATE
        ).exists()
    else:
        assert response.json() == NOT_FOUND_BODY
        assert snapshot() == before


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"question": ""}, {"question": ["Beschrijf de vraag in de woorden van de inwoner."]}),
        ({"laws": []}, {"laws": ["Kies minstens één wet, of `geen`."]}),
        ({"laws": ["geen", "wmo"]}, {"laws": ["‘Geen’ kan niet samen met een wet worden gekozen."]}),
        ({"life_domain_count": 0}, {"life_domain_count": ["De vraag raakt minstens één leefgebied."]}),
        ({"channel": "fax"}, {"channel": ["Kies hoe de melding binnenkwam uit de lijst."]}),
        (
            {"acute_threat": "huisuitzetting"},
            {"acute_threat": [ACUTE_THREAT_NEEDS_DEBT]},
        ),
        ({"bsn": "123"}, {"bsn": ["Dit veld bestaat niet."]}),
    ],
)
def test_create_bad_input_is_400_in_dutch_and_saves_nothing(api, world, overrides, errors):
    client = api("anna")
    url = f"{API}/households/{world.household.uuid}/meldingen/"
    before = snapshot()
    before.pop("AuditEvent")

    response = client.post(url, _body(world, **overrides), format="json")

    assert response.status_code == 400
    assert response.json() == errors
    after = snapshot()
    after.pop("AuditEvent")  # the dossier access row is written before the input is read
    assert after == before


def test_create_for_someone_outside_the_household_is_400(api, world):
    response = api("anna").post(
        f"{API}/households/{world.household.uuid}/meldingen/",
        _body(world, resident=str(_head(world.zuid_household).uuid)),
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"resident": ["Deze inwoner is geen lid van dit huishouden."]}
    assert not Melding.objects.exists()


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anna", 200),
        ("sanne", 200),
        ("bo", 200),
        ("otto", 404),
        ("zoe", 404),
        *[(n, 404) for n in NO_CASEWORK],
    ],
)
def test_detail_and_household_list_matrix(api, world, name, status):
    melding = _melding(world)  # routed to welfare: sanne sees it

    detail = api(name).get(f"{API}/meldingen/{melding.uuid}/")
    listed = api(name).get(f"{API}/meldingen/", {"huishouden": str(world.household.uuid)})
    nested = api(name).get(f"{API}/households/{world.household.uuid}/meldingen/")

    assert (detail.status_code, listed.status_code, nested.status_code) == (status, status, status)
    reads = AuditEvent.objects.filter(actor=world.user(name), action=Action.READ, channel=Channel.API)
    if status == 200:
        assert detail.json()["question"] == melding.question
        assert [m["uuid"] for m in listed.json()["results"]] == [str(melding.uuid)]
        assert nested.json()["results"][0]["routings"][0]["team"]["name"] == "Basisondersteuning"
        assert reads.count() == 3
    else:
        assert detail.json() == NOT_FOUND_BODY
        assert not reads.exists()


def test_inbox(api, world):
    melding = _melding(world, laws=[Law.WMO])
    _melding(world)  # welfare
    body = api("anna").get(f"{API}/meldingen/").json()
    assert [m["uuid"] for m in body["results"]] == [str(melding.uuid)]
    assert body["results"][0]["routed_reason"].startswith("Mogelijk maatwerk")
    assert api("otto").get(f"{API}/meldingen/").json()["results"] == []
    assert api("fenna").get(f"{API}/meldingen/").status_code == 404


# session-less token auth: token+user, the inbox, the page count is not needed (list); the break-the-glass
# flags of the households shown and their access rows in one insert
def test_inbox_query_count_does_not_grow(api, world, django_assert_num_queries):
    client = api("anna")
    _melding(world, laws=[Law.WMO])
    client.get(f"{API}/meldingen/")
    with django_assert_num_queries(4):
        client.get(f"{API}/meldingen/")
    for _ in range(4):
        _melding(world, laws=[Law.WMO])
    with django_assert_num_queries(4):
        response = client.get(f"{API}/meldingen/")
    assert response.json()["count"] == 5


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anna", 200),
        ("teun", 200),
        ("bo", 200),
        ("otto", 404),
        ("zoe", 404),
        ("sanne", 404),
        *[(n, 404) for n in NO_CASEWORK],
    ],
)
def test_reroute_matrix(api, world, name, status):
    melding = _melding(world, laws=[Law.WMO])
    client = api(name)
    before = snapshot()

    response = client.post(
        f"{API}/meldingen/{melding.uuid}/reroute/",
        {"target": "welzijn", "reason": "Lichte vraag, past bij welzijn."},
        format="json",
    )

    assert response.status_code == status
    if status == 200:
        assert response.json()["is_rerouting"] is True
        assert response.json()["from_team"]["name"] == "Wijkteam Centrum"
    else:
        assert snapshot() == before


def test_reroute_bad_reason_is_400(api, world):
    melding = _melding(world, laws=[Law.WMO])
    response = api("anna").post(
        f"{API}/meldingen/{melding.uuid}/reroute/", {"target": "welzijn", "reason": "kort"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "reason": ["Beschrijf in minstens 10 tekens waarom de melding ergens anders hoort."]
    }
    assert not Routing.objects.filter(is_rerouting=True).exists()


@pytest.mark.parametrize(
    ("name", "status"),
    [("anna", 200), ("teun", 200), ("bo", 404), ("sanne", 404), ("otto", 404), ("fenna", 404)],
)
def test_accept_close_matrix(api, world, name, status):
    melding = _melding(world, laws=[Law.WMO])
    client = api(name)
    before = snapshot()

    accept = client.post(f"{API}/meldingen/{melding.uuid}/accept/")

    assert accept.status_code == status
    if status == 200:
        assert accept.json()["status"] == MeldingStatus.IN_PROGRESS
        close = client.post(f"{API}/meldingen/{melding.uuid}/close/")
        assert close.json()["status"] == MeldingStatus.CLOSED
        again = client.post(f"{API}/meldingen/{melding.uuid}/close/")
        assert again.status_code == 400
        assert again.json() == {"__all__": ["Deze melding is al afgesloten."]}
    else:
        assert client.post(f"{API}/meldingen/{melding.uuid}/close/").status_code == 404
        assert snapshot() == before


# -- triage rules --------------------------------------------------------------------------------------------
RULE = {"name": "Politie", "channels": ["politie"], "target": "wijkteam", "reason": "Signaal van de politie."}


@pytest.mark.parametrize("name", ["anna", "teun", "bo", "sanne", "otto", "zoe", "piet", "carla", "bea"])
def test_rules_only_for_the_beheerder(api, world, name):
    rules = services.triage_rules_install_defaults(acting_user=None, municipality=world.west)
    client = api(name)
    before = snapshot()
    assert client.get(f"{API}/triage-rules/").status_code == 404
    assert client.post(f"{API}/triage-rules/", RULE, format="json").status_code == 404
    assert client.put(f"{API}/triage-rules/{rules[0].uuid}/", RULE, format="json").status_code == 404
    assert (
        client.post(
            f"{API}/triage-rules/{rules[1].uuid}/move/", {"direction": "up"}, format="json"
        ).status_code
        == 404
    )
    assert client.post(f"{API}/triage-rules/{rules[1].uuid}/deactivate/").status_code == 404
    assert (
        client.post(
            f"{API}/triage-rules/trial/",
            {"channel": "inwoner", "laws": ["geen"], "urgency": "regulier"},
            format="json",
        ).status_code
        == 404
    )
    assert snapshot() == before


def test_rules_crud_for_the_beheerder(api, world):
    client = api("fenna")
    services.triage_rules_install_defaults(acting_user=None, municipality=world.west)

    created = client.post(f"{API}/triage-rules/", RULE, format="json")
    assert created.status_code == 201
    uuid = created.json()["uuid"]
    assert created.json()["position"] == 7
    listed = client.get(f"{API}/triage-rules/").json()["results"]
    assert [r["position"] for r in listed] == [1, 2, 3, 4, 5, 6, 7]

    moved = client.post(f"{API}/triage-rules/{uuid}/move/", {"direction": "up"}, format="json")
    assert [r["name"] for r in moved.json()][5] == "Politie"

    updated = client.put(f"{API}/triage-rules/{uuid}/", {**RULE, "target": "crisisdienst"}, format="json")
    assert updated.json()["target"] == "crisisdienst"
    off = client.post(f"{API}/triage-rules/{uuid}/deactivate/")
    assert off.json()["active"] is False
    assert (
        AuditEvent.objects.filter(object_uuid=uuid, channel=Channel.API).count() == 4
    )  # create, move, update, off


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"name": ""}, {"name": ["Geef de regel een naam."]}),
        ({"reason": ""}, {"reason": ["Schrijf de reden op: die staat bij elke routering door deze regel."]}),
        ({"channels": ["fax"]}, {"channels": ["Kies alleen uit de lijst."]}),
        ({"target": "buurman"}, {"target": ["Kies waar de melding heen gaat uit de lijst."]}),
    ],
)
def test_rule_bad_input_is_400(api, world, overrides, errors):
    client = api("fenna")
    before = snapshot()
    response = client.post(f"{API}/triage-rules/", {**RULE, **overrides}, format="json")
    assert response.status_code == 400
    assert response.json() == errors
    assert snapshot() == before


def test_rule_of_another_municipality_is_404(api, world):
    rules = services.triage_rules_install_defaults(acting_user=None, municipality=world.zuid)
    response = api("fenna").get(f"{API}/triage-rules/{rules[0].uuid}/")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND_BODY


def test_trial(api, world):
    services.triage_rules_install_defaults(acting_user=None, municipality=world.west)
    response = api("fenna").post(
        f"{API}/triage-rules/trial/",
        {"channel": "inwoner", "laws": ["geen"], "urgency": "regulier", "life_domain_count": 1},
        format="json",
    )
    body = response.json()
    assert (body["target"], body["rule"]["name"]) == ("welzijn", "Lichte vraag zonder wet")
    assert [c["matches"] for c in body["checks"]] == [False, False, False, False, True, False]
    assert TriageRule.objects.count() == 6


# -- routing stats -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "status"),
    [("fenna", 200), ("bea", 200), ("teun", 200), ("anna", 404), ("bo", 404), ("carla", 404), ("piet", 404)],
)
def test_stats_matrix(api, world, name, status):
    assert api(name).get(f"{API}/routing-stats/").status_code == status


def test_stats_count_reroutes(api, world):
    melding = _melding(world, laws=[Law.WMO], received_on=datetime.date(2025, 2, 3))
    services.melding_reroute(
        acting_user=world.anna, melding=melding, target="welzijn", reason="Toch bij welzijn."
    )

    period = {"date_from": "2025-01-01", "date_to": "2025-12-31"}
    body = api("teun").get(f"{API}/routing-stats/", period).json()
    hidden = api("bea").get(f"{API}/routing-stats/", period).json()

    assert (body["total"], body["rerouted"], body["reroutings"], body["percentage"]) == (1, 1, 1, 100.0)
    assert body["per_target"] == [
        {"key": "wijkteam", "name": "Wijkteam van de wijk", "count": 1, "rerouted": 1, "percentage": 100.0}
    ]
    # beleid never sees a count of 1 to 4
    assert (hidden["total"], hidden["rerouted"], hidden["percentage"], hidden["suppressed"]) == (
        None,
        None,
        None,
        True,
    )
    assert hidden["per_target"][0]["count"] is None
    assert api("bea").get(f"{API}/routing-stats/", {"municipality": str(world.zuid.uuid)}).status_code == 404
    assert api("bea").get(f"{API}/routing-stats/", {"date_from": "gisteren"}).status_code == 400


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("municipality", "Dit is geen geldige uuid."),
        ("date_from", "Vul een geldige datum in (jjjj-mm-dd)."),
        ("date_to", "Vul een geldige datum in (jjjj-mm-dd)."),
    ],
)
def test_routing_stats_refuse_an_empty_filter_instead_of_ignoring_it(api, world, name, message):
    response = api("teun").get(f"{API}/routing-stats/", {name: ""})

    assert (response.status_code, response.json()) == (400, {name: [message]})


# -- schema --------------------------------------------------------------------------------------------------
def test_schema_has_the_intake_endpoints(client):
    schema = client.get(f"{API}/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    for path, method in [
        ("/meldingen/", "get"),
        ("/meldingen/{melding_uuid}/", "get"),
        ("/meldingen/{melding_uuid}/reroute/", "post"),
        ("/meldingen/{melding_uuid}/accept/", "post"),
        ("/meldingen/{melding_uuid}/close/", "post"),
        ("/households/{household_uuid}/meldingen/", "post"),
        ("/triage-rules/", "post"),
        ("/triage-rules/{rule_uuid}/", "put"),
        ("/triage-rules/{rule_uuid}/move/", "post"),
        ("/triage-rules/trial/", "post"),
        ("/routing-stats/", "get"),
    ]:
        operation = paths[f"{API}{path}"][method]
        assert "401" in operation["responses"]
        if "{" in path:
            assert "404" in operation["responses"]
