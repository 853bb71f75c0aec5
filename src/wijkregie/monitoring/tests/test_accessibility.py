"""WCAG 2.1 A/AA checks with axe-core on the cost-per-client page, with figures on it and with small cells."""

import pytest

from wijkregie.core.testing import axe_violations, log_in
from wijkregie.monitoring.services import store_refresh
from wijkregie.provisions.constants import ProvisionLaw

from .builders import declared_allocation, provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("query", ["?jaar=2025", "?jaar=2025&wet=wmo&per=district"])
def test_the_cost_page_has_no_wcag_violations(world, live_server, axe_page, query):
    zorg = provider(world)
    for _ in range(5):
        declared_allocation(world, zorg, months=[3], cents=100_000)
    declared_allocation(world, zorg, months=[4], cents=300_000, category="45", law=ProvisionLaw.YOUTH)
    store_refresh(acting_user=None, municipality=world.west)
    log_in(axe_page, live_server, "bea")

    response = axe_page.goto(f"{live_server.url}/sturing/kosten-per-client/{query}")

    assert response is not None and response.status == 200
    assert axe_violations(axe_page) == []
