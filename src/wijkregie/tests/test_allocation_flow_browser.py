"""End to end in Chromium: from a signed beschikking to an allocation, a 301 in the out-folder, a 305
dropped in the in-folder and picked up, the allocation shown as started; piet sees his allocation only.

Setup (a signed beschikking, the provider and its contract) goes through services; the work is clicks, and the
provider's 305 is made by the built-in fake provider, as a real one would send it."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from wijkregie.allocations.constants import AllocationStatus
from wijkregie.allocations.models import Allocation
from wijkregie.allocations.tests.conftest import TODAY, contract_for, provider_of, signed_beschikking
from wijkregie.core.testing import AXE, log_in
from wijkregie.core.testing import axe_violations as _violations
from wijkregie.integrations.istandaarden import fake_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


@pytest.fixture
def page(chromium_browser):
    context = chromium_browser.new_context(locale="nl-NL", bypass_csp=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _accessible(page: Page) -> None:
    if AXE.exists():
        assert _violations(page) == [], page.url


def _submit(page: Page, button) -> None:
    with page.expect_navigation():
        button.click()


def _log_out(page: Page) -> None:
    _submit(page, page.get_by_role("button", name="Uitloggen"))


@pytest.mark.today(TODAY)  # the beschikking's dates are fixed
def test_beschikking_to_allocation_to_301_and_back_as_305(world, live_server, page):
    provider = provider_of(world)  # Zorg Thuis, where piet works
    contract_for(world, provider)
    beschikking = signed_beschikking(world)

    # anna allocates from the request page.
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/maatwerk/{beschikking.request.uuid}/")
    page.get_by_role("link", name="Toewijzing aan een aanbieder").click()
    expect(page.get_by_role("heading", name=re.compile("^Toewijzen"))).to_be_visible()
    _accessible(page)
    page.get_by_label("Aanbieder", exact=False).and_(page.get_by_role("combobox")).select_option(
        label="Zorg Thuis"
    )
    page.get_by_label("De inwoner koos deze aanbieder").check()
    _submit(page, page.get_by_role("button", name="Toewijzen en bericht versturen"))
    expect(page.get_by_text("Het toewijzingsbericht (301) is verstuurd.")).to_be_visible()
    expect(page.locator("#toewijzing")).to_contain_text("Toegewezen (301 verstuurd)")
    _accessible(page)
    allocation = Allocation.objects.get()

    # The 301 is in the out-folder; the provider answers with a 305 in the in-folder.
    sent = list(Path(settings.WIJKREGIE_MESSAGES_OUT).glob("*.xml"))
    assert len(sent) == 1 and sent[0].name.startswith("IWMO301_9901_")
    inbox = Path(settings.WIJKREGIE_MESSAGES_IN)
    inbox.mkdir(parents=True, exist_ok=True)
    started = fake_provider.start_care_305(sent[0].read_bytes(), started_on=TODAY, identification="S0000001")
    (inbox / "start.xml").write_bytes(started)
    _log_out(page)

    # The backoffice picks up the incoming messages.
    log_in(page, live_server, "bo")
    page.get_by_role("link", name="Berichten", exact=True).click()
    _submit(page, page.get_by_role("button", name="Binnengekomen berichten ophalen"))
    expect(page.get_by_text("Opgehaald: 1 verwerkt, 0 afgewezen, 0 al eerder ontvangen.")).to_be_visible()
    _accessible(page)
    assert (inbox / "verwerkt" / "start.xml").exists()
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.STARTED and allocation.started_on == TODAY
    _log_out(page)

    # piet sees his allocation as started, and nothing of the dossier.
    log_in(page, live_server, "piet")
    page.get_by_role("link", name="Toewijzingen").click()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=str(allocation.number)))
    expect(row).to_contain_text("Zorg gestart (305)")
    _accessible(page)
    row.get_by_role("link", name=str(allocation.number)).click()
    expect(page.get_by_role("heading", name=f"Toewijzing {allocation.number}")).to_be_visible()
    expect(page.get_by_role("heading", name="Einde van de zorg doorgeven")).to_be_visible()
    for hidden in (
        f"/huishoudens/{world.household.uuid}/",
        f"/maatwerk/{beschikking.request.uuid}/",
        f"/huishoudens/{world.household.uuid}/plan/",
    ):
        assert page.request.get(live_server.url + hidden).status == 404
