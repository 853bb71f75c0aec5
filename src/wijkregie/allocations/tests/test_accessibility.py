"""WCAG 2.1 A/AA checks with axe-core on the contract, cost, message and mandate pages, with data on them."""

import pytest

from wijkregie.allocations.services import allocation as services
from wijkregie.core.testing import axe_violations as _violations
from wijkregie.core.testing import log_in as _log_in
from wijkregie.providers.models import Contract, Provider

from .conftest import contract_for, provider_of, signed_beschikking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


@pytest.fixture
def page(axe_page):
    return axe_page


@pytest.fixture
def allocated(world):
    provider = provider_of(world)
    contract_for(world, provider)
    beschikking = signed_beschikking(world)
    services.allocation_create(acting_user=world.anna, beschikking=beschikking, provider=provider)
    return beschikking


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("carla", "/aanbieders/"),
        ("carla", "PROVIDER"),
        ("carla", "/contracten/"),
        ("carla", "CONTRACT"),
        ("carla", "/contracten/nieuw/?soort=gebied"),
        ("carla", "/kosten/"),
        ("carla", "/kosten/declaraties/"),
        ("carla", "/contracten/toetsing/"),
        ("bea", "/kosten/"),
        ("fenna", "/beheer/mandaten/"),
        ("bo", "/berichten/"),
        ("anna", "BEZWAAR"),
    ],
)
def test_pages_have_no_wcag_violations(world, allocated, live_server, page, username, path):
    paths = {
        "PROVIDER": lambda: f"/aanbieders/{Provider.objects.get().uuid}/",
        "CONTRACT": lambda: f"/contracten/{Contract.objects.get().uuid}/",
        "BEZWAAR": lambda: f"/maatwerk/{allocated.request.uuid}/bezwaar/",
    }
    _log_in(page, live_server, username)
    response = page.goto(f"{live_server.url}{paths[path]() if path in paths else path}")
    assert response is not None and response.status == 200
    assert _violations(page) == []
