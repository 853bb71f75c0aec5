"""Plan services: the rules (one open plan, goals before activation, maatwerk reasons, versions and
agreement, evaluation), bad input saving nothing, and the plan's tasks kept in step."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from wijkregie.assessment.constants import ScoringMoment
from wijkregie.assessment.models import DomainScore, Scoring
from wijkregie.assessment.services import DomainScoreData
from wijkregie.audit.constants import Action
from wijkregie.audit.models import AuditEvent
from wijkregie.conftest import change_rows_flagged
from wijkregie.households.constants import TimelineKind
from wijkregie.households.models import TimelineEntry
from wijkregie.households.tests.factories import ResidentFactory
from wijkregie.organisation.models import Organisation
from wijkregie.plans import selectors, services
from wijkregie.plans.constants import (
    ActionStatus,
    AgreementMethod,
    CaseDirector,
    GoalStatus,
    Performer,
    PlanOutcome,
    PlanStatus,
    Rung,
)
from wijkregie.plans.models import Evaluation, Goal, GoalAttainment, Mdo, Plan, PlanAction, PlanVersion
from wijkregie.tasks.constants import TaskStatus, Term
from wijkregie.tasks.models import Task
from wijkregie.tasks.terms import plan_date_due

from .conftest import REASON, active_plan, add_goal, draft_plan

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def state() -> tuple:
    """Everything the plan services write, to assert that a refusal saved nothing."""
    return (
        list(Plan.objects.order_by("pk").values()),
        list(Goal.objects.order_by("pk").values()),
        list(PlanAction.objects.order_by("pk").values()),
        list(PlanVersion.objects.order_by("pk").values()),
        list(Evaluation.objects.order_by("pk").values()),
        list(GoalAttainment.objects.order_by("pk").values()),
        list(Mdo.objects.order_by("pk").values()),
        list(Task.objects.order_by("pk").values()),
        list(Scoring.objects.order_by("pk").values_list("pk", flat=True)),
        AuditEvent.objects.count(),
        TimelineEntry.objects.count(),
    )


def refused(call, field: str, message: str | None = None) -> None:
    before = state()
    with pytest.raises(ValidationError) as info:
        call()
    assert field in info.value.message_dict, info.value.message_dict
    if message is not None:
        assert message in info.value.message_dict[field]
    assert state() == before


# -- plan ---------------------------------------------------------------------------------------------------
def test_plan_create_links_the_latest_report_and_logs(setup):
    plan = draft_plan(setup)

    assert plan.status == PlanStatus.DRAFT
    assert plan.report == setup.report
    assert AuditEvent.objects.filter(action=Action.CREATE, object_uuid=plan.uuid).count() == 1
    assert TimelineEntry.objects.filter(
        kind=TimelineKind.PLAN, description="Plan aangemaakt (concept)"
    ).exists()


def test_one_open_plan_per_household(setup):
    draft_plan(setup)

    refused(lambda: draft_plan(setup), "household", services.OPEN_PLAN_EXISTS_ERROR)


def test_a_concurrent_second_plan_is_answered_in_dutch(setup, monkeypatch):
    draft_plan(setup)
    monkeypatch.setattr(selectors, "open_plan", lambda household: None)  # as if read before the other commit

    refused(lambda: draft_plan(setup), "household", services.OPEN_PLAN_EXISTS_ERROR)


def test_a_new_plan_after_the_old_one_is_closed(setup):
    plan = draft_plan(setup)
    services.plan_close(
        acting_user=setup.world.anna, plan=plan, outcome=PlanOutcome.REPLACED, closed_on=TODAY()
    )

    assert draft_plan(setup).pk != plan.pk


@pytest.mark.parametrize("name", ["otto", "zoe", "piet", "carla", "bea", "fenna", "sanne"])
def test_others_cannot_create_a_plan(setup, name):
    before = state()
    with pytest.raises(Http404):
        draft_plan(setup, user=setup.world.user(name))
    assert state() == before


def test_activation_without_goals_is_refused(setup):
    plan = draft_plan(setup)

    refused(
        lambda: services.plan_activate(
            acting_user=setup.world.anna, plan=plan, start_date=TODAY(), evaluation_date=TODAY() + 30 * DAY
        ),
        "__all__",
        services.NO_GOALS_ERROR,
    )


def test_activation_with_evaluation_before_start_is_refused(setup):
    plan = draft_plan(setup)
    add_goal(setup, plan)

    refused(
        lambda: services.plan_activate(
            acting_user=setup.world.anna, plan=plan, start_date=TODAY(), evaluation_date=TODAY() - DAY
        ),
        "evaluation_date",
    )


def test_activation_freezes_version_1_and_plans_the_tasks(setup):
    world = setup.world
    youth = Task.objects.create(
        household=world.household,
        kind="wettelijk",
        term=Term.YOUTH_PLAN,
        title="Plan jeugdhulp",
        start_date=TODAY() - 10 * DAY,
        original_due_on=TODAY() + 20 * DAY,
        due_on=TODAY() + 20 * DAY,
    )
    plan = draft_plan(setup)
    goal = add_goal(setup, plan)
    end = TODAY() + 40 * DAY
    action = services.action_add(
        acting_user=world.anna,
        goal=goal,
        rung=Rung.NETWORK,
        description="Zus helpt met de post",
        performer=Performer.NETWORK,
        performer_name="Zus",
        end_date=end,
    )
    assert not Task.objects.filter(source_uuid=action.uuid).exists()  # a draft plan plans nothing yet
    start, evaluation = TODAY() - 2 * DAY, TODAY() + 60 * DAY

    services.plan_activate(acting_user=world.anna, plan=plan, start_date=start, evaluation_date=evaluation)

    plan.refresh_from_db()
    assert (plan.status, plan.start_date, plan.evaluation_date, plan.current_version) == (
        PlanStatus.ACTIVE,
        start,
        evaluation,
        1,
    )
    version = plan.versions.get()
    assert version.number == 1
    [frozen] = version.content["goals"]
    assert frozen["description"] == "Rondkomen zonder nieuwe schulden"
    assert frozen["domain"]["name"] == "Financiën"
    assert frozen["actions"][0]["rung_label"] == "Netwerk"
    assert frozen["actions"][0]["performer_label"] == "Iemand uit het netwerk"
    evaluation_task = Task.objects.get(source_uuid=plan.uuid, term=Term.PLAN_EVALUATION)
    assert (evaluation_task.title, evaluation_task.due_on, evaluation_task.status) == (
        "Plan evalueren",
        plan_date_due(evaluation),
        TaskStatus.OPEN,
    )
    assert evaluation_task.team == world.team_a
    assert evaluation_task.assignee == world.anna  # no regisseur yet: the acting user
    action_task = Task.objects.get(source_uuid=action.uuid, term=Term.ACTION_END)
    assert (action_task.title, action_task.due_on) == ("Actie loopt af", plan_date_due(end))
    youth.refresh_from_db()
    assert (youth.status, youth.done_on) == (TaskStatus.DONE, start)
    assert TimelineEntry.objects.filter(
        household=world.household, kind=TimelineKind.TASK, description="Termijn afgerond: Plan jeugdhulp"
    ).exists()


@pytest.mark.parametrize("status", [ActionStatus.DONE, ActionStatus.STOPPED])
def test_a_finished_action_closes_its_end_date_task(setup, status):
    plan = active_plan(setup)
    action = PlanAction.objects.get(goal__plan=plan)
    services.action_update(
        acting_user=setup.world.anna, action=action, changes={"end_date": TODAY() + 9 * DAY}
    )
    task = Task.objects.get(source_uuid=action.uuid, term=Term.ACTION_END)
    services.action_update(
        acting_user=setup.world.anna, action=PlanAction.objects.get(pk=action.pk), changes={"status": status}
    )
    task.refresh_from_db()
    assert (task.status, task.done_on) == (TaskStatus.DONE, TODAY())
    assert TimelineEntry.objects.filter(
        kind=TimelineKind.TASK, description="Taak afgerond: Actie loopt af"
    ).exists()


def test_a_running_action_keeps_its_end_date_task(setup):
    plan = active_plan(setup)
    action = PlanAction.objects.get(goal__plan=plan)
    services.action_update(
        acting_user=setup.world.anna, action=action, changes={"end_date": TODAY() + 9 * DAY}
    )
    services.action_update(
        acting_user=setup.world.anna,
        action=PlanAction.objects.get(pk=action.pk),
        changes={"status": ActionStatus.RUNNING},
    )
    assert Task.objects.get(source_uuid=action.uuid, term=Term.ACTION_END).status == TaskStatus.OPEN


def test_the_evaluation_task_moves_with_the_date(setup):
    plan = active_plan(setup)
    new = TODAY() + 90 * DAY

    services.plan_evaluation_date_set(acting_user=setup.world.anna, plan=plan, evaluation_date=new)

    task = Task.objects.get(source_uuid=plan.uuid, term=Term.PLAN_EVALUATION)
    assert task.due_on == plan_date_due(new)
    assert Task.objects.filter(source_uuid=plan.uuid).count() == 1


def test_action_end_task_follows_the_action(setup):
    plan = active_plan(setup)
    goal = plan.goals.get()
    action = services.action_add(
        acting_user=setup.world.anna,
        goal=goal,
        rung=Rung.VOLUNTEERS,
        description="Schuldhulpmaatje",
        performer=Performer.VOLUNTEER,
        end_date=TODAY() + 10 * DAY,
    )
    task = Task.objects.get(source_uuid=action.uuid)
    assert task.due_on == plan_date_due(TODAY() + 10 * DAY)

    services.action_update(
        acting_user=setup.world.anna, action=action, changes={"end_date": TODAY() + 20 * DAY}
    )
    task.refresh_from_db()
    assert task.due_on == plan_date_due(TODAY() + 20 * DAY)

    services.action_remove(acting_user=setup.world.anna, action=action)
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED
    assert not PlanAction.objects.filter(pk=action.pk).exists()


# -- goals and actions --------------------------------------------------------------------------------------
def test_goal_rules(setup, world):
    plan = draft_plan(setup)
    stranger = ResidentFactory()
    other_domain = selectors.builtin_zrm().domains.first()

    refused(
        lambda: services.goal_add(
            acting_user=world.anna,
            plan=plan,
            domain=setup.domain("financien"),
            members=[setup.head],
            description="  ",
        ),
        "description",
    )
    refused(
        lambda: services.goal_add(
            acting_user=world.anna, plan=plan, domain=other_domain, members=[setup.head], description="Doel"
        ),
        "domain",
    )
    refused(
        lambda: services.goal_add(
            acting_user=world.anna,
            plan=plan,
            domain=setup.domain("financien"),
            members=[stranger],
            description="Doel",
        ),
        "members",
    )
    refused(
        lambda: services.goal_add(
            acting_user=world.anna,
            plan=plan,
            domain=setup.domain("financien"),
            members=[],
            description="Doel",
        ),
        "members",
    )


def test_without_a_report_the_goals_use_the_builtin_zrm(setup, world):
    setup.report.delete()
    plan = draft_plan(setup)
    zrm_domain = selectors.builtin_zrm().domains.order_by("position").first()

    goal = services.goal_add(
        acting_user=world.anna,
        plan=plan,
        domain=zrm_domain,
        members=[setup.head, setup.child],
        description="Doel",
    )

    assert plan.report is None
    assert set(goal.members.all()) == {setup.head, setup.child}
    refused(
        lambda: services.goal_add(
            acting_user=world.anna,
            plan=plan,
            domain=setup.domain("financien"),
            members=[setup.head],
            description="Doel",
        ),
        "domain",
    )


def test_goal_update_and_remove(setup, world):
    plan = draft_plan(setup)
    goal = add_goal(setup, plan)

    services.goal_update(
        acting_user=world.anna,
        goal=goal,
        changes={"domain": setup.domain("huisvesting"), "members": [setup.child]},
    )
    goal.refresh_from_db()
    assert goal.domain.code == "huisvesting"
    assert list(goal.members.all()) == [setup.child]
    event = AuditEvent.objects.filter(object_uuid=goal.uuid, action=Action.UPDATE).get()
    assert event.fields == ["domain", "members"]

    services.goal_remove(acting_user=world.anna, goal=goal)
    assert not Goal.objects.filter(pk=goal.pk).exists()


@pytest.mark.parametrize("rung", [Rung.LIGHT_CUSTOM, Rung.HEAVY_CUSTOM])
@pytest.mark.parametrize("reason", ["", "te kort", "   " + "x" * 10 + "   "])
def test_maatwerk_without_a_reason_is_refused(setup, world, rung, reason):
    goal = add_goal(setup, draft_plan(setup))

    refused(
        lambda: services.action_add(
            acting_user=world.anna,
            goal=goal,
            rung=rung,
            description="Begeleiding",
            performer=Performer.ORGANISATION,
            organisation=Organisation.objects.get(name="Zorg Thuis"),
            maatwerk_reason=reason,
        ),
        "maatwerk_reason",
        services.MAATWERK_REASON_ERROR,
    )


def test_maatwerk_with_a_reason_is_saved(setup, world):
    goal = add_goal(setup, draft_plan(setup))

    action = services.action_add(
        acting_user=world.anna,
        goal=goal,
        rung=Rung.LIGHT_CUSTOM,
        description="Begeleiding thuis",
        performer=Performer.ORGANISATION,
        organisation=Organisation.objects.get(name="Zorg Thuis"),
        provision="Begeleiding individueel",
        case_director=CaseDirector.ORGANISATION,
        maatwerk_reason=REASON,
    )

    assert action.maatwerk_reason == REASON
    assert TimelineEntry.objects.filter(
        description="Actie toegevoegd aan het plan (lichte maatwerkvoorziening)"
    ).exists()
    # changing to a lighter rung drops the reason; back to maatwerk without one is refused
    services.action_update(acting_user=world.anna, action=action, changes={"rung": Rung.GENERAL})
    action.refresh_from_db()
    assert action.maatwerk_reason == ""
    refused(
        lambda: services.action_update(
            acting_user=world.anna, action=action, changes={"rung": Rung.HEAVY_CUSTOM}
        ),
        "maatwerk_reason",
    )


def test_action_bad_input(setup, world):
    goal = add_goal(setup, draft_plan(setup))
    base = {
        "acting_user": world.anna,
        "goal": goal,
        "rung": Rung.OWN_STRENGTH,
        "description": "Iets",
        "performer": Performer.RESIDENT,
    }

    refused(
        lambda: services.action_add(**{**base, "start_date": TODAY(), "end_date": TODAY() - DAY}), "end_date"
    )
    refused(lambda: services.action_add(**{**base, "rung": "7_nog_zwaarder"}), "rung")
    refused(lambda: services.action_add(**{**base, "performer": "buurman"}), "performer")
    refused(lambda: services.action_add(**{**base, "description": ""}), "description")
    refused(lambda: services.action_add(**{**base, "performer": Performer.ORGANISATION}), "organisation")
    refused(
        lambda: services.action_add(**{**base, "case_director": CaseDirector.ORGANISATION}), "organisation"
    )
    action = services.action_add(**base)
    refused(
        lambda: services.action_update(acting_user=world.anna, action=action, changes={"goal": goal}), "goal"
    )


# -- versions and agreement ---------------------------------------------------------------------------------
def test_versions_only_when_the_plan_changed(setup, world):
    plan = active_plan(setup)

    refused(lambda: services.plan_version_make(acting_user=world.anna, plan=plan), "__all__")

    add_goal(setup, plan, code="sociaal-netwerk", text="Meer mensen om op terug te vallen")
    version = services.plan_version_make(acting_user=world.anna, plan=plan)

    assert version.number == 2
    assert [g["description"] for g in version.content["goals"]] == [
        "Rondkomen zonder nieuwe schulden",
        "Meer mensen om op terug te vallen",
    ]
    assert len(plan.versions.get(number=1).content["goals"]) == 1  # the earlier version stays as it was
    plan.refresh_from_db()
    assert plan.current_version == 2
    assert TimelineEntry.objects.filter(description="Planversie 2 vastgelegd").exists()


def test_agreement_per_version(setup, world):
    plan = active_plan(setup)
    v1 = plan.versions.get(number=1)
    record = lambda **kw: services.plan_agreement_record(  # noqa: E731
        acting_user=world.anna,
        version=v1,
        **{"agreed_on": TODAY(), "method": AgreementMethod.SIGNED, "agreed_by": setup.head, **kw},
    )

    refused(lambda: record(agreed_on=TODAY() + DAY), "agreed_on")
    refused(lambda: record(agreed_on=TODAY() - DAY), "agreed_on")  # before the version was made
    refused(lambda: record(agreed_by=ResidentFactory()), "agreed_by")
    refused(lambda: record(method="per duif"), "method")

    record()
    v1.refresh_from_db()
    assert (v1.agreed_on, v1.agreement_method, v1.agreed_by) == (TODAY(), AgreementMethod.SIGNED, setup.head)
    assert TimelineEntry.objects.filter(kind=TimelineKind.AGREEMENT).count() == 1
    refused(lambda: record(), "__all__")

    add_goal(setup, plan, code="huisvesting", text="Een betaalbare woning")
    v2 = services.plan_version_make(acting_user=world.anna, plan=plan)
    assert v2.agreed_on is None  # agreement is per version
    services.plan_agreement_record(
        acting_user=world.anna,
        version=v2,
        agreed_on=TODAY(),
        method=AgreementMethod.VERBAL,
        agreed_by=setup.child,
    )
    assert PlanVersion.objects.filter(plan=plan, agreed_on=TODAY()).count() == 2


def test_close_lapses_open_goals_and_cancels_tasks(setup, world):
    plan = active_plan(setup)
    goal = plan.goals.get()
    action = services.action_add(
        acting_user=world.anna,
        goal=goal,
        rung=Rung.OWN_STRENGTH,
        description="X",
        performer=Performer.RESIDENT,
        end_date=TODAY() + 5 * DAY,
    )

    refused(
        lambda: services.plan_close(acting_user=world.anna, plan=plan, outcome="weg", closed_on=TODAY()),
        "outcome",
    )
    refused(
        lambda: services.plan_close(
            acting_user=world.anna, plan=plan, outcome=PlanOutcome.MOVED, closed_on=TODAY() + DAY
        ),
        "closed_on",
    )
    services.plan_close(acting_user=world.anna, plan=plan, outcome=PlanOutcome.MOVED, closed_on=TODAY())

    plan.refresh_from_db()
    goal.refresh_from_db()
    assert (plan.status, plan.outcome, plan.closed_on) == (PlanStatus.CLOSED, PlanOutcome.MOVED, TODAY())
    assert (goal.status, goal.closed_on) == (GoalStatus.DROPPED, TODAY())
    assert set(
        Task.objects.filter(source_uuid__in=[plan.uuid, action.uuid]).values_list("status", flat=True)
    ) == {TaskStatus.CANCELLED}
    refused(lambda: add_goal(setup, plan), "__all__")


# -- evaluation ---------------------------------------------------------------------------------------------
def _evaluate(setup, plan, **kw):
    if "attainments" not in kw:
        kw["attainments"] = {plan.goals.get().uuid: (1, "Beter dan gedacht", None)}
    values = {
        "acting_user": setup.world.anna,
        "plan": plan,
        "held_on": TODAY(),
        "notes": "Goed gesprek",
        **kw,
    }
    return services.evaluation_record(**values)


def test_evaluation_before_the_plan_started_is_refused(setup):
    plan = active_plan(setup, start=TODAY() - 5 * DAY)

    refused(
        lambda: _evaluate(setup, plan, held_on=TODAY() - 6 * DAY),
        "held_on",
        services.EVALUATION_BEFORE_START_ERROR,
    )


def test_evaluation_bad_input(setup, world):
    plan = active_plan(setup)
    goal = plan.goals.get()
    refused(lambda: _evaluate(setup, plan, held_on=TODAY() + DAY), "held_on")
    refused(lambda: _evaluate(setup, plan, attainments={goal.uuid: (3, "", None)}), "attainments")
    refused(lambda: _evaluate(setup, plan, attainments={goal.uuid: (-3, "", None)}), "attainments")
    refused(lambda: _evaluate(setup, plan, attainments={goal.uuid: (1, "", "gewonnen")}), "attainments")
    refused(lambda: _evaluate(setup, plan, attainments={world.household.uuid: (1, "", None)}), "attainments")
    refused(lambda: _evaluate(setup, plan, attainments={}), "attainments")
    refused(lambda: _evaluate(setup, plan, next_evaluation_date=TODAY()), "evaluation_date")
    draft = Plan.objects.create(household=world.zuid_household)
    with pytest.raises(Http404):
        _evaluate(setup, draft, attainments={goal.uuid: (1, "", None)})


def test_evaluation_stores_gas_per_goal_domain_rung_and_provision(setup, world):
    plan = active_plan(setup)
    first = plan.goals.get()
    services.action_add(
        acting_user=world.anna,
        goal=first,
        rung=Rung.GENERAL,
        description="Budgetcursus",
        performer=Performer.ORGANISATION,
        organisation=Organisation.objects.get(name="Welzijn De Schans"),
        provision="Budgetcursus",
    )
    services.action_add(
        acting_user=world.anna,
        goal=first,
        rung=Rung.LIGHT_CUSTOM,
        description="Begeleiding",
        performer=Performer.ORGANISATION,
        organisation=Organisation.objects.get(name="Zorg Thuis"),
        provision="Begeleiding individueel",
        maatwerk_reason=REASON,
    )
    second = add_goal(setup, plan, code="sociaal-netwerk", text="Een maatje")
    next_date = TODAY() + 90 * DAY

    evaluation = _evaluate(
        setup,
        plan,
        attainments={
            first.uuid: (2, "Schulden geregeld", GoalStatus.ACHIEVED),
            str(second.uuid): (-1, "", None),
        },
        next_evaluation_date=next_date,
    )

    by_goal = {a.goal_id: a for a in evaluation.attainments.all()}
    gas = by_goal[first.pk]
    assert (gas.score, gas.note, gas.domain.code, gas.highest_rung) == (
        2,
        "Schulden geregeld",
        "financien",
        Rung.LIGHT_CUSTOM,
    )
    assert gas.provisions == ["Begeleiding individueel", "Budgetcursus"]
    assert (gas.district, gas.municipality) == (world.west_centrum, world.west)
    empty = by_goal[second.pk]
    assert (empty.score, empty.highest_rung, empty.provisions, empty.domain.code) == (
        -1,
        "",
        [],
        "sociaal-netwerk",
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.closed_on, first.outcome_note) == (
        GoalStatus.ACHIEVED,
        TODAY(),
        "Schulden geregeld",
    )
    assert second.status == GoalStatus.OPEN
    tasks = Task.objects.filter(source_uuid=plan.uuid, term=Term.PLAN_EVALUATION).order_by("pk")
    assert [(t.status, t.done_on) for t in tasks] == [(TaskStatus.DONE, TODAY()), (TaskStatus.OPEN, None)]
    assert tasks.last().due_on == plan_date_due(next_date)
    plan.refresh_from_db()
    assert plan.evaluation_date == next_date
    assert TimelineEntry.objects.filter(kind=TimelineKind.EVALUATION).exists()
    assert TimelineEntry.objects.filter(
        kind=TimelineKind.TASK, description="Taak afgerond: Plan evalueren"
    ).exists()


def test_evaluation_rescores_the_members(setup, world):
    plan = active_plan(setup)

    evaluation = _evaluate(
        setup,
        plan,
        rescoring=[
            (
                setup.head,
                [
                    DomainScoreData(domain_code="financien", value=4),
                    DomainScoreData(domain_code="huisvesting", value=None),
                ],
            )
        ],
    )

    scoring = Scoring.objects.get(evaluation_uuid=evaluation.uuid)
    assert (scoring.resident, scoring.moment, scoring.instrument, scoring.scored_on) == (
        setup.head,
        ScoringMoment.EVALUATION,
        setup.instrument,
        TODAY(),
    )
    assert dict(DomainScore.objects.filter(scoring=scoring).values_list("domain__code", "value")) == {
        "financien": 4,
        "huisvesting": None,
    }


def test_a_bad_rescore_saves_nothing_of_the_evaluation(setup):
    plan = active_plan(setup)

    refused(
        lambda: _evaluate(setup, plan, rescoring=[(setup.head, [DomainScoreData("financien", 9)])]), "scores"
    )


# -- MDO ----------------------------------------------------------------------------------------------------
def test_mdo_decision_becomes_a_plan_action(setup, world):
    plan = active_plan(setup)
    goal = plan.goals.get()
    schans = Organisation.objects.get(name="Welzijn De Schans")
    refused(
        lambda: services.mdo_create(
            acting_user=world.anna, household=world.household, held_on=TODAY(), discussed="", participants=[]
        ),
        "discussed",
    )

    mdo = services.mdo_create(
        acting_user=world.anna,
        household=world.household,
        held_on=TODAY(),
        discussed="Stand van zaken",
        participants=[("Karin", schans, "schuldhulp"), ("Wijkagent Bos", None, "politie"), ("  ", None, "")],
    )
    decision = services.mdo_decision_add(
        acting_user=world.anna, mdo=mdo, text="Aanmelden bij de budgetcursus"
    )
    refused(
        lambda: services.mdo_decision_to_action(
            acting_user=world.anna,
            decision=decision,
            goal=goal,
            rung=Rung.HEAVY_CUSTOM,
            performer=Performer.ORGANISATION,
            organisation=schans,
        ),
        "maatwerk_reason",
    )
    action = services.mdo_decision_to_action(
        acting_user=world.anna,
        decision=decision,
        goal=goal,
        rung=Rung.GENERAL,
        performer=Performer.ORGANISATION,
        organisation=schans,
        provision="Budgetcursus",
    )

    assert [(p.name, p.organisation, p.role) for p in mdo.participants.order_by("pk")] == [
        ("Karin", schans, "schuldhulp"),
        ("Wijkagent Bos", None, "politie"),
    ]
    assert mdo.plan == plan
    assert (action.from_mdo_decision, action.description, action.goal) == (decision, decision.text, goal)
    assert TimelineEntry.objects.filter(kind=TimelineKind.MDO).count() == 3


def test_mdo_goal_of_another_household_is_refused(setup, world):
    plan = active_plan(setup)
    mdo = services.mdo_create(
        acting_user=world.zoe,
        household=world.zuid_household,
        held_on=TODAY(),
        discussed="Overleg",
        participants=[("A", None, "")],
    )
    decision = services.mdo_decision_add(acting_user=world.zoe, mdo=mdo, text="Besluit")
    refused(
        lambda: services.mdo_decision_to_action(
            acting_user=world.zoe,
            decision=decision,
            goal=plan.goals.get(),
            rung=Rung.OWN_STRENGTH,
            performer=Performer.RESIDENT,
        ),
        "goal",
    )


def test_a_familiegroepsplan_takes_away_the_youth_plan_term(setup):
    world = setup.world
    youth = Task.objects.create(
        household=world.household,
        kind="wettelijk",
        term=Term.YOUTH_PLAN,
        title="Plan jeugdhulp",
        start_date=TODAY() - 10 * DAY,
        original_due_on=TODAY() + 20 * DAY,
        due_on=TODAY() + 20 * DAY,
    )

    plan = services.plan_create(acting_user=world.anna, household=world.household, family_group_plan=True)

    youth.refresh_from_db()
    assert youth.status == TaskStatus.CANCELLED
    assert TimelineEntry.objects.filter(
        household=world.household,
        description="Termijn vervallen: Plan jeugdhulp (er is een familiegroepsplan)",
    ).exists()
    assert plan.family_group_plan


def test_an_ordinary_plan_leaves_the_youth_plan_term_open(setup):
    world = setup.world
    youth = Task.objects.create(
        household=world.household,
        kind="wettelijk",
        term=Term.YOUTH_PLAN,
        title="Plan jeugdhulp",
        start_date=TODAY() - 10 * DAY,
        original_due_on=TODAY() + 20 * DAY,
        due_on=TODAY() + 20 * DAY,
    )

    services.plan_create(acting_user=world.anna, household=world.household)

    youth.refresh_from_db()
    assert youth.status == TaskStatus.OPEN


def test_a_goal_changed_through_break_the_glass_is_flagged(setup, world, otto_through_glass):
    goal = add_goal(setup, draft_plan(setup))

    services.goal_update(acting_user=otto_through_glass, goal=goal, changes={"description": "Rust in huis"})
    services.goal_update(acting_user=world.anna, goal=goal, changes={"description": "Schulden op orde"})

    assert change_rows_flagged(object_uuid=goal.uuid, actor=world.otto) == [True]
    assert change_rows_flagged(object_uuid=goal.uuid, actor=world.anna) == [False, False]  # added, changed


# -- a plan closed by someone else meanwhile ----------------------------------------------------------------
def _closed_meanwhile(setup):
    """An active plan as one user's page loaded it, then closed by a colleague."""
    plan = active_plan(setup)
    stale = Plan.objects.get(pk=plan.pk)
    services.plan_close(
        acting_user=setup.world.anna, plan=plan, outcome=PlanOutcome.GOALS_MET, closed_on=TODAY()
    )
    return stale


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda setup, plan: _evaluate(setup, plan), "Alleen een actief plan kan worden geëvalueerd."),
        (lambda setup, plan: add_goal(setup, plan), services.PLAN_CLOSED_ERROR),
        (
            lambda setup, plan: services.plan_evaluation_date_set(
                acting_user=setup.world.anna, plan=plan, evaluation_date=TODAY() + 90 * DAY
            ),
            "Alleen een actief plan heeft een evaluatiedatum.",
        ),
        (
            lambda setup, plan: services.plan_version_make(acting_user=setup.world.anna, plan=plan),
            services.VERSION_ONLY_ACTIVE,
        ),
    ],
)
def test_a_change_to_a_plan_closed_meanwhile_is_refused_and_saves_nothing(setup, change, message):
    stale = _closed_meanwhile(setup)
    Goal.objects.filter(plan=stale).update(
        description="Gewijzigd na afsluiten"
    )  # a visible change for versions
    before = state()

    with pytest.raises(ValidationError) as refused_error:
        change(setup, stale)

    assert refused_error.value.message_dict == {"__all__": [message]}
    assert state() == before
