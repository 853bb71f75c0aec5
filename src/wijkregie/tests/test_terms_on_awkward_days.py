"""The legal terms, started and worked on through the services on each awkward moment of the matrix
(a weekend, public holidays, New Year's Eve, the DST change days; several just after midnight, when the
UTC date is still yesterday). Whatever the day, a term starts on the local date, ends on a working day the
law names, and the lists call overdue, due soon and this week what they are."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from wijkregie.core.calendar import add_working_days, is_working_day, next_working_day
from wijkregie.core.testclock import AWKWARD
from wijkregie.intake import services as intake
from wijkregie.intake.constants import AcuteThreat, Law
from wijkregie.intake.tests.conftest import melding_data
from wijkregie.tasks import selectors, services
from wijkregie.tasks.constants import TaskStatus, Term
from wijkregie.tasks.models import Task
from wijkregie.tasks.terms import TERMS
from wijkregie.tasks.tests.factories import TaskFactory

pytestmark = [pytest.mark.django_db, pytest.mark.parametrize("awkward_moment", AWKWARD, indirect=True)]


def _melding_today(world, **overrides):
    household = world.household
    return intake.melding_create(
        acting_user=world.anna,
        household=household,
        resident=household.memberships.current().get().resident,
        data=melding_data(**overrides),
    )


def test_a_melding_today_starts_its_terms_on_the_local_date_and_they_end_on_working_days(
    world, awkward_moment
):
    today = awkward_moment.date()
    melding = _melding_today(world, laws=[Law.WMO, Law.YOUTH, Law.DEBT], acute_threat=AcuteThreat.EVICTION)

    tasks = {t.term: t for t in Task.objects.filter(source_uuid=melding.uuid)}

    assert timezone.localdate() == today and melding.received_on == today
    assert set(tasks) == {Term.WMO_RESEARCH, Term.YOUTH_PLAN, Term.DEBT_FIRST_TALK_ACUTE}
    for term, task in tasks.items():
        assert task.start_date == today
        assert task.due_on == TERMS[term].end(today), term
        assert is_working_day(task.due_on) and task.due_on > today, term
    acute = tasks[Term.DEBT_FIRST_TALK_ACUTE].due_on
    assert sum(is_working_day(today + timedelta(days=n)) for n in range(1, (acute - today).days + 1)) == 3


def test_the_lists_call_overdue_due_today_and_due_this_week_what_they_are(world, awkward_moment):
    today = awkward_moment.date()
    yesterday, sunday = today - timedelta(days=1), today + timedelta(days=6 - today.weekday())
    due_today = services.task_create(
        acting_user=world.anna, household=world.household, title="Bellen", due_on=today, assignee=world.anna
    )
    late = TaskFactory(
        household=world.household,
        team=world.team_a,
        assignee=world.anna,
        start_date=yesterday - timedelta(days=7),
        due_on=yesterday,
    )
    later = TaskFactory(
        household=world.household, team=world.team_a, assignee=world.anna, due_on=sunday + timedelta(days=1)
    )

    listed = {t.pk: t for t in selectors.my_tasks(world.anna)}
    counts = selectors.counts(world.anna)

    assert [t.pk for t in selectors.my_tasks(world.anna)] == [late.pk, due_today.pk, later.pk]
    assert (listed[late.pk].is_overdue, listed[late.pk].is_due_soon) == (True, False)
    assert (listed[due_today.pk].is_overdue, listed[due_today.pk].is_due_soon) == (False, True)
    assert listed[later.pk].is_overdue is False
    assert listed[later.pk].is_due_soon is (later.due_on <= add_working_days(today, 3))
    assert counts == {"open": 3, "overdue": 1, "due_this_week": 1}


def test_suspended_today_and_resumed_tomorrow_the_term_moves_one_day_then_to_a_working_day(
    world, awkward_moment
):
    today = awkward_moment.date()
    melding = _melding_today(world, laws=[Law.WMO])
    task = Task.objects.get(source_uuid=melding.uuid)

    services.task_suspend(acting_user=world.anna, task=task, reason="Wacht op gegevens van de inwoner")
    suspended = Task.objects.get(pk=task.pk)
    was = (suspended.status, suspended.suspended_on)
    with pytest.raises(ValidationError) as future:
        services.task_resume(acting_user=world.anna, task=suspended, on=today + timedelta(days=1))
    with time_machine.travel(awkward_moment + timedelta(days=1), tick=True):
        resumed = services.task_resume(acting_user=world.anna, task=suspended)

    assert was == (TaskStatus.SUSPENDED, today)
    assert future.value.message_dict == {"on": ["Hervatten kan niet met een datum in de toekomst."]}
    assert resumed.status == TaskStatus.OPEN and resumed.suspended_days == 1
    assert resumed.due_on == next_working_day(task.due_on + timedelta(days=1))


def test_done_today_is_the_local_date(world, awkward_moment):
    task = TaskFactory(household=world.household, team=world.team_a, assignee=world.anna)

    done = services.task_complete(acting_user=world.anna, task=task)

    assert done.done_on == awkward_moment.date() == date.fromisoformat(timezone.localdate().isoformat())
