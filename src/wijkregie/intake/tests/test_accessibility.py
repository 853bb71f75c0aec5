"""WCAG 2.1 A/AA checks with axe-core in Chromium on the intake pages, with data on them."""

from pathlib import Path

import pytest

from wijkregie.intake import services
from wijkregie.intake.constants import Law

from .conftest import melding_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[4] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def page(chromium_browser):
    context = chromium_browser.new_context(locale="nl-NL", bypass_csp=True)
    yield context.new_page()
    context.close()


def _violations(page) -> list[str]:
    if not AXE.exists():
        pytest.skip("axe-core ontbreekt; installeer de front-end-pakketten met: make assets")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', "
        "values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x)" for v in result["violations"]]


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill("demo-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("anna", "MELDINGEN"),
        ("anna", "NIEUW"),
        ("anna", "OMROUTEREN"),
        ("anna", "/meldingen/"),
        ("anna", "/meldingen/nieuw/"),
        ("fenna", "/triage/regels/"),
        ("fenna", "/triage/regels/nieuw/"),
        ("fenna", "/triage/proefroutering/?channel=inwoner&laws=geen&urgency=regulier&life_domain_count=1"),
        ("fenna", "/triage/statistiek/"),
    ],
)
def test_intake_pages_have_no_wcag_violations(world, live_server, page, username, path):
    head = world.household.memberships.get().resident
    melding = services.melding_create(
        acting_user=world.anna, household=world.household, resident=head, data=melding_data(laws=[Law.WMO])
    )
    path = {
        "MELDINGEN": f"/huishoudens/{world.household.uuid}/meldingen/",
        "NIEUW": f"/huishoudens/{world.household.uuid}/meldingen/nieuw/",
        "OMROUTEREN": f"/meldingen/{melding.uuid}/omrouteren/",
    }.get(path, path)
    _log_in(page, live_server, username)
    response = page.goto(f"{live_server.url}{path}")
    assert response is not None and response.status == 200
    assert _violations(page) == []


def test_melding_form_errors_are_accessible(world, live_server, page):
    _log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/meldingen/nieuw/")
    page.get_by_role("button", name="Registreren en melding vastleggen").click()
    assert page.locator("[aria-invalid=true]").count() > 0
    assert _violations(page) == []
