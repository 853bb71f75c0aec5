"""WCAG 2.1 A/AA checks with axe-core in Chromium on the main pages, per role that uses them."""

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[4] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


@pytest.fixture
def page(chromium_browser):
    # The page's own CSP (rightly) refuses injected scripts; the checker comes from the test.
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
    page.get_by_role("button", name="Registreren").click()
    assert page.locator("[aria-invalid=true]").count() > 0
    assert _violations(page) == []


def test_the_checker_does_find_violations(live_server, page):
    page.goto(f"{live_server.url}/inloggen/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')")
    assert any(v.startswith("label:") for v in _violations(page))
