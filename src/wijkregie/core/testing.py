"""Test support shared by the apps' browser tests: Debian's Chromium through Playwright, or a clear skip."""

import os
import shutil
from collections.abc import Iterator

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
def page(chromium_browser):  # type: ignore[no-untyped-def]
    context = chromium_browser.new_context(locale="nl-NL")  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()
