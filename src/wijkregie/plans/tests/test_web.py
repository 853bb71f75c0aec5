"""Plan, MDO and evaluation pages: authorisation matrix (404 and nothing changed), the flows without
JavaScript, Dutch errors that save nothing, the PDF document and a query count that does not grow."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent
from wijkregie.organisation.models import DistrictContact, Organisation
from wijkregie.plans import services
from wijkregie.plans.constants import AgreementMethod, GoalStatus, Performer, PlanStatus, Rung
from wijkregie.plans.models import Goal, GoalAttainment, Mdo, MdoDecision, Plan, PlanAction
from wijkregie.provisions import suggestions
from wijkregie.provisions.constants import ProvisionKind, ProvisionLaw, Weight
from wijkregie.provisions.models import Provision

from .conftest import REASON, active_plan, add_goal, draft_plan
from .test_services import state

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)
ALLOWED = ["anna", "teun", "bo"]
# session and user, the dossier with its access row, the plans with goals, members, actions, attainments
# and versions,
# the forms' choices, the baseline scores and the scale, and for the suggestions (voorstellen) the district's
# name and the municipality's active catalogue (2): the same for 1 goal or 100, 0 provisions or many.
PLAN_PAGE_QUERIES = 28
REFUSED = ["otto", "zoe", "sanne", "piet", "carla", "bea", "fenna"]


def changes() -> tuple:
    """The state apart from access rows: a page that shows an error still logs that it was read."""
    return (*state()[:-2], state()[-1], AuditEvent.objects.exclude(action=Action.READ).count())


def _as(client, world, name):
    client.force_login(world.user(name))
    return client


def _d(day: datetime.date) -> str:
    return day.strftime("%d-%m-%Y")


def _urls(setup, plan):
    household = setup.world.household.uuid
    version = plan.versions.get(number=1)
    return {
        "plan": reverse("plans:household_plan", args=[household]),
        "mdo": reverse("plans:household_mdos", args=[household]),
        "evaluation": reverse("plans:evaluation_new", args=[household]),
        "pdf": reverse("plans:version_pdf", args=[household, version.uuid]),
        "goal": reverse("plans:goal_edit", args=[household, plan.goals.first().uuid]),
    }


# -- authorisation ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("page", ["plan", "mdo", "evaluation", "pdf", "goal"])
def test_anonymous_is_sent_to_login(client, setup, page):
    url = _urls(setup, active_plan(setup))[page]

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


@pytest.mark.parametrize("name", ALLOWED + REFUSED)
@pytest.mark.parametrize("page", ["plan", "mdo", "evaluation", "pdf", "goal"])
def test_page_matrix(client, setup, name, page):
    url = _urls(setup, active_plan(setup))[page]
    surname = setup.head.surname

    response = _as(client, setup.world, name).get(url)

    if name in ALLOWED:
        assert response.status_code == 200
    else:
        assert response.status_code == 404
        assert surname.encode() not in response.content
        assert not AuditEvent.objects.filter(actor=setup.world.user(name)).exists()


@pytest.mark.parametrize("name", REFUSED)
@pytest.mark.parametrize(
    ("page", "data"),
    [
        (
            "plan",
            {"formulier": "afsluiten", "afsluiten-outcome": "verhuisd", "afsluiten-closed_on": "01-01-2025"},
        ),
        ("plan", {"formulier": "versie"}),
        (
            "mdo",
            {"formulier": "mdo", "mdo-held_on": "01-01-2025", "mdo-discussed": "x", "mdo-extra_name_0": "A"},
        ),
        (
            "evaluation",
            {"formulier": "afsluiten", "afsluiten-outcome": "verhuisd", "afsluiten-closed_on": "01-01-2025"},
        ),
    ],
)
def test_refused_posts_change_nothing(client, setup, name, page, data):
    url = _urls(setup, active_plan(setup))[page]
    before = state()

    response = _as(client, setup.world, name).post(url, data)

    assert response.status_code == 404
    assert state() == before


# -- the plan page ------------------------------------------------------------------------------------------
def test_plan_flow_without_javascript(client, setup):
    world = setup.world
    client = _as(client, world, "anna")
    url = reverse("plans:household_plan", args=[world.household.uuid])

    assert client.post(url, {"formulier": "plan"}).status_code == 302
    plan = Plan.objects.get(household=world.household)

    response = client.post(
        url,
        {
            "formulier": "activeren",
            "activeren-start_date": _d(TODAY()),
            "activeren-evaluation_date": _d(TODAY() + 30 * DAY),
        },
    )
    assert response.status_code == 200
    assert services.NO_GOALS_ERROR in response.content.decode()

    response = client.post(
        url,
        {
            "formulier": "doel",
            "doel-description": "Rondkomen",
            "doel-domain": setup.domain("financien").pk,
            "doel-members": [setup.head.uuid],
        },
    )
    assert response.status_code == 302
    goal = Goal.objects.get(plan=plan)

    action = {
        "formulier": "actie",
        "actie-goal": goal.uuid,
        "actie-description": "Begeleiding",
        "actie-rung": Rung.LIGHT_CUSTOM,
        "actie-performer": Performer.ORGANISATION,
        "actie-organisation": Organisation.objects.get(name="Zorg Thuis").uuid,
        "actie-case_director": "team",
        "actie-status": "gepland",
    }
    before = changes()
    response = client.post(url, action)
    assert response.status_code == 200
    assert services.MAATWERK_REASON_ERROR in response.content.decode()
    assert changes() == before

    assert client.post(url, {**action, "actie-maatwerk_reason": REASON}).status_code == 302
    assert PlanAction.objects.get(goal=goal).maatwerk_reason == REASON

    response = client.post(
        url,
        {
            "formulier": "activeren",
            "activeren-start_date": _d(TODAY()),
            "activeren-evaluation_date": _d(TODAY() + 30 * DAY),
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE

    response = client.post(
        url,
        {
            "formulier": "akkoord",
            "akkoord-version": plan.versions.get().uuid,
            "akkoord-agreed_on": _d(TODAY()),
            "akkoord-method": AgreementMethod.SIGNED,
            "akkoord-agreed_by": setup.head.uuid,
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Rondkomen" in page
    assert "Lichte maatwerkvoorziening" in page
    assert REASON in page
    assert "Ondertekend op papier".lower() in page
    assert "2 (Niet zelfredzaam)" in page  # the uitvraag's baseline beside the goal


def test_plan_page_queries_do_not_grow_with_goals_and_actions(client, setup, django_assert_num_queries):
    plan = active_plan(setup)
    client = _as(client, setup.world, "anna")
    url = reverse("plans:household_plan", args=[setup.world.household.uuid])

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    assert len(small) == PLAN_PAGE_QUERIES
    for i in range(4):
        goal = add_goal(setup, plan, code="huisvesting", text=f"Doel {i}")
        for rung in (Rung.OWN_STRENGTH, Rung.NETWORK, Rung.GENERAL):
            services.action_add(
                acting_user=setup.world.anna,
                goal=goal,
                rung=rung,
                description="Actie",
                performer=Performer.ORGANISATION,
                organisation=Organisation.objects.first(),
                end_date=TODAY() + 10 * DAY,
            )
    services.plan_version_make(acting_user=setup.world.anna, plan=plan)
    welzijn = Organisation.objects.get(name="Welzijn De Schans")
    for i in range(6):
        _provision(
            setup.world, f"Voorziening {i}", domains=["financien", "huisvesting"], organisation=welzijn
        )
    _provision(setup.world, "Bewind", kind=ProvisionKind.CUSTOM, weight=Weight.HEAVY)
    Provision.objects.get(name="Voorziening 1").districts.set([setup.world.west_centrum])

    with django_assert_num_queries(len(small)):
        response = client.get(url)
        assert response.status_code == 200
    assert response.content.decode().count("Overnemen als actie") == 5 * suggestions_per_goal()


def test_goal_edit_and_remove_pages(client, setup):
    plan = draft_plan(setup)
    goal = add_goal(setup, plan)
    client = _as(client, setup.world, "anna")
    household = setup.world.household.uuid

    response = client.post(
        reverse("plans:goal_edit", args=[household, goal.uuid]),
        {
            "description": "Nieuw doel",
            "domain": setup.domain("huisvesting").pk,
            "members": [setup.child.uuid],
        },
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.description, goal.domain.code) == ("Nieuw doel", "huisvesting")

    assert client.post(reverse("plans:goal_remove", args=[household, goal.uuid])).status_code == 302
    assert not Goal.objects.filter(pk=goal.pk).exists()


def test_a_goal_of_another_household_is_404(client, setup, world):
    goal = add_goal(setup, draft_plan(setup))
    other = world.zuid_household.uuid

    response = _as(client, world, "zoe").get(reverse("plans:goal_edit", args=[other, goal.uuid]))

    assert response.status_code == 404


# -- PDF ------------------------------------------------------------------------------------------
def test_pdf_of_a_version(client, setup):
    world = setup.world
    plan = active_plan(setup)
    goal = plan.goals.get()
    services.action_add(
        acting_user=world.anna,
        goal=goal,
        rung=Rung.HEAVY_CUSTOM,
        description="Beschermd wonen",
        performer=Performer.ORGANISATION,
        organisation=Organisation.objects.get(name="Zorg Thuis"),
        maatwerk_reason=REASON,
    )
    version = services.plan_version_make(acting_user=world.anna, plan=plan)
    services.plan_agreement_record(
        acting_user=world.anna,
        version=version,
        agreed_on=TODAY(),
        method=AgreementMethod.VERBAL,
        agreed_by=setup.head,
    )
    url = reverse("plans:version_pdf", args=[world.household.uuid, version.uuid])

    response = _as(client, world, "anna").get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="plan-v2.pdf"'
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in (
        "Rondkomen zonder nieuwe schulden",
        "Eigen kracht",
        "Zware maatwerkvoorziening",
        "Beschermd wonen",
        "versie 2",
        setup.head.surname,
        "akkoord gegaan",
        "mondeling akkoord",
    ):
        assert expected in text, expected
    assert (
        AuditEvent.objects.filter(action=Action.EXPORT, object_uuid=version.uuid, actor=world.anna).count()
        == 1
    )


def test_pdf_without_agreement_has_lines_to_sign(client, setup):
    plan = active_plan(setup)
    url = reverse("plans:version_pdf", args=[setup.world.household.uuid, plan.versions.get().uuid])

    response = _as(client, setup.world, "anna").get(url)

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Handtekening" in text


# -- evaluation ------------------------------------------------------------------------------------------
def test_evaluation_page_scores_goals(client, setup):
    world = setup.world
    plan = active_plan(setup)
    goal = plan.goals.get()
    url = reverse("plans:evaluation_new", args=[world.household.uuid])
    client = _as(client, world, "anna")
    page = client.get(url).content.decode()
    assert "Veel meer dan verwacht" in page
    assert "Financiën" in page

    before = changes()
    response = client.post(
        url, {"formulier": "evaluatie", "held_on": _d(plan.start_date - DAY), f"score_{goal.uuid.hex}": "1"}
    )
    assert response.status_code == 200
    assert services.EVALUATION_BEFORE_START_ERROR in response.content.decode()
    assert changes() == before

    response = client.post(
        url,
        {
            "formulier": "evaluatie",
            "held_on": _d(TODAY()),
            f"score_{goal.uuid.hex}": "2",
            f"note_{goal.uuid.hex}": "Gelukt",
            f"status_{goal.uuid.hex}": GoalStatus.ACHIEVED,
            f"rescore_{setup.head.uuid.hex}_{setup.domain('financien').pk}": "4",
            "next_evaluation_date": _d(TODAY() + 60 * DAY),
        },
    )
    assert response.status_code == 302
    gas = GoalAttainment.objects.get(goal=goal)
    assert (gas.score, gas.note) == (2, "Gelukt")
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACHIEVED


# -- MDO ------------------------------------------------------------------------------------------
def test_mdo_page_with_district_contacts_and_decision_to_action(client, setup):
    world = setup.world
    plan = active_plan(setup)
    schans = Organisation.objects.get(name="Welzijn De Schans")
    contact = DistrictContact.objects.create(
        district=world.west_centrum, organisation=schans, name="Karin Smit", role="schuldhulp"
    )
    DistrictContact.objects.create(district=world.west_noord, organisation=schans, name="Elders")
    url = reverse("plans:household_mdos", args=[world.household.uuid])
    client = _as(client, world, "anna")

    page = client.get(url).content.decode()
    assert "Karin Smit" in page
    assert "Elders" not in page

    response = client.post(
        url,
        {
            "formulier": "mdo",
            "mdo-held_on": _d(TODAY()),
            "mdo-discussed": "Voortgang",
            "mdo-contacts": [contact.uuid],
            "mdo-extra_name_0": "Huisarts Jansen",
            "mdo-extra_role_0": "huisarts",
        },
    )
    assert response.status_code == 302
    mdo = Mdo.objects.get(household=world.household)
    assert sorted(mdo.participants.values_list("name", "role")) == [
        ("Huisarts Jansen", "huisarts"),
        ("Karin Smit", "schuldhulp"),
    ]

    key = f"besluit-{mdo.uuid.hex}"
    assert client.post(url, {"formulier": key, f"{key}-text": "Budgetcursus"}).status_code == 302
    decision = MdoDecision.objects.get(mdo=mdo)

    action_url = reverse("plans:decision_action", args=[world.household.uuid, decision.uuid])
    data = {
        "goal": plan.goals.get().uuid,
        "description": "Budgetcursus volgen",
        "rung": Rung.HEAVY_CUSTOM,
        "performer": Performer.RESIDENT,
        "case_director": "team",
        "status": "gepland",
    }
    response = client.post(action_url, data)
    assert response.status_code == 200
    assert services.MAATWERK_REASON_ERROR in response.content.decode()
    assert client.post(action_url, {**data, "rung": Rung.GENERAL}).status_code == 302
    assert PlanAction.objects.get(from_mdo_decision=decision).description == "Budgetcursus volgen"


# -- voorstellen: suggestions from the catalogue beside each open goal ---------------------------------------
def suggestions_per_goal() -> int:
    from wijkregie.plans.web.views import SUGGESTIONS_PER_GOAL

    return SUGGESTIONS_PER_GOAL


def _provision(world, name, *, kind=ProvisionKind.GENERAL, weight="", domains=("financien",), **fields):
    custom = {"law": ProvisionLaw.DEBT, "product_category": "99"} if kind == ProvisionKind.CUSTOM else {}
    return Provision.objects.create(
        municipality=world.west,
        kind=kind,
        name=name,
        domains=list(domains),
        weight=weight,
        **custom,
        **fields,
    )


def test_the_plans_ladder_is_the_catalogues_one():
    from wijkregie.provisions import constants as catalogue

    assert Rung is catalogue.Rung and suggestions.Rung is catalogue.Rung
    assert list(Rung.values) == sorted(Rung.values)  # the stored values sort in ladder order


def test_plan_page_suggests_provisions_and_prefills_the_action_form(client, setup):
    plan = draft_plan(setup)
    goal = add_goal(setup, plan, text="Rondkomen zonder nieuwe schulden")
    welzijn = Organisation.objects.get(name="Welzijn De Schans")
    general = _provision(setup.world, "Schuldhulpmaatje", keywords="schulden", organisation=welzijn)
    _provision(setup.world, "Budgetbeheer", kind=ProvisionKind.CUSTOM, weight=Weight.LIGHT)
    _provision(setup.world, "Woonhulp", domains=["huisvesting"])
    _provision(setup.world, "In Noord").districts.set([setup.world.west_noord])
    client = _as(client, setup.world, "anna")
    url = reverse("plans:household_plan", args=[setup.world.household.uuid])

    page = client.get(url).content.decode()

    assert "Voorstellen" in page
    assert "Schuldhulpmaatje</strong> (Welzijn De Schans): algemene voorziening" in page
    assert (
        "past bij het leefgebied Financiën; in de hele gemeente; zoekwoord &#x27;schulden&#x27; komt overeen"
        in page
    )
    assert "Budgetbeheer</strong>: maatwerk (vraagt een besluit)" in page
    assert "Woonhulp" not in page and "In Noord" not in page
    link = f"?voorstel={general.uuid}&amp;doel={goal.uuid}#actie-toevoegen"
    assert page.count("Overnemen als actie") == 1 and link in page

    before = changes()
    response = client.get(url, {"voorstel": str(general.uuid), "doel": str(goal.uuid)})
    form = response.context["action_form"]
    assert response.context["prefilled"] is True
    assert not form.is_bound
    assert form["goal"].value() == goal.uuid
    assert form["rung"].value() == Rung.GENERAL
    assert form["performer"].value() == Performer.ORGANISATION
    assert form["organisation"].value() == welzijn.uuid
    assert form["provision"].value() == "Schuldhulpmaatje"
    assert "Het voorstel staat in het formulier" in response.content.decode()
    assert changes() == before  # a suggestion saves nothing

    # Sending the pre-filled form (with a description) adds the action; the suggestion then goes away.
    response = client.post(
        url,
        {
            "formulier": "actie",
            "actie-goal": str(goal.uuid),
            "actie-description": "Aanmelden bij het schuldhulpmaatje",
            "actie-rung": Rung.GENERAL,
            "actie-performer": Performer.ORGANISATION,
            "actie-organisation": str(welzijn.uuid),
            "actie-provision": "Schuldhulpmaatje",
            "actie-case_director": "team",
            "actie-status": "gepland",
        },
    )
    assert response.status_code == 302
    assert PlanAction.objects.get(goal=goal).provision == "Schuldhulpmaatje"
    assert "Overnemen als actie" not in client.get(url).content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"voorstel": "maatwerk", "doel": "goal"},
        {"voorstel": "other", "doel": "goal"},
        {"voorstel": "general", "doel": "00000000-0000-0000-0000-000000000000"},
        {"voorstel": "not-a-uuid", "doel": "goal"},
    ],
)
def test_prefill_ignores_maatwerk_and_unknown_values(client, setup, params):
    plan = draft_plan(setup)
    goal = add_goal(setup, plan)
    known = {
        "general": _provision(setup.world, "Algemeen"),
        "maatwerk": _provision(setup.world, "Maatwerk", kind=ProvisionKind.CUSTOM, weight=Weight.LIGHT),
        "other": Provision.objects.create(
            municipality=setup.world.zuid, kind=ProvisionKind.GENERAL, name="Elders", domains=["financien"]
        ),
    }
    values = {
        key: str(known[value].uuid) if value in known else str(goal.uuid) if value == "goal" else value
        for key, value in params.items()
    }
    url = reverse("plans:household_plan", args=[setup.world.household.uuid])
    response = _as(client, setup.world, "anna").get(url, values)
    assert response.status_code == 200
    assert response.context["prefilled"] is False
    assert response.context["action_form"]["provision"].value() in (None, "")


def _mdo(setup, number: int) -> None:
    for n in range(number):
        mdo = services.mdo_create(
            acting_user=setup.world.anna,
            household=setup.world.household,
            held_on=TODAY() - datetime.timedelta(days=n + 1),
            discussed=f"Overleg {n}",
            participants=[("Wijkagent", None, "politie"), ("Opbouwwerker", None, "")],
        )
        services.mdo_decision_add(acting_user=setup.world.anna, mdo=mdo, text=f"Besluit {n}")


# session and user, the dossier with its access row, the MDO's with participants and decisions, the
# district's contacts, the open plan's goals for the decision form: the same for 1 MDO or 6.
MDO_PAGE_QUERIES = 20


def test_mdo_page_queries_do_not_grow_with_meetings(client, setup):
    active_plan(setup)
    client = _as(client, setup.world, "anna")
    url = reverse("plans:household_mdos", args=[setup.world.household.uuid])
    _mdo(setup, 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    _mdo(setup, 5)
    with CaptureQueriesContext(connection) as six:
        assert client.get(url).status_code == 200

    assert len(six) == len(one) == MDO_PAGE_QUERIES
    assert "Besluit 4" in client.get(url).content.decode()
