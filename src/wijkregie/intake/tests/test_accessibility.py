"""WCAG 2.1 A/AA checks with axe-core in Chromium on the intake pages, with data on them."""

import pytest

from wijkregie.core.testing import axe_violations as _violations
from wijkregie.core.testing import log_in as _log_in
from wijkregie.intake import services
from wijkregie.intake.constants import Law

from .conftest import melding_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(axe_page):
    return axe_page


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
    with page.expect_navigation():  # the answer is a new page; count on it, not on the form sent
        page.get_by_role("button", name="Registreren en melding vastleggen").click()
    assert page.locator("[aria-invalid=true]").count() > 0
    assert _violations(page) == []
