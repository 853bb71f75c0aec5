"""The main navigation comes from the policies: for every demo role, a link is shown exactly when its
page opens for that user, and working out the links costs no query."""

import pytest
from django.test import RequestFactory

from wijkregie.navigation import LINKS, MAY, navigation

pytestmark = pytest.mark.django_db

# The home page and the public sociale kaart open for everyone; the menu offers them to caseworkers, whose
# work they are.
OPEN_TO_EVERYONE = {"households:worklist", "provisions:social_map"}
MONITORING, RETENTION = "Monitoring vroegsignalering", "Bewaartermijnen vroegsignalering"
USERS = ["anna", "otto", "teun", "bo", "sanne", "piet", "carla", "bea", "fenna", "zoe"]


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


def _links(user):
    request = RequestFactory().get("/")
    request.user = user
    return dict(navigation(request)["nav_links"])


@pytest.mark.parametrize("name", USERS)
def test_a_link_is_shown_exactly_when_its_page_opens(client, world, name):
    user = world.user(name)
    shown = set(_links(user).values())
    client.force_login(user)

    opens = {_url(link) for link in LINKS if client.get(_url(link)).status_code == 200}
    everyone = {_url(link) for link in LINKS if link.url_name in OPEN_TO_EVERYONE}

    assert shown - everyone == opens - everyone
    assert everyone <= opens


@pytest.mark.parametrize(
    ("name", "labels"),
    [
        ("anna", {"Mijn werkvoorraad", "Taken", "Zoeken", "Sociale kaart"}),
        ("teun", {"Mijn werkvoorraad", "Caseload", "Routering", "Afwijkingen", "Auditlogboek", MONITORING}),
        ("bo", {"Mijn werkvoorraad", "Berichten"}),
        ("piet", {"Toewijzingen"}),
        ("carla", {"Zorgaanbieders", "Contracten", "Kosten", "Kosten per cliënt"}),
        ("bea", {"Zorgaanbieders", "Routering", "Afwijkingen", "Kosten", "Kosten per cliënt", MONITORING}),
        (
            "fenna",
            {
                "Auditlogboek",
                "Voorzieningen",
                "Triageregels",
                "Instrumenten",
                "Beheer",
                "Berichten",
                RETENTION,
            },
        ),
    ],
)
def test_each_role_sees_its_own_work(world, name, labels):
    links = set(_links(world.user(name)))

    assert labels <= links
    assert ("Mijn werkvoorraad" in links) is (name in ("anna", "teun", "bo"))
    assert ("Beheer" in links) is (name == "fenna")
    assert (MONITORING in links) is (name in ("teun", "bea"))
    assert (RETENTION in links) is (name == "fenna")


@pytest.mark.parametrize("name", USERS)
def test_the_links_cost_no_query(world, name, django_assert_num_queries):
    user = world.user(name)

    with django_assert_num_queries(0):
        _links(user)


def test_every_link_names_a_known_question():
    assert {link.may for link in LINKS} <= set(MAY)


def _url(link):
    from django.urls import reverse

    return reverse(link.url_name)
