"""The demo behaves like production: DEBUG off with the Dutch error pages (never Django's debug page listing
the URL patterns), a favicon, and pages that raise no console error under the site's CSP."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from wijkregie.core.testing import log_in

ROOT = Path(__file__).resolve().parents[3]
DEBUG_PAGE = ("Django tried these URL patterns", "DEBUG = True", "Traceback", "URLconf")

# What the demo's settings answer, asked in a process of their own (settings load once per process). An empty
# database suffices: an error page, the login page and static files read no table.
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
answers = {"debug": settings.DEBUG, "ssl_redirect": settings.SECURE_SSL_REDIRECT}
for url in ("/bestaat-niet/", "/api/v1/bestaat-niet/", "/inloggen/", "/favicon.ico", "/static/favicon.svg"):
    response = client.get(url)
    body = b"".join(response) if response.streaming else response.content
    answers[url] = [response.status_code, response.get("Location", ""), body.decode(errors="replace")]
print(json.dumps(answers))
"""


@pytest.fixture(scope="module")
def demo_answers(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "WIJKREGIE_", "DATABASE_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="wijkregie.conf.demo",
        DATABASE_URL=f"sqlite:///{folder / 'leeg.sqlite3'}",
        WIJKREGIE_VAR_DIR=str(folder),
        PYTHONPATH=str(ROOT / "src"),
    )
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_demo_runs_with_debug_off_on_plain_http(demo_answers):
    assert (demo_answers["debug"], demo_answers["ssl_redirect"]) == (False, False)
    assert demo_answers["/inloggen/"][0] == 200  # plain HTTP on this machine, not redirected to HTTPS


def test_a_missing_page_in_the_demo_is_the_dutch_page_not_the_debug_page(demo_answers):
    status, _location, body = demo_answers["/bestaat-niet/"]
    assert status == 404
    assert "Deze pagina bestaat niet, of u heeft er geen toegang toe." in body
    assert not [marker for marker in DEBUG_PAGE if marker in body]
    status, _location, body = demo_answers["/api/v1/bestaat-niet/"]
    assert (status, json.loads(body)) == (404, {"detail": "Niet gevonden."})


def test_the_demo_has_a_favicon(demo_answers):
    assert demo_answers["/favicon.ico"][:2] == [301, "/static/favicon.svg"]
    status, _location, body = demo_answers["/static/favicon.svg"]
    assert status == 200 and body.startswith("<svg")


def test_make_demo_serves_with_the_demo_settings_under_the_production_server():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile[makefile.index("\ndemo:") : makefile.index("\nserve:")]
    assert "DJANGO_SETTINGS_MODULE=wijkregie.conf.demo" in makefile and "$(DEMO_ENV)" in recipe
    assert "wijkregie serve" in recipe and "runserver" not in recipe


# -- in Chromium, under the real CSP -------------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_raise_no_console_error_under_the_csp(chromium_browser, live_server, world, settings):
    settings.WIJKREGIE_REQUIRE_2FA = False
    context = chromium_browser.new_context(locale="nl-NL")  # no bypass_csp: the site's own policy applies
    page: Page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    household = world.household.uuid
    log_in(page, live_server, "teun")
    for url in (
        "/",
        reverse("tasks:my_tasks"),
        reverse("tasks:caseload"),
        reverse("households:dossier", args=[household]),
        reverse("tasks:household_tasks", args=[household]),
        reverse("tasks:household_assign", args=[household]),
        "/bestaat-niet/",
    ):
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("load")
    icon = page.request.get(f"{live_server.url}/favicon.ico")
    context.close()
    # Chromium reports a 404 it was sent as a console error; the one page that must answer 404 is left out.
    assert [e for e in errors if "404" not in e] == []
    assert icon.ok


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_form_with_errors_opens_on_its_summary_with_a_link_to_each_field(
    page, live_server, world, settings
):
    settings.WIJKREGIE_REQUIRE_2FA = False
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}{reverse('households:register')}")
    with page.expect_navigation():  # the page with the errors, not the form that was sent
        page.get_by_role("button", name="Registreren").click()
    summary = page.locator("[data-error-summary]")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    first = summary.get_by_role("link").first
    target = first.get_attribute("href")
    first.click()
    assert page.evaluate("document.activeElement.id") == target.lstrip("#")
