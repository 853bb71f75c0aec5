"""The household facts of the steering store: the plan actions on the ladder, the goals' attainment and the
change in instrument scores, derived again for a batch of households and written whole. Called by the
refresh (services.py) for the households whose plans or scorings changed since the last one."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db.models import Q

from wijkregie.assessment.constants import ScoringMoment
from wijkregie.assessment.models import DomainScore, Scoring
from wijkregie.households.constants import TimelineKind
from wijkregie.households.models import Household, TimelineEntry
from wijkregie.organisation.models import Municipality
from wijkregie.plans.constants import PlanStatus
from wijkregie.plans.models import Evaluation, Goal, GoalAttainment, Plan, PlanAction
from wijkregie.provisions.models import Provision

from .models import GoalResult, LadderStep, ScoreChange
from .pseudonyms import fact_key, household_key, person_key

BATCH = 2_000
Homes = Mapping[int, tuple[int, int | None]]  # household id: (its pseudonym, its district)
AGREED = (PlanStatus.ACTIVE, PlanStatus.CLOSED)  # a draft plan's actions are not agreed yet


def changed_households(municipality: Municipality, since: Any) -> set[int]:
    """Households whose plan, goals, actions, evaluations or scorings changed since `since`, or that moved
    (their district); a removed goal or action leaves a plan line on the timeline."""
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


def household_facts_write(municipality: Municipality, ids: Iterable[int]) -> int:
    """These households' ladder steps, goal results and score changes, derived again and written whole."""
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
        for model in (LadderStep, GoalResult, ScoreChange):
            model.objects.filter(municipality=municipality, household__in=keys).delete()
        rows: list[Any] = [*_ladder(municipality, homes, laws), *_goals(municipality, homes, laws)]
        LadderStep.objects.bulk_create([r for r in rows if isinstance(r, LadderStep)], batch_size=1_000)
        GoalResult.objects.bulk_create([r for r in rows if isinstance(r, GoalResult)], batch_size=1_000)
        changes = _scores(municipality, homes)
        ScoreChange.objects.bulk_create(changes, batch_size=1_000)
        written += len(rows) + len(changes)
    return written


def household_facts_clear(municipality: Municipality) -> None:
    for model in (LadderStep, GoalResult, ScoreChange):
        model.objects.filter(municipality=municipality).delete()
