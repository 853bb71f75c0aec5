"""Beheer pages (the overview and staff of accounts, districts and teams of organisation): the authorisation
matrix for every page, what a valid form changes, and query counts."""

import pytest
from django.urls import reverse

from wijkregie.accounts.constants import Role
from wijkregie.accounts.models import User
from wijkregie.accounts.tests.factories import UserFactory
from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent
from wijkregie.organisation.models import District, Team
from wijkregie.organisation.tests.factories import (
    DistrictFactory,
    OrganisationFactory,
    TeamFactory,
    beheer_state,
)

NOT_BEHEERDERS = ["anna", "otto", "teun", "bo", "sanne", "piet", "carla", "bea", "zoe"]

# page name -> the object of Westerhoek it is about (None for lists and new-forms)
PAGES = {
    "beheer_overview": None,
    "district_list": None,
    "district_create": None,
    "district_update": "west_centrum",
    "team_list": None,
    "team_create": None,
    "team_update": "team_a",
    "staff_list": None,
    "staff_create": None,
    "staff_update": "otto",
}
FORMS = [name for name in PAGES if name.endswith(("_create", "_update"))]
DETAILS = [name for name, target in PAGES.items() if target]
# the same detail pages about a Zuiderdijk object
ZUID_TARGETS = {"district_update": "zuid_dorp", "team_update": "team_z", "staff_update": "zoe"}


@pytest.fixture(autouse=True)
def _without_second_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


@pytest.fixture
def zara(world):
    return UserFactory(username="zara", role=Role.FUNCTIONAL_ADMIN, municipality=world.zuid)


def _name(page):
    """The URL name: the overview and the staff pages are the accounts app's, the rest organisation's."""
    return f"accounts:{page}" if page.startswith(("beheer_", "staff_")) else f"organisation:{page}"


def _url(world, page, target=None):
    target = target or PAGES[page]
    args = [getattr(world, target).uuid] if target else []
    return reverse(_name(page), args=args)


def _post_data(world, page):
    west, organisation = world.west.pk, world.team_a.organisation_id
    return {
        "district_create": {
            "name": "Oost",
            "wijkpunt_name": "Wijkpunt Oost",
            "wijkpunt_address": "Oostweg 1",
            "postcode_areas": "9713, 9714",
        },
        "district_update": {
            "name": "Centrum-Oost",
            "wijkpunt_name": "De Brug",
            "wijkpunt_address": "Markt 1",
            "postcode_areas": "9711 9715",
            "population": "12400",
        },
        "team_create": {
            "name": "Flexpool West",
            "kind": "flexpool",
            "organisation": organisation,
            "municipalities": [west],
            "districts": [world.west_noord.pk],
        },
        "team_update": {
            "name": "Wijkteam Centrum-Oost",
            "kind": "wijkteam",
            "organisation": organisation,
            "municipalities": [west],
            "districts": [world.west_centrum.pk, world.west_noord.pk],
        },
        "staff_create": {
            "username": "kees",
            "first_name": "Kees",
            "last_name": "de Vries",
            "email": "kees@example.nl",
            "role": "consulent",
            "teams": [world.team_a.pk],
            "municipality": "",
        },
        "staff_update": {
            "role": "teamleider",
            "teams": [world.team_a.pk, world.team_b.pk],
            "municipality": "",
            "is_active": "on",
        },
    }[page]


def _changed_as_posted(world, page):
    """Assert that the allowed POST of `page` made exactly its change."""
    if page == "district_create":
        oost = District.objects.get(name="Oost")
        assert (oost.municipality, oost.wijkpunt_address) == (world.west, "Oostweg 1")
        assert sorted(oost.postcode_areas.values_list("pc4", flat=True)) == ["9713", "9714"]
    elif page == "district_update":
        district = District.objects.get(pk=world.west_centrum.pk)
        assert (district.name, district.wijkpunt_name, district.population) == (
            "Centrum-Oost",
            "De Brug",
            12400,
        )
        assert sorted(district.postcode_areas.values_list("pc4", flat=True)) == ["9711", "9715"]
    elif page == "team_create":
        team = Team.objects.get(name="Flexpool West")
        assert (team.kind, list(team.municipalities.all()), list(team.districts.all())) == (
            "flexpool",
            [world.west],
            [world.west_noord],
        )
    elif page == "team_update":
        team = Team.objects.get(pk=world.team_a.pk)
        assert team.name == "Wijkteam Centrum-Oost"
        assert set(team.districts.all()) == {world.west_centrum, world.west_noord}
    elif page == "staff_create":
        kees = User.objects.get(username="kees")
        assert (kees.role, list(kees.teams.all())) == (Role.CONSULENT, [world.team_a])
    else:
        otto = User.objects.get(pk=world.otto.pk)
        assert (otto.role, set(otto.teams.all())) == (Role.TEAMLEIDER, {world.team_a, world.team_b})


# -- who may open which page -----------------------------------------------------------------------
@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_login(client, world, page):
    url = _url(world, page)
    before = beheer_state()

    responses = [client.get(url)] + ([client.post(url, _post_data(world, page))] if page in FORMS else [])

    for response in responses:
        assert response.status_code == 302
        assert response["Location"].startswith(f"{reverse('accounts:login')}?next=")
    assert beheer_state() == before


@pytest.mark.parametrize("name", NOT_BEHEERDERS)
@pytest.mark.parametrize("page", PAGES)
def test_every_other_role_gets_404_and_changes_nothing(client, world, page, name):
    client.force_login(world.user(name))
    url = _url(world, page)
    before = beheer_state()

    assert client.get(url).status_code == 404
    if page in FORMS:
        assert client.post(url, _post_data(world, page)).status_code == 404
    assert beheer_state() == before


@pytest.mark.parametrize("page", DETAILS)
def test_beheerder_of_the_other_municipality_gets_404_and_changes_nothing(client, world, zara, page):
    client.force_login(zara)
    url = _url(world, page)
    before = beheer_state()

    assert client.get(url).status_code == 404
    assert client.post(url, _post_data(world, page)).status_code == 404
    assert beheer_state() == before


@pytest.mark.parametrize("page", DETAILS)
def test_westerhoek_beheerder_gets_404_for_zuiderdijk_objects(client, world, page):
    client.force_login(world.fenna)
    url = _url(world, page, ZUID_TARGETS[page])
    before = beheer_state()

    assert client.get(url).status_code == 404
    assert client.post(url, _post_data(world, page)).status_code == 404
    assert beheer_state() == before


def test_unknown_uuid_is_404(client, world):
    client.force_login(world.fenna)

    assert client.get(reverse("organisation:district_update", args=[world.household.uuid])).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_beheerder_opens_every_page(client, world, page):
    client.force_login(world.fenna)

    response = client.get(_url(world, page))

    assert response.status_code == 200
    assert b'aria-label="Beheer"' in response.content


@pytest.mark.parametrize("page", FORMS)
def test_beheerder_post_makes_the_change_with_an_audit_row(client, world, page):
    client.force_login(world.fenna)

    response = client.post(_url(world, page), _post_data(world, page))

    assert response.status_code == 302
    assert response["Location"] == reverse(_name(f"{page.rsplit('_', 1)[0]}_list"))
    _changed_as_posted(world, page)
    event = AuditEvent.objects.get()
    assert event.actor == world.fenna
    assert event.action == (Action.CREATE if page.endswith("create") else Action.UPDATE)


# -- what the pages show and refuse ----------------------------------------------------------------
def test_lists_show_only_own_municipality(client, world, zara):
    client.force_login(zara)

    districts = client.get(reverse("organisation:district_list")).content.decode()
    teams = client.get(reverse("organisation:team_list")).content.decode()
    staff = client.get(reverse("accounts:staff_list")).content.decode()

    assert "Dorp" in districts and "9721" in districts
    assert "Centrum" not in districts and "9711" not in districts
    assert "Wijkteam Dorp" in teams and "Backoffice" in teams
    assert "Wijkteam Centrum" not in teams
    assert ">zoe<" in staff and ">bo<" in staff
    assert ">otto<" not in staff and ">anna<" not in staff


def test_duplicate_postcode_area_shows_a_field_error_and_saves_nothing(client, world):
    client.force_login(world.fenna)
    before = beheer_state()

    response = client.post(
        reverse("organisation:district_create"), {"name": "Oost", "postcode_areas": "9713 9721"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Postcodegebied 9721 hoort al bij een wijk van een andere gemeente." in html
    assert 'id="id_postcode_areas_error"' in html
    assert 'aria-invalid="true"' in html
    assert beheer_state() == before


def test_shared_backoffice_edited_by_either_beheerder_keeps_the_other_municipality(client, world, zara):
    client.force_login(zara)
    url = _url(world, "team_update", "backoffice")

    page = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "name": "Backoffice Zuid-West",
            "kind": "backoffice",
            "organisation": world.backoffice.organisation_id,
            "municipalities": [world.zuid.pk],
            "districts": [world.zuid_dorp.pk],
        },
    )

    assert "Dit team bedient ook Westerhoek." in page
    assert response.status_code == 302
    backoffice = Team.objects.get(pk=world.backoffice.pk)
    assert backoffice.name == "Backoffice Zuid-West"
    assert set(backoffice.municipalities.all()) == {world.west, world.zuid}
    assert list(backoffice.districts.all()) == [world.zuid_dorp]


def test_staff_home_municipality_of_another_municipality_is_shown_but_not_changed(client, world):
    world.bo.municipality = world.zuid
    world.bo.save(update_fields=["municipality"])
    client.force_login(world.fenna)
    url = _url(world, "staff_update", "bo")

    page = client.get(url).content.decode()
    response = client.post(
        url, {"role": "consulent", "teams": [world.backoffice.pk], "municipality": "", "is_active": "on"}
    )

    assert "Deze medewerker hoort bij een andere gemeente" in page
    assert response.status_code == 302
    bo = User.objects.get(pk=world.bo.pk)
    assert (bo.role, bo.municipality) == (Role.CONSULENT, world.zuid)


def test_staff_form_offers_only_teams_serving_own_municipality(client, world):
    client.force_login(world.fenna)

    html = client.get(reverse("accounts:staff_create")).content.decode()

    assert "Wijkteam Centrum" in html and "Backoffice" in html
    assert "Wijkteam Dorp" not in html
    assert "<legend" in html


# -- query counts ----------------------------------------------------------------------------------
def _more_rows(world, n):
    for i in range(n):
        district = DistrictFactory(municipality=world.west, postcodes=[str(9800 + 2 * i), str(9801 + 2 * i)])
        TeamFactory(municipalities=[world.west], districts=[district, world.west_centrum])
        UserFactory(teams=[world.team_a, world.team_b], municipality=world.west)


@pytest.mark.parametrize(("page", "queries"), [("district_list", 4), ("team_list", 5), ("staff_list", 4)])
def test_list_pages_use_a_fixed_number_of_queries(client, world, django_assert_num_queries, page, queries):
    client.force_login(world.fenna)
    url = reverse(_name(page))

    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    _more_rows(world, 10)
    with django_assert_num_queries(queries):
        response = client.get(url)

    rows = {"district_list": 12, "team_list": 15, "staff_list": 19}[page]
    assert response.content.decode().count('scope="row"') == rows


def test_shared_team_form_keeps_its_current_organisation_as_a_choice(client, world, zara):
    west_own = OrganisationFactory(name="Gemeente Westerhoek (eigen)", municipality=world.west)
    Team.objects.filter(pk=world.backoffice.pk).update(organisation=west_own)
    client.force_login(zara)

    other = client.get(_url(world, "team_update", "team_z")).content.decode()
    response = client.post(
        _url(world, "team_update", "backoffice"),
        {
            "name": "Backoffice",
            "kind": "backoffice",
            "organisation": west_own.pk,
            "municipalities": [world.zuid.pk],
            "districts": [world.zuid_dorp.pk],
        },
    )

    assert "Gemeente Westerhoek (eigen)" not in other
    assert response.status_code == 302
    assert list(Team.objects.get(pk=world.backoffice.pk).districts.all()) == [world.zuid_dorp]
