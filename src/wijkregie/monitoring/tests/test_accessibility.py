"""WCAG 2.1 A/AA checks with axe-core on the steering pages, with figures on them and with small cells."""

import datetime

import pytest

from wijkregie.core.testing import axe_violations, log_in
from wijkregie.monitoring.services import store_refresh
from wijkregie.plans.constants import Rung
from wijkregie.provisions.constants import ProvisionLaw
from wijkregie.tasks.constants import Term

from .builders import declared_allocation, provider
from .effect_builders import (
    baseline_and_evaluation,
    custom_provision,
    evaluated,
    goal,
    instrument,
    legal_term,
    melding,
    plan,
)

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


@pytest.mark.parametrize(
    "path",
    [
        "/sturing/ladder/?jaar=2025",
        "/sturing/effect/?jaar=2025",
        "/sturing/effect/?jaar=2025&per=law",
        "/sturing/toegang/?jaar=2025",
        "/sturing/toegang/?jaar=2025&per=law",
    ],
)
def test_the_access_ladder_and_effect_pages_have_no_wcag_violations(world, live_server, axe_page, path):
    zrm = instrument()
    custom_provision(world)
    for number in range(6):
        home = melding(world, received=datetime.date(2025, 3, 3)).household
        legal_term(
            world, home, Term.WMO_RESEARCH, due=datetime.date(2025, 4, 1), done=datetime.date(2025, 3, 20)
        )
        made = plan(world, home=home)
        rung = Rung.LIGHT_CUSTOM if number < 4 else Rung.OWN_STRENGTH
        evaluated(goal(made, zrm.domains.get(code="financien"), (rung, "Begeleiding")), number % 3 - 1)
        baseline_and_evaluation(made, zrm, 2, 3)
    store_refresh(acting_user=None, municipality=world.west)
    log_in(axe_page, live_server, "bea")

    response = axe_page.goto(f"{live_server.url}{path}")

    assert response is not None and response.status == 200
    assert axe_violations(axe_page) == []
