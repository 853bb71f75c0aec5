"""The household facts of the steering store: the plan actions on the ladder, the goals' attainment and the
change in instrument scores, derived again for a batch of households and written whole. Called by the
refresh (services.py) for the households whose plans or scorings changed since the last one."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.db.models import Q

from wijkregie.assessment.constants import ScoringMoment
from wijkregie.assessment.models import DomainScore, Scoring
from wijkregie.decisions.models import Beschikking, MaatwerkRequest
from wijkregie.households.constants import TimelineKind
from wijkregie.households.models import Household, TimelineEntry
from wijkregie.intake.constants import Law
from wijkregie.intake.models import Melding
from wijkregie.organisation.models import Municipality
from wijkregie.plans.constants import PlanStatus
from wijkregie.plans.models import Evaluation, Goal, GoalAttainment, Plan, PlanAction
from wijkregie.provisions.models import Provision
from wijkregie.tasks.constants import TaskKind, TaskStatus
from wijkregie.tasks.models import Task

from .constants import STEERING_TERMS, TermOutcome
from .models import GoalResult, LadderStep, MeldingFact, ScoreChange, TermFact
from .pseudonyms import fact_key, household_key, person_key

BATCH = 2_000
FACTS = (LadderStep, GoalResult, ScoreChange, MeldingFact, TermFact)
Homes = Mapping[int, tuple[int, int | None]]  # household id: (its pseudonym, its district)
AGREED = (PlanStatus.ACTIVE, PlanStatus.CLOSED)  # a draft plan's actions are not agreed yet


def changed_households(municipality: Municipality, since: datetime, today: date) -> set[int]:
    """Households whose plan, goals, actions, evaluations, scorings, meldingen, legal terms, aanvragen or
    beschikkingen changed since `since`, that moved (their district), or whose open term ran out since; a
    removed goal or action leaves a plan line on the timeline."""
    mine = Q(household__municipality=municipality)
    changed = set(
        Household.objects.filter(municipality=municipality, updated_at__gte=since).values_list(
            "pk", flat=True
        )
    )
    sources: list[tuple[Any, str, Q]] = [
        (Plan.objects, "household_id", mine & Q(updated_at__gte=since)),
        (
            Goal.objects,
            "plan__household_id",
            Q(plan__household__municipality=municipality, updated_at__gte=since),
        ),
        (
            PlanAction.objects,
            "goal__plan__household_id",
            Q(goal__plan__household__municipality=municipality, updated_at__gte=since),
        ),
        (
            Evaluation.objects,
            "plan__household_id",
            Q(plan__household__municipality=municipality, created_at__gte=since),
        ),
        (Scoring.objects, "household_id", mine & Q(updated_at__gte=since)),
        (TimelineEntry.objects, "household_id", mine & Q(kind=TimelineKind.PLAN, occurred_at__gte=since)),
        (Melding.objects, "household_id", mine & Q(updated_at__gte=since)),
        (Task.objects, "household_id", mine & Q(kind=TaskKind.LEGAL_TERM, updated_at__gte=since)),
        # a term still open whose day passed since: it is late now, though nothing about it changed
        (
            Task.objects,
            "household_id",
            mine
            & Q(kind=TaskKind.LEGAL_TERM, status=TaskStatus.OPEN, due_on__gte=since.date(), due_on__lt=today),
        ),
        (MaatwerkRequest.objects, "household_id", mine & Q(updated_at__gte=since)),
        (
            Beschikking.objects,
            "request__household_id",
            Q(request__household__municipality=municipality, updated_at__gte=since),
        ),
    ]
    for manager, field, condition in sources:
        changed |= set(manager.filter(condition).values_list(field, flat=True).distinct())
    return changed


def _quarter(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _ladder(municipality: Municipality, homes: Homes, laws: dict[str, str]) -> list[LadderStep]:
    actions = PlanAction.objects.filter(
        goal__plan__household_id__in=list(homes), goal__plan__status__in=AGREED
    ).values_list(
        "uuid",
        "rung",
        "provision",
        "start_date",
        "created_at",
        "goal__plan__household_id",
        "goal__plan__start_date",
    )
    rows = []
    for uuid, rung, provision, start, created, home, plan_start in actions:
        year, quarter = _quarter(start or plan_start or created.date())
        key, district = homes[home]
        rows.append(
            LadderStep(
                household=key, source=fact_key("actie", uuid), municipality=municipality,
                district_id=district, year=year, quarter=quarter, rung=rung,
                law=laws.get(provision, "") if provision else "",
            )
        )  # fmt: skip
    return rows


def _goals(municipality: Municipality, homes: Homes, laws: dict[str, str]) -> list[GoalResult]:
    scores = GoalAttainment.objects.filter(goal__plan__household_id__in=list(homes)).values_list(
        "goal__uuid", "goal__plan__household_id", "evaluation__held_on", "evaluation_id", "score",
        "domain_id", "highest_rung", "provisions",
    )  # fmt: skip
    last: dict[tuple[Any, int], tuple[Any, ...]] = {}
    for row in sorted(scores, key=lambda r: (r[2], r[3])):  # the year's last evaluation wins
        last[(row[0], row[2].year)] = row
    rows = []
    for (uuid, year), (_u, home, _on, _ev, score, domain, rung, provisions) in last.items():
        key, district = homes[home]
        named = provisions or [""]
        law = next((laws[p] for p in named if p in laws), "")
        for position, provision in enumerate(named):
            rows.append(
                GoalResult(
                    household=key, source=fact_key("doel", uuid), municipality=municipality,
                    district_id=district, year=year, domain_id=domain, highest_rung=rung,
                    provision=provision[:200], law=law, score=score, once=position == 0,
                )
            )  # fmt: skip
    return rows


def _scores(municipality: Municipality, homes: Homes) -> list[ScoreChange]:
    scorings = list(
        Scoring.objects.filter(household_id__in=list(homes)).values_list(
            "pk", "resident__uuid", "household_id", "instrument_id", "moment", "scored_on"
        )
    )
    values: dict[int, dict[int, int]] = defaultdict(dict)
    for scoring, domain, value in DomainScore.objects.filter(
        scoring_id__in=[s[0] for s in scorings], value__isnull=False
    ).values_list("scoring_id", "domain_id", "value"):
        if value is not None:
            values[scoring][domain] = value
    baseline: dict[tuple[Any, int], dict[int, int]] = {}
    latest: dict[tuple[Any, int, int], tuple[int, dict[int, int]]] = {}
    for pk, person, home, instrument, moment, on in sorted(scorings, key=lambda s: (s[5], s[0])):
        if moment == ScoringMoment.INTAKE:
            baseline.setdefault((person, instrument), values[pk])  # the first uitvraag is the baseline
        else:
            latest[(person, instrument, on.year)] = (home, values[pk])  # the year's last evaluation
    rows = []
    for (person, instrument, year), (home, scored) in latest.items():
        start = baseline.get((person, instrument), {})
        key, district = homes[home]
        for domain in sorted(set(start) & set(scored)):
            rows.append(
                ScoreChange(
                    person=person_key(person), household=key, municipality=municipality, district_id=district,
                    year=year, instrument_id=instrument, domain_id=domain, baseline=start[domain],
                    latest=scored[domain],
                )
            )  # fmt: skip
    return rows


def _next_after(days: list[date], since: date, before: date | None) -> int | None:
    """Days from `since` to the first of `days` on or after it (and before the next melding), or None."""
    found = [day for day in days if day >= since and (before is None or day < before)]
    return (min(found) - since).days if found else None


def _meldingen(municipality: Municipality, homes: Homes) -> list[MeldingFact]:
    ids = list(homes)
    meldingen = sorted(
        Melding.objects.filter(household_id__in=ids).values_list(
            "received_on", "pk", "uuid", "household_id", "channel", "laws", "team_id"
        )
    )
    plans: dict[int, list[date]] = defaultdict(list)
    for home, start, created in Plan.objects.filter(household_id__in=ids, status__in=AGREED).values_list(
        "household_id", "start_date", "created_at"
    ):
        plans[home].append(start or created.date())
    decided: dict[int, list[date]] = defaultdict(list)
    for home, signed in Beschikking.objects.filter(
        request__household_id__in=ids, signed_on__isnull=False
    ).values_list("request__household_id", "signed_on"):
        if signed is not None:
            decided[home].append(signed)
    next_of: dict[int, date | None] = {}
    later: dict[int, date] = {}
    for received, pk, _uuid, home, *_other in reversed(meldingen):  # each melding's next in its household
        next_of[pk] = later.get(home)
        later[home] = received
    rows = []
    for received, pk, uuid, home, channel, laws, team in meldingen:
        key, district = homes[home]
        before = next_of[pk]
        to_plan = _next_after(plans[home], received, before)
        to_decision = _next_after(decided[home], received, before)
        for position, law in enumerate([law for law in laws if law] or [Law.NONE]):
            rows.append(
                MeldingFact(
                    household=key, source=fact_key("melding", uuid), municipality=municipality,
                    district_id=district, team_id=team, year=received.year, month=received.month,
                    channel=channel, law=law, once=position == 0, days_to_plan=to_plan,
                    days_to_beschikking=to_decision,
                )
            )  # fmt: skip
    return rows


def _outcome(status: str, due: date, done: date | None, today: date) -> str:
    if status == TaskStatus.DONE and done is not None:
        return TermOutcome.MET if done <= due else TermOutcome.LATE
    if status == TaskStatus.OPEN and due < today:
        return TermOutcome.OPEN_LATE
    return TermOutcome.PENDING  # open and not yet due, or suspended (its end moves on when it resumes)


def _terms(municipality: Municipality, homes: Homes, today: date) -> list[TermFact]:
    tasks = (
        Task.objects.filter(household_id__in=list(homes), kind=TaskKind.LEGAL_TERM, term__in=STEERING_TERMS)
        .exclude(status=TaskStatus.CANCELLED)
        .values_list("uuid", "household_id", "team_id", "term", "due_on", "done_on", "status")
    )
    rows = []
    for uuid, home, team, term, due, done, status in tasks:
        key, district = homes[home]
        rows.append(
            TermFact(
                household=key, source=fact_key("termijn", uuid), municipality=municipality,
                district_id=district, team_id=team, year=due.year, month=due.month, term=term,
                outcome=_outcome(status, due, done, today),
            )
        )  # fmt: skip
    return rows


def household_facts_write(municipality: Municipality, ids: Iterable[int], today: date) -> int:
    """These households' facts (ladder steps, goal results, score changes, meldingen, legal terms), derived
    again and written whole."""
    ids = sorted(ids)
    laws = dict(
        Provision.objects.filter(municipality=municipality).exclude(law="").values_list("name", "law")
    )
    written = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        homes: Homes = {
            pk: (household_key(uuid), district)
            for pk, uuid, district in Household.objects.filter(pk__in=chunk).values_list(
                "pk", "uuid", "district_id"
            )
        }
        keys = [key for key, _district in homes.values()]
        for model in FACTS:
            model.objects.filter(municipality=municipality, household__in=keys).delete()
        derived: list[list[Any]] = [
            _ladder(municipality, homes, laws),
            _goals(municipality, homes, laws),
            _scores(municipality, homes),
            _meldingen(municipality, homes),
            _terms(municipality, homes, today),
        ]
        for rows in derived:
            if rows:
                type(rows[0]).objects.bulk_create(rows, batch_size=1_000)
            written += len(rows)
    return written


def household_facts_clear(municipality: Municipality) -> None:
    for model in FACTS:
        model.objects.filter(municipality=municipality).delete()
