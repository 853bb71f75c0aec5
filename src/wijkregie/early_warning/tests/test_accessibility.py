"""WCAG 2.1 A/AA checks with axe-core in Chromium on the vroegsignalering pages, with data on them."""

import datetime

import pytest

from wijkregie.core.testing import axe_violations as _violations
from wijkregie.core.testing import log_in as _log_in
from wijkregie.early_warning.constants import PartnerType

from .factories import ContactAttemptFactory, SignalCaseFactory, SignalFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(axe_page):
    return axe_page


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("sanne", "/vroegsignalering/"),
        ("sanne", "ZAAK"),
        ("anna", "ZAAK"),
        ("sanne", "/vroegsignalering/signalen/"),
        ("fenna", "/vroegsignalering/instellingen/"),
    ],
)
def test_vroegsignalering_pages_have_no_wcag_violations(world, live_server, page, username, path):
    case = SignalCaseFactory(
        municipality=world.west, household=world.household, team=world.welfare, signal_count=1, crisis=True,
        oldest_signal_on=datetime.date(2026, 10, 5), picked_up_on=datetime.date(2026, 11, 2),
    )  # fmt: skip
    head = world.household.memberships.heads().get().resident
    SignalFactory(
        municipality=world.west, case=case, resident=head, partner_type=PartnerType.ENERGY, crisis=True
    )
    ContactAttemptFactory(case=case)
    path = {"ZAAK": f"/vroegsignalering/zaken/{case.uuid}/"}.get(path, path)
    _log_in(page, live_server, username)
    response = page.goto(f"{live_server.url}{path}")
    assert response is not None and response.status == 200
    assert _violations(page) == []


def test_the_result_form_s_errors_are_accessible(world, live_server, page):
    case = SignalCaseFactory(
        municipality=world.west, household=world.household, team=world.welfare, signal_count=1,
        oldest_signal_on=datetime.date(2026, 10, 5),
    )  # fmt: skip
    SignalFactory(
        municipality=world.west, case=case, resident=world.household.memberships.heads().get().resident
    )
    _log_in(page, live_server, "sanne")
    page.goto(f"{live_server.url}/vroegsignalering/zaken/{case.uuid}/")
    with page.expect_navigation():  # the answer is a new page; count on it, not on the form sent
        page.get_by_role("button", name="Zaak afsluiten").click()
    assert page.locator("[aria-invalid=true]").count() > 0
    assert _violations(page) == []
