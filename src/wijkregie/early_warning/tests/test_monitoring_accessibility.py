"""WCAG 2.1 A/AA checks with axe-core in Chromium on the monitoring page (with its chart and a hidden
count) and the retention terms page."""

import pytest

from wijkregie.core.testing import axe_violations, log_in

from .scenario import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


@pytest.mark.parametrize(
    ("username", "path"),
    [("bea", "/vroegsignalering/monitoring/"), ("fenna", "/vroegsignalering/bewaartermijnen/")],
)
def test_pages_have_no_wcag_violations(world, live_server, axe_page, username, path):
    build(world)
    log_in(axe_page, live_server, username)

    response = axe_page.goto(f"{live_server.url}{path}")

    assert response is not None and response.status == 200
    assert axe_violations(axe_page) == []
