"""Test support shared by the apps' browser tests: Debian's Chromium through Playwright, or a clear skip."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("WIJKREGIE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[object]:
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.skip(
            "Chromium ontbreekt; installeer het met: sudo apt-get install chromium (of: make browser)"
        )
    # Playwright's sync API runs an event loop in this thread; the ORM calls in these tests are plain
    # synchronous test code, so Django's async-safety guard is relaxed for browser tests only.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium_browser):
    context = chromium_browser.new_context(locale="nl-NL")
    page = context.new_page()
    yield page
    context.close()


# axe-core from npm (make assets); WCAG 2.1 A and AA rules.
AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']"


@pytest.fixture
def axe_page(chromium_browser):
    """A page that may run axe-core: the CSP would otherwise refuse the injected script."""
    context = chromium_browser.new_context(locale="nl-NL", bypass_csp=True)
    yield context.new_page()
    context.close()


def axe_violations(page: Any) -> list[str]:
    """The WCAG violations axe-core finds on the page, one line each; skips when axe-core is missing."""
    if not AXE.exists():
        pytest.skip("axe-core ontbreekt; installeer de front-end-pakketten met: make assets")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        f"async () => await axe.run(document, {{runOnly: {{type: 'tag', values: {WCAG_TAGS}}}}})"
    )
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x)" for v in result["violations"]]


TEST_PASSWORD = "demo-wachtwoord"  # the test users' password (accounts.tests.factories)


def log_in(page: Any, live_server: Any, username: str, password: str = TEST_PASSWORD) -> None:
    """Log in through the login page (two-factor switched off by the test's settings)."""
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def at_once(count: int, attempt: Any) -> list[Any]:
    """Run `attempt()` in `count` threads released together, each on its own database connection, and
    return what each returned or raised (a real race: the tests using it run with transaction=True)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    start = threading.Barrier(count)

    def one(_: int) -> Any:
        try:
            start.wait()
            return attempt()
        except Exception as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))
