"""The ladder and the effect in the steering store: derived from plans, goals, evaluations and scorings,
refreshed incrementally, read per quarter and per group with the small-cell rule, in the inzage and
removed with the person."""

import datetime

import pytest
from django.utils import timezone

from wijkregie.assessment.constants import ScoringMoment
from wijkregie.households.constants import TimelineKind
from wijkregie.households.models import TimelineEntry
from wijkregie.monitoring.inzage import effect_rows_of
from wijkregie.monitoring.models import GoalResult, LadderStep, ScoreChange
from wijkregie.monitoring.selectors import EffectPer, goal_effect, ladder, score_changes
from wijkregie.monitoring.services import person_rows_delete, store_refresh
from wijkregie.organisation.models import District
from wijkregie.plans.constants import PlanStatus, Rung
from wijkregie.plans.models import PlanAction

from .effect_builders import (
    baseline_and_evaluation,
    custom_provision,
    evaluated,
    goal,
    instrument,
    plan,
    scored,
)

pytestmark = pytest.mark.django_db
D = datetime.date
OWN, LIGHT, GENERAL = Rung.OWN_STRENGTH.value, Rung.LIGHT_CUSTOM.value, Rung.GENERAL.value


def _refresh(world, **kwargs):
    return store_refresh(acting_user=None, municipality=world.west, **kwargs)


def _shares(quarter):
    return {cell.rung: cell.share for cell in quarter.cells if cell.actions}


@pytest.fixture
def zrm(db):
    return instrument()


@pytest.fixture
def first_quarter(world, zrm):
    """Q1 2025: eleven households with an own-strength action, six of them with Begeleiding (maatwerk) too;
    a draft plan and a plan of 2024 that do not count."""
    custom_provision(world)
    domain = zrm.domains.get(code="financien")
    for number in range(11):
        actions = [(OWN, "")] + ([(LIGHT, "Begeleiding")] if number < 6 else [])
        goal(plan(world), domain, *actions)
    goal(plan(world, status=PlanStatus.DRAFT), domain, (Rung.NETWORK, ""))
    goal(plan(world, start=D(2024, 11, 1)), domain, (GENERAL, "Buurthuiskamer"))


def test_the_ladder_shows_each_rungs_share_of_the_quarters_actions_and_households_without_maatwerk(
    world, first_quarter
):
    _refresh(world)

    answer = ladder(world.west, 2025)

    q1 = answer.quarters[0]
    assert (q1.actions, q1.households, q1.without_maatwerk, q1.without_maatwerk_share) == (17, 11, 5, 45)
    assert _shares(q1) == {OWN: 65, LIGHT: 35}  # 11 and 6 of 17 actions
    assert [q.actions for q in answer.quarters[1:]] == [0, 0, 0]
    assert LadderStep.objects.filter(year=2024).count() == 1  # the 2024 plan, in its own year
    assert not LadderStep.objects.filter(rung=Rung.NETWORK).exists()  # the draft is not agreed yet


def test_a_quarter_or_rung_of_fewer_than_five_households_hides_and_takes_the_next_smallest_with_it(
    world, zrm, first_quarter
):
    domain = zrm.domains.get(code="financien")
    goal(plan(world), domain, (Rung.VOLUNTEERS, ""))  # one household on the volunteer rung in Q1
    for _ in range(3):
        goal(plan(world, start=D(2025, 5, 1)), domain, (GENERAL, "Buurthuiskamer"))
    _refresh(world)

    q1, q2 = ladder(world.west, 2025).quarters[:2]

    hidden = {cell.rung for cell in q1.cells if cell.suppressed}
    assert hidden == {Rung.VOLUNTEERS, LIGHT}  # the one, and the smallest other so no subtraction shows it
    assert (q1.actions, q1.households) == (18, 12)
    assert (q2.actions, q2.households, q2.without_maatwerk) == (None, None, None)  # three households


def test_a_district_filter_keeps_to_the_district(world, zrm, first_quarter):
    domain = zrm.domains.get(code="financien")
    for _ in range(5):
        goal(plan(world, district=world.west_noord), domain, (GENERAL, "Buurthuiskamer"))
    _refresh(world)

    north = ladder(world.west, 2025, district=world.west_noord).quarters[0]

    assert (north.actions, north.households, _shares(north)) == (5, 5, {GENERAL: 100})


@pytest.fixture
def goals_2025(world, zrm):
    """Six goals with Begeleiding (Wmo maatwerk) scored 2, 1, 0, 0, −1, −1 — the first scored −2 in April
    and 2 at its last evaluation in September — and five with the Buurthuiskamer scored 1, 1, 1, 0, −2."""
    custom_provision(world)
    domain = zrm.domains.get(code="financien")
    for number, score in enumerate([2, 1, 0, 0, -1, -1]):
        made = goal(plan(world), domain, (OWN, ""), (LIGHT, "Begeleiding"))
        if number == 0:
            evaluated(made, -2, on=D(2025, 4, 1))
        evaluated(made, score)
    for score in [1, 1, 1, 0, -2]:
        evaluated(goal(plan(world, district=world.west_noord), domain, (GENERAL, "Buurthuiskamer")), score)


def _figures(answer):
    return {cell.label: (cell.goals, cell.households, cell.mean, cell.reached) for cell in answer.rows}


def test_goal_attainment_per_provision_law_and_rung_counts_each_goals_last_score_of_the_year(
    world, goals_2025
):
    _refresh(world)

    per_provision = goal_effect(world.west, 2025, per=EffectPer.PROVISION)
    per_law = goal_effect(world.west, 2025, per=EffectPer.LAW)
    per_rung = goal_effect(world.west, 2025, per=EffectPer.RUNG)

    assert _figures(per_provision) == {"Begeleiding": (6, 6, 0.17, 67), "Buurthuiskamer": (5, 5, 0.2, 80)}
    assert _figures(per_law) == {"Wmo 2015": (6, 6, 0.17, 67), "Zonder maatwerk": (5, 5, 0.2, 80)}
    assert _figures(per_rung) == {
        "Lichte maatwerkvoorziening": (6, 6, 0.17, 67),
        "Algemene voorziening": (5, 5, 0.2, 80),
    }
    total = per_law.total
    assert (total.goals, total.households, total.mean, total.reached) == (11, 11, 0.18, 73)


def test_a_goal_with_two_provisions_counts_under_both_but_once_in_the_total(world, goals_2025, zrm):
    domain = zrm.domains.get(code="huisvesting")
    evaluated(goal(plan(world), domain, (LIGHT, "Begeleiding"), (GENERAL, "Buurthuiskamer")), 2)
    _refresh(world)

    answer = goal_effect(world.west, 2025, per=EffectPer.PROVISION)

    assert {label: figures[0] for label, figures in _figures(answer).items()} == {
        "Begeleiding": 7,
        "Buurthuiskamer": 6,
    }
    assert answer.total.goals == 12


def test_a_small_district_hides_and_so_does_the_next_smallest(world, goals_2025, zrm):
    domain = zrm.domains.get(code="financien")
    for _ in range(2):
        evaluated(goal(plan(world, district=world.west_noord), domain, (OWN, "")), 1)
    small = District.objects.create(municipality=world.west, name="Oost")
    for _ in range(3):
        evaluated(goal(plan(world, district=small), domain, (OWN, "")), 0)
    _refresh(world)

    answer = goal_effect(world.west, 2025, per=EffectPer.DISTRICT)

    hidden = {cell.label for cell in answer.rows if cell.suppressed}
    assert "Oost" in hidden and len(hidden) == 2  # the small one and the next smallest
    assert answer.total.goals == 16


def test_score_change_per_domain_between_the_uitvraag_and_the_last_evaluation(world, zrm):
    for before, after in [(2, 4), (2, 3), (3, 3), (1, 2), (4, 3)]:
        baseline_and_evaluation(plan(world), zrm, before, after)
    for made in [plan(world), plan(world)]:
        scored(made, zrm, ScoringMoment.INTAKE, D(2025, 1, 20), huisvesting=2)
        scored(made, zrm, ScoringMoment.EVALUATION, D(2025, 9, 1), huisvesting=4)
    _refresh(world)

    answer = score_changes(world.west, 2025)

    finances, housing = answer.domains
    assert (finances.domain, finances.persons, finances.baseline, finances.latest) == (
        "Financiën",
        5,
        2.4,
        3.0,
    )
    assert (finances.change, finances.better, finances.worse) == (0.6, 60, 20)
    assert (housing.domain, housing.suppressed) == ("Huisvesting", True)  # two persons


def test_a_person_without_a_baseline_has_no_change(world, zrm):
    made = plan(world)
    scored(made, zrm, ScoringMoment.EVALUATION, D(2025, 9, 1), financien=4)
    _refresh(world)

    assert not ScoreChange.objects.exists()


def test_a_refresh_after_a_day_derives_only_the_households_whose_plans_changed(world, goals_2025):
    first = _refresh(world)
    before = dict(GoalResult.objects.values_list("pk", "score"))
    action = PlanAction.objects.filter(rung=GENERAL).first()
    household = action.goal.plan.household
    TimelineEntry.objects.create(
        household=household,
        occurred_at=timezone.now(),
        kind=TimelineKind.PLAN,
        description="Actie verwijderd",
    )
    action.delete()  # as the plan service removes an action: with a plan line on the timeline

    second = _refresh(world)

    assert (first.full, second.full, second.households) == (True, False, 1)
    assert LadderStep.objects.filter(rung=GENERAL).count() == 4
    unchanged = {pk: score for pk, score in GoalResult.objects.values_list("pk", "score") if pk in before}
    assert len(unchanged) == len(before) - 1  # only that household's goal row was written again


def test_the_household_and_person_rows_are_in_the_inzage_and_go_with_the_person(world, zrm):
    made = plan(world)
    evaluated(goal(made, zrm.domains.get(code="financien"), (OWN, "")), 1)
    baseline_and_evaluation(made, zrm, 2, 3)
    stranger = plan(world)
    evaluated(goal(stranger, zrm.domains.get(code="financien"), (OWN, "")), -1)
    _refresh(world)
    resident = made.household.memberships.get().resident

    document = effect_rows_of(resident)

    assert document["acties_op_de_ladder"] == [
        {"jaar": 2025, "kwartaal": 1, "trede": "Eigen kracht", "wet": ""}
    ]
    assert [(g["leefgebied"], g["score"]) for g in document["doelrealisatie"]] == [("Financiën", 1)]
    assert [(c["bij_de_uitvraag"], c["bij_de_evaluatie"]) for c in document["scoreverandering"]] == [(2, 3)]
    person_rows_delete(acting_user=None, resident=resident)
    after = effect_rows_of(resident)
    assert len(after) == 5 and all(rows == [] for rows in after.values())
    assert GoalResult.objects.count() == 1  # the stranger's stays
