"""In Chromium: anna logs in, finds a household, opens the dossier (an access row is written);
zoe of the other municipality gets 404 for the same dossier."""

import re

import pytest
from playwright.sync_api import expect

from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill("demo-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Mijn werkvoorraad")).to_be_visible()


def test_anna_finds_and_opens_a_dossier_and_an_access_row_is_written(world, live_server, page):
    _log_in(page, live_server, "anna")
    page.get_by_role("link", name="Zoeken").click()
    page.get_by_label("Achternaam (begin)").fill("Viss")
    page.get_by_role("button", name="Zoeken").click()
    results = page.locator("#zoekresultaten")
    expect(results.get_by_role("heading", name="Resultaten (1)")).to_be_visible()
    assert "9711" not in page.url and "Viss" not in page.url  # nothing personal in the address bar

    results.get_by_role("link").first.click()

    expect(page.get_by_role("heading", name=re.compile("Huishouden Visser"))).to_be_visible()
    expect(page.get_by_text("Regisseur:")).to_be_visible()
    reads = AuditEvent.objects.filter(
        actor=world.anna, action=Action.READ, household_uuid=world.household.uuid
    )
    # the werkvoorraad after login, the search result, and the dossier: one access row each
    assert sorted(reads.values_list("object_type", flat=True)) == [
        "households.household",
        "lijst.werkvoorraad",
        "lijst.zoekresultaat",
    ]
    assert page.url.endswith(f"/huishoudens/{world.household.uuid}/")


def test_zoe_gets_404_for_annas_household(world, live_server, page):
    _log_in(page, live_server, "zoe")

    response = page.goto(f"{live_server.url}/huishoudens/{world.household.uuid}/")

    assert response is not None and response.status == 404
    assert "Visser" not in page.content()
    assert not AuditEvent.objects.filter(actor=world.zoe, action=Action.READ).exists()
