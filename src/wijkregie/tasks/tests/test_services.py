"""Task services: rules, bad input (nothing changed), authorisation (404) and the helpers other apps call."""

import datetime
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from wijkregie.accounts.tests.factories import UserFactory
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.conftest import change_rows_flagged
from wijkregie.households.constants import TimelineKind
from wijkregie.households.models import CaseloadEntry, Household, TimelineEntry
from wijkregie.tasks import services
from wijkregie.tasks.constants import TaskKind, TaskStatus, Term
from wijkregie.tasks.models import Task
from wijkregie.tasks.policies import TaskPolicy
from wijkregie.tasks.services import NO_EXTENSION

from .factories import TaskFactory

pytestmark = pytest.mark.django_db

NOT_ALLOWED = ["otto", "zoe", "sanne", "piet", "carla", "bea", "fenna", "bo"]
REASON = "Wacht op gegevens van de inwoner"


def snapshot():
    return (
        list(Task.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
        TimelineEntry.objects.count(),
    )


@pytest.fixture
def task(world):
    return TaskFactory(household=world.household, team=world.team_a, assignee=world.anna)


# -- the helpers other apps call -------------------------------------------------------------------------
def test_term_task_open_sets_the_legal_end_and_lands_with_the_caseload(world):
    melding = world.household  # any model with a uuid can be the source
    task = services.term_task_open(
        household=world.household, term=Term.WMO_RESEARCH, start_date=date(2026, 3, 16), source=melding
    )
    assert task.kind == TaskKind.LEGAL_TERM
    assert task.due_on == task.original_due_on == date(2026, 4, 28)  # over Koningsdag
    assert (task.team, task.assignee) == (world.team_a, world.anna)
    assert task.source_type == "households.household" and task.source_uuid == melding.uuid


def test_term_task_open_is_idempotent_per_source_and_term(world):
    args = {"household": world.household, "start_date": date(2026, 3, 16), "source": world.household}
    first = services.term_task_open(term=Term.WMO_RESEARCH, **args)
    again = services.term_task_open(term=Term.WMO_RESEARCH, **args)
    other = services.term_task_open(term=Term.DEBT_FIRST_TALK, **args)
    assert again.pk == first.pk and other.pk != first.pk
    assert Task.objects.count() == 2


def test_term_task_open_keeps_an_explicit_team(world):
    task = services.term_task_open(
        household=world.household,
        term=Term.DEBT_FIRST_TALK_ACUTE,
        start_date=date(2026, 11, 26),
        source=world.household,
        team=world.team_b,
    )
    # team_b has no worker for the household: the task waits in team_b's queue
    assert (task.team, task.assignee, task.due_on) == (world.team_b, None, date(2026, 12, 1))


# -- every task has an owner: the worker, else the regisseur, else the team's queue ------------------------
def _opened(world, team, term=Term.WMO_RESEARCH):
    return services.term_task_open(
        household=world.household, term=term, start_date=date(2026, 3, 16), source=world.household, team=team
    )


def test_a_term_for_another_team_goes_to_the_households_worker_there(world):
    CaseloadEntry.objects.create(
        household=world.household, team=world.team_b, worker=world.otto, started_at=timezone.now()
    )
    assert (_opened(world, world.team_b).team, _opened(world, world.team_b).assignee) == (
        world.team_b,
        world.otto,
    )


def test_without_a_worker_the_regisseur_on_the_team_owns_the_task(world):
    CaseloadEntry.objects.filter(household=world.household).update(worker=None)
    Household.objects.filter(pk=world.household.pk).update(regisseur=world.teun)
    world.household.refresh_from_db()
    assert _opened(world, world.team_a).assignee == world.teun


def test_a_regisseur_of_another_team_does_not_own_the_teams_task(world):
    CaseloadEntry.objects.filter(household=world.household).update(worker=None)
    Household.objects.filter(pk=world.household.pk).update(regisseur=world.otto)  # otto is on team_b
    world.household.refresh_from_db()
    task = _opened(world, world.team_a)
    assert (task.team, task.assignee) == (world.team_a, None)  # the team's queue


def test_assigning_the_household_gives_its_queued_and_previous_workers_tasks_to_the_new_worker(world):
    bram = UserFactory(username="bram", role="consulent", teams=[world.team_a])
    CaseloadEntry.objects.filter(household=world.household).update(worker=None)
    queued = TaskFactory(household=world.household, team=world.team_a, legal=True)
    annas = TaskFactory(household=world.household, team=world.team_a, assignee=world.anna)
    CaseloadEntry.objects.filter(household=world.household).update(worker=world.anna)
    someone_elses = TaskFactory(household=world.household, team=world.team_a, assignee=world.teun)
    other_team = TaskFactory(household=world.household, team=world.team_b)
    done = TaskFactory(household=world.household, team=world.team_a, done=True)
    rows = AuditEvent.objects.count()

    services.caseload_assign(acting_user=world.teun, household=world.household, worker=bram)

    owners = {t.pk: t.assignee for t in Task.objects.all()}
    assert owners[queued.pk] == owners[annas.pk] == bram
    assert owners[someone_elses.pk] == world.teun  # given to teun by hand: stays
    assert owners[other_team.pk] is None and owners[done.pk] is None
    moved = AuditEvent.objects.filter(object_uuid__in=[queued.uuid, annas.uuid], fields=["assignee"])
    assert moved.count() == 2
    assert AuditEvent.objects.count() == rows + 3  # the caseload row and one per moved task
    assert TimelineEntry.objects.filter(description__endswith=f": mee naar {bram.display_name}").count() == 2


def test_taking_the_worker_away_puts_their_tasks_in_the_teams_queue(world):
    task = TaskFactory(household=world.household, team=world.team_a, assignee=world.anna)
    services.caseload_assign(acting_user=world.teun, household=world.household, worker=None)
    task.refresh_from_db()
    assert task.assignee is None
    assert TimelineEntry.objects.filter(
        description__endswith="mee naar de wachtrij van Wijkteam Centrum"
    ).exists()


def test_plan_date_task_set_creates_moves_and_cancels(world):
    today = date(2026, 11, 24)
    args = {"household": world.household, "term": Term.PLAN_EVALUATION, "source": world.household}
    task = services.plan_date_task_set(title="Plan evalueren", day=date(2026, 12, 26), today=today, **args)
    assert task.due_on == date(2026, 12, 28) and task.start_date == today
    # an earlier date than the start moves the start along instead of breaking the check constraint
    moved = services.plan_date_task_set(title="Evalueren", day=date(2026, 11, 2), today=today, **args)
    assert moved.pk == task.pk
    assert (moved.due_on, moved.start_date, moved.title) == (
        date(2026, 11, 2),
        date(2026, 11, 2),
        "Evalueren",
    )
    assert services.plan_date_task_set(title="x", day=None, today=today, **args) is None
    assert Task.objects.get(pk=task.pk).status == TaskStatus.CANCELLED


def test_close_and_reassign_for_source_touch_only_open_tasks(world):
    source = world.household.uuid
    open_task = TaskFactory(household=world.household, source_uuid=source, term=Term.WMO_RESEARCH)
    suspended = TaskFactory(
        household=world.household, source_uuid=source, term=Term.DEBT_FIRST_TALK, suspended=True
    )
    done = TaskFactory(household=world.household, source_uuid=source, done=True)
    assert services.tasks_reassign_for_source(source_uuid=source, team=world.team_b) == 2
    assert Task.objects.get(pk=done.pk).team is None
    assert (
        services.tasks_close_for_source(source_uuid=source, on=date(2026, 1, 5), terms=(Term.WMO_RESEARCH,))
        == 1
    )
    open_task.refresh_from_db()
    assert (open_task.status, open_task.done_on, open_task.team) == (
        TaskStatus.DONE,
        date(2026, 1, 5),
        world.team_b,
    )
    assert services.tasks_close_for_source(source_uuid=source, on=date(2026, 1, 5), cancel=True) == 1
    suspended.refresh_from_db()
    assert (suspended.status, suspended.suspended_on) == (TaskStatus.CANCELLED, None)


def test_close_for_household_closes_the_named_terms(world):
    youth = TaskFactory(household=world.household, term=Term.YOUTH_PLAN, kind=TaskKind.LEGAL_TERM)
    wmo = TaskFactory(household=world.household, term=Term.WMO_RESEARCH, kind=TaskKind.LEGAL_TERM)
    other = TaskFactory(household=world.zuid_household, term=Term.YOUTH_PLAN)
    n = services.tasks_close_for_household(
        household=world.household, terms=(Term.YOUTH_PLAN,), on=date(2026, 2, 2)
    )
    assert n == 1
    assert Task.objects.get(pk=youth.pk).status == TaskStatus.DONE
    assert Task.objects.get(pk=wmo.pk).status == TaskStatus.OPEN
    assert Task.objects.get(pk=other.pk).status == TaskStatus.OPEN


# -- policy ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "view", "act"),
    [
        ("anna", True, True),
        ("teun", True, True),
        ("bo", True, False),
        ("otto", False, False),
        ("zoe", False, False),
        ("sanne", False, False),
        ("piet", False, False),
        ("carla", False, False),
        ("bea", False, False),
        ("fenna", False, False),
    ],
)
def test_task_policy_matrix(world, task, name, view, act):
    policy = TaskPolicy(world.user(name))
    assert policy.can_view(task) is view
    assert policy.can_act(task) is act
    assert (task in policy.visible()) is view


def test_assignee_and_regisseur_may_act_outside_the_team(world):
    other_team_task = TaskFactory(household=world.household, team=world.team_b)
    assert not TaskPolicy(world.anna).can_act(TaskFactory(household=world.household, team=world.team_b))
    Task.objects.filter(pk=other_team_task.pk).update(assignee=world.anna)
    other_team_task.refresh_from_db()
    assert TaskPolicy(world.anna).can_act(other_team_task)
    # bo sees every household of the municipality; as its regisseur bo may act on its tasks
    Household.objects.filter(pk=world.household.pk).update(regisseur=world.bo)
    fresh = Task.objects.get(pk=other_team_task.pk)
    assert TaskPolicy(world.bo).can_act(fresh)


def test_a_task_without_team_is_for_the_caseload_teams(world):
    teamless = TaskFactory(household=world.household, team=None)
    assert TaskPolicy(world.anna).can_act(teamless)
    assert not TaskPolicy(world.bo).can_act(teamless)


# -- task_create -----------------------------------------------------------------------------------------
def test_task_create_writes_task_audit_and_timeline(world):
    due = timezone.localdate() + timedelta(days=3)
    task = services.task_create(
        acting_user=world.anna, household=world.household, title="  Huisbezoek plannen ", due_on=due
    )
    assert (task.kind, task.title, task.team, task.assignee) == (
        TaskKind.OTHER,
        "Huisbezoek plannen",
        world.team_a,
        None,
    )
    assert task.due_on == task.original_due_on == due and task.start_date == timezone.localdate()
    event = AuditEvent.objects.get(object_uuid=task.uuid)
    assert (event.action, event.household_uuid, event.channel) == (
        Action.CREATE,
        world.household.uuid,
        Channel.WEB,
    )
    line = TimelineEntry.objects.get(household=world.household, kind=TimelineKind.TASK)
    assert line.description == f"Taak aangemaakt, uiterlijk {due:%d-%m-%Y}"
    assert "Huisbezoek" not in line.description  # free text never on the timeline


def test_task_create_today_and_with_assignee(world):
    task = services.task_create(
        acting_user=world.teun,
        household=world.household,
        title="Bellen",
        due_on=timezone.localdate(),
        assignee=world.anna,
        channel=Channel.API,
    )
    assert task.assignee == world.anna
    assert AuditEvent.objects.get(object_uuid=task.uuid).channel == Channel.API


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "   "}, "title", "Vul de taak in."),
        ({"title": "x" * 201}, "title", "De taak mag hooguit 200 tekens lang zijn."),
        ({"due_on": None}, "due_on", "Vul de uiterste datum in."),
        ({"due_on": "yesterday"}, "due_on", "De uiterste datum kan niet in het verleden liggen."),
        ({"team": "team_b"}, "team", "Kies een team van u dat dit huishouden in de werkvoorraad heeft."),
        ({"assignee": "otto"}, "assignee", "Deze medewerker is geen lid van het team van de taak."),
    ],
)
def test_task_create_bad_input_changes_nothing(world, changes, field, message):
    values = {
        "title": "Bellen",
        "due_on": timezone.localdate() + timedelta(days=1),
        "team": None,
        "assignee": None,
    }
    values.update(changes)
    if values["due_on"] == "yesterday":
        values["due_on"] = timezone.localdate() - timedelta(days=1)
    if isinstance(values["team"], str):
        values["team"] = getattr(world, values["team"])
    if isinstance(values["assignee"], str):
        values["assignee"] = world.user(values["assignee"])
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.task_create(acting_user=world.anna, household=world.household, **values)
    assert error.value.message_dict[field] == [message]
    assert snapshot() == before


def test_task_create_needs_a_team_with_the_household_in_caseload(world):
    before = snapshot()
    with pytest.raises(ValidationError) as error:  # bo sees the household, but no team of bo holds it
        services.task_create(
            acting_user=world.bo, household=world.household, title="Bellen", due_on=timezone.localdate()
        )
    assert error.value.message_dict["team"] == [
        "U zit niet in een team dat dit huishouden in de werkvoorraad heeft."
    ]
    assert snapshot() == before


@pytest.mark.parametrize("name", ["otto", "zoe", "sanne", "piet", "carla", "bea", "fenna"])
def test_task_create_on_an_invisible_household_is_404(world, name):
    before = snapshot()
    with pytest.raises(Http404):
        services.task_create(
            acting_user=world.user(name),
            household=world.household,
            title="Bellen",
            due_on=timezone.localdate(),
        )
    assert snapshot() == before


# -- complete, suspend, resume ---------------------------------------------------------------------------
def test_task_complete(world, task):
    services.task_complete(acting_user=world.anna, task=task)
    task.refresh_from_db()
    assert (task.status, task.done_on) == (TaskStatus.DONE, timezone.localdate())
    assert TimelineEntry.objects.get(kind=TimelineKind.TASK).description == "Overige taak: afgerond"
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.task_complete(acting_user=world.anna, task=task)
    assert error.value.message_dict == {"status": ["Deze taak staat niet (meer) open."]}
    assert snapshot() == before


@pytest.mark.parametrize("name", NOT_ALLOWED)
@pytest.mark.parametrize("action", ["complete", "suspend", "resume", "extend", "reassign"])
def test_not_allowed_users_get_404_and_nothing_changes(world, name, action):
    task = TaskFactory(household=world.household, team=world.team_a, assignee=world.anna, legal=True)
    if action == "resume":
        Task.objects.filter(pk=task.pk).update(status=TaskStatus.SUSPENDED, suspended_on=task.start_date)
        task.refresh_from_db()
    calls = {
        "complete": lambda u: services.task_complete(acting_user=u, task=task),
        "suspend": lambda u: services.task_suspend(acting_user=u, task=task, reason=REASON),
        "resume": lambda u: services.task_resume(acting_user=u, task=task),
        "extend": lambda u: services.task_extend(
            acting_user=u, task=task, new_due_on=task.due_on + timedelta(days=7), reason=REASON
        ),
        "reassign": lambda u: services.task_reassign(acting_user=u, task=task, assignee=None),
    }
    before = snapshot()
    with pytest.raises(Http404):
        calls[action](world.user(name))
    assert snapshot() == before


def test_task_suspend_and_its_bad_input(world, task):
    for reason, message in [
        ("", "Beschrijf de reden in minstens 10 tekens."),
        ("te kort", "Beschrijf de reden in minstens 10 tekens."),
        ("x" * 301, "De reden mag hooguit 300 tekens lang zijn."),
    ]:
        before = snapshot()
        with pytest.raises(ValidationError) as error:
            services.task_suspend(acting_user=world.anna, task=task, reason=reason)
        assert error.value.message_dict == {"reason": [message]}
        assert snapshot() == before
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.task_suspend(
            acting_user=world.anna, task=task, reason=REASON, on=timezone.localdate() + timedelta(days=1)
        )
    assert error.value.message_dict == {"on": ["Opschorten kan niet met een datum in de toekomst."]}
    assert snapshot() == before

    services.task_suspend(acting_user=world.anna, task=task, reason=f"  {REASON} ")
    task.refresh_from_db()
    assert (task.status, task.suspended_on, task.suspension_reason) == (
        TaskStatus.SUSPENDED,
        timezone.localdate(),
        REASON,
    )
    assert REASON not in TimelineEntry.objects.get(kind=TimelineKind.TASK).description

    before = snapshot()
    with pytest.raises(ValidationError) as error:  # only an open task
        services.task_suspend(acting_user=world.anna, task=task, reason=REASON)
    assert error.value.message_dict == {"status": ["Alleen een openstaande taak kan worden opgeschort."]}
    assert snapshot() == before


def _suspended(world, *, kind, due_on, suspended_on=date(2025, 6, 2), **extra):
    return TaskFactory(
        household=world.household,
        team=world.team_a,
        kind=kind,
        start_date=date(2025, 5, 1),
        due_on=due_on,
        original_due_on=due_on,
        status=TaskStatus.SUSPENDED,
        suspended_on=suspended_on,
        **extra,
    )


@pytest.mark.parametrize(
    ("kind", "due_on", "expected"),
    [
        # 10 days suspended: Wed 18 June 2025 + 10 = Saturday 28 June → Monday 30 June for a term
        (TaskKind.LEGAL_TERM, date(2025, 6, 18), date(2025, 6, 30)),
        (TaskKind.PLAN_DATE, date(2025, 6, 18), date(2025, 6, 30)),
        # a plain task moves by the days only
        (TaskKind.OTHER, date(2025, 6, 18), date(2025, 6, 28)),
        # Fri 20 June + 10 = Monday 30 June: a working day stays
        (TaskKind.LEGAL_TERM, date(2025, 6, 20), date(2025, 6, 30)),
    ],
)
def test_resume_moves_the_due_date_by_the_suspended_days(world, kind, due_on, expected):
    task = _suspended(
        world,
        kind=kind,
        due_on=due_on,
        term=Term.WMO_RESEARCH if kind == TaskKind.LEGAL_TERM else "",
        suspended_days=3,
    )
    services.task_resume(acting_user=world.anna, task=task, on=date(2025, 6, 12))
    task.refresh_from_db()
    assert (task.status, task.suspended_on, task.suspended_days, task.due_on) == (
        TaskStatus.OPEN,
        None,
        13,
        expected,
    )
    assert task.original_due_on == due_on
    line = TimelineEntry.objects.get(kind=TimelineKind.TASK)
    assert line.description.endswith(f"hervat na 10 dag(en), nieuwe uiterste datum {expected:%d-%m-%Y}")


def test_resume_bad_input_changes_nothing(world, task):
    suspended = _suspended(world, kind=TaskKind.LEGAL_TERM, due_on=date(2025, 6, 18), term=Term.WMO_RESEARCH)
    cases = [
        (task, {}, {"status": ["Alleen een opgeschorte taak kan worden hervat."]}),
        (
            suspended,
            {"on": date(2025, 6, 1)},
            {"on": ["De hervatting kan niet voor het begin van de opschorting liggen."]},
        ),
        (
            suspended,
            {"on": timezone.localdate() + timedelta(days=1)},
            {"on": ["Hervatten kan niet met een datum in de toekomst."]},
        ),
    ]
    for target, kwargs, message in cases:
        before = snapshot()
        with pytest.raises(ValidationError) as error:
            services.task_resume(acting_user=world.anna, task=target, **kwargs)
        assert error.value.message_dict == message
        assert snapshot() == before


def test_a_stale_resume_loses_the_race(world):
    task = _suspended(world, kind=TaskKind.OTHER, due_on=date(2025, 6, 18))
    stale = Task.objects.get(pk=task.pk)
    services.task_resume(acting_user=world.anna, task=task, on=date(2025, 6, 12))
    before = snapshot()
    with pytest.raises(ValidationError):
        services.task_resume(acting_user=world.teun, task=stale, on=date(2025, 6, 12))
    assert snapshot() == before


# -- extend ------------------------------------------------------------------------------------------------
def _wmo(world, **extra):
    # melding Thu 6 March 2025 → onderzoek by Thu 17 April 2025; extendable to 30 May (29th is Hemelvaart)
    values = {
        "start_date": date(2025, 3, 6),
        "due_on": date(2025, 4, 17),
        "original_due_on": date(2025, 4, 17),
    }
    values.update(extra)
    return TaskFactory(
        household=world.household,
        team=world.team_a,
        kind=TaskKind.LEGAL_TERM,
        term=Term.WMO_RESEARCH,
        **values,
    )


def test_extend_a_wmo_research_up_to_the_limit_on_a_working_day(world):
    task = _wmo(world)
    services.task_extend(
        acting_user=world.anna, task=task, new_due_on=date(2025, 5, 29), reason="Inwoner vraagt om uitstel"
    )
    task.refresh_from_db()
    assert (task.due_on, task.extension_reason) == (date(2025, 5, 30), "Inwoner vraagt om uitstel")
    assert task.original_due_on == date(2025, 4, 17)
    assert TimelineEntry.objects.get(kind=TimelineKind.TASK).description == (
        "Wmo: onderzoek na melding (6 weken): verlengd tot 30-05-2025"
    )


@pytest.mark.parametrize(
    ("new_due_on", "message"),
    [
        (date(2025, 5, 31), "De termijn kan hooguit worden verlengd tot 30-05-2025."),  # Sat → Mon 2 June
        (date(2025, 4, 17), "De nieuwe datum moet na de huidige uiterste datum liggen."),
        (date(2025, 4, 1), "De nieuwe datum moet na de huidige uiterste datum liggen."),
        (None, "Vul de nieuwe uiterste datum in."),
    ],
)
def test_extend_refuses_dates_outside_the_law(world, new_due_on, message):
    task = _wmo(world)
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.task_extend(acting_user=world.anna, task=task, new_due_on=new_due_on, reason=REASON)
    assert error.value.message_dict == {"new_due_on": [message]}
    assert snapshot() == before


def test_suspended_days_widen_the_extension_limit(world):
    task = _wmo(world, suspended_days=10, due_on=date(2025, 4, 28))
    services.task_extend(acting_user=world.anna, task=task, new_due_on=date(2025, 6, 10), reason=REASON)
    assert Task.objects.get(pk=task.pk).due_on == date(2025, 6, 10)


@pytest.mark.parametrize("term", [Term.YOUTH_PLAN, Term.DEBT_FIRST_TALK, Term.DEBT_FIRST_TALK_ACUTE])
def test_terms_the_law_does_not_let_extend_are_refused(world, term):
    task = TaskFactory(household=world.household, team=world.team_a, kind=TaskKind.LEGAL_TERM, term=term)
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.task_extend(
            acting_user=world.anna, task=task, new_due_on=task.due_on + timedelta(days=7), reason=REASON
        )
    assert error.value.message_dict == {"new_due_on": [NO_EXTENSION]}
    assert snapshot() == before


@pytest.mark.parametrize("traits", [{"plan": True}, {}])
def test_plan_dates_and_plain_tasks_cannot_be_extended(world, traits):
    task = TaskFactory(household=world.household, team=world.team_a, **traits)
    with pytest.raises(ValidationError) as error:
        services.task_extend(
            acting_user=world.anna, task=task, new_due_on=task.due_on + timedelta(days=1), reason=REASON
        )
    assert error.value.message_dict == {"new_due_on": [NO_EXTENSION]}


def test_extend_needs_a_reason_and_an_open_task(world):
    task = _wmo(world)
    with pytest.raises(ValidationError) as error:
        services.task_extend(acting_user=world.anna, task=task, new_due_on=date(2025, 5, 1), reason="kort")
    assert error.value.message_dict == {"reason": ["Beschrijf de reden in minstens 10 tekens."]}
    suspended = _wmo(world, status=TaskStatus.SUSPENDED, suspended_on=date(2025, 3, 10))
    with pytest.raises(ValidationError) as error:
        services.task_extend(
            acting_user=world.anna, task=suspended, new_due_on=date(2025, 5, 1), reason=REASON
        )
    assert error.value.message_dict == {"status": ["Alleen een openstaande termijn kan worden verlengd."]}


# -- reassign --------------------------------------------------------------------------------------------
def test_reassign_within_the_team(world, task):
    services.task_reassign(acting_user=world.teun, task=task, assignee=world.teun)
    assert Task.objects.get(pk=task.pk).assignee == world.teun
    services.task_reassign(acting_user=world.teun, task=task, assignee=None)
    assert Task.objects.get(pk=task.pk).assignee is None
    assert TimelineEntry.objects.filter(kind=TimelineKind.TASK).count() == 2
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.task_reassign(acting_user=world.teun, task=task, assignee=world.otto)
    assert error.value.message_dict == {"assignee": ["Deze medewerker is geen lid van het team van de taak."]}
    assert snapshot() == before


def test_reassign_a_teamless_task_puts_it_in_the_team(world):
    task = TaskFactory(household=world.household, team=None)
    services.task_reassign(acting_user=world.anna, task=task, assignee=world.teun)
    task.refresh_from_db()
    assert (task.team, task.assignee) == (world.team_a, world.teun)


def test_reassign_a_closed_task_is_refused(world):
    task = TaskFactory(household=world.household, team=world.team_a, done=True)
    before = snapshot()
    with pytest.raises(ValidationError):
        services.task_reassign(acting_user=world.anna, task=task, assignee=world.teun)
    assert snapshot() == before


def test_task_open_writes_an_access_row(world, task):
    services.task_open(acting_user=world.anna, task_uuid=task.uuid, channel=Channel.API)
    event = AuditEvent.objects.get(action=Action.READ)
    assert (event.object_uuid, event.household_uuid) == (task.uuid, world.household.uuid)
    with pytest.raises(Http404):
        services.task_open(acting_user=world.otto, task_uuid=task.uuid)
    with pytest.raises(Http404):
        services.task_open(acting_user=world.anna, task_uuid="not-a-uuid")


def test_caseload_entries_are_untouched_by_task_services(world, task):
    entries = list(CaseloadEntry.objects.values())
    services.task_complete(acting_user=world.anna, task=task, on=datetime.date(2026, 1, 1))
    assert list(CaseloadEntry.objects.values()) == entries


def test_a_task_completed_through_break_the_glass_is_flagged(world, otto_through_glass):
    """A task of the household assigned to otto (say by the crisis service): he reaches the household only
    through break-the-glass, so what he does with it is flagged."""
    his = TaskFactory(household=world.household, team=None, assignee=world.otto)
    annas = TaskFactory(household=world.household, team=world.team_a, assignee=world.anna)

    services.task_complete(acting_user=otto_through_glass, task=his)
    services.task_complete(acting_user=world.anna, task=annas)

    assert change_rows_flagged(object_uuid=his.uuid) == [True]
    assert change_rows_flagged(object_uuid=annas.uuid) == [False]
