"""End to end in Chromium: a Wmo request from plan action to signed beschikking; the public sociale kaart.

1. anna opens the maatwerk request from the plan's action, fills the omgekeerde toets, is refused a decision
   above her mandate, decides a motivated deviation within it; the screen says who may sign. teun gives the
   second signature; the beschikking is signed and its PDF letter holds the decision, the amounts and the
   bezwaar clause.
2. A resident without an account finds a general provision in their district on the sociale kaart.

Setup (instruments, a plan with a maatwerk action, the catalogue) goes through services; the work is clicks.
"""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from wijkregie.assessment.models import InstrumentDomain
from wijkregie.assessment.selectors import default_instrument
from wijkregie.assessment.services import builtin_instruments_install
from wijkregie.core.testing import AXE, log_in
from wijkregie.core.testing import axe_violations as _violations
from wijkregie.decisions.constants import RequestStatus
from wijkregie.decisions.models import Beschikking, MaatwerkRequest
from wijkregie.organisation.models import Organisation
from wijkregie.plans import services as plans
from wijkregie.plans.constants import Performer, Rung
from wijkregie.provisions.constants import ProvisionKind, ProvisionLaw, Weight
from wijkregie.provisions.models import Provision
from wijkregie.tasks.constants import TaskStatus, Term
from wijkregie.tasks.models import Task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


@pytest.fixture
def context(chromium_browser):
    # bypass_csp: the page's own CSP (rightly) refuses the axe-core script the accessibility check injects.
    context = chromium_browser.new_context(locale="nl-NL", bypass_csp=True)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def maatwerk_action(world):
    """world.household with an active plan whose goal has a light maatwerk action, and the catalogue entry."""
    builtin_instruments_install()
    today = timezone.localdate()
    head = world.household.memberships.get().resident
    instrument = default_instrument(world.west)
    plan = plans.plan_create(acting_user=world.anna, household=world.household)
    goal = plans.goal_add(
        acting_user=world.anna,
        plan=plan,
        domain=InstrumentDomain.objects.get(instrument=instrument, code="instrumentele-adl"),
        members=[head],
        description="Het huis is schoon en leefbaar.",
    )
    action = plans.action_add(
        acting_user=world.anna,
        goal=goal,
        rung=Rung.LIGHT_CUSTOM,
        description="Huishoudelijke ondersteuning, twee uur per week.",
        performer=Performer.ORGANISATION,
        organisation=Organisation.objects.get(name="Zorg Thuis"),
        maatwerk_reason="De dochter woont ver weg en een algemene voorziening voor schoonmaak is er niet.",
    )
    plans.plan_activate(
        acting_user=world.anna, plan=plan, start_date=today, evaluation_date=today + timedelta(weeks=12)
    )
    Provision.objects.create(
        municipality=world.west,
        kind=ProvisionKind.CUSTOM,
        name="Hulp bij het huishouden licht",
        law=ProvisionLaw.WMO,
        product_category="01",
        product_code="01A01",
        unit="04",
        frequency="2",
        tariff_cents=3250,
        weight=Weight.LIGHT,
    )
    return action


def _accessible(page: Page) -> None:
    if AXE.exists():
        assert _violations(page) == [], page.url


def _submit(page: Page, button) -> None:
    with page.expect_navigation():
        button.click()


def _form(page: Page, button: str):
    return page.locator("form").filter(has=page.get_by_role("button", name=button, exact=True))


def test_wmo_request_from_plan_action_to_signed_beschikking(world, maatwerk_action, live_server, context):
    today = timezone.localdate()
    end = today + timedelta(days=364)
    page = context.new_page()
    log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/huishoudens/{world.household.uuid}/plan/")
    page.get_by_role("link", name="Aanvraag maatwerk voor actie 1").click()

    # The aanvraag, with the plan's action already chosen.
    form = _form(page, "Aanvraag registreren")
    expect(form.get_by_label("Bij actie uit het plan")).to_have_value(str(maatwerk_action.uuid))
    form.get_by_label("Voor wie").select_option(label=world.household.memberships.get().resident.full_name)
    form.get_by_label("Maatwerkvoorziening").select_option(label="Hulp bij het huishouden licht (Wmo 2015)")
    _submit(page, form.get_by_role("button", name="Aanvraag registreren"))
    expect(page.get_by_text("De aanvraag is geregistreerd.")).to_be_visible()
    _accessible(page)
    request = MaatwerkRequest.objects.get()
    assert request.plan_action == maatwerk_action
    assert Task.objects.get(source_uuid=request.uuid).term == Term.WMO_DECISION

    # The omgekeerde toets, step by step.
    toets = _form(page, "Toets opslaan")
    toets.get_by_label("1. Vraag en situatie in de volle breedte").fill(
        "Mevrouw kan door COPD het huis niet meer schoonhouden."
    )
    toets.get_by_label("2. Het resultaat dat nodig is").fill("Een schoon en leefbaar huis.")
    toets.get_by_label("3. Wat eigen kracht, netwerk en algemene voorzieningen bijdragen").fill(
        "Mevrouw doet de lichte taken zelf; de buurvrouw doet boodschappen."
    )
    toets.get_by_label("3. Waarom dat niet genoeg is").fill("Het zware schoonmaakwerk lukt niemand van hen.")
    toets.get_by_label("4. Wat de wet beoogt").fill("Zelfredzaamheid thuis (Wmo 2015 art. 2.3.5 lid 3).")
    toets.get_by_label("4. Past het resultaat bij de bedoeling van de wet?").select_option(label="Ja")
    toets.get_by_label("5. Wat verordening en beleidsregels zeggen").fill(
        "De beleidsregel geeft hulp bij het huishouden pas bij een schoonmaakindicatie van 3 uur."
    )
    _submit(page, toets.get_by_role("button", name="Toets opslaan"))
    expect(page.get_by_text("De omgekeerde toets is opgeslagen.")).to_be_visible()

    # Who may sign is on the screen.
    signers = page.locator("#wie-mag-tekenen")
    expect(signers).to_contain_text(world.anna.display_name)
    expect(signers).to_contain_text(world.teun.display_name)

    def decide(volume: str) -> None:
        decision = _form(page, "Brief bekijken")
        decision.get_by_label("Gemotiveerde afwijking in de geest van de wet").check()
        decision.get_by_label("Uitkomst").select_option(label="Toekenning")
        decision.get_by_label("Motivering van de afwijking").fill(
            "Twee uur is onder de drempel van de beleidsregel, maar past bij de bedoeling van de wet."
        )
        decision.get_by_label("Einddatum").fill(end.isoformat())
        decision.get_by_label("Omvang").fill(volume)
        # the draft for the resident leaves a place to fill in: she writes it in her own words
        decision.get_by_label("Motivering in de brief, voor de inwoner").fill(
            "U heeft gevraagd om hulp bij het huishouden. Het zware schoonmaakwerk lukt u en uw buurvrouw "
            "niet. Daarom krijgt u twee uur hulp per week."
        )
        _submit(page, decision.get_by_role("button", name="Brief bekijken"))

    # Three hours a week (€ 5.070 a year) is above anna's mandate: refused, nothing saved.
    decide("3")
    expect(page.get_by_text(re.compile("U hebt geen mandaat voor dit besluit"))).to_be_visible()
    assert not Beschikking.objects.exists()
    _accessible(page)
    decide("2")
    # first the letter as it will go out; signing is a second, deliberate press
    preview = page.get_by_role("region", name="Zo gaat de brief naar de inwoner")
    expect(preview).to_contain_text("Het zware schoonmaakwerk lukt u en uw buurvrouw niet.")
    assert not Beschikking.objects.exists()
    _accessible(page)
    _submit(page, page.get_by_role("button", name="Besluit vastleggen en brief ondertekenen"))
    expect(page.get_by_text("Het besluit is vastgelegd.")).to_be_visible()
    expect(
        page.get_by_text(re.compile("Wacht op een tweede handtekening van: .*" + world.teun.display_name))
    ).to_be_visible()
    expect(page.get_by_role("button", name="Afwijking goedkeuren en ondertekenen")).to_have_count(0)
    url = page.url
    page.get_by_role("button", name="Uitloggen").click()

    # teun gives the second signature.
    log_in(page, live_server, "teun")
    page.goto(url)
    _submit(page, page.get_by_role("button", name="Afwijking goedkeuren en ondertekenen"))
    expect(page.get_by_text("De tweede handtekening staat. De beschikking is ondertekend.")).to_be_visible()
    expect(page.locator("#beschikking")).to_contain_text(f"door {world.teun.display_name}")
    _accessible(page)
    request.refresh_from_db()
    assert request.status == RequestStatus.DECISION
    assert Task.objects.get(source_uuid=request.uuid).status == TaskStatus.DONE
    beschikking = Beschikking.objects.get(request=request)
    assert Task.objects.get(source_uuid=beschikking.uuid).term == Term.REINDICATION

    # The signed letter: a PDF with the decision, the amounts and the bezwaar clause.
    link = page.get_by_role("link", name="Beschikking downloaden (PDF)")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"beschikking-{beschikking.reference}.pdf"
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pypdf = pytest.importorskip("pypdf")
    text = " ".join(page_.extract_text() for page_ in pypdf.PdfReader(io.BytesIO(response.body())).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Hulp bij het huishouden licht" in text
    assert "2 uur per week" in text
    assert "€ 3.380,00" in text  # 2 × € 32,50 × 52 weeks
    assert "zes weken" in text and "bezwaar" in text


def test_a_resident_finds_help_on_the_public_sociale_kaart(world, live_server, page):
    Provision.objects.create(
        municipality=world.west,
        kind=ProvisionKind.GENERAL,
        name="Buurthuiskamer De Schans",
        description="Elke dinsdag koffie, een praatje en samen eten.",
        domains=["sociaal-netwerk"],
        keywords="koffie eten contact",
    ).districts.add(world.west_centrum)
    Provision.objects.create(
        municipality=world.west,
        kind=ProvisionKind.CUSTOM,
        name="Begeleiding individueel",
        law=ProvisionLaw.WMO,
        product_category="02",
        weight=Weight.LIGHT,
    )
    page.goto(f"{live_server.url}/sociale-kaart/")
    expect(page.get_by_role("heading", name="Sociale kaart: hulp in uw buurt")).to_be_visible()
    _accessible(page)
    search = page.get_by_role("search", name="Zoek hulp in uw buurt")
    search.get_by_label("Gemeente").select_option(label="Westerhoek")
    search.get_by_label("Zoekwoorden").fill("koffie")
    search.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("heading", name="Buurthuiskamer De Schans")).to_be_visible()
    expect(page.get_by_text("Begeleiding individueel")).to_have_count(0)  # maatwerk is for staff only
    _accessible(page)
