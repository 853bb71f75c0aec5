"""End to end in Chromium: the casework flow as a worker clicks through it.

1. anna takes a melding for a new resident (BRP lookup), it is routed to her wijkteam and starts the Wmo
   term; she holds the brede uitvraag with ZRM scores, makes a plan on the support ladder, activates it,
   records the resident's agreement, downloads the PDF, evaluates with GAS scores, and the timeline shows
   every step.
2. A light question without a law goes to the welfare organisation: anna loses sight of the household,
   sanne of Welzijn De Schans finds it in her team's meldingen and opens the dossier.

Only the setup calls services (built-in instruments, triage rules); every step of the work is a click.
"""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from wijkregie.assessment.models import DomainScore, InstrumentDomain
from wijkregie.assessment.services import builtin_instruments_install
from wijkregie.core.identifiers import bsn_with_check_digit
from wijkregie.core.testing import AXE
from wijkregie.core.testing import axe_violations as _violations
from wijkregie.households.models import Household, Resident
from wijkregie.intake.constants import MeldingChannel, RouteTarget
from wijkregie.intake.models import Melding
from wijkregie.intake.services import triage_rules_install_defaults
from wijkregie.integrations.brp import BrpPerson, get_client
from wijkregie.organisation.selectors import sample_addresses
from wijkregie.plans import services as plan_services
from wijkregie.plans.constants import GoalStatus, PlanStatus, Rung
from wijkregie.plans.models import GoalAttainment, Plan, PlanAction
from wijkregie.tasks.constants import Term
from wijkregie.tasks.models import Task
from wijkregie.tasks.terms import TERMS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-wachtwoord"


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


@pytest.fixture
def page(chromium_browser):
    # bypass_csp: the page's own CSP (rightly) refuses the axe-core script the accessibility check injects.
    context = chromium_browser.new_context(locale="nl-NL", bypass_csp=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def casework(world):
    """A flushed database lost the built-in instruments; the rules are installed as a beheerder would."""
    builtin_instruments_install()
    triage_rules_install_defaults(acting_user=None, municipality=world.west)
    return world


# -- helpers ----------------------------------------------------------------------------------------------
def _d(day: date) -> str:
    return f"{day:%d-%m-%Y}"


def _accessible(page: Page) -> None:
    """No WCAG 2.1 A/AA violations on the page shown (axe-core, when installed)."""
    if AXE.exists():
        assert _violations(page) == [], page.url


def _exactly(label: str) -> re.Pattern[str]:
    """A label as written, with or without the required-field asterisk."""
    return re.compile(rf"^{re.escape(label)}( \*)?$")


def _log_in(page: Page, live_server, username: str, lands_on: str = "Mijn werkvoorraad") -> None:
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    _submit(page, page.get_by_role("button", name="Inloggen"))
    expect(page.get_by_role("heading", name=lands_on)).to_be_visible()


def _submit(page: Page, button) -> None:
    """Submit a form and wait for the answer page, so no check can pass on the page before it."""
    with page.expect_navigation():
        button.click()


def _log_out(page: Page) -> None:
    _submit(page, page.get_by_role("button", name="Uitloggen"))
    expect(page.get_by_role("button", name="Inloggen")).to_be_visible()


def _dossier_section(page: Page, name: str) -> None:
    nav = page.get_by_role("navigation", name="Onderdelen van het dossier")
    nav.get_by_role("link", name=name, exact=True).click()


def _form_with_button(page: Page, button: str):
    return page.locator("form").filter(has=page.get_by_role("button", name=button, exact=True))


def _brp_person_in(pc4: str) -> BrpPerson:
    """A valid BSN the built-in BRP fake places in the given postcode area (the fake is deterministic)."""
    client = get_client(sample_addresses)
    for base in range(61_000_000, 61_002_000):
        bsn = bsn_with_check_digit(base)
        if bsn is None:
            continue
        person = client.find_by_bsn(bsn)
        if person is not None and person.postcode.startswith(pc4):
            return person
    raise AssertionError(f"De BRP-fake plaatst niemand in {pc4}")


def _full_name(person: BrpPerson) -> str:
    return " ".join(p for p in (person.given_names, person.surname_prefix, person.surname) if p)


# -- 1. the whole flow -------------------------------------------------------------------------------
def test_melding_to_evaluated_plan_as_a_worker_clicks_through(casework, live_server, page):
    world = casework
    today = timezone.localdate()
    person = _brp_person_in("9711")
    name = _full_name(person)

    _log_in(page, live_server, "anna")
    _accessible(page)

    # Nieuwe melding for a resident not yet known: the BRP fills in who and where.
    page.get_by_role("link", name="Nieuwe melding", exact=True).click()
    expect(page.get_by_role("heading", name="Nieuwe melding voor een nieuwe inwoner")).to_be_visible()
    _accessible(page)
    lookup = page.get_by_role("form", name="Ophalen uit de BRP")
    lookup.get_by_label("BSN").fill(person.bsn)
    _submit(page, lookup.get_by_role("button", name="Ophalen uit BRP"))
    expect(page.get_by_text("Gegevens opgehaald uit de BRP.")).to_be_visible()
    form = page.get_by_role("form", name="Inwoner en melding")
    expect(form.get_by_label("Geslachtsnaam")).to_have_value(person.surname)
    expect(form.get_by_label("Postcode")).to_have_value(person.postcode)
    assert person.bsn not in page.url

    form.get_by_label("Binnengekomen via").select_option(label=MeldingChannel.GP.label)
    form.get_by_label("Vraag in de woorden van de inwoner").fill(
        "Ik kom de trap niet meer op en de rekeningen stapelen zich op."
    )
    form.get_by_label("Wmo 2015").check()
    form.get_by_label("Schuldhulpverlening (Wgs)").check()
    form.get_by_label("Aantal leefgebieden").fill("3")
    form.get_by_label("Urgentie").select_option(label="Regulier")
    form.get_by_label("Gemeld door").fill("Huisartsenpraktijk Centrum")
    form.get_by_role("group", name="Weet de inwoner van deze melding?").get_by_label("Ja").check()
    _submit(page, form.get_by_role("button", name="Registreren en melding vastleggen"))

    # Routed to the wijkteam, with the reason on the household's meldingen.
    expect(page.get_by_role("heading", name="Meldingen", exact=True)).to_be_visible()
    expect(page.get_by_text("De inwoner is geregistreerd en de melding is gerouteerd.")).to_be_visible()
    expect(page.get_by_text("Gerouteerd naar Wijkteam Centrum.")).to_be_visible()
    routing = page.get_by_role("table", name="Routering")
    expect(routing).to_contain_text("Wijkteam Centrum")
    expect(routing).to_contain_text("De vraag raakt meerdere leefgebieden: integraal, door het wijkteam.")
    _accessible(page)
    melding = Melding.objects.get(resident__bsn=person.bsn)
    household = melding.household
    assert melding.team == world.team_a and household.district == world.west_centrum
    assert str(household.uuid) in page.url

    # The Wmo term: six weeks, ending on a working day.
    _dossier_section(page, "Taken")
    wmo_due = TERMS[Term.WMO_RESEARCH].end(melding.received_on)
    wmo_row = page.get_by_role("row").filter(has_text="Onderzoek Wmo afronden")
    expect(wmo_row).to_contain_text("Wmo 2015 art. 2.3.2 lid 1")
    expect(wmo_row.locator(f'time[datetime="{wmo_due:%Y-%m-%d}"]')).to_be_visible()
    assert Task.objects.get(household=household, term=Term.WMO_RESEARCH).due_on == wmo_due
    _accessible(page)

    # Brede uitvraag: the story, then the member scored on the ZRM, then finalised.
    _dossier_section(page, "Brede uitvraag")
    page.get_by_role("link", name="Nieuwe brede uitvraag vastleggen").click()
    page.get_by_label("Instrument").select_option(label="Zelfredzaamheid-Matrix (ZRM 2017)")
    page.get_by_label("Het verhaal van het huishouden, in eigen woorden").fill(
        "Sinds de operatie lukt de trap niet meer. De post blijft liggen, er zijn achterstanden."
    )
    page.get_by_label("Wat het huishouden wil bereiken").fill("Weer zelf de boodschappen en de post doen.")
    _accessible(page)
    _submit(page, page.get_by_role("button", name="Opslaan"))
    expect(page.get_by_text("De brede uitvraag is vastgelegd. Scoor nu de leden.")).to_be_visible()

    page.get_by_role("link", name=f"Scoren van {name}").click()
    expect(page.get_by_role("heading", name=f"{name} scoren op Zelfredzaamheid-Matrix")).to_be_visible()
    intake_scores = {"Financiën": 2, "Huisvesting": 3, "Sociaal netwerk": 2, "Basale ADL": 3}
    for domain, value in intake_scores.items():
        group = page.get_by_role("group", name=domain, exact=True)
        group.get_by_label("Score").select_option(value=str(value))
    page.get_by_role("group", name="Financiën", exact=True).get_by_label(
        "Situatie, in de woorden van de inwoner"
    ).fill("Ik open de brieven niet meer.")
    _accessible(page)
    _submit(page, page.get_by_role("button", name="Scores opslaan"))
    expect(page.get_by_text("De scores zijn opgeslagen.")).to_be_visible()
    scores = page.get_by_role("table", name=re.compile(f"Scores van {name}"))
    expect(scores.get_by_role("row", name=re.compile("^Financiën"))).to_contain_text("2 – Niet zelfredzaam")
    expect(scores.get_by_role("row", name=re.compile("^Huisvesting"))).to_contain_text(
        "3 – Beperkt zelfredzaam"
    )
    _submit(page, page.get_by_role("button", name="Brede uitvraag vaststellen"))
    expect(page.get_by_text("De brede uitvraag is vastgesteld.")).to_be_visible()
    _accessible(page)

    # Plan: three goals on different domains, actions on four rungs of the ladder.
    _dossier_section(page, "Plan")
    _submit(page, page.get_by_role("button", name="Plan maken"))
    expect(page.get_by_text("Het plan is aangemaakt. Voeg doelen en acties toe.")).to_be_visible()
    goals = {
        "Financiën": "Ik wil weer overzicht over mijn geld.",
        "Sociaal netwerk": "Ik wil weer mensen om mij heen hebben.",
        "Basale ADL": "Ik wil mezelf weer kunnen redden in huis.",
    }
    for domain, description in goals.items():
        goal_form = _form_with_button(page, "Doel toevoegen")
        goal_form.get_by_label(_exactly("Doel")).fill(description)
        goal_form.get_by_label("Leefgebied").select_option(label=domain)
        goal_form.get_by_label(name).check()
        _submit(page, goal_form.get_by_role("button", name="Doel toevoegen"))
        expect(page.get_by_text("Het doel is toegevoegd.")).to_be_visible()
        expect(page.get_by_role("heading", name=re.compile(re.escape(description)))).to_be_visible()

    def add_action(domain: str, rung: str, text: str, performer: str, **extra: str) -> None:
        action_form = _form_with_button(page, "Actie toevoegen")
        action_form.get_by_label("Bij doel").select_option(label=f"{domain}: {goals[domain]}")
        action_form.get_by_label(_exactly("Actie")).fill(text)
        action_form.get_by_label("Trede van de ondersteuningsladder").select_option(label=rung)
        action_form.get_by_label("Wie doet het").select_option(label=performer)
        if "naam" in extra:
            action_form.get_by_label("Naam", exact=True).fill(extra["naam"])
        if "organisatie" in extra:
            action_form.get_by_label("Organisatie").select_option(label=extra["organisatie"])
        if "voorziening" in extra:
            action_form.get_by_label("Voorziening").fill(extra["voorziening"])
        if "reden" in extra:
            action_form.get_by_label("Waarom lichtere treden niet volstaan").fill(extra["reden"])
        _submit(page, action_form.get_by_role("button", name="Actie toevoegen"))

    add_action("Financiën", "Eigen kracht", "Elke week de post openen aan de keukentafel.", "Inwoner")
    expect(page.get_by_text("De actie is toegevoegd.")).to_be_visible()
    add_action(
        "Sociaal netwerk",
        "Netwerk",
        "Samen naar de koffieochtend.",
        "Iemand uit het netwerk",
        naam="Buurvrouw Els",
    )
    expect(page.get_by_text("De actie is toegevoegd.")).to_be_visible()
    add_action(
        "Financiën",
        "Algemene voorziening",
        "Hulp bij de administratie door de formulierenbrigade.",
        "Organisatie",
        organisatie="Welzijn De Schans",
        voorziening="Formulierenbrigade",
    )
    expect(page.get_by_text("De actie is toegevoegd.")).to_be_visible()
    assert PlanAction.objects.filter(goal__plan__household=household).count() == 3

    maatwerk = {
        "organisatie": "Zorg Thuis",
        "voorziening": "Hulp bij het huishouden",
    }
    add_action(
        "Basale ADL", "Lichte maatwerkvoorziening", "Twee uur per week schoonmaak.", "Organisatie", **maatwerk
    )
    # the error at its field, and in the summary at the top a link to that field
    reason_missing = (
        "Leg uit waarom eigen kracht, netwerk, vrijwilligers en algemene voorzieningen niet volstaan."
    )
    expect(page.locator(".wr-field-error").get_by_text(reason_missing)).to_be_visible()
    expect(
        page.locator("[data-error-summary]").get_by_role("link", name=re.compile(reason_missing))
    ).to_be_visible()
    expect(page.get_by_text("De actie is toegevoegd.")).to_have_count(0)
    assert PlanAction.objects.filter(goal__plan__household=household).count() == 3
    _accessible(page)  # the page with a form error
    add_action(
        "Basale ADL",
        "Lichte maatwerkvoorziening",
        "Twee uur per week schoonmaak.",
        "Organisatie",
        reden="Het netwerk woont ver weg en een algemene voorziening voor schoonmaak is er in de wijk niet.",
        **maatwerk,
    )
    expect(page.get_by_text("De actie is toegevoegd.")).to_be_visible()
    rungs = set(PlanAction.objects.filter(goal__plan__household=household).values_list("rung", flat=True))
    assert rungs == {Rung.OWN_STRENGTH, Rung.NETWORK, Rung.GENERAL, Rung.LIGHT_CUSTOM}
    expect(page.get_by_text(re.compile("Waarom maatwerk: Het netwerk woont ver weg"))).to_be_visible()

    evaluation_date = today + timedelta(weeks=8)
    activate = _form_with_button(page, "Actief maken")
    activate.get_by_label("Startdatum").fill(_d(today))
    activate.get_by_label("Evaluatiedatum").fill(_d(evaluation_date))
    _submit(page, activate.get_by_role("button", name="Actief maken"))
    expect(page.get_by_text("Het plan is actief. Versie 1 is vastgelegd.")).to_be_visible()
    plan = Plan.objects.get(household=household)
    assert plan.status == PlanStatus.ACTIVE and plan.evaluation_date == evaluation_date

    # The resident agrees to version 1.
    agreement = _form_with_button(page, "Akkoord vastleggen")
    agreement.get_by_label("Versie").select_option(label="Versie 1")
    agreement.get_by_label("Akkoord op").fill(_d(today))
    agreement.get_by_label("Hoe").select_option(label="Mondeling akkoord")
    agreement.get_by_label("Akkoord van").select_option(label=name)
    _submit(page, agreement.get_by_role("button", name="Akkoord vastleggen"))
    expect(page.get_by_text("Het akkoord is vastgelegd.")).to_be_visible()
    version_row = page.get_by_role("row").filter(has=page.get_by_role("link", name="PDF van versie 1"))
    expect(version_row).to_contain_text(f"{_d(today)}, mondeling akkoord, door {name}")
    _accessible(page)

    # The PDF of version 1.
    pdf_link = page.get_by_role("link", name="PDF van versie 1")
    with page.expect_download() as download_info:
        pdf_link.click()
    assert download_info.value.suggested_filename.endswith(".pdf")
    response = page.request.get(live_server.url + pdf_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    # Evaluation: GAS per goal, re-scores, one goal closed.
    page.get_by_role("link", name="Plan evalueren").click()
    expect(page.get_by_role("heading", name="Plan evalueren")).to_be_visible()
    page.get_by_label("Datum evaluatie").fill(_d(today))
    gas = {"Financiën": ("1", "behaald"), "Sociaal netwerk": ("0", ""), "Basale ADL": ("-1", "")}
    for domain, (score, status) in gas.items():
        goal_group = page.get_by_role("group", name=re.compile(re.escape(f"Doel: {goals[domain]}")))
        goal_group.get_by_label("Doelrealisatie").select_option(value=score)
        if status:
            goal_group.get_by_label("Doel afsluiten").select_option(value=status)
    rescore = page.get_by_role("group", name=name, exact=True)
    rescore.get_by_label("Financiën", exact=True).select_option(value="4")
    rescore.get_by_label("Sociaal netwerk", exact=True).select_option(value="3")
    page.get_by_label("Toelichting", exact=True).last.fill("De post is bij, de schoonmaak loopt nog niet.")
    _accessible(page)
    _submit(page, page.get_by_role("button", name="Evaluatie vastleggen"))
    expect(page.get_by_text("De evaluatie is vastgelegd.")).to_be_visible()

    attained = {
        (a.goal.domain.name, a.score)
        for a in GoalAttainment.objects.filter(goal__plan=plan).select_related("goal__domain")
    }
    assert attained == {("Financiën", 1), ("Sociaal netwerk", 0), ("Basale ADL", -1)}
    closed = plan.goals.get(domain__name="Financiën")
    assert closed.status == GoalStatus.ACHIEVED and closed.closed_on == today
    assert set(plan.goals.exclude(pk=closed.pk).values_list("status", flat=True)) == {GoalStatus.OPEN}
    rescored = DomainScore.objects.filter(
        scoring__resident__bsn=person.bsn, domain__name__in=["Financiën", "Sociaal netwerk"]
    ).values_list("domain__name", "value")
    assert {("Financiën", 4), ("Sociaal netwerk", 3)} <= set(rescored)

    # The plan page shows the outcome of the evaluation.
    finance_goal = page.get_by_role("region", name=re.compile(re.escape(goals["Financiën"])))
    expect(finance_goal).to_contain_text(f"Behaald (sinds {_d(today)})")
    _accessible(page)

    # The timeline shows every step of the work.
    _dossier_section(page, "Tijdlijn")
    timeline = page.locator(".wr-timeline")
    for step in (
        "Melding: Melding ontvangen via huisarts / poh (regulier; Wmo 2015, Schuldhulpverlening (Wgs))",
        "Gerouteerd: Gerouteerd naar Wijkteam Centrum",
        "Brede uitvraag: Brede uitvraag vastgesteld",
        f"Plan: Plan actief vanaf {_d(today)} (versie 1)",
        "Akkoord op plan: Akkoord op planversie 1: mondeling akkoord",
        f"Evaluatie: Plan geëvalueerd op {_d(today)}: 3 doelen gescoord, 1 afgesloten",
    ):
        expect(timeline).to_contain_text(step)
    _accessible(page)
    assert Household.objects.filter(pk=household.pk).exists()


# -- 2. a light question goes to the welfare organisation ---------------------------------------------------
def test_light_question_goes_to_welfare_and_leaves_annas_sight(casework, live_server, page):
    world = casework
    _log_in(page, live_server, "anna")
    page.get_by_role("link", name="Nieuwe melding", exact=True).click()

    # Filled in by hand: no BRP lookup.
    form = page.get_by_role("form", name="Inwoner en melding")
    form.get_by_label("BSN").fill(bsn_with_check_digit(62_000_001) or "")
    form.get_by_label("Voornamen").fill("Wilma")
    form.get_by_label("Geslachtsnaam").fill("Terpstra")
    form.get_by_label("Geboortedatum").fill("14-02-1951")
    form.get_by_label("Straat").fill("Molenlaan")
    form.get_by_label("Huisnummer").fill("12")
    form.get_by_label("Postcode").fill("9711 CD")
    form.get_by_label("Woonplaats").fill("Westerhoek")
    form.get_by_label("Binnengekomen via").select_option(label=MeldingChannel.RESIDENT.label)
    form.get_by_label("Vraag in de woorden van de inwoner").fill("Ik zit veel alleen en zoek iets te doen.")
    form.get_by_label("Geen", exact=True).check()
    form.get_by_label("Aantal leefgebieden").fill("1")
    form.get_by_label("Urgentie").select_option(label="Regulier")
    form.get_by_role("group", name="Weet de inwoner van deze melding?").get_by_label("Ja").check()
    _submit(page, form.get_by_role("button", name="Registreren en melding vastleggen"))

    # anna is told where it went, and that she no longer sees the household.
    expect(page.get_by_role("heading", name="Meldingen voor mijn team")).to_be_visible()
    expect(page.get_by_text("Gerouteerd naar Basisondersteuning.")).to_be_visible()
    expect(
        page.get_by_text("De melding ligt nu bij een ander team; u ziet dit huishouden niet meer.")
    ).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text("Terpstra")
    _accessible(page)
    melding = Melding.objects.get(resident__surname="Terpstra")
    assert melding.team == world.welfare
    assert melding.routings.get().target == RouteTarget.WELFARE
    household_url = f"{live_server.url}/huishoudens/{melding.household.uuid}/"

    response = page.goto(household_url)
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Niet gevonden")).to_be_visible()
    expect(page.get_by_text("Deze pagina bestaat niet, of u heeft er geen toegang toe.")).to_be_visible()
    assert "Terpstra" not in page.content()

    page.get_by_role("link", name="Mijn werkvoorraad").first.click()
    expect(page.get_by_role("heading", name="Mijn werkvoorraad")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Visser")  # her own household is there …
    expect(page.get_by_role("main")).not_to_contain_text("Terpstra")  # … the routed one is not

    # sanne of the welfare organisation finds it in her team's meldingen and opens the dossier.
    _log_out(page)
    _log_in(page, live_server, "sanne", lands_on="Meldingen voor mijn team")  # a social worker's landing
    inbox = page.get_by_role("table", name=re.compile("Open meldingen"))
    row = inbox.get_by_role("row").filter(has_text="Wilma Terpstra")
    expect(row).to_contain_text("Basisondersteuning")
    expect(row).to_contain_text(
        "Lichte vraag op één leefgebied zonder wettelijke grondslag: basisondersteuning."
    )
    _accessible(page)
    row.get_by_role("link", name="Wilma Terpstra").click()
    expect(page.get_by_role("heading", name="Meldingen", exact=True)).to_be_visible()
    _dossier_section(page, "Overzicht")
    expect(page.get_by_role("heading", name=re.compile("Huishouden Terpstra"))).to_be_visible()
    assert page.url == household_url
    _accessible(page)


# -- 3. the plan page shows each goal's attainment (GAS) from its evaluations -----------------------------
def test_plan_page_shows_the_goal_attainment_of_the_evaluation(casework, live_server, page):
    world = casework
    today = timezone.localdate()
    resident = Resident.objects.current_members_of(world.household).get()
    plan = plan_services.plan_create(acting_user=world.anna, household=world.household)
    domain = InstrumentDomain.objects.get(
        instrument__key="zrm-2017", instrument__municipality=None, code="financien"
    )
    goal = plan_services.goal_add(
        acting_user=world.anna,
        plan=plan,
        domain=domain,
        members=[resident],
        description="Overzicht over geld.",
    )
    plan_services.action_add(
        acting_user=world.anna,
        goal=goal,
        rung=Rung.OWN_STRENGTH,
        description="Post openen.",
        performer="inwoner",
    )
    plan_services.plan_activate(
        acting_user=world.anna, plan=plan, start_date=today, evaluation_date=today + timedelta(weeks=8)
    )
    plan_services.evaluation_record(
        acting_user=world.anna, plan=plan, held_on=today, attainments={goal.uuid: (1, "", None)}
    )

    _log_in(page, live_server, "anna")
    page.goto(f"{live_server.url}/huishoudens/{world.household.uuid}/plan/")
    region = page.get_by_role("region", name=re.compile("Overzicht over geld."))
    expect(region).to_contain_text("Open")  # the goal is there, still open …
    assert GoalAttainment.objects.get(goal=goal).score == 1  # … and evaluated with +1
    expect(region).to_contain_text("Meer dan verwacht", timeout=2_000)
