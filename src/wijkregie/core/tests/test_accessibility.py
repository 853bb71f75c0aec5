"""WCAG 2.1 A/AA checks with axe-core in Chromium on the main pages, per role that uses them."""

import pytest

from wijkregie.core.testing import axe_violations as _violations
from wijkregie.core.testing import log_in as _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


@pytest.fixture
def page(axe_page):
    return axe_page


def test_login_page(live_server, page):
    page.goto(f"{live_server.url}/inloggen/")
    assert _violations(page) == []


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("anna", "/"),
        ("anna", "/zoeken/"),
        ("anna", "/inwoners/registreren/"),
        ("anna", "/toegang-buiten-werkvoorraad/"),
        ("anna", "DOSSIER"),
        ("teun", "/audit/"),
        ("fenna", "/beheer/"),
        ("fenna", "/beheer/wijken/"),
        ("fenna", "/beheer/teams/"),
        ("fenna", "/beheer/medewerkers/"),
        ("fenna", "/beheer/medewerkers/nieuw/"),
    ],
)
def test_pages_have_no_wcag_violations(world, live_server, page, username, path):
    _log_in(page, live_server, username)
    if path == "DOSSIER":
        path = f"/huishoudens/{world.household.uuid}/"
    response = page.goto(f"{live_server.url}{path}")
    assert response is not None and response.status == 200
    assert _violations(page) == []


def test_form_errors_are_accessible(world, live_server, page):
    _log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/inwoners/registreren/")
    with page.expect_navigation():  # the answer is a new page; count on it, not on the form sent
        page.get_by_role("button", name="Registreren").click()
    assert page.locator("[aria-invalid=true]").count() > 0
    assert _violations(page) == []


def test_the_checker_does_find_violations(live_server, page):
    page.goto(f"{live_server.url}/inloggen/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')")
    assert any(v.startswith("label:") for v in _violations(page))
