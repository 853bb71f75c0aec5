"""Task lists, counts and the caseload: what they hold, in which order, and exact query counts that do not
grow with the number of tasks or households."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wijkregie.accounts.constants import Role
from wijkregie.accounts.tests.factories import UserFactory
from wijkregie.households.constants import Complexity
from wijkregie.households.models import Household
from wijkregie.households.tests.factories import HouseholdFactory
from wijkregie.tasks import selectors
from wijkregie.tasks.constants import TaskStatus

from .factories import TaskFactory

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def test_my_tasks_overdue_first_then_by_due_date(world):
    today = _today()
    later = TaskFactory(
        household=world.household, team=world.team_a, assignee=world.anna, due_on=today + timedelta(days=20)
    )
    soon = TaskFactory(
        household=world.household, team=world.team_a, assignee=world.anna, due_on=today + timedelta(days=1)
    )
    late = TaskFactory(household=world.household, team=world.team_a, assignee=world.anna, overdue=True)
    paused = TaskFactory(
        household=world.household,
        team=world.team_a,
        assignee=world.anna,
        start_date=today - timedelta(days=40),
        due_on=today - timedelta(days=5),
        suspended=True,
    )
    TaskFactory(household=world.household, team=world.team_a, assignee=world.anna, done=True)
    TaskFactory(household=world.household, team=world.team_a, assignee=world.teun)

    tasks = selectors.my_tasks(world.anna)

    assert tasks == [late, paused, soon, later]
    assert [t.is_overdue for t in tasks] == [True, False, False, False]  # a suspended term is not late
    assert tasks[2].is_due_soon and not tasks[3].is_due_soon


def test_my_tasks_respects_the_limit_and_visibility(world):
    for days in range(5):
        TaskFactory(
            household=world.household,
            team=world.team_a,
            assignee=world.anna,
            due_on=_today() + timedelta(days=days),
        )
    # a task assigned to anna on a household she cannot see (another municipality) never shows
    TaskFactory(household=world.zuid_household, team=world.team_z, assignee=world.anna)
    assert len(selectors.my_tasks(world.anna, limit=3)) == 3
    assert all(t.household == world.household for t in selectors.my_tasks(world.anna))
    assert selectors.my_tasks(world.piet) == []


def test_team_tasks_include_unassigned_and_filter_by_team(world):
    mine = TaskFactory(household=world.household, team=world.team_a, assignee=world.anna)
    unassigned = TaskFactory(household=world.household, team=world.team_a, overdue=True)
    TaskFactory(household=world.household, team=world.team_b)
    assert selectors.team_tasks(world.teun) == [unassigned, mine]
    assert selectors.team_tasks(world.teun, team=world.team_a) == [unassigned, mine]
    assert selectors.team_tasks(world.teun, team=world.team_b) == []  # not teun's team
    assert selectors.team_tasks(world.otto) == []  # team_b's task is on a household otto cannot see
    assert selectors.team_tasks(world.fenna) == []


def test_household_tasks_split_open_and_closed(world):
    open_task = TaskFactory(household=world.household, team=world.team_a, due_on=_today() + timedelta(days=3))
    late = TaskFactory(household=world.household, team=world.team_a, overdue=True)
    done = TaskFactory(household=world.household, done=True)
    TaskFactory(household=world.zuid_household)
    current, closed = selectors.household_tasks(world.household)
    assert current == [late, open_task] and closed == [done]
    assert current[0].is_overdue and current[1].is_due_soon is (
        current[1].due_on <= selectors.add_working_days(_today(), 3)
    )


def test_legal_terms_show_their_basis_and_extension(world):
    task = TaskFactory(household=world.household, legal=True)
    current, _ = selectors.household_tasks(world.household)
    assert current[0].basis == "Wmo 2015 art. 2.3.2 lid 1"
    assert current[0].can_extend is True
    assert current[0].extension_limit > task.due_on


def test_counts(world):
    today = _today()
    sunday = today + timedelta(days=6 - today.weekday())
    TaskFactory(household=world.household, assignee=world.anna, overdue=True)
    TaskFactory(household=world.household, assignee=world.anna, due_on=today)
    TaskFactory(household=world.household, assignee=world.anna, due_on=sunday)
    TaskFactory(household=world.household, assignee=world.anna, due_on=sunday + timedelta(days=1))
    TaskFactory(household=world.household, assignee=world.anna, suspended=True)
    TaskFactory(household=world.household, assignee=world.anna, done=True)
    assert selectors.counts(world.anna) == {"open": 4, "overdue": 1, "due_this_week": 2}
    assert selectors.counts(world.carla) == {"open": 0, "overdue": 0, "due_this_week": 0}


def _more_data(world, n):
    for i in range(n):
        household = HouseholdFactory(district=world.west_centrum, in_caseload_of=(world.team_a, world.anna))
        TaskFactory(
            household=household, team=world.team_a, assignee=world.anna, due_on=_today() + timedelta(days=i)
        )
        TaskFactory(household=household, team=world.team_a, overdue=True)
        TaskFactory(household=household, team=world.team_a, assignee=world.anna, suspended=True)
        HouseholdFactory(district=world.west_centrum, in_caseload_of=world.team_a)  # unassigned


@pytest.mark.parametrize(
    ("name", "call", "queries"),
    [
        ("anna", lambda u: selectors.my_tasks(u), 2),  # the tasks in one range, heads of households
        ("teun", lambda u: selectors.team_tasks(u), 3),  # the user's teams, the tasks, heads
        ("anna", lambda u: selectors.counts(u), 1),
        ("teun", lambda u: selectors.caseload(u), 8),
    ],
)
def test_query_counts_do_not_grow_with_data(world, django_assert_num_queries, name, call, queries):
    user = world.user(name)
    _more_data(world, 2)
    with django_assert_num_queries(queries):
        call(user)
    _more_data(world, 6)
    with django_assert_num_queries(queries):
        result = call(user)
    assert result


def test_household_tasks_query_count(world, django_assert_num_queries):
    for _ in range(2):
        TaskFactory(household=world.household, team=world.team_a, assignee=world.anna)
        TaskFactory(household=world.household, done=True)
    with django_assert_num_queries(2):
        selectors.household_tasks(world.household)


# -- caseload ----------------------------------------------------------------------------------------------
def test_caseload_per_worker_with_weight_regie_and_tasks(world):
    heavy = HouseholdFactory(district=world.west_centrum, in_caseload_of=(world.team_a, world.anna))
    Household.objects.filter(pk=heavy.pk).update(complexity=Complexity.HEAVY, regisseur=world.teun)
    Household.objects.filter(pk=world.household.pk).update(complexity=Complexity.LIGHT, regisseur=world.anna)
    waiting_long = HouseholdFactory(district=world.west_centrum, in_caseload_of=world.team_a)
    HouseholdFactory(district=world.west_noord, in_caseload_of=(world.team_b, world.otto))  # not teun's team
    TaskFactory(household=world.household, team=world.team_a, assignee=world.anna, overdue=True)
    TaskFactory(household=heavy, team=world.team_a, assignee=world.anna)
    TaskFactory(household=heavy, team=world.team_a, assignee=world.anna, suspended=True)  # not open
    TaskFactory(household=heavy, team=world.team_b, assignee=world.anna)  # another team's task
    colleague = UserFactory(username="cas", role=Role.CONSULENT, teams=[world.team_a])

    (team,) = selectors.caseload(world.teun)

    assert team.team == world.team_a
    by_name = {load.worker.username: load for load in team.workers}
    assert set(by_name) == {"anna", "teun", "cas"}
    anna = by_name["anna"]
    assert (anna.households, anna.weight, anna.regie, anna.open_tasks, anna.overdue_tasks) == (2, 4, 1, 2, 1)
    assert (by_name["teun"].households, by_name["teun"].regie) == (0, 1)
    assert by_name["cas"].worker == colleague and by_name["cas"].households == 0
    # The team's weight is what is assigned: waiting households are counted, not weighed (a count on the
    # caseload index stays cheap at any team size).
    assert (team.households, team.weight, team.unassigned_count) == (3, 4, 1)
    assert [entry.household for entry in team.unassigned] == [waiting_long]


def test_caseload_lists_the_oldest_50_unassigned(world):
    households = [
        HouseholdFactory(district=world.west_centrum, in_caseload_of=world.team_a) for _ in range(52)
    ]
    (team,) = selectors.caseload(world.teun)
    assert team.unassigned_count == 52 and team.unassigned_more == 2
    assert [e.household for e in team.unassigned] == households[:50]


@pytest.mark.parametrize("name", ["anna", "otto", "bo", "piet", "carla", "bea", "fenna", "zoe"])
def test_caseload_is_for_teamleiders_only(world, name):
    assert selectors.caseload(world.user(name)) == []


def test_status_constants():
    assert selectors.OPEN_STATUSES == (TaskStatus.OPEN, TaskStatus.SUSPENDED)
