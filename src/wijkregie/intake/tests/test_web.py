"""Intake pages: authorisation matrices (404, nothing changed), what they show, bad input, query counts."""

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent
from wijkregie.households.models import Household, Resident, TimelineEntry
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.intake import services
from wijkregie.intake.constants import Law, MeldingStatus, RouteTarget, Urgency
from wijkregie.intake.models import Melding, Routing, TriageRule
from wijkregie.intake.services import ACUTE_THREAT_NEEDS_DEBT
from wijkregie.integrations.brp import get_client
from wijkregie.integrations.brp.fake import UNAVAILABLE_BSN

from .conftest import melding_data, resident_data, snapshot

pytestmark = pytest.mark.django_db

NO_CASEWORK = ["piet", "carla", "bea", "fenna"]
BRP_BSN = "999993653"


def _as(client, world, name):
    client.force_login(world.user(name))
    return client


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


def _form(**overrides):
    values = {
        "channel": "inwoner",
        "question": "Mijn moeder kan niet meer zelf koken.",
        "laws": ["wmo"],
        "life_domain_count": "1",
        "urgency": "regulier",
        "acute_threat": "",
        "resident_informed": "ja",
    }
    return {**values, **overrides}


# -- anonymous -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "/meldingen/",
        "/meldingen/nieuw/",
        "/triage/regels/",
        "/triage/proefroutering/",
        "/triage/statistiek/",
    ],
)
def test_anonymous_is_sent_to_login(client, world, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


# -- household meldingen -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anna", 200),
        ("teun", 200),
        ("bo", 200),
        ("sanne", 200),  # the melding was routed to welfare: it is in their caseload now
        ("otto", 404),
        ("zoe", 404),
        ("piet", 404),
        ("carla", 404),
        ("bea", 404),
        ("fenna", 404),
    ],
)
def test_household_meldingen_matrix(client, world, name, status):
    melding = _melding(world)
    url = reverse("intake:household_meldingen", args=[world.household.uuid])

    response = _as(client, world, name).get(url)

    assert response.status_code == status
    html = response.content.decode()
    reads = AuditEvent.objects.filter(actor=world.user(name), action=Action.READ)
    if status == 200:
        assert melding.question in html
        assert "Gerouteerd" in html and "Basisondersteuning" in html
        assert 'aria-current="page">Meldingen' in html
        assert reads.count() == 1
    else:
        assert melding.question not in html
        assert not reads.exists()


def test_household_meldingen_shows_actions_only_to_the_receiving_team(client, world):
    melding = _melding(world, laws=[Law.WMO])  # at team_a
    url = reverse("intake:household_meldingen", args=[world.household.uuid])
    accept = reverse("intake:melding_accept", args=[melding.uuid])
    reroute = reverse("intake:melding_reroute", args=[melding.uuid])

    anna = _as(client, world, "anna").get(url).content.decode()
    assert accept in anna and reroute in anna
    bo = _as(client, world, "bo").get(url).content.decode()
    assert accept not in bo and reroute in bo  # backoffice may re-route, not accept


def test_household_melding_new_creates_and_routes(client, world):
    url = reverse("intake:household_melding_new", args=[world.household.uuid])
    resident = _head(world.household)
    _as(client, world, "anna")
    assert client.get(url).status_code == 200

    response = client.post(url, _form(resident=str(resident.uuid)))

    assert response.status_code == 302
    assert response["Location"] == reverse("intake:household_meldingen", args=[world.household.uuid])
    melding = Melding.objects.get()
    assert (melding.resident, melding.team, melding.status) == (resident, world.team_a, MeldingStatus.ROUTED)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"question": ""}, "question", "Beschrijf de vraag in de woorden van de inwoner."),
        ({"laws": []}, "laws", "Kies minstens één wet, of ‘Geen’."),
        ({"laws": ["geen", "wmo"]}, "laws", "‘Geen’ kan niet samen met een wet worden gekozen."),
        ({"laws": ["belasting"]}, "laws", "Kies alleen uit de lijst."),
        ({"life_domain_count": "0"}, "life_domain_count", "De vraag raakt minstens één leefgebied."),
        (
            {"acute_threat": "huisuitzetting"},
            "acute_threat",
            ACUTE_THREAT_NEEDS_DEBT,
        ),
        ({"resident_informed": ""}, "resident_informed", "Geef aan of de inwoner van de melding weet."),
    ],
)
def test_household_melding_new_bad_input_saves_nothing(client, world, overrides, field, message):
    url = reverse("intake:household_melding_new", args=[world.household.uuid])
    _as(client, world, "anna")
    client.get(url)  # the access row of the form page itself
    before = snapshot()
    before.pop("AuditEvent")

    response = client.post(url, _form(resident=str(_head(world.household).uuid), **overrides))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors[field] == [message]
    after = snapshot()
    after.pop("AuditEvent")  # the page's own access row is expected
    assert after == before


@pytest.mark.parametrize("name", ["otto", "zoe", *NO_CASEWORK])
def test_household_melding_new_refused(client, world, name):
    url = reverse("intake:household_melding_new", args=[world.household.uuid])
    before = snapshot()
    _as(client, world, name)
    assert client.get(url).status_code == 404
    assert client.post(url, _form(resident=str(_head(world.household).uuid))).status_code == 404
    assert snapshot() == before


# -- inbox ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", NO_CASEWORK)
def test_inbox_refused_without_casework(client, world, name):
    assert _as(client, world, name).get(reverse("intake:team_meldingen")).status_code == 404


def test_inbox_shows_own_team_open_meldingen_crisis_first_then_oldest(client, world):
    old = _melding(world, laws=[Law.WMO], received_on=datetime.date(2025, 1, 2))
    new = _melding(world, laws=[Law.WMO], received_on=datetime.date(2025, 3, 4))
    crisis = _melding(
        world, urgency=Urgency.CRISIS, received_on=datetime.date(2025, 5, 6)
    )  # fallback: team_a
    closed = _melding(world, laws=[Law.WMO])
    services.melding_close(acting_user=world.anna, melding=closed)
    _melding(world)  # to welfare: not anna's team
    _melding(world, user="zoe", household=world.zuid_household, laws=[Law.WMO])

    response = _as(client, world, "anna").get(reverse("intake:team_meldingen"))

    assert [m.pk for m in response.context["meldingen"]] == [crisis.pk, old.pk, new.pk]
    html = response.content.decode()
    assert reverse("intake:household_meldingen", args=[world.household.uuid]) in html
    assert "Mogelijk maatwerk" in html  # the routed reason
    assert "Wmo 2015" in html and "Inwoner zelf" in html


def test_inbox_of_welfare_worker(client, world):
    melding = _melding(world)
    response = _as(client, world, "sanne").get(reverse("intake:team_meldingen"))
    assert [m.pk for m in response.context["meldingen"]] == [melding.pk]
    assert [
        m.pk for m in _as(client, world, "otto").get(reverse("intake:team_meldingen")).context["meldingen"]
    ] == []


# session, user, the inbox (one query with its reason subquery), the user's teams for the actions; the
# break-the-glass flags of the households shown and their access rows in one insert
INBOX_QUERIES = 6


def test_inbox_query_count_does_not_grow(client, world, django_assert_num_queries):
    url = reverse("intake:team_meldingen")
    _melding(world, laws=[Law.WMO])
    _as(client, world, "anna").get(url)
    with django_assert_num_queries(INBOX_QUERIES):
        client.get(url)
    for _ in range(5):
        _melding(world, laws=[Law.WMO, Law.YOUTH])
    with django_assert_num_queries(INBOX_QUERIES):
        response = client.get(url)
    assert len(response.context["meldingen"]) == 6


# session, user, savepoint, dossier + 4 prefetches, break-glass check, access row, release, meldingen +
# resident/team join, routings prefetch, the user's teams for the actions
HOUSEHOLD_PAGE_QUERIES = 14


def test_household_meldingen_query_count_does_not_grow(client, world, django_assert_num_queries):
    url = reverse("intake:household_meldingen", args=[world.household.uuid])
    _melding(world, laws=[Law.WMO])
    _as(client, world, "anna").get(url)
    with django_assert_num_queries(HOUSEHOLD_PAGE_QUERIES):
        client.get(url)
    for _ in range(4):
        melding = _melding(world, laws=[Law.WMO])
        services.melding_reroute(
            acting_user=world.anna, melding=melding, target="backoffice", reason="Besluit nodig."
        )
    with django_assert_num_queries(HOUSEHOLD_PAGE_QUERIES):
        client.get(url)


# -- new resident with BRP -----------------------------------------------------------------------------------
def test_melding_new_brp_lookup_prefills(client, world):
    expected = get_client().find_by_bsn(BRP_BSN)
    response = _as(client, world, "anna").post(reverse("intake:melding_new"), {"brp-bsn": BRP_BSN})

    assert response.status_code == 200
    assert response.context["form"]["surname"].value() == expected.surname
    assert "Gegevens opgehaald uit de BRP" in response.content.decode()
    assert not Resident.objects.filter(bsn=BRP_BSN).exists()
    assert AuditEvent.objects.filter(action=Action.LOOKUP, actor=world.anna).count() == 1


def test_melding_new_brp_unavailable_keeps_the_bsn(client, world):
    response = _as(client, world, "anna").post(reverse("intake:melding_new"), {"brp-bsn": UNAVAILABLE_BSN})
    assert "De BRP antwoordde niet op tijd. Vul de gegevens met de hand in." in response.content.decode()
    assert response.context["form"]["bsn"].value() == UNAVAILABLE_BSN


def _new_resident_post(**overrides):
    data = resident_data()
    values = {
        "bsn": data.bsn,
        "given_names": data.given_names,
        "surname": data.surname,
        "birth_date": "04-03-1990",
        "postcode": "9711 CD",
        "house_number": "12",
        "city": "Westerhoek",
        **_form(laws=["geen"]),
    }
    return {**values, **overrides}


def test_melding_new_registers_and_routes_to_welfare_and_leaves_the_registering_worker(client, world):
    _as(client, world, "anna")
    response = client.post(reverse("intake:melding_new"), _new_resident_post())

    melding = Melding.objects.get()
    assert melding.team == world.welfare
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:team_meldingen")  # anna no longer sees the household
    assert client.get(reverse("intake:household_meldingen", args=[melding.household.uuid])).status_code == 404
    sanne = _as(client, world, "sanne").get(
        reverse("intake:household_meldingen", args=[melding.household.uuid])
    )
    assert sanne.status_code == 200
    assert melding.question in sanne.content.decode()


# -- routing said before it happens -------------------------------------------------------------------------
def test_the_form_says_where_the_melding_will_go_and_why_before_anything_is_saved(client, world):
    before = snapshot()
    response = _as(client, world, "anna").post(
        reverse("intake:melding_new"), {**_new_resident_post(), "actie": "voorproef"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Deze melding gaat naar <strong>Basisondersteuning</strong>. Waarom: " in page
    assert "Uw team (Wijkteam Centrum) ziet het huishouden daarna niet meer" in page
    assert "Bij mijn team houden" in page
    assert snapshot() == before
    assert not Resident.objects.filter(bsn=_new_resident_post()["bsn"]).exists()


def test_the_form_for_a_known_household_says_where_it_will_go_before_saving(client, world):
    url = reverse("intake:household_melding_new", args=[world.household.uuid])
    data = {**_form(laws=["geen"]), "resident": str(_head(world.household).uuid), "actie": "voorproef"}
    response = _as(client, world, "anna").post(url, data)
    assert "Deze melding gaat naar <strong>Basisondersteuning</strong>." in response.content.decode()
    assert not Melding.objects.exists() and not Routing.objects.exists()  # only the dossier's access row


def test_a_preview_for_a_postcode_outside_the_served_area_says_so(client, world):
    response = _as(client, world, "anna").post(
        reverse("intake:melding_new"), {**_new_resident_post(postcode="9721 CD"), "actie": "voorproef"}
    )
    assert response.context["form"].errors["postcode"] == [services.OUTSIDE_SERVED_AREA]


def test_the_worker_may_keep_the_melding_with_a_reason_counted_as_a_re_routing(client, world):
    _as(client, world, "anna")
    response = client.post(
        reverse("intake:melding_new"),
        _new_resident_post(keep="on", keep_reason="Ik ken mevrouw al jaren van het spreekuur."),
    )

    melding = Melding.objects.get()
    assert response.status_code == 302 and melding.team == world.team_a
    first, kept = melding.routings.order_by("pk")
    assert (first.team, first.is_rerouting) == (world.welfare, False)  # what the rules said stays on record
    assert (kept.team, kept.from_team, kept.is_rerouting) == (world.team_a, world.welfare, True)
    assert kept.reason == "Bij Wijkteam Centrum gehouden: Ik ken mevrouw al jaren van het spreekuur."
    assert client.get(reverse("intake:household_meldingen", args=[melding.household.uuid])).status_code == 200


def test_keeping_without_a_reason_is_refused_and_nothing_is_saved(client, world):
    before = snapshot()
    response = _as(client, world, "anna").post(reverse("intake:melding_new"), _new_resident_post(keep="on"))
    assert response.context["form"].errors["keep_reason"] == ["Schrijf op waarom uw team de melding houdt."]
    assert snapshot() == before


def test_melding_new_bad_input_saves_nothing(client, world):
    before = snapshot()
    response = _as(client, world, "anna").post(
        reverse("intake:melding_new"), _new_resident_post(surname="", laws=["geen", "wmo"])
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["surname"] == ["Vul de geslachtsnaam in."]
    assert snapshot() == before
    response = _as(client, world, "anna").post(
        reverse("intake:melding_new"), _new_resident_post(laws=["geen", "wmo"])
    )
    assert response.context["form"].errors["laws"] == ["‘Geen’ kan niet samen met een wet worden gekozen."]
    assert not Household.objects.exclude(pk__in=[world.household.pk, world.zuid_household.pk]).exists()
    assert snapshot() == before


@pytest.mark.parametrize("name", NO_CASEWORK)
def test_melding_new_refused_without_casework(client, world, name):
    before = snapshot()
    _as(client, world, name)
    assert client.get(reverse("intake:melding_new")).status_code == 404
    assert client.post(reverse("intake:melding_new"), _new_resident_post()).status_code == 404
    assert client.post(reverse("intake:melding_new"), {"brp-bsn": BRP_BSN}).status_code == 404
    assert snapshot() == before


def test_melding_new_page_explains_known_residents(client, world):
    html = _as(client, world, "anna").get(reverse("intake:melding_new")).content.decode()
    assert "Is de inwoner al bekend?" in html
    assert reverse("households:search") in html


# -- reroute, accept, close ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anna", 302),
        ("teun", 302),
        ("bo", 302),
        ("otto", 404),
        ("zoe", 404),
        ("sanne", 404),
        *[(n, 404) for n in NO_CASEWORK],
    ],
)
def test_reroute_matrix(client, world, name, status):
    melding = _melding(world, laws=[Law.WMO])
    url = reverse("intake:melding_reroute", args=[melding.uuid])
    before = snapshot()

    response = _as(client, world, name).post(
        url, {"target": "welzijn", "reason": "Lichte vraag, past bij welzijn."}
    )

    assert response.status_code == status
    if status == 404:
        assert snapshot() == before
    else:
        assert Routing.objects.filter(melding=melding, is_rerouting=True).count() == 1


def test_reroute_page_bad_reason(client, world):
    melding = _melding(world, laws=[Law.WMO])
    url = reverse("intake:melding_reroute", args=[melding.uuid])
    _as(client, world, "anna")
    assert client.get(url).status_code == 200
    before = snapshot()
    before.pop("AuditEvent")

    response = client.post(url, {"target": "welzijn", "reason": "kort"})

    assert response.context["form"].errors["reason"] == [
        "Beschrijf in minstens 10 tekens waarom de melding ergens anders hoort."
    ]
    after = snapshot()
    after.pop("AuditEvent")
    assert after == before


def test_reroute_away_sends_the_worker_to_the_inbox(client, world):
    melding = services.melding_create_for_new_resident(
        acting_user=world.anna, resident_data=resident_data(), data=melding_data(laws=[Law.WMO])
    )
    response = _as(client, world, "anna").post(
        reverse("intake:melding_reroute", args=[melding.uuid]),
        {"target": "welzijn", "reason": "Lichte vraag, past bij welzijn."},
    )
    assert response["Location"] == reverse("intake:team_meldingen")
    assert not HouseholdPolicy(world.anna).can_view(melding.household)


@pytest.mark.parametrize(
    ("name", "allowed"),
    [("anna", True), ("teun", True), ("bo", False), ("sanne", False), ("otto", False), ("fenna", False)],
)
def test_accept_and_close_matrix(client, world, name, allowed):
    melding = _melding(world, laws=[Law.WMO])
    before = snapshot()
    _as(client, world, name)

    accept = client.post(reverse("intake:melding_accept", args=[melding.uuid]))
    if not allowed:
        assert accept.status_code == 404
        assert client.post(reverse("intake:melding_close", args=[melding.uuid])).status_code == 404
        assert snapshot() == before
        return
    assert accept.status_code == 302
    assert Melding.objects.get(pk=melding.pk).status == MeldingStatus.IN_PROGRESS
    client.post(reverse("intake:melding_close", args=[melding.uuid]), {"terug": "inbox"})
    assert Melding.objects.get(pk=melding.pk).status == MeldingStatus.CLOSED


def test_accept_is_post_only(client, world):
    melding = _melding(world, laws=[Law.WMO])
    assert (
        _as(client, world, "anna").get(reverse("intake:melding_accept", args=[melding.uuid])).status_code
        == 405
    )


# -- triage rules --------------------------------------------------------------------------------------------
RULE_PAGES = ["/triage/regels/", "/triage/regels/nieuw/", "/triage/proefroutering/"]


@pytest.mark.parametrize("name", ["anna", "teun", "bo", "sanne", "otto", "zoe", "piet", "carla", "bea"])
@pytest.mark.parametrize("url", RULE_PAGES)
def test_rule_pages_only_for_the_beheerder(client, world, name, url):
    assert _as(client, world, name).get(url).status_code == 404


@pytest.mark.parametrize("url", RULE_PAGES)
def test_rule_pages_for_the_beheerder(client, world, url):
    assert _as(client, world, "fenna").get(url).status_code == 200


def test_rules_page_installs_defaults_and_lists_in_order(client, world):
    _as(client, world, "fenna")
    assert "Standaardregels toevoegen" in client.get("/triage/regels/").content.decode()

    client.post(reverse("intake:triage_rules_defaults"))

    response = client.get("/triage/regels/")
    assert [r.position for r in response.context["rules"]] == [1, 2, 3, 4, 5, 6]
    assert "Crisis: direct naar de crisisdienst." in response.content.decode()


def test_rule_create_edit_move_deactivate_through_the_pages(client, world):
    _as(client, world, "fenna")
    client.post(reverse("intake:triage_rules_defaults"))
    response = client.post(
        reverse("intake:triage_rule_new"),
        {
            "name": "Politie",
            "channels": ["politie"],
            "target": "wijkteam",
            "reason": "Signaal van de politie.",
            "active": "on",
        },
    )
    assert response.status_code == 302
    rule = TriageRule.objects.get(name="Politie")
    assert (rule.position, rule.channels, rule.active) == (7, ["politie"], True)

    client.post(reverse("intake:triage_rule_move", args=[rule.uuid]), {"richting": "omhoog"})
    assert TriageRule.objects.get(pk=rule.pk).position == 6

    response = client.post(
        reverse("intake:triage_rule_edit", args=[rule.uuid]),
        {
            "name": "Politie",
            "channels": ["politie", "school"],
            "target": "backoffice",
            "reason": "Anders.",
            "active": "on",
        },
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.channels, rule.target) == (["school", "politie"], RouteTarget.BACKOFFICE)
    assert AuditEvent.objects.filter(
        object_uuid=rule.uuid, action=Action.UPDATE, fields=["channels", "reason", "target"]
    ).exists()

    client.post(reverse("intake:triage_rule_deactivate", args=[rule.uuid]))
    assert TriageRule.objects.get(pk=rule.pk).active is False


@pytest.mark.parametrize(
    ("post", "field", "message"),
    [
        ({"name": "", "target": "wijkteam", "reason": "x"}, "name", "Geef de regel een naam."),
        (
            {"name": "x", "target": "wijkteam", "reason": ""},
            "reason",
            "Schrijf de reden op: die staat bij elke routering door deze regel.",
        ),
        ({"name": "x", "target": "buurman", "reason": "x"}, "target", "Kies alleen uit de lijst."),
        (
            {"name": "x", "target": "wijkteam", "reason": "x", "laws": ["belasting"]},
            "laws",
            "Kies alleen uit de lijst.",
        ),
    ],
)
def test_rule_form_refuses_bad_input(client, world, post, field, message):
    before = snapshot()
    response = _as(client, world, "fenna").post(reverse("intake:triage_rule_new"), post)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert snapshot() == before


def test_rule_of_another_municipality_is_404(client, world):
    rules = services.triage_rules_install_defaults(acting_user=None, municipality=world.zuid)
    before = snapshot()
    _as(client, world, "fenna")
    assert client.get(reverse("intake:triage_rule_edit", args=[rules[0].uuid])).status_code == 404
    assert (
        client.post(
            reverse("intake:triage_rule_move", args=[rules[1].uuid]), {"richting": "omhoog"}
        ).status_code
        == 404
    )
    assert client.post(reverse("intake:triage_rule_deactivate", args=[rules[1].uuid])).status_code == 404
    assert snapshot() == before


def test_trial_page_shows_the_matching_rule_and_why(client, world):
    services.triage_rules_install_defaults(acting_user=None, municipality=world.west)
    response = _as(client, world, "fenna").get(
        "/triage/proefroutering/",
        {
            "channel": "inwoner",
            "laws": ["schuldhulp"],
            "urgency": "regulier",
            "life_domain_count": "1",
            "acute_threat": "on",
        },
    )
    html = response.content.decode()
    assert response.context["result"].rule.name == "Schulden met acute dreiging"
    assert "Urgentie is niet een van: Crisis." in html
    assert "Naar: Wijkteam van de wijk." in html


# -- routing statistics --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("fenna", 200),
        ("bea", 200),
        ("teun", 200),
        ("anna", 404),
        ("bo", 404),
        ("sanne", 404),
        ("carla", 404),
        ("piet", 404),
    ],
)
def test_stats_matrix(client, world, name, status):
    assert _as(client, world, name).get(reverse("intake:routing_stats")).status_code == status


def test_stats_count_reroutes_without_persons(client, world):
    today = timezone.localdate()
    melding = _melding(world, laws=[Law.WMO], received_on=today)
    _melding(world, received_on=today)
    services.melding_reroute(
        acting_user=world.anna, melding=melding, target="welzijn", reason="Toch bij welzijn."
    )

    response = _as(client, world, "teun").get(reverse("intake:routing_stats"))

    stats = response.context["stats"]
    assert (stats.total, stats.rerouted, stats.percentage) == (2, 1, 50.0)
    html = response.content.decode()
    assert "50.0%" in html or "50,0%" in html
    assert _head(world.household).surname not in html
    assert melding.question not in html


def test_beleid_sees_small_counts_as_fewer_than_five(client, world):
    today = timezone.localdate()
    melding = _melding(world, laws=[Law.WMO], received_on=today)
    _melding(world, received_on=today)
    services.melding_reroute(
        acting_user=world.anna, melding=melding, target="welzijn", reason="Toch bij welzijn."
    )

    response = _as(client, world, "bea").get(reverse("intake:routing_stats"))

    stats = response.context["stats"]
    assert (stats.total, stats.rerouted, stats.percentage, stats.suppressed) == (None, None, None, True)
    html = response.content.decode()
    assert "&lt;5 meldingen" in html and "50.0%" not in html


def test_stats_for_another_municipality_falls_back_to_own(client, world):
    _melding(world, user="zoe", household=world.zuid_household, received_on=timezone.localdate())
    response = _as(client, world, "bea").get(
        reverse("intake:routing_stats"), {"municipality": str(world.zuid.uuid)}
    )
    assert response.context["municipality"] == world.west
    assert response.context["stats"].total == 0


# -- the confirmation of receipt (Wmo 2015 art. 2.3.2 lid 1) -------------------------------------------------
def test_the_confirmation_of_receipt_is_made_once_kept_and_downloaded_with_an_export_row(client, world):
    melding = _melding(world, laws=["wmo"])
    url = reverse("intake:melding_receipt", args=[melding.uuid])
    _as(client, world, "anna")
    page = client.get(reverse("intake:household_meldingen", args=[world.household.uuid])).content.decode()
    assert "Ontvangstbevestiging maken" in page

    assert client.post(url).status_code == 302
    melding.refresh_from_db()
    letter = bytes(melding.receipt_letter)
    assert letter.startswith(b"%PDF") and melding.receipt_letter_sha256 == hashlib.sha256(letter).hexdigest()
    assert melding.receipt_sent_on == timezone.localdate()
    assert TimelineEntry.objects.filter(
        household=world.household,
        description="Ontvangstbevestiging van de melding gemaakt (Wmo 2015 art. 2.3.2 lid 1)",
    ).exists()
    # a second press keeps the letter as it was sent
    client.post(url)
    melding.refresh_from_db()
    assert bytes(melding.receipt_letter) == letter
    assert TimelineEntry.objects.filter(description__startswith="Ontvangstbevestiging").count() == 1

    download = client.get(url)
    assert download.status_code == 200 and download.content == letter
    assert (
        download["Content-Disposition"] == f'attachment; filename="ontvangstbevestiging-{melding.uuid}.pdf"'
    )
    assert AuditEvent.objects.filter(object_uuid=melding.uuid, action=Action.EXPORT).count() == 1


def test_the_confirmation_says_what_comes_next_under_the_wmo(world):
    from wijkregie.intake.letters import receipt_html

    melding = _melding(world, laws=["wmo"])
    html = receipt_html(melding, timezone.localdate())
    assert "binnen zes weken na uw melding" in html and melding.resident.full_name in html
    assert melding.question not in html  # the question in the resident's words stays in the dossier


@pytest.mark.parametrize("name", ["otto", "zoe", "piet", "bea"])
def test_who_may_not_see_the_melding_gets_404_for_its_confirmation(client, world, name):
    melding = _melding(world, laws=["wmo"])
    _as(client, world, name)
    url = reverse("intake:melding_receipt", args=[melding.uuid])
    assert client.post(url).status_code == 404
    assert client.get(url).status_code == 404
    melding.refresh_from_db()
    assert melding.receipt_sent_on is None
