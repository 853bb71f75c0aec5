"""The demo's steering history (`wijkregie demo --history`): households helped in the past years with
their meldingen, terms, plans, evaluations and maatwerk trajectories, coherent with the casework rules, and
steering pages that show figures instead of "<5"."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q

from wijkregie.allocations.models import Allocation
from wijkregie.households.constants import Relation
from wijkregie.households.models import Household
from wijkregie.monitoring.selectors import cost_per_client, goal_effect, ladder, terms_met
from wijkregie.organisation.models import Municipality
from wijkregie.plans.models import Evaluation, Goal, GoalAttainment, Plan
from wijkregie.tasks.constants import TaskStatus
from wijkregie.tasks.models import Task

pytestmark = pytest.mark.today("2026-06-15")
HOUSEHOLDS = 300  # a third of the default: a third of the seeds' scale


@pytest.fixture
def history(db):
    call_command("demo", f"--households={HOUSEHOLDS}", "--history", stdout=StringIO())
    return Municipality.objects.get(cbs_code="9901")


def test_the_past_years_show_unique_clients_and_cost_per_law_without_small_cells(history):
    for year in (2023, 2024, 2025):
        answer = cost_per_client(history, year)

        clients = {cell.label: cell.clients for cell in answer.rows}
        assert set(clients) == {"Jeugdwet", "Wmo 2015"}
        assert all(n is not None and n > 200 for n in clients.values()), (year, clients)
        assert answer.total.per_client_cents and answer.total.declared_percent == 100


def test_the_ladder_effect_and_terms_have_figures_for_last_year(history):
    quarters = ladder(history, 2025).quarters
    effect = goal_effect(history, 2025, per="law")
    terms = terms_met(history, 2025)

    assert all(q.actions and q.without_maatwerk_share for q in quarters), quarters
    assert {cell.label for cell in effect.rows if not cell.suppressed} >= {
        "Jeugdwet",
        "Wmo 2015",
        "Zonder maatwerk",
    }
    percent = {row.term: row.year.percent for row in terms.rows}
    assert 70 < percent["wmo_onderzoek"] < 100 and 70 < percent["jeugd_plan"] < 100  # 86% on time, as made


def _former():
    """The history's households: the only ones in no team's caseload."""
    return Household.objects.filter(caseload_entries__isnull=True)


def test_history_households_have_no_regisseur_or_open_task_and_one_head(history):
    former = _former()
    heads = former.annotate(n=Count("memberships", filter=Q(memberships__relation=Relation.HEAD)))

    assert former.count() > 1_000 and not former.filter(regisseur__isnull=False).exists()
    assert not heads.exclude(n=1).exists()
    assert not Task.objects.filter(household__in=former).exclude(status=TaskStatus.DONE).exists()


def test_declarations_stop_at_last_month_and_stay_within_the_allocation(history):
    this_month = datetime.date(2026, 6, 1)
    allocations = Allocation.objects.filter(household__in=_former()).prefetch_related("invoice_lines")

    assert allocations.count() > 500
    for allocation in allocations:
        months = sorted(line.month for line in allocation.invoice_lines.all())
        assert allocation.beschikking.signed_on < allocation.start_date
        if months:
            assert months[0] == allocation.start_date.replace(day=1) and months[-1] < this_month
            assert months[-1] <= allocation.end_date


def test_every_evaluation_scores_each_goal_of_its_plan_in_its_district(history):
    plans = Plan.objects.filter(household__in=_former(), evaluations__isnull=False)
    scored = GoalAttainment.objects.filter(evaluation__plan__in=plans)

    assert scored.count() == Goal.objects.filter(plan__in=plans).count() > 500
    assert not scored.exclude(district_id=F("evaluation__plan__household__district_id")).exists()
    assert not Evaluation.objects.filter(plan__in=plans, held_on__gt=datetime.date(2026, 6, 15)).exists()
