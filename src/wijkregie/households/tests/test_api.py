"""Households API: the authorisation matrix per endpoint, the access log, Dutch 400s and query counts."""

import datetime
import uuid

import pytest
from rest_framework.test import APIClient

from wijkregie.accounts.services import api_token_for
from wijkregie.accounts.tests.factories import UserFactory
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.core.testclock import SUITE_TODAY
from wijkregie.households import services
from wijkregie.households.constants import Relation, RepresentativeKind
from wijkregie.households.models import (
    BreakGlassGrant,
    CaseloadEntry,
    Household,
    HouseholdMembership,
    Representative,
    Resident,
    TimelineEntry,
)
from wijkregie.households.tests.factories import HouseholdFactory, ResidentFactory, next_bsn
from wijkregie.integrations.brp.fake import NOT_FOUND_BSN, UNAVAILABLE_BSN

API = "/api/v1"
BSN_ERROR = "Dit is geen geldig BSN (9 cijfers die voldoen aan de elfproef)."
NOT_SERVED = "Deze postcode ligt niet in een wijk van een gemeente die u bedient."
NOT_FOUND_BODY = {"detail": "Niet gevonden."}
NO_PERSONAL_DATA = ["carla", "bea", "fenna", "piet"]
REASON = "Crisismelding van de politie, direct contact nodig"


# -- helpers -------------------------------------------------------------------------------------------------
@pytest.fixture
def api(world):
    def client_for(name: str | None) -> APIClient:
        client = APIClient()
        if name is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(username=name)}")
        return client

    return client_for


def snapshot() -> dict[str, list[dict]]:
    models = (
        Household,
        Resident,
        HouseholdMembership,
        CaseloadEntry,
        BreakGlassGrant,
        TimelineEntry,
        Representative,
    )
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


def head_of(household: Household) -> Resident:
    return household.memberships.heads().get().resident


def reads(user, household: Household):
    return AuditEvent.objects.filter(actor=user, action=Action.READ, household_uuid=household.uuid)


def assert_refused(world, name: str | None, household: Household, before: dict, response) -> None:
    """Nothing changed, nothing read, nothing logged as done; a 404 looks exactly like a missing object."""
    assert snapshot() == before
    if name is None:
        assert response.status_code == 401
        return
    user = world.user(name)
    assert not reads(user, household).exists()
    if response.status_code == 404:
        assert response.json() == NOT_FOUND_BODY
        assert not AuditEvent.objects.filter(actor=user).exists()


def resident_body(**overrides) -> dict:
    body = {
        "bsn": next_bsn(),
        "given_names": "Fatima",
        "surname_prefix": "el",
        "surname": "Amrani",
        "birth_date": "1985-03-14",
        "street": "Kerkweg",
        "house_number": 12,
        "postcode": "9711 cd",
        "city": "Westerhoek",
        "phone": "0612345678",
    }
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not None}


def p(name: str | None, expected: int, why: str):
    return pytest.param(name, expected, id=f"{name}-{expected}-{why}")


# -- GET households/ (werkvoorraad) --------------------------------------------------------------------------
WORKLIST = [
    p(None, 401, "anonymous"),
    p("anna", 1, "assigned worker"),
    p("otto", 0, "other team"),
    p("zoe", 0, "other municipality"),
    p("teun", 0, "same team, not the worker"),
    p("bo", 0, "backoffice, not the worker"),
    p("sanne", 0, "welfare"),
    *[p(name, 0, "no personal data") for name in NO_PERSONAL_DATA],
]


@pytest.mark.parametrize(("name", "expected"), WORKLIST)
def test_worklist_matrix(world, api, name, expected):
    before = snapshot()

    response = api(name).get(f"{API}/households/")

    if expected == 401:
        assert response.status_code == 401
    else:
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == expected
        assert [row["uuid"] for row in body["results"]] == [str(world.household.uuid)] * expected
    assert snapshot() == before
    # a list shows names: each household on it is an access row, written as one
    listed = AuditEvent.objects.filter(action=Action.READ, object_type="lijst.werkvoorraad")
    shown = 0 if expected == 401 else expected
    assert list(listed.values_list("household_uuid", flat=True)) == [world.household.uuid] * shown


def test_worklist_shows_the_household_line(world, api):
    head = head_of(world.household)

    body = api("anna").get(f"{API}/households/").json()

    assert body["next"] is None and body["previous"] is None
    assert body["results"] == [
        {
            "uuid": str(world.household.uuid),
            "municipality": {"uuid": str(world.west.uuid), "name": "Westerhoek", "cbs_code": "9901"},
            "district": {"uuid": str(world.west_centrum.uuid), "name": "Centrum"},
            "regisseur": None,
            "last_activity_at": None,
            "members": [
                {
                    "resident": {
                        "uuid": str(head.uuid),
                        "given_names": "Jan Pieter",
                        "initials": "J.P.",
                        "surname_prefix": "",
                        "surname": "Visser",
                        "full_name": "Jan Pieter Visser",
                        "birth_date": "1980-05-17",
                    },
                    "relation": "hoofdbewoner",
                    "start_date": "2020-01-01",
                }
            ],
        }
    ]


def test_worklist_is_paginated(world, api):
    for _ in range(2):
        HouseholdFactory(district=world.west_centrum, in_caseload_of=(world.team_a, world.anna))

    body = api("anna").get(f"{API}/households/", {"page_size": 2}).json()

    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"].endswith("page=2&page_size=2")


def test_worklist_query_count_does_not_grow(world, api, django_assert_num_queries):
    client = api("anna")
    # token+user, assigned ids, regisseur ids, households, current members; the break-the-glass flags of the
    # households shown and their access rows in one insert
    with django_assert_num_queries(7):
        assert client.get(f"{API}/households/").json()["count"] == 1

    for _ in range(5):
        HouseholdFactory(district=world.west_centrum, in_caseload_of=(world.team_a, world.anna))
    HouseholdFactory(district=world.west_noord, in_caseload_of=world.team_b)  # not in anna's worklist
    regie = HouseholdFactory(district=world.west_noord, in_caseload_of=world.team_a)
    services.household_set_regisseur(acting_user=world.teun, household=regie, regisseur=world.anna)

    with django_assert_num_queries(7):
        assert client.get(f"{API}/households/").json()["count"] == 7


# -- GET households/{uuid}/ (dossier) ------------------------------------------------------------------------
DOSSIER = [
    p(None, 401, "anonymous"),
    p("otto", 404, "other team"),
    p("zoe", 404, "other municipality"),
    p("sanne", 404, "welfare, not in its caseload"),
    *[p(name, 404, "no personal data") for name in NO_PERSONAL_DATA],
    p("anna", 200, "assigned worker"),
    p("teun", 200, "team caseload"),
    p("bo", 200, "backoffice, municipality-wide"),
]


@pytest.mark.parametrize(("name", "expected"), DOSSIER)
def test_dossier_matrix(world, api, name, expected):
    before = snapshot()

    response = api(name).get(f"{API}/households/{world.household.uuid}/")

    assert response.status_code == expected
    if expected == 200:
        assert response.json()["uuid"] == str(world.household.uuid)
        user = world.user(name)
        assert list(reads(user, world.household).values_list("channel", "object_uuid", "break_glass")) == [
            (Channel.API, world.household.uuid, False)
        ]
        assert snapshot() == before
    else:
        assert_refused(world, name, world.household, before, response)


def test_dossier_of_a_missing_household_is_the_same_404(world, api):
    response = api("anna").get(f"{API}/households/{uuid.uuid4()}/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND_BODY
    assert not AuditEvent.objects.filter(actor=world.anna).exists()


def test_dossier_content(world, api):
    head = head_of(world.household)
    services.representative_add(
        acting_user=world.anna,
        resident=head,
        kind=RepresentativeKind.AUTHORISED,
        name="Mr. K. de Boer",
        contact="advocaat@example.org",
        start_date=datetime.date(2024, 2, 1),
    )
    child = ResidentFactory(
        given_names="Sem",
        initials="S.",
        surname="Visser",
        birth_date=datetime.date(2010, 1, 2),
    )
    membership = HouseholdMembership.objects.create(
        household=world.household,
        resident=child,
        relation=Relation.CHILD,
        start_date=datetime.date(2021, 1, 1),
    )
    services.member_end(acting_user=world.anna, membership=membership, end_date=datetime.date(2024, 6, 30))
    services.household_set_regisseur(acting_user=world.teun, household=world.household, regisseur=world.teun)
    representative = head.representatives.get()

    response = api("anna").get(f"{API}/households/{world.household.uuid}/")

    body = response.json()
    assert body["regisseur"] == {"uuid": str(world.teun.uuid), "display_name": world.teun.display_name}
    assert body["via_break_glass"] is False
    assert body["active_caseload"] == [
        {
            "team": {"uuid": str(world.team_a.uuid), "name": "Wijkteam Centrum"},
            "worker": {"uuid": str(world.anna.uuid), "display_name": world.anna.display_name},
            "started_at": body["active_caseload"][0]["started_at"],
        }
    ]
    assert body["members"] == [
        {
            "resident": {
                "uuid": str(head.uuid),
                "given_names": "Jan Pieter",
                "initials": "J.P.",
                "surname_prefix": "",
                "surname": "Visser",
                "full_name": "Jan Pieter Visser",
                "birth_date": "1980-05-17",
                "address": {
                    "street": "Dorpsstraat",
                    "house_number": head.house_number,
                    "house_number_suffix": "",
                    "postcode": "9711AB",
                    "city": "Westerhoek",
                },
                "contact": {"phone": "", "email": ""},
                "representatives": [
                    {
                        "uuid": str(representative.uuid),
                        "kind": "gemachtigde",
                        "name": "Mr. K. de Boer",
                        "contact": "advocaat@example.org",
                        "start_date": "2024-02-01",
                        "end_date": None,
                    }
                ],
                "version": 1,
            },
            "relation": "hoofdbewoner",
            "start_date": "2020-01-01",
        }
    ]
    assert body["former_members"] == [
        {
            "resident": {
                "uuid": str(child.uuid),
                "given_names": "Sem",
                "initials": "S.",
                "surname_prefix": "",
                "surname": "Visser",
                "full_name": "Sem Visser",
                "birth_date": "2010-01-02",
            },
            "relation": "kind",
            "start_date": "2021-01-01",
            "end_date": "2024-06-30",
        }
    ]
    content = response.content.decode()
    assert head.bsn not in content and child.bsn not in content
    assert '"id"' not in content


def test_dossier_query_count(world, api, django_assert_num_queries):
    client = api("anna")
    # token+user, household (policy), household again with joins, 3 prefetches (current, former, caseload),
    # representatives, break-glass check for the audit row, savepoint, audit insert, release, break-glass flag
    with django_assert_num_queries(10):
        assert client.get(f"{API}/households/{world.household.uuid}/").status_code == 200


def test_dossier_query_count_does_not_grow_with_members(world, api, django_assert_num_queries):
    for _ in range(4):
        resident = ResidentFactory()
        HouseholdMembership.objects.create(
            household=world.household,
            resident=resident,
            relation=Relation.CHILD,
            start_date=datetime.date(2022, 1, 1),
        )
        services.representative_add(
            acting_user=world.anna, resident=resident, kind=RepresentativeKind.LEGAL, name="Voogd"
        )

    client = api("anna")

    with django_assert_num_queries(10):
        assert len(client.get(f"{API}/households/{world.household.uuid}/").json()["members"]) == 5


# -- GET households/{uuid}/timeline/ -------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "expected"), DOSSIER)
def test_timeline_matrix(world, api, name, expected):
    services.household_set_regisseur(acting_user=world.teun, household=world.household, regisseur=world.anna)
    before = snapshot()

    response = api(name).get(f"{API}/households/{world.household.uuid}/timeline/")

    assert response.status_code == expected
    if expected == 200:
        assert [row["description"] for row in response.json()["results"]] == [
            f"Regisseur: {world.anna.display_name}"
        ]
        assert list(reads(world.user(name), world.household).values_list("channel", flat=True)) == [
            Channel.API
        ]
        assert snapshot() == before
    else:
        assert_refused(world, name, world.household, before, response)


def test_timeline_is_newest_first_and_paginated(world, api):
    for regisseur in (world.anna, world.teun, world.anna):
        services.household_set_regisseur(
            acting_user=world.teun, household=world.household, regisseur=regisseur
        )

    body = api("anna").get(f"{API}/households/{world.household.uuid}/timeline/", {"page_size": 2}).json()

    assert body["count"] == 3
    assert body["results"][0] == {
        "occurred_at": body["results"][0]["occurred_at"],
        "kind": "regisseur",
        "description": f"Regisseur: {world.anna.display_name}",
        "actor": {"uuid": str(world.teun.uuid), "display_name": world.teun.display_name},
    }
    assert body["results"][1]["description"] == f"Regisseur: {world.teun.display_name}"
    assert body["next"] is not None


# -- POST households/{uuid}/assignment/ ----------------------------------------------------------------------
@pytest.fixture
def ali(world):
    return UserFactory(username="ali", teams=[world.team_a])


ASSIGNMENT = [
    p(None, 401, "anonymous"),
    p("otto", 404, "other team"),
    p("zoe", 404, "other municipality"),
    p("anna", 404, "same team, not teamleider"),
    p("bo", 404, "sees it, not teamleider"),
    p("sanne", 404, "welfare"),
    *[p(name, 404, "no personal data") for name in NO_PERSONAL_DATA],
    p("teun", 200, "teamleider of the caseload team"),
]


@pytest.mark.parametrize(("name", "expected"), ASSIGNMENT)
def test_assignment_matrix(world, api, ali, name, expected):
    before = snapshot()
    body = {"worker": str(ali.uuid), "regisseur": str(world.anna.uuid)}

    response = api(name).post(f"{API}/households/{world.household.uuid}/assignment/", body, format="json")

    assert response.status_code == expected
    if expected == 200:
        assert response.json() == {
            "team": {"uuid": str(world.team_a.uuid), "name": "Wijkteam Centrum"},
            "worker": {"uuid": str(ali.uuid), "display_name": ali.display_name},
            "regisseur": {"uuid": str(world.anna.uuid), "display_name": world.anna.display_name},
        }
        world.household.refresh_from_db()
        assert world.household.regisseur == world.anna
        assert world.household.caseload_entries.get(ended_at__isnull=True).worker == ali
        channels = AuditEvent.objects.filter(actor=world.teun, action=Action.UPDATE).values_list(
            "channel", "fields"
        )
        assert sorted(channels) == [(Channel.API, ["caseload"]), (Channel.API, ["regisseur"])]
    else:
        assert_refused(world, name, world.household, before, response)


def test_assignment_without_regisseur_keeps_the_regisseur(world, api, ali):
    response = api("teun").post(
        f"{API}/households/{world.household.uuid}/assignment/", {"worker": None}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["worker"] is None
    assert response.json()["regisseur"] is None
    assert world.household.caseload_entries.get(ended_at__isnull=True).worker is None


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({}, {"worker": ["Kies een medewerker (of null)."]}),
        ({"worker": "otto"}, {"worker": ["Dit is geen geldige uuid."]}),
        ({"worker": str(uuid.uuid4())}, {"worker": ["Er is geen actieve medewerker met deze uuid."]}),
        ({"worker": "OTTO"}, {"worker": ["Deze medewerker is geen lid van het gekozen team."]}),
        (
            {"worker": "ALI", "regisseur": "ZOE"},
            {"regisseur": ["Deze medewerker werkt niet voor de gemeente van dit huishouden."]},
        ),
        ({"worker": "ALI", "team": "x"}, {"team": ["Dit veld bestaat niet."]}),
    ],
)
def test_assignment_invalid_saves_nothing(world, api, ali, body, errors):
    users = {"OTTO": world.otto, "ALI": ali, "ZOE": world.zoe}
    body = {key: str(users[value].uuid) if value in users else value for key, value in body.items()}
    before = snapshot()

    response = api("teun").post(f"{API}/households/{world.household.uuid}/assignment/", body, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert snapshot() == before
    assert not AuditEvent.objects.filter(actor=world.teun).exists()


# -- POST residents/ -----------------------------------------------------------------------------------------
REGISTER_NEW = [
    p(None, 401, "anonymous"),
    *[p(name, 404, "no personal data") for name in NO_PERSONAL_DATA],
    p("zoe", 400, "other municipality: postcode not served"),
    p("anna", 201, "consulent of the district"),
    p("otto", 201, "consulent of another district, same municipality"),
]


@pytest.mark.parametrize(("name", "expected"), REGISTER_NEW)
def test_register_in_new_household_matrix(world, api, name, expected):
    before = snapshot()
    body = resident_body()

    response = api(name).post(f"{API}/residents/", body, format="json")

    assert response.status_code == expected
    if expected == 201:
        user = world.user(name)
        resident = Resident.objects.get(bsn=body["bsn"])
        household = resident.memberships.get().household
        assert (household.municipality, household.district) == (world.west, world.west_centrum)
        assert household.caseload_entries.get().worker == user
        data = response.json()
        assert data["uuid"] == str(resident.uuid)
        assert data["household"] == str(household.uuid)
        assert data["address"]["postcode"] == "9711CD"
        assert "bsn" not in data and body["bsn"] not in response.content.decode()
        assert set(AuditEvent.objects.filter(actor=user).values_list("action", "channel")) == {
            (Action.CREATE, Channel.API)
        }
    else:
        if expected == 400:
            assert response.json() == {"postcode": [NOT_SERVED]}
        assert_refused(world, name, world.household, before, response)


REGISTER_EXISTING = [
    p(None, 401, "anonymous"),
    p("otto", 404, "other team"),
    p("zoe", 404, "other municipality"),
    p("sanne", 404, "welfare"),
    *[p(name, 404, "no personal data") for name in NO_PERSONAL_DATA],
    p("anna", 201, "assigned worker"),
    p("teun", 201, "team caseload"),
    p("bo", 201, "backoffice"),
]


@pytest.mark.parametrize(("name", "expected"), REGISTER_EXISTING)
def test_register_in_existing_household_matrix(world, api, name, expected):
    before = snapshot()
    body = resident_body(household=str(world.household.uuid), relation="partner")

    response = api(name).post(f"{API}/residents/", body, format="json")

    assert response.status_code == expected
    if expected == 201:
        resident = Resident.objects.get(bsn=body["bsn"])
        assert resident.memberships.get().household == world.household
        assert resident.memberships.get().relation == Relation.PARTNER
        assert response.json()["household"] == str(world.household.uuid)
        assert Household.objects.count() == len(before["Household"])
    else:
        assert_refused(world, name, world.household, before, response)


def test_register_in_a_missing_household_is_404(world, api):
    before = snapshot()

    response = api("anna").post(
        f"{API}/residents/", resident_body(household=str(uuid.uuid4()), relation="kind"), format="json"
    )

    assert response.status_code == 404
    assert snapshot() == before


TOMORROW = (SUITE_TODAY + datetime.timedelta(days=1)).isoformat()  # these tests run on the suite's day


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"bsn": "123456789"}, {"bsn": [BSN_ERROR]}),
        ({"bsn": "000000000"}, {"bsn": [BSN_ERROR]}),
        ({"bsn": None}, {"bsn": ["Vul het BSN in."]}),
        ({"postcode": "0711AB"}, {"postcode": ["Vul een geldige postcode in, zoals 1234 AB."]}),
        ({"postcode": "1234AB"}, {"postcode": [NOT_SERVED]}),
        ({"postcode": "9721AB"}, {"postcode": [NOT_SERVED]}),
        ({"birth_date": "2023-02-30"}, {"birth_date": ["Vul een geldige datum in (jjjj-mm-dd)."]}),
        ({"birth_date": "14-03-1985"}, {"birth_date": ["Vul een geldige datum in (jjjj-mm-dd)."]}),
        ({"birth_date": TOMORROW}, {"birth_date": ["De geboortedatum kan niet in de toekomst liggen."]}),
        ({"birth_date": "1850-01-01"}, {"birth_date": ["Deze geboortedatum is niet mogelijk."]}),
        ({"surname": ""}, {"surname": ["Vul de geslachtsnaam in."]}),
        ({"city": None}, {"city": ["Vul de woonplaats in."]}),
        ({"house_number": 0}, {"house_number": ["Vul een huisnummer tussen 1 en 99999 in."]}),
        ({"house_number": "twaalf"}, {"house_number": ["Vul een getal in."]}),
        ({"email": "geen-adres"}, {"email": ["Vul een geldig e-mailadres in."]}),
        ({"relation": "buurman"}, {"relation": ["Kies een geldige relatie binnen het huishouden."]}),
        ({"household": "abc"}, {"household": ["Dit is geen geldige uuid."]}),
        ({"nationality": "NL"}, {"nationality": ["Dit veld bestaat niet."]}),
        (
            {"bsn": "123456789", "postcode": "AB"},
            {"bsn": [BSN_ERROR], "postcode": ["Vul een geldige postcode in, zoals 1234 AB."]},
        ),
    ],
)
def test_register_invalid_saves_nothing(world, api, overrides, errors):
    before = snapshot()

    response = api("anna").post(f"{API}/residents/", resident_body(**overrides), format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert snapshot() == before
    assert not AuditEvent.objects.filter(actor=world.anna).exists()


def test_register_duplicate_bsn_saves_nothing(world, api):
    before = snapshot()

    response = api("anna").post(
        f"{API}/residents/", resident_body(bsn=head_of(world.household).bsn), format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"bsn": ["Er is al een inwoner met dit BSN geregistreerd."]}
    assert snapshot() == before
    assert not AuditEvent.objects.filter(actor=world.anna).exists()


def test_register_in_existing_household_needs_a_relation(world, api):
    before = snapshot()

    response = api("anna").post(
        f"{API}/residents/", resident_body(household=str(world.household.uuid)), format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"relation": ["Kies de relatie binnen het huishouden."]}
    assert snapshot() == before


# -- GET and PATCH residents/{uuid}/ -------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "expected"), DOSSIER)
def test_resident_read_matrix(world, api, name, expected):
    head = head_of(world.household)
    before = snapshot()

    response = api(name).get(f"{API}/residents/{head.uuid}/")

    assert response.status_code == expected
    if expected == 200:
        assert response.json()["uuid"] == str(head.uuid)
        assert response.json()["full_name"] == "Jan Pieter Visser"
        assert head.bsn not in response.content.decode()
        assert list(reads(world.user(name), world.household).values_list("channel", "object_uuid")) == [
            (Channel.API, head.uuid)
        ]
        assert snapshot() == before
    else:
        assert_refused(world, name, world.household, before, response)


def test_resident_read_through_break_glass_is_flagged(world, api):
    head = head_of(world.household)
    services.break_glass_open(acting_user=world.otto, bsn=head.bsn, reason=REASON)

    response = api("otto").get(f"{API}/residents/{head.uuid}/")

    assert response.status_code == 200
    assert list(reads(world.otto, world.household).values_list("channel", "break_glass")) == [
        (Channel.API, True)
    ]


@pytest.mark.parametrize(("name", "expected"), DOSSIER)
def test_resident_update_matrix(world, api, name, expected):
    head = head_of(world.household)
    before = snapshot()

    response = api(name).patch(f"{API}/residents/{head.uuid}/", {"phone": "0501234567"}, format="json")

    assert response.status_code == expected
    if expected == 200:
        assert response.json()["contact"] == {"phone": "0501234567", "email": ""}
        head.refresh_from_db()
        assert head.phone == "0501234567"
        rows = AuditEvent.objects.filter(actor=world.user(name), action=Action.UPDATE)
        assert list(rows.values_list("channel", "object_uuid", "fields")) == [
            (Channel.API, head.uuid, ["phone"])
        ]
    else:
        assert_refused(world, name, world.household, before, response)


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"bsn": "111222333"}, {"bsn": ["Dit veld kan niet worden gewijzigd."]}),
        ({"surname": ""}, {"surname": ["Vul de geslachtsnaam in."]}),
        ({"postcode": "12"}, {"postcode": ["Vul een geldige postcode in, zoals 1234 AB."]}),
        ({"birth_date": "1999-13-01"}, {"birth_date": ["Vul een geldige datum in (jjjj-mm-dd)."]}),
        ({"birth_date": TOMORROW}, {"birth_date": ["De geboortedatum kan niet in de toekomst liggen."]}),
        ({"email": "x@"}, {"email": ["Vul een geldig e-mailadres in."]}),
    ],
)
def test_resident_update_invalid_saves_nothing(world, api, body, errors):
    head = head_of(world.household)
    before = snapshot()

    response = api("anna").patch(f"{API}/residents/{head.uuid}/", body, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert snapshot() == before
    assert not AuditEvent.objects.filter(actor=world.anna).exists()


def test_resident_update_changes_only_what_is_sent(world, api):
    head = head_of(world.household)

    response = api("anna").patch(
        f"{API}/residents/{head.uuid}/", {"postcode": "9712 ab", "house_number": 7}, format="json"
    )

    assert response.status_code == 200
    head.refresh_from_db()
    assert (head.postcode, head.house_number, head.surname, head.street) == (
        "9712AB",
        7,
        "Visser",
        "Dorpsstraat",
    )


# -- POST residents/search/ ----------------------------------------------------------------------------------
SEARCH = [
    p(None, 401, "anonymous"),
    *[p(name, 404, "no personal data") for name in NO_PERSONAL_DATA],
    p("otto", 0, "other team"),
    p("zoe", 0, "other municipality"),
    p("sanne", 0, "welfare"),
    p("anna", 1, "assigned worker"),
    p("teun", 1, "team caseload"),
    p("bo", 1, "backoffice"),
]


@pytest.mark.parametrize(("name", "expected"), SEARCH)
def test_search_matrix(world, api, name, expected):
    head = head_of(world.household)
    before = snapshot()

    response = api(name).post(f"{API}/residents/search/", {"surname": "viss"}, format="json")

    if expected in (401, 404):
        assert response.status_code == expected
        assert_refused(world, name, world.household, before, response)
        return
    assert response.status_code == 200
    assert [row["resident"]["uuid"] for row in response.json()] == [str(head.uuid)] * expected
    assert snapshot() == before
    user = world.user(name)
    # the search (its criteria, not their values) and a read of each resident it showed
    assert (
        list(
            AuditEvent.objects.filter(actor=user)
            .order_by("pk")
            .values_list("action", "channel", "fields", "object_type")
        )
        == [(Action.SEARCH, Channel.API, ["surname"], "households.search")]
        + [(Action.READ, Channel.API, [], "lijst.zoekresultaat")] * expected
    )
    assert list(reads(user, world.household).values_list("object_uuid", flat=True)) == [head.uuid] * expected


def test_search_by_bsn_in_the_body(world, api):
    head = head_of(world.household)

    response = api("anna").post(f"{API}/residents/search/", {"bsn": head.bsn}, format="json")

    assert response.json() == [
        {
            "resident": {
                "uuid": str(head.uuid),
                "given_names": "Jan Pieter",
                "initials": "J.P.",
                "surname_prefix": "",
                "surname": "Visser",
                "full_name": "Jan Pieter Visser",
                "birth_date": "1980-05-17",
            },
            "relation": "hoofdbewoner",
            "household": str(world.household.uuid),
            "district": "Centrum",
        }
    ]
    assert head.bsn not in response.content.decode()


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({}, {"non_field_errors": ["Vul minstens één zoekgegeven in."]}),
        ({"postcode": "9711AB"}, {"non_field_errors": ["Zoek op postcode én huisnummer samen."]}),
        ({"bsn": "123"}, {"bsn": [BSN_ERROR]}),
        ({"birth_date": "31-12-1980"}, {"birth_date": ["Vul een geldige datum in (jjjj-mm-dd)."]}),
        ({"name": "Visser"}, {"name": ["Dit veld bestaat niet."]}),
    ],
)
def test_search_invalid(world, api, body, errors):
    response = api("anna").post(f"{API}/residents/search/", body, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert not AuditEvent.objects.filter(actor=world.anna).exists()


def test_search_is_not_available_by_get(world, api):
    assert api("anna").get(f"{API}/residents/search/").status_code == 405


# -- POST brp/persons/ ---------------------------------------------------------------------------------------
BRP = [
    p(None, 401, "anonymous"),
    *[p(name, 404, "no personal data") for name in NO_PERSONAL_DATA],
    p("anna", 200, "consulent"),
    p("otto", 200, "consulent of another team"),
    p("zoe", 200, "consulent of the other municipality"),
    p("sanne", 200, "welfare"),
]


@pytest.mark.parametrize(("name", "expected"), BRP)
def test_brp_matrix(world, api, name, expected):
    before = snapshot()
    bsn = next_bsn()

    response = api(name).post(f"{API}/brp/persons/", {"bsn": bsn}, format="json")

    assert response.status_code == expected
    if expected == 200:
        body = response.json()
        assert set(body) == {
            "given_names",
            "initials",
            "surname_prefix",
            "surname",
            "birth_date",
            "street",
            "house_number",
            "house_number_suffix",
            "postcode",
            "city",
            "municipality_code",
        }
        assert bsn not in response.content.decode()
        assert list(
            AuditEvent.objects.filter(actor=world.user(name)).order_by("pk").values_list("action", "channel")
        ) == [(Action.LOOKUP, Channel.API)]
        assert snapshot() == before
    else:
        assert_refused(world, name, world.household, before, response)


def test_brp_knows_nobody(world, api):
    response = api("anna").post(f"{API}/brp/persons/", {"bsn": NOT_FOUND_BSN}, format="json")

    assert response.status_code == 404
    assert response.json() == {"detail": "De BRP kent geen persoon met dit BSN."}


def test_brp_unavailable(world, api):
    response = api("anna").post(f"{API}/brp/persons/", {"bsn": UNAVAILABLE_BSN}, format="json")

    assert response.status_code == 503
    assert response.json() == {"detail": "De BRP antwoordde niet op tijd. Vul de gegevens met de hand in."}


@pytest.mark.parametrize(
    ("body", "errors"),
    [({"bsn": "12345678X"}, {"bsn": [BSN_ERROR]}), ({}, {"bsn": ["Vul het BSN in."]})],
)
def test_brp_invalid_bsn(world, api, body, errors):
    response = api("anna").post(f"{API}/brp/persons/", body, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert not AuditEvent.objects.filter(actor=world.anna).exists()


# -- POST break-glass/ ---------------------------------------------------------------------------------------
BREAK_GLASS = [
    p(None, 401, "anonymous"),
    p("zoe", 404, "other municipality"),
    *[p(name, 404, "no personal data") for name in NO_PERSONAL_DATA],
    p("otto", 201, "other team, same municipality, with a reason"),
    p("sanne", 201, "welfare, same municipality, with a reason"),
]


@pytest.mark.parametrize(("name", "expected"), BREAK_GLASS)
def test_break_glass_matrix(world, api, name, expected):
    before = snapshot()
    body = {"bsn": head_of(world.household).bsn, "reason": REASON}

    response = api(name).post(f"{API}/break-glass/", body, format="json")

    assert response.status_code == expected
    if expected == 201:
        user = world.user(name)
        assert response.json() == {"household": str(world.household.uuid)}
        assert BreakGlassGrant.objects.get(user=user).household == world.household
        assert list(
            AuditEvent.objects.filter(actor=user)
            .order_by("pk")
            .values_list("action", "channel", "break_glass")
        ) == [(Action.BREAK_GLASS, Channel.API, True)]
        assert not reads(user, world.household).exists()
    else:
        assert_refused(world, name, world.household, before, response)


def test_break_glass_then_dossier_is_flagged(world, api):
    client = api("otto")
    client.post(f"{API}/break-glass/", {"bsn": head_of(world.household).bsn, "reason": REASON}, format="json")

    response = client.get(f"{API}/households/{world.household.uuid}/")

    assert response.status_code == 200
    assert response.json()["via_break_glass"] is True
    assert list(reads(world.otto, world.household).values_list("channel", "break_glass")) == [
        (Channel.API, True)
    ]


def test_break_glass_for_an_unknown_bsn_looks_like_out_of_reach(world, api):
    before = snapshot()

    response = api("otto").post(f"{API}/break-glass/", {"bsn": next_bsn(), "reason": REASON}, format="json")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND_BODY
    assert snapshot() == before


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {"bsn": "HEAD", "reason": "even kijken"},
            {"reason": ["Beschrijf in minstens 20 tekens waarom u toegang nodig heeft."]},
        ),
        ({"bsn": "123456789", "reason": REASON}, {"bsn": [BSN_ERROR]}),
        ({"bsn": "HEAD"}, {"reason": ["Vul de reden in."]}),
    ],
)
def test_break_glass_invalid_saves_nothing(world, api, body, errors):
    body = {key: head_of(world.household).bsn if value == "HEAD" else value for key, value in body.items()}
    before = snapshot()

    response = api("otto").post(f"{API}/break-glass/", body, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert snapshot() == before
    assert not AuditEvent.objects.filter(actor=world.otto).exists()
