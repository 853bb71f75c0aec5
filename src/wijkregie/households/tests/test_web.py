"""Household pages: authorisation matrix (404 for not allowed), what they show, and bad input."""

import re

import pytest
from django.urls import reverse

from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent
from wijkregie.households.constants import Complexity
from wijkregie.households.models import BreakGlassGrant, CaseloadEntry, Household, Resident
from wijkregie.households.tests.factories import next_bsn

pytestmark = pytest.mark.django_db

CASEWORKERS = ["anna", "otto", "teun", "bo", "sanne", "zoe"]
NO_PERSONAL_DATA = ["piet", "carla", "bea", "fenna"]


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


def _as(client, world, name):
    client.force_login(world.user(name))
    return client


@pytest.mark.parametrize(
    "url_name", ["households:worklist", "households:search", "households:register", "households:break_glass"]
)
def test_anonymous_is_sent_to_login(client, world, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anna", 200),
        ("teun", 200),
        ("bo", 200),
        ("otto", 404),
        ("zoe", 404),
        ("sanne", 404),
        ("piet", 404),
        ("carla", 404),
        ("bea", 404),
        ("fenna", 404),
    ],
)
def test_dossier_matrix(client, world, name, status):
    response = _as(client, world, name).get(reverse("households:dossier", args=[world.household.uuid]))

    assert response.status_code == status
    surname = world.household.memberships.get().resident.surname
    reads = AuditEvent.objects.filter(actor=world.user(name), action=Action.READ)
    if status == 200:
        assert surname in response.content.decode()
        assert reads.count() == 1
    else:
        assert surname not in response.content.decode()
        assert not reads.exists()


def test_dossier_of_unknown_uuid_is_404_like_not_allowed(client, world):
    response = _as(client, world, "anna").get("/huishoudens/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404


@pytest.mark.parametrize("name", NO_PERSONAL_DATA)
@pytest.mark.parametrize("url_name", ["households:search", "households:register", "households:break_glass"])
def test_roles_without_casework_get_404(client, world, name, url_name):
    assert _as(client, world, name).get(reverse(url_name)).status_code == 404


@pytest.mark.parametrize("name", CASEWORKERS)
def test_caseworkers_reach_search_and_register(client, world, name):
    _as(client, world, name)
    assert client.get(reverse("households:search")).status_code == 200
    assert client.get(reverse("households:register")).status_code == 200


def test_worklist_shows_own_households_only(client, world):
    anna = _as(client, world, "anna").get(reverse("households:worklist")).content.decode()
    assert "Visser" in anna
    client.force_login(world.zoe)
    zoe = client.get(reverse("households:worklist")).content.decode()
    assert "Visser" not in zoe


def test_worklist_for_role_without_personal_data_says_so(client, world):
    body = _as(client, world, "bea").get(reverse("households:worklist")).content.decode()
    assert "geen persoonsgegevens" in body


def test_search_is_post_and_finds_within_caseload(client, world):
    response = _as(client, world, "anna").post(reverse("households:search"), {"surname": "vis"})
    body = response.content.decode()
    assert "Resultaten (1)" in body and "Visser" in body
    client.force_login(world.zoe)
    body = client.post(reverse("households:search"), {"surname": "vis"}).content.decode()
    assert "Resultaten (0)" in body and "Visser" not in body


def test_search_htmx_returns_only_the_fragment(client, world):
    response = _as(client, world, "anna").post(
        reverse("households:search"), {"surname": "vis"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="zoekresultaten"')
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"bsn": "123456789"}, "Dit is geen geldig BSN"),
        ({"postcode": "9711AB"}, "Zoek op postcode én huisnummer samen."),
        ({"birth_date": "31-02-2000"}, "Vul een geldige datum in"),
        ({}, "Vul minstens één zoekgegeven in."),
    ],
)
def test_search_bad_input_gets_a_dutch_error_not_echoing_the_bsn(client, world, data, message):
    body = _as(client, world, "anna").post(reverse("households:search"), data).content.decode()
    assert message in body
    # The typed value comes back only in its own input for correction, never in a message.
    assert body.count("123456789") == (1 if "bsn" in data else 0)
    assert not AuditEvent.objects.filter(action=Action.SEARCH).exists()


def test_an_impossible_date_is_called_wrong_not_missing_and_the_summary_links_to_it(client, world):
    body = _as(client, world, "anna").post(reverse("households:search"), {"birth_date": "31-02-1980"})
    page = body.content.decode()
    assert '<a class="utrecht-link" href="#id_birth_date">Geboortedatum: Vul een geldige datum in' in page
    assert "Vul minstens één zoekgegeven in." not in page
    assert "data-error-summary" in page and 'tabindex="-1"' in page


def _register_post(**overrides):
    data = {
        "bsn": next_bsn(),
        "surname": "Bakker",
        "birth_date": "01-02-1980",
        "postcode": "9711 ab",
        "house_number": "3",
        "city": "Westerhoek",
        "relation": "hoofdbewoner",
    }
    data.update(overrides)
    return data


def test_register_by_hand_creates_household_and_opens_dossier(client, world):
    response = _as(client, world, "anna").post(reverse("households:register"), _register_post())
    household = Household.objects.exclude(pk__in=[world.household.pk, world.zuid_household.pk]).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("households:dossier", args=[household.uuid])


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"bsn": "111222334"}, "Dit is geen geldig BSN"),
        ({"postcode": "12AB"}, "Vul een geldige postcode in"),
        ({"postcode": "9999AA"}, "Deze postcode ligt niet in een wijk"),
        ({"birth_date": "2000-13-45"}, "Vul een geldige datum in"),
        ({"house_number": "abc"}, "Vul een getal in."),
    ],
)
def test_register_bad_input_shows_field_error_and_saves_nothing(client, world, overrides, message):
    before = (Resident.objects.count(), Household.objects.count(), AuditEvent.objects.count())
    body = _as(client, world, "anna").post(reverse("households:register"), _register_post(**overrides))
    assert message in body.content.decode()
    assert 'aria-invalid="true"' in body.content.decode()
    assert (Resident.objects.count(), Household.objects.count(), AuditEvent.objects.count()) == before


def test_break_glass_page_opens_dossier_with_warning(client, world):
    bsn = world.household.memberships.get().resident.bsn
    response = _as(client, world, "otto").post(
        reverse("households:break_glass"),
        {"bsn": bsn, "reason": "Crisis bij de voordeur van het wijkpunt"},
        follow=True,
    )
    assert "Toegang buiten uw werkvoorraad." in response.content.decode()
    assert BreakGlassGrant.objects.filter(user=world.otto, household=world.household).exists()
    assert AuditEvent.objects.filter(actor=world.otto, action=Action.READ, break_glass=True).count() == 1


def test_break_glass_for_other_municipality_says_not_found_and_grants_nothing(client, world):
    bsn = world.zuid_household.memberships.get().resident.bsn
    body = (
        _as(client, world, "otto")
        .post(
            reverse("households:break_glass"),
            {"bsn": bsn, "reason": "Ik wil even kijken in dit dossier daar"},
        )
        .content.decode()
    )
    assert "Er is geen huishouden met dit BSN gevonden" in body
    assert not BreakGlassGrant.objects.exists()


@pytest.mark.parametrize(
    ("name", "status"),
    [("teun", 200), ("anna", 404), ("otto", 404), ("zoe", 404), ("bo", 404), ("fenna", 404)],
)
def test_assign_page_matrix(client, world, name, status):
    response = _as(client, world, name).get(reverse("tasks:household_assign", args=[world.household.uuid]))
    assert response.status_code == status


def test_teamleider_assigns_regisseur_through_the_page(client, world):
    response = _as(client, world, "teun").post(
        reverse("tasks:household_assign", args=[world.household.uuid]),
        {"worker": world.anna.pk, "regisseur": world.anna.pk},
    )
    assert response.status_code == 302
    world.household.refresh_from_db()
    assert world.household.regisseur == world.anna
    assert CaseloadEntry.objects.get(household=world.household).worker == world.anna


def test_teamleider_sets_the_households_weight_with_the_assignment(client, world):
    response = _as(client, world, "teun").post(
        reverse("tasks:household_assign", args=[world.household.uuid]),
        {"worker": world.anna.pk, "complexity": Complexity.HEAVY},
    )
    assert response.status_code == 302
    world.household.refresh_from_db()
    assert world.household.complexity == Complexity.HEAVY
    assert AuditEvent.objects.filter(object_uuid=world.household.uuid, fields=["complexity"]).count() == 1


# session, user, savepoint, the visible dossier + 4 prefetches, break-glass check, access row, release,
# timeline, the teamleider check (none for a consulent): the same with 1 member or 5.
DOSSIER_PAGE_QUERIES = 12


def test_dossier_page_query_count_is_fixed(client, world, django_assert_num_queries):
    _as(client, world, "anna")
    url = reverse("households:dossier", args=[world.household.uuid])
    client.get(url)  # warm the session
    with django_assert_num_queries(DOSSIER_PAGE_QUERIES):
        client.get(url)
    for _ in range(4):
        services_register_child(world)
    with django_assert_num_queries(DOSSIER_PAGE_QUERIES):
        client.get(url)


def services_register_child(world):
    import datetime

    from wijkregie.households import services
    from wijkregie.households.constants import Relation

    services.resident_register(
        acting_user=world.anna,
        household=world.household,
        relation=Relation.CHILD,
        data=services.ResidentData(
            bsn=next_bsn(),
            surname="Visser",
            birth_date=datetime.date(2012, 1, 1),
            postcode="9711AB",
            house_number=5,
            city="Westerhoek",
        ),
    )


def _member_urls(world):
    resident = world.household.memberships.get().resident
    args = [world.household.uuid, resident.uuid]
    return resident, {
        "edit": reverse("households:resident_edit", args=args),
        "representative": reverse("households:representative_new", args=args),
        "end": reverse("households:member_end", args=args),
        "new": reverse("households:member_new", args=[world.household.uuid]),
    }


@pytest.mark.parametrize("page", ["edit", "representative", "end", "new"])
@pytest.mark.parametrize(
    ("name", "status"), [("anna", 200), ("otto", 404), ("zoe", 404), ("carla", 404), ("fenna", 404)]
)
def test_member_pages_matrix(client, world, page, name, status):
    _, urls = _member_urls(world)
    assert _as(client, world, name).get(urls[page]).status_code == status


@pytest.mark.parametrize("name", ["otto", "zoe"])
def test_member_pages_refuse_posts_from_outside_and_change_nothing(client, world, name):
    resident, urls = _member_urls(world)
    _as(client, world, name)
    assert client.post(urls["edit"], {"surname": "Anders"}).status_code == 404
    assert client.post(urls["end"], {"end_date": "01-01-2026"}).status_code == 404
    resident.refresh_from_db()
    assert resident.surname == "Visser"
    assert resident.memberships.get().end_date is None
    assert not AuditEvent.objects.filter(actor=world.user(name)).exists()


def test_edit_address_of_head_moves_household_to_the_new_district(client, world):
    resident, urls = _member_urls(world)
    _as(client, world, "anna")
    form = client.get(urls["edit"]).context["form"]
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(postcode="9712 XY", house_number=8, phone="0501234567")

    response = client.post(urls["edit"], data)

    assert response.status_code == 302
    world.household.refresh_from_db()
    assert world.household.district == world.west_noord
    event = AuditEvent.objects.filter(action=Action.UPDATE, object_uuid=resident.uuid).get()
    assert event.fields == ["house_number", "phone", "postcode"]


def test_move_to_another_municipality_is_refused(client, world):
    resident, urls = _member_urls(world)
    _as(client, world, "bo")  # bo serves both municipalities, so the postcode is known to them
    form = client.get(urls["edit"]).context["form"]
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(postcode="9721 XY")

    body = client.post(urls["edit"], data).content.decode()

    assert "Dit adres ligt in een andere gemeente." in body
    resident.refresh_from_db()
    assert resident.postcode == "9711AB"


def test_representative_and_departure_are_recorded(client, world):
    resident, urls = _member_urls(world)
    _as(client, world, "anna")
    client.post(
        urls["representative"], {"kind": "wettelijk", "name": "Mr. B. Curator", "start_date": "01-03-2026"}
    )
    client.post(urls["end"], {"end_date": "01-11-2026"})

    assert resident.representatives.get().name == "Mr. B. Curator"
    assert str(resident.memberships.get().end_date) == "2026-11-01"
    kinds = list(world.household.timeline.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["vertegenwoordiger", "lid_weg"]


def test_departure_before_membership_start_is_refused(client, world):
    resident, urls = _member_urls(world)
    body = _as(client, world, "anna").post(urls["end"], {"end_date": "01-01-2019"}).content.decode()
    assert "De einddatum ligt voor de begindatum van het lidmaatschap." in body
    assert resident.memberships.get().end_date is None


def test_add_member_to_household(client, world):
    _, urls = _member_urls(world)
    response = _as(client, world, "anna").post(
        urls["new"], _register_post(relation="kind", surname="Visser", birth_date="01-01-2014")
    )
    assert response.status_code == 302
    assert world.household.memberships.current().count() == 2


def test_not_found_page_is_dutch_and_the_same_for_missing_and_not_allowed(client, world):
    _as(client, world, "zoe")
    not_allowed = client.get(reverse("households:dossier", args=[world.household.uuid]))
    missing = client.get("/huishoudens/00000000-0000-0000-0000-000000000000/")

    assert not_allowed.status_code == missing.status_code == 404
    assert "Deze pagina bestaat niet, of u heeft er geen toegang toe." in not_allowed.content.decode()

    # Identical but for the per-response CSRF token of the logout form.
    def without_token(body):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body.decode())

    assert without_token(not_allowed.content) == without_token(missing.content)
