"""Plan test fixtures: an instrument of our own ("zrm-test", so the tests do not depend on the built-in ZRM
being loaded), a brede uitvraag with baseline scores, and plans in their states."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from wijkregie.assessment.constants import ReportStatus, ScoringMoment
from wijkregie.assessment.models import (
    ConversationReport,
    DomainScore,
    Instrument,
    InstrumentDomain,
    ScaleLevel,
    Scoring,
)
from wijkregie.households.constants import Relation
from wijkregie.households.models import HouseholdMembership, Resident
from wijkregie.households.tests.factories import ResidentFactory
from wijkregie.plans import services
from wijkregie.plans.constants import Performer, Rung
from wijkregie.plans.models import Goal, Plan

DOMAINS = [
    ("financien", "Financiën"),
    ("huisvesting", "Huisvesting"),
    ("sociaal-netwerk", "Sociaal netwerk"),
    ("geestelijke-gezondheid", "Geestelijke gezondheid"),
]
LEVELS = {
    1: "Acute problematiek",
    2: "Niet zelfredzaam",
    3: "Beperkt zelfredzaam",
    4: "Voldoende",
    5: "Volledig",
}
REASON = "Netwerk is overbelast en de algemene voorziening heeft een wachtlijst van een half jaar."


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False


@pytest.fixture
def instrument(db) -> Instrument:
    instrument = Instrument.objects.create(key="zrm-test", name="ZRM (test)", scale_min=1, scale_max=5)
    for position, (code, name) in enumerate(DOMAINS):
        InstrumentDomain.objects.create(instrument=instrument, code=code, name=name, position=position)
    for value, label in LEVELS.items():
        ScaleLevel.objects.create(instrument=instrument, value=value, label=label)
    return instrument


def domain(instrument: Instrument, code: str) -> InstrumentDomain:
    return instrument.domains.get(code=code)


@dataclass
class Setup:
    world: object
    instrument: Instrument
    report: ConversationReport
    head: Resident
    child: Resident

    def domain(self, code: str) -> InstrumentDomain:
        return domain(self.instrument, code)


@pytest.fixture
def setup(world, instrument) -> Setup:
    household = world.household
    head = household.memberships.get().resident
    child = ResidentFactory(given_names="Sem", surname=head.surname, birth_date=datetime.date(2012, 3, 4))
    HouseholdMembership.objects.create(
        household=household, resident=child, relation=Relation.CHILD, start_date=datetime.date(2020, 1, 1)
    )
    report = ConversationReport.objects.create(
        household=household,
        instrument=instrument,
        held_on=timezone.localdate() - datetime.timedelta(days=60),
        held_by=world.anna,
        story="Het verhaal",
        status=ReportStatus.FINAL,
    )
    scoring = Scoring.objects.create(
        household=household,
        resident=head,
        instrument=instrument,
        moment=ScoringMoment.INTAKE,
        report=report,
        scored_on=report.held_on,
        scored_by=world.anna,
    )
    DomainScore.objects.create(scoring=scoring, domain=domain(instrument, "financien"), value=2)
    DomainScore.objects.create(scoring=scoring, domain=domain(instrument, "huisvesting"), value=4)
    return Setup(world=world, instrument=instrument, report=report, head=head, child=child)


def draft_plan(setup: Setup, user=None) -> Plan:
    return services.plan_create(acting_user=user or setup.world.anna, household=setup.world.household)


def add_goal(
    setup: Setup, plan: Plan, code: str = "financien", text: str = "Rondkomen zonder nieuwe schulden"
) -> Goal:
    return services.goal_add(
        acting_user=setup.world.anna,
        plan=plan,
        domain=setup.domain(code),
        members=[setup.head],
        description=text,
    )


def active_plan(
    setup: Setup, *, start: datetime.date | None = None, evaluation: datetime.date | None = None
) -> Plan:
    plan = draft_plan(setup)
    goal = add_goal(setup, plan)
    services.action_add(
        acting_user=setup.world.anna,
        goal=goal,
        rung=Rung.OWN_STRENGTH,
        description="Zelf een budgetoverzicht bijhouden",
        performer=Performer.RESIDENT,
    )
    start = start or timezone.localdate() - datetime.timedelta(days=30)
    evaluation = evaluation or timezone.localdate() + datetime.timedelta(days=60)
    return services.plan_activate(
        acting_user=setup.world.anna, plan=plan, start_date=start, evaluation_date=evaluation
    )
