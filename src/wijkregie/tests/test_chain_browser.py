"""End to end in Chromium: one household from melding to started care, and the system closing its own loops
on the way. Nobody closes a term, moves a task or updates the plan by hand: the Wmo research term lands with
the household's worker and closes when the aanvraag is decided, the decision waits on the teamleider's
landing page for his second signature, and the plan's maatwerk action follows the aanvraag to the 305.

Setup that is not the point here (the provider's contract, the plan, the aanvraag and the toets) goes through
services; what people see and do at each step goes through the pages."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from wijkregie.allocations.constants import Direction
from wijkregie.allocations.models import Message
from wijkregie.allocations.services import allocation as allocations
from wijkregie.allocations.services.messages import PROCESSED, message_receive
from wijkregie.allocations.tests.conftest import STEPS, TODAY, contract_for, head, provider_of
from wijkregie.core.testing import log_in
from wijkregie.decisions import services as decisions
from wijkregie.decisions.constants import DecisionKind, Outcome
from wijkregie.decisions.models import DecisionRules
from wijkregie.intake import services as intake
from wijkregie.intake.constants import MeldingChannel, Urgency
from wijkregie.integrations.istandaarden import fake_provider
from wijkregie.plans import selectors as plan_selectors
from wijkregie.plans import services as plans
from wijkregie.plans.constants import Performer, Rung
from wijkregie.provisions.constants import ProvisionKind, ProvisionLaw, Weight
from wijkregie.provisions.models import Provision
from wijkregie.tasks.constants import TaskStatus, Term
from wijkregie.tasks.models import Task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
END = datetime.date(2025, 12, 31)


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


@pytest.fixture
def page(chromium_browser):
    context = chromium_browser.new_context(locale="nl-NL")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _submit(page: Page, button) -> None:
    with page.expect_navigation():
        button.click()


def _maatwerk_action(world, provision):
    plan = plans.plan_create(acting_user=world.anna, household=world.household)
    goal = plans.goal_add(
        acting_user=world.anna,
        plan=plan,
        domain=plan_selectors.plan_instrument(plan).domains.order_by("position").first(),
        members=[head(world.household)],
        description="Een schoon en veilig huis",
    )
    action = plans.action_add(
        acting_user=world.anna,
        goal=goal,
        rung=Rung.LIGHT_CUSTOM,
        description="Hulp bij het huishouden",
        performer=Performer.ORGANISATION,
        organisation=provider_of(world).organisation,
        provision=provision.name,
        maatwerk_reason="Dochter kan het niet meer en een algemene voorziening is er niet.",
    )
    plans.plan_activate(acting_user=world.anna, plan=plan, start_date=TODAY, evaluation_date=END)
    return action


@pytest.mark.today(TODAY)
def test_one_household_from_melding_to_started_care_closes_its_own_loops(world, live_server, page):
    provider = provider_of(world)
    contract_for(world, provider)
    provision = Provision.objects.get_or_create(
        municipality=world.west,
        kind=ProvisionKind.CUSTOM,
        name="Product 01A01",
        defaults={
            "law": ProvisionLaw.WMO,
            "product_category": "01",
            "product_code": "01A01",
            "unit": "04",
            "frequency": "2",
            "tariff_cents": 3250,
            "weight": Weight.LIGHT,
        },
    )[0]
    intake.melding_create(
        acting_user=world.anna,
        household=world.household,
        resident=head(world.household),
        data=intake.MeldingData(
            channel=MeldingChannel.RESIDENT,
            question="Mevrouw redt het huishouden niet meer.",
            laws=["wmo"],
            urgency=Urgency.REGULAR,
            resident_informed=True,
            received_on=TODAY,
        ),
    )

    # 1. The Wmo research term is anna's from the start: on her list, with her name.
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/taken/")
    term = page.get_by_role("row").filter(has_text="Onderzoek Wmo afronden")
    expect(term).to_contain_text(world.anna.display_name)
    expect(page.get_by_role("main")).not_to_contain_text("Wachtrij van het team")

    # 2. The plan's maatwerk action follows its aanvraag.
    action = _maatwerk_action(world, provision)
    request = decisions.request_create(
        acting_user=world.anna,
        household=world.household,
        resident=head(world.household),
        provision=provision,
        received_on=TODAY,
        plan_action=action,
    )
    decisions.reverse_test_save(acting_user=world.anna, request=request, **STEPS)
    plan_url = f"{live_server.url}/huishoudens/{world.household.uuid}/plan/"
    page.goto(plan_url)
    expect(page.get_by_role("main")).to_contain_text("Aanvraag in onderzoek op 10-03-2025")
    expect(
        page.get_by_role("link", name="Aanvraag, besluit en toewijzing bekijken voor actie 1")
    ).to_be_visible()

    # 3. Above the four-eyes amount: the decision waits on teun's landing page for his second signature.
    decisions.mandates_install_defaults(acting_user=None, municipality=world.west)
    DecisionRules.objects.filter(municipality=world.west).update(four_eyes_above_cents=1)
    decisions.request_decide(
        acting_user=world.anna,
        request=request,
        outcome=Outcome.GRANTED,
        decision_kind=DecisionKind.WITHIN_RULES,
        decided_on=TODAY,
        product=decisions.Product(start_date=TODAY, end_date=END, volume=2),
    )
    page.get_by_role("button", name="Uitloggen").click()
    log_in(page, live_server, "teun")
    expect(page.get_by_role("heading", name="Wachtrij van het team")).to_be_visible()
    waiting = page.get_by_role("table", name="Besluiten die uw tweede handtekening nodig hebben")
    _submit(page, waiting.get_by_role("link", name=head(world.household).full_name))
    _submit(page, page.get_by_role("button", name="Mede ondertekenen"))
    expect(page.get_by_text("De tweede handtekening staat. De beschikking is ondertekend.")).to_be_visible()

    # 4. Signed: the research and the decision terms closed themselves, the action has the granted period.
    research = Task.objects.get(household=world.household, term=Term.WMO_RESEARCH)
    assert research.status == TaskStatus.DONE
    page.goto(f"{live_server.url}/huishoudens/{world.household.uuid}/tijdlijn/")
    expect(page.get_by_role("main")).to_contain_text("Termijn afgerond: Onderzoek Wmo afronden")
    page.goto(plan_url)
    expect(page.get_by_role("main")).to_contain_text("Toegekend, nog niet toegewezen op 10-03-2025")
    expect(page.get_by_role("main")).to_contain_text("vanaf 10-03-2025 tot 31-12-2025")

    # 5. Allocated and started by the provider's 305: the action runs.
    request.refresh_from_db()
    allocation = allocations.allocation_create(
        acting_user=world.bo, beschikking=request.beschikking, provider=provider
    )
    sent = bytes(Message.objects.get(direction=Direction.OUT, allocations=allocation).content)
    start = fake_provider.start_care_305(sent, started_on=TODAY, identification="ZA305")
    assert message_receive("305.xml", start)[0] == PROCESSED
    page.goto(plan_url)
    expect(page.get_by_role("main")).to_contain_text("Zorg gestart (305) op 10-03-2025")
    expect(page.get_by_role("row").filter(has_text="Hulp bij het huishouden")).to_contain_text("Loopt")
