"""Meldingen, legal terms, beschikkingen, plans with goals, actions on the ladder, evaluations with GAS
scores and instrument scorings, written straight to the casework tables as the services leave them, for
the store's tests of access and effect."""

import datetime

from wijkregie.assessment.constants import ScoringMoment
from wijkregie.assessment.models import DomainScore, Instrument, InstrumentDomain, Scoring
from wijkregie.decisions.models import Beschikking, MaatwerkRequest
from wijkregie.households.constants import Relation
from wijkregie.households.tests.factories import HouseholdFactory
from wijkregie.intake.constants import Urgency
from wijkregie.intake.models import Melding
from wijkregie.plans.constants import MAATWERK_RUNGS, Performer, PlanStatus
from wijkregie.plans.models import Evaluation, Goal, GoalAttainment, Plan, PlanAction
from wijkregie.provisions.constants import ProvisionKind, ProvisionLaw, Weight
from wijkregie.provisions.models import Provision
from wijkregie.tasks.constants import TaskKind, TaskStatus
from wijkregie.tasks.models import Task

D = datetime.date


def instrument() -> Instrument:
    """An instrument of the tests' own with two domains (the same one when asked again)."""
    existing = Instrument.objects.filter(key="zrm-sturing").first()
    if existing is not None:
        return existing
    made = Instrument.objects.create(key="zrm-sturing", name="ZRM (test)", scale_min=1, scale_max=5)
    for position, (code, name) in enumerate([("financien", "Financiën"), ("huisvesting", "Huisvesting")]):
        InstrumentDomain.objects.create(instrument=made, code=code, name=name, position=position)
    return made


def custom_provision(world, name="Begeleiding", law=ProvisionLaw.WMO) -> Provision:
    return Provision.objects.get_or_create(
        municipality=world.west,
        name=name,
        defaults={"kind": ProvisionKind.CUSTOM, "law": law, "product_category": "02", "weight": Weight.LIGHT},
    )[0]


def plan(world, *, district=None, start=D(2025, 2, 1), status=PlanStatus.ACTIVE, home=None) -> Plan:
    home = home or HouseholdFactory(district=district or world.west_centrum)
    return Plan.objects.create(household=home, status=status, start_date=start)


def goal(made: Plan, domain: InstrumentDomain, *actions: tuple[str, str]) -> Goal:
    """A goal with actions (rung, provision), started on the plan's start date."""
    made_goal = Goal.objects.create(plan=made, domain=domain, description="Doel.")
    for rung, provision in actions:
        PlanAction.objects.create(
            goal=made_goal,
            rung=rung,
            description="Actie.",
            performer=Performer.ORGANISATION,
            provision=provision,
            start_date=made.start_date,
            maatwerk_reason="Lichtere treden volstaan niet." if rung in MAATWERK_RUNGS else "",
        )
    return made_goal


def evaluated(made_goal: Goal, score: int, on: datetime.date = D(2025, 9, 1)) -> GoalAttainment:
    """The goal scored at an evaluation, with what the plan service stores beside the score."""
    made = made_goal.plan
    evaluation = Evaluation.objects.create(plan=made, held_on=on)
    actions = list(made_goal.actions.all())
    return GoalAttainment.objects.create(
        evaluation=evaluation,
        goal=made_goal,
        score=score,
        domain_id=made_goal.domain_id,
        highest_rung=max((a.rung for a in actions), default=""),
        provisions=sorted({a.provision for a in actions if a.provision}),
        district_id=made.household.district_id,
        municipality_id=made.household.municipality_id,
    )


def scored(made: Plan, used: Instrument, moment: str, on: datetime.date, **values: int) -> Scoring:
    """The head of the plan's household scored on the domains named (code=value)."""
    head = made.household.memberships.get(relation=Relation.HEAD).resident
    scoring = Scoring.objects.create(
        household=made.household, resident=head, instrument=used, moment=moment, scored_on=on
    )
    for code, value in values.items():
        DomainScore.objects.create(scoring=scoring, domain=used.domains.get(code=code), value=value)
    return scoring


def baseline_and_evaluation(made: Plan, used: Instrument, before: int, after: int) -> None:
    scored(made, used, ScoringMoment.INTAKE, D(2025, 1, 20), financien=before)
    scored(made, used, ScoringMoment.EVALUATION, D(2025, 9, 1), financien=after)


def melding(world, *, received=D(2025, 3, 3), channel="huisarts", laws=("wmo",), team=None, home=None):
    """A melding about the head of a new household (or of `home`), routed to `team` (team_a)."""
    home = home or HouseholdFactory(district=world.west_centrum)
    head = home.memberships.get(relation=Relation.HEAD).resident
    return Melding.objects.create(
        municipality=home.municipality, household=home, resident=head, received_on=received, channel=channel,
        question="Hulp gevraagd.", laws=list(laws), urgency=Urgency.REGULAR, resident_informed=True,
        team=team or world.team_a,
    )  # fmt: skip


def signed_beschikking(world, home, on: datetime.date) -> Beschikking:
    """A signed beschikking for the head of `home`."""
    head = home.memberships.get(relation=Relation.HEAD).resident
    request = MaatwerkRequest.objects.create(
        household=home, resident=head, provision=custom_provision(world), law=ProvisionLaw.WMO, received_on=on
    )
    return Beschikking.objects.create(
        request=request, reference=f"B-{request.pk}", motivation="Test.", signed_on=on
    )


def legal_term(world, home, term, *, due, done=None, status=None, team=None) -> Task:
    return Task.objects.create(
        household=home, team=team or world.team_a, kind=TaskKind.LEGAL_TERM, term=term, title="Termijn",
        start_date=due - datetime.timedelta(days=14), original_due_on=due, due_on=due, done_on=done,
        status=status or (TaskStatus.DONE if done else TaskStatus.OPEN),
    )  # fmt: skip
