"""The demo's steering history: four years before today and this one, so that the steering pages show real
figures for beleid and the contractmanager. Households helped in those years (generator.former_households)
with a melding and its legal term, a plan on the ladder with goals, an evaluation with GAS scores and
instrument scores at uitvraag and evaluation, and for most a maatwerk trajectory: aanvraag, signed
beschikking, allocation to a contracted provider and a booked declaration line per month up to last month.

At scale 1 Westerhoek gets about the size of seed 001 (some 2,200 unique Wmo and 1,900 unique youth clients
a year: a trajectory runs 3 to 30 months, so each year's clients are about 2.4 times its new starts);
Zuiderdijk its smaller share. Written in bulk, reproducibly from the seed; nothing here is a real person."""

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from wijkregie.allocations.constants import AllocationStatus, InvoiceStatus
from wijkregie.allocations.models import Allocation, InvoiceImport, InvoiceLine
from wijkregie.assessment.constants import ZRM_2017, ScoringMoment
from wijkregie.assessment.models import DomainScore, Instrument, Scoring
from wijkregie.core.bulk import DbValues, insert_rows, reserve_ids
from wijkregie.decisions.amounts import month_cents
from wijkregie.decisions.constants import RequestStatus
from wijkregie.decisions.models import Beschikking, MaatwerkRequest
from wijkregie.households.constants import Relation
from wijkregie.intake.constants import MeldingChannel, MeldingStatus, Urgency
from wijkregie.intake.models import Melding
from wijkregie.organisation.constants import TeamKind
from wijkregie.organisation.models import Team
from wijkregie.plans.constants import GoalStatus, Performer, PlanOutcome, PlanStatus, Rung
from wijkregie.plans.models import Evaluation, Goal, GoalAttainment, Plan, PlanAction
from wijkregie.providers.constants import ContractKind
from wijkregie.providers.models import ContractProduct, Provider
from wijkregie.provisions.constants import ProvisionKind, ProvisionLaw
from wijkregie.provisions.models import Provision
from wijkregie.tasks.constants import TaskKind, TaskStatus, Term
from wijkregie.tasks.models import Task
from wijkregie.tasks.terms import TERMS

# Households starting a year in the whole demo (Westerhoek has 72% of them). A household with a child under
# 18 gets youth care, the others Wmo care or only lighter help; with trajectories of 3 to 30 months
# Westerhoek then counts some 2,200 Wmo and 1,700 youth clients a year.
STARTS_A_YEAR = 3_500
WMO_SHARE = 0.62  # of the households without a child, in the first year; 3 points less each year after
WMO_SHARE_DROP = 0.03  # the shift to the lighter rungs the seeds aim at
YEARS = 5  # four before this one, so the three past years start with clients already in care
CHANNELS = (
    (MeldingChannel.RESIDENT, 40),
    (MeldingChannel.NETWORK, 15),
    (MeldingChannel.GP, 20),
    (MeldingChannel.SCHOOL, 10),
    (MeldingChannel.HOUSING, 5),
    (MeldingChannel.POLICE, 5),
    (MeldingChannel.OTHER, 5),
)
LIGHT_RUNGS = (Rung.OWN_STRENGTH, Rung.NETWORK, Rung.VOLUNTEERS, Rung.GENERAL)
GAS = {"maatwerk": (-2, -1, 0, 0, 0, 1, 1, 2), "licht": (-1, 0, 0, 0, 1, 1, 1, 2)}
NUMBER_BASE = 700_000  # allocation numbers of the history, above those of the stages


@dataclass(frozen=True)
class Trajectory:
    start: date
    months: int


@dataclass(frozen=True)
class HistoryResult:
    households: int
    allocations: int
    invoice_lines: int


def _month(day: date, plus: int = 0) -> date:
    index = day.year * 12 + day.month - 1 + plus
    return date(index // 12, index % 12 + 1, 1)


def _trajectories(rng: random.Random, today: date, scale: float) -> list[Trajectory]:
    planned = []
    for year in range(today.year - YEARS + 1, today.year + 1):
        last = min(date(year, 12, 31), today - timedelta(days=30))
        days = (last - date(year, 1, 1)).days
        for _ in range(round(STARTS_A_YEAR * scale * (days + 1) / 365)):
            start = date(year, 1, 1) + timedelta(days=rng.randrange(days + 1))
            planned.append(Trajectory(start, rng.randint(3, 30)))
    return planned


class _Catalogue:
    """What the history draws from per municipality: district teams, contracted products, provisions."""

    def __init__(self) -> None:
        self.team_of = dict(
            Team.objects.filter(kind=TeamKind.DISTRICT_TEAM, districts__isnull=False)
            .values_list("districts", "pk")
            .order_by("pk")
        )
        provider_of = dict(Provider.objects.values_list("organisation_id", "pk"))
        self.products: dict[tuple[int, str], list[tuple[Any, ...]]] = defaultdict(list)
        products = ContractProduct.objects.filter(
            tariff_cents__isnull=False, contract__kind=ContractKind.OPEN_HOUSE
        )
        for municipality, party, category, code, unit, tariff in products.values_list(
            "contract__municipality_id",
            "contract__party_id",
            "product_category",
            "product_code",
            "unit",
            "tariff_cents",
        ).order_by("pk"):
            if party in provider_of and code:
                law = ProvisionLaw.YOUTH if category >= "40" else ProvisionLaw.WMO
                self.products[(municipality, law)].append((provider_of[party], category, code, unit, tariff))
        self.provision: dict[tuple[int, str], Provision] = {}
        for provision in Provision.objects.filter(kind=ProvisionKind.CUSTOM).order_by("pk"):
            self.provision.setdefault((provision.municipality_id, provision.product_category), provision)
        zrm = Instrument.objects.get(key=ZRM_2017, municipality__isnull=True)
        self.zrm, self.domains = zrm, list(zrm.domains.order_by("position"))


def stage_history(world: Any, *, today: date, seed: int, scale: float = 1.0) -> HistoryResult:
    """Write the history; `world` is the generator's (for the households' addresses and names)."""
    from .generator import former_households  # the generator calls this module: import at call time

    rng = random.Random(seed + 15)  # noqa: S311 (reproducible demo data, not a secret)
    planned = sorted(_trajectories(rng, today, scale), key=lambda t: t.start)
    moments = [timezone.make_aware(datetime.combine(t.start - timedelta(days=42), time(10))) for t in planned]
    homes = former_households(world, moments, rng)
    catalogue = _Catalogue()
    writer = _Writer(catalogue, today, rng)
    for home, trajectory in zip(homes, planned, strict=True):
        writer.add(home, trajectory)
    return writer.write(len(homes))


class _Writer:
    def __init__(self, catalogue: _Catalogue, today: date, rng: random.Random) -> None:
        self.catalogue, self.today, self.rng = catalogue, today, rng
        self.meldingen: list[Melding] = []
        self.tasks: list[Task] = []
        self.plans: list[tuple[Plan, list[tuple[Goal, list[PlanAction], int | None]], date | None, Any]] = []
        self.scorings: list[tuple[Scoring, list[tuple[int, int]]]] = []
        self.care: list[tuple[MaatwerkRequest, Beschikking, Allocation, int]] = []
        self.number = NUMBER_BASE

    def _client(self, home: Any, trajectory: Trajectory) -> tuple[int, str]:
        """The youngest child under 18, for youth care; else the head, for Wmo care or lighter help."""
        children = [
            (born, pk)
            for pk, relation, born in home.members
            if relation == Relation.CHILD and (trajectory.start - born).days < 18 * 365
        ]
        if children:
            return max(children)[1], ProvisionLaw.YOUTH
        head = next(
            (pk for pk, relation, _born in home.members if relation == Relation.HEAD), home.members[0][0]
        )
        years = trajectory.start.year - (self.today.year - YEARS + 1)
        wmo = self.rng.random() < WMO_SHARE - WMO_SHARE_DROP * years
        return head, ProvisionLaw.WMO if wmo else "licht"

    def add(self, home: Any, trajectory: Trajectory) -> None:
        rng, start = self.rng, trajectory.start
        resident, kind = self._client(home, trajectory)
        received = start - timedelta(days=42)
        team = self.catalogue.team_of.get(home.district)
        law = kind if kind != "licht" else ProvisionLaw.WMO
        channel = rng.choices([c for c, _ in CHANNELS], weights=[w for _, w in CHANNELS])[0]
        self.meldingen.append(
            Melding(
                municipality_id=home.municipality,
                household_id=home.pk,
                resident_id=resident,
                received_on=received,
                channel=channel,
                question="Vraag om ondersteuning.",
                laws=[law],
                urgency=Urgency.REGULAR,
                resident_informed=True,
                status=MeldingStatus.CLOSED,
                team_id=team,
            )
        )
        term = Term.YOUTH_PLAN if law == ProvisionLaw.YOUTH else Term.WMO_RESEARCH
        due = TERMS[term].end(received)
        done = received + timedelta(days=rng.randint(20, 40) if rng.random() < 0.86 else rng.randint(44, 70))
        self.tasks.append(
            Task(
                household_id=home.pk,
                team_id=team,
                kind=TaskKind.LEGAL_TERM,
                term=term,
                title=TERMS[term].title,
                start_date=received,
                original_due_on=due,
                due_on=due,
                status=TaskStatus.DONE,
                done_on=done,
            )
        )
        end = _month(start, trajectory.months) - timedelta(days=1)
        products = self.catalogue.products.get((home.municipality, law)) if kind != "licht" else None
        product = rng.choice(products) if products else None
        provision = self._provision(home, product[1]) if product else None
        self._plan(home, kind, start, end, provision.name if provision else "")
        if product and provision:
            self._care(home, resident, law, start, end, product, provision)

    def _provision(self, home: Any, category: str) -> Provision | None:
        """The catalogue's custom provision of the product's category, else any of the municipality's."""
        mine = [p for (m, _c), p in self.catalogue.provision.items() if m == home.municipality]
        return self.catalogue.provision.get((home.municipality, category)) or (mine[0] if mine else None)

    def _plan(self, home: Any, kind: str, start: date, end: date, provision: str) -> None:
        rng = self.rng
        closed = end < self.today
        planned_on = start - timedelta(days=14)
        plan = Plan(
            household_id=home.pk,
            status=PlanStatus.CLOSED if closed else PlanStatus.ACTIVE,
            start_date=planned_on,
            closed_on=end if closed else None,
            outcome=rng.choice([PlanOutcome.GOALS_MET, PlanOutcome.PARTLY]) if closed else "",
        )
        domains = rng.sample(self.catalogue.domains, 2)
        evaluated_on = start + timedelta(days=rng.randint(150, 200))
        evaluated = evaluated_on < self.today
        goals = []
        for number, domain in enumerate(domains):
            actions = [self._action(rng.choice(LIGHT_RUNGS), planned_on, "")]
            if provision and number == 0:
                rung = Rung.HEAVY_CUSTOM if rng.random() < 0.3 else Rung.LIGHT_CUSTOM
                actions.append(self._action(rung, start, provision))
            score = rng.choice(GAS["licht" if kind == "licht" else "maatwerk"]) if evaluated else None
            goals.append(
                (
                    Goal(
                        domain=domain,
                        description=f"Doel op {domain.name.lower()}.",
                        position=number,
                        status=GoalStatus.ACHIEVED if closed and (score or 0) >= 0 else GoalStatus.OPEN,
                        closed_on=end if closed else None,
                    ),
                    actions,
                    score,
                )
            )
        self.plans.append((plan, goals, evaluated_on if evaluated else None, home))
        head = next(
            (pk for pk, relation, _born in home.members if relation == Relation.HEAD), home.members[0][0]
        )
        baseline = [(d.pk, rng.randint(1, 3)) for d in domains]
        self.scorings.append(
            (
                Scoring(
                    household_id=home.pk,
                    resident_id=head,
                    instrument=self.catalogue.zrm,
                    moment=ScoringMoment.INTAKE,
                    scored_on=planned_on - timedelta(days=7),
                ),
                baseline,
            )
        )
        if evaluated:
            later = [
                (pk, max(1, min(5, value + rng.choice((-1, 0, 0, 1, 1, 1, 2))))) for pk, value in baseline
            ]
            self.scorings.append(
                (
                    Scoring(
                        household_id=home.pk,
                        resident_id=head,
                        instrument=self.catalogue.zrm,
                        moment=ScoringMoment.EVALUATION,
                        scored_on=evaluated_on,
                    ),
                    later,
                )
            )

    def _action(self, rung: str, start: date, provision: str) -> PlanAction:
        maatwerk = rung in (Rung.LIGHT_CUSTOM, Rung.HEAVY_CUSTOM)
        return PlanAction(
            rung=rung,
            description="Maatwerkvoorziening." if maatwerk else "Lichtere ondersteuning.",
            performer=Performer.ORGANISATION if maatwerk or rung == Rung.GENERAL else Performer.RESIDENT,
            provision=provision,
            start_date=start,
            maatwerk_reason="Eigen kracht, netwerk en algemene voorzieningen volstaan niet."
            if maatwerk
            else "",
        )

    def _care(
        self, home: Any, resident: int, law: str, start: date, end: date, product: Any, provision: Provision
    ) -> None:
        provider, category, code, unit, tariff = product
        self.number += 1
        request = MaatwerkRequest(
            household_id=home.pk,
            resident_id=resident,
            provision=provision,
            law=law,
            received_on=start - timedelta(days=30),
            status=RequestStatus.DECISION,
        )
        beschikking = Beschikking(
            reference=f"H-{home.municipality}-{self.number}",
            start_date=start,
            end_date=end,
            volume=2,
            unit=unit,
            frequency="2",
            motivation="Na onderzoek toegekend.",
            signed_on=start - timedelta(days=7),
        )
        allocation = Allocation(
            municipality_id=home.municipality,
            household_id=home.pk,
            resident_id=resident,
            provider_id=provider,
            number=self.number,
            law=law,
            product_category=category,
            product_code=code,
            volume=2,
            unit=unit,
            frequency="2",
            start_date=start,
            end_date=end,
            status=AllocationStatus.STARTED,
            started_on=start,
        )
        self.care.append((request, beschikking, allocation, tariff))

    def write(self, households: int) -> HistoryResult:
        Melding.objects.bulk_create(self.meldingen, batch_size=2_000)
        Task.objects.bulk_create(self.tasks, batch_size=2_000)
        self._write_plans()
        scorings = Scoring.objects.bulk_create([s for s, _ in self.scorings], batch_size=2_000)
        DomainScore.objects.bulk_create(
            [
                DomainScore(scoring=s, domain_id=d, value=v)
                for s, (_s, values) in zip(scorings, self.scorings, strict=True)
                for d, v in values
            ],
            batch_size=2_000,
        )
        lines = self._write_care()
        return HistoryResult(households, len(self.care), lines)

    def _write_plans(self) -> None:
        plans = Plan.objects.bulk_create([p for p, _g, _e, _h in self.plans], batch_size=2_000)
        goals = []
        for plan, (_p, planned, _e, _h) in zip(plans, self.plans, strict=True):
            for goal, _actions, _score in planned:
                goal.plan = plan
                goals.append(goal)
        Goal.objects.bulk_create(goals, batch_size=2_000)
        actions, evaluations, scores = [], [], []
        for plan, (_p, planned, evaluated_on, home) in zip(plans, self.plans, strict=True):
            for goal, goal_actions, _score in planned:
                for action in goal_actions:
                    action.goal = goal
                    actions.append(action)
            if evaluated_on is not None:
                evaluations.append(Evaluation(plan=plan, held_on=evaluated_on))
                scores.append((home, planned))
        PlanAction.objects.bulk_create(actions, batch_size=2_000)
        Evaluation.objects.bulk_create(evaluations, batch_size=2_000)
        attainments = []
        for evaluation, (home, planned) in zip(evaluations, scores, strict=True):
            for goal, goal_actions, score in planned:
                assert score is not None  # an evaluated plan's goals are scored
                attainments.append(
                    GoalAttainment(
                        evaluation=evaluation,
                        goal=goal,
                        score=score,
                        domain_id=goal.domain_id,
                        highest_rung=max(a.rung for a in goal_actions),
                        provisions=sorted({a.provision for a in goal_actions if a.provision}),
                        district_id=home.district,
                        municipality_id=home.municipality,
                    )
                )
        GoalAttainment.objects.bulk_create(attainments, batch_size=2_000)

    def _write_care(self) -> int:
        requests = MaatwerkRequest.objects.bulk_create([r for r, _b, _a, _t in self.care], batch_size=2_000)
        for request, (_r, beschikking, _a, _t) in zip(requests, self.care, strict=True):
            beschikking.request = request
        beschikkingen = Beschikking.objects.bulk_create([b for _r, b, _a, _t in self.care], batch_size=2_000)
        for beschikking, (_r, _b, allocation, _t) in zip(beschikkingen, self.care, strict=True):
            allocation.beschikking = beschikking
        allocations = Allocation.objects.bulk_create([a for _r, _b, a, _t in self.care], batch_size=2_000)
        this_month = self.today.replace(day=1)
        files: dict[tuple[int, int, date], int] = {}
        rows = []
        for allocation, (_r, beschikking, _a, tariff) in zip(allocations, self.care, strict=True):
            month, end = allocation.start_date.replace(day=1), beschikking.end_date or allocation.start_date
            while month < this_month and month <= end:
                expected = month_cents(
                    month=month,
                    start=allocation.start_date,
                    end=allocation.end_date,
                    stopped_on=None,
                    volume=allocation.volume,
                    budget_cents=None,
                    unit=allocation.unit,
                    frequency=allocation.frequency,
                    tariff_cents=tariff,
                )
                key = (allocation.municipality_id, allocation.provider_id, month)
                if key not in files:
                    files[key] = InvoiceImport.objects.create(
                        municipality_id=key[0],
                        file_name=f"declaraties-{month:%Y-%m}.csv",
                        sha256=f"{key[0]:016d}{key[1]:016d}{month:%Y%m%d}".ljust(64, "0"),
                    ).pk
                rows.append((files[key], allocation, month, round(expected * self.rng.uniform(0.9, 1.0))))
                month = _month(month, 1)
        to_db = DbValues()
        stamp = to_db.moment(timezone.now())
        ids = reserve_ids(InvoiceLine, len(rows))
        insert_rows(
            InvoiceLine,
            [
                "id",
                "uuid",
                "created_at",
                "updated_at",
                "invoice_import",
                "municipality",
                "provider",
                "allocation",
                "month",
                "product_category",
                "product_code",
                "quantity",
                "amount_cents",
                "status",
                "flag_reason",
            ],
            [
                (
                    pk,
                    to_db.uuid(_uuid(self.rng)),
                    stamp,
                    stamp,
                    file,
                    a.municipality_id,
                    a.provider_id,
                    a.pk,
                    to_db.day(month),
                    a.product_category,
                    a.product_code,
                    1,
                    cents,
                    InvoiceStatus.BOOKED.value,
                    "",
                )
                for pk, (file, a, month, cents) in zip(ids, rows, strict=True)
            ],
        )
        return len(rows)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)
