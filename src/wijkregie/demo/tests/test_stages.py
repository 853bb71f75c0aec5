"""The staged households: one per stage of the casework, taken through the real services by the demo users."""

from collections.abc import Callable
from datetime import timedelta
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wijkregie.accounts.models import User
from wijkregie.assessment.constants import ReportStatus, ScoringMoment
from wijkregie.assessment.models import ConversationReport, DomainScore, Scoring
from wijkregie.audit.models import AuditEvent
from wijkregie.consent.constants import DossierPart
from wijkregie.consent.selectors import shared_with_user
from wijkregie.core.calendar import add_working_days, next_working_day
from wijkregie.core.testclock import AWKWARD
from wijkregie.decisions.constants import DecisionKind, RequestStatus
from wijkregie.decisions.models import Beschikking, MaatwerkRequest, Objection
from wijkregie.demo import generator
from wijkregie.demo.stages import STAGED_HOUSEHOLDS
from wijkregie.households.constants import TimelineKind
from wijkregie.households.models import Household, TimelineEntry
from wijkregie.households.policies import HouseholdPolicy
from wijkregie.households.selectors import worklist
from wijkregie.intake.constants import AcuteThreat, Urgency
from wijkregie.intake.models import Melding, Routing
from wijkregie.intake.selectors import routing_stats, team_inbox
from wijkregie.organisation.constants import TeamKind
from wijkregie.organisation.models import DistrictContact, Municipality
from wijkregie.plans.constants import MAATWERK_RUNGS, PlanOutcome, PlanStatus
from wijkregie.plans.models import Evaluation, GoalAttainment, Mdo, Plan, PlanAction, PlanVersion
from wijkregie.tasks.constants import TaskStatus, Term
from wijkregie.tasks.models import Task


@pytest.fixture
def demo(db) -> str:  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command("demo", "--households=60", stdout=out)
    return out.getvalue()


EVERY_DAY: "list[Callable[[str], None]]" = []


def every_day(check: "Callable[[str], None]") -> "Callable[[str], None]":
    """A stage check that runs on the suite's day and again on every awkward moment of the matrix."""
    EVERY_DAY.append(check)
    return check


def user(username: str) -> User:
    return User.objects.get(username=username)


def casework_meldingen():  # type: ignore[no-untyped-def]
    """The staged meldingen, without those a warm handover from vroegsignalering made in the bulk."""
    from wijkregie.early_warning.models import SignalCase

    return Melding.objects.exclude(pk__in=SignalCase.objects.exclude(melding=None).values("melding_id"))


def staged() -> "list[Household]":
    """The households taken through the casework stages (a warm handover from vroegsignalering also makes a
    melding, in a household of the bulk: not a stage)."""
    found = Household.objects.exclude(meldingen=None).exclude(signal_cases__melding__isnull=False).distinct()
    return list(found.select_related("district"))


@every_day
def test_the_summary_names_the_staged_households_and_the_total_stays_as_asked(demo):
    assert f"{STAGED_HOUSEHOLDS} huishoudens in alle stappen van het werkproces" in demo
    assert "Demo geladen: 60 huishoudens" in demo
    assert Household.objects.count() == 60
    assert len(staged()) == STAGED_HOUSEHOLDS


@every_day
def test_new_meldingen_come_in_through_several_channels_and_one_is_a_crisis(demo):
    meldingen = Melding.objects.select_related("team")

    assert len({m.channel for m in meldingen}) >= 5
    assert {m.urgency for m in meldingen} == {Urgency.CRISIS, Urgency.URGENT, Urgency.REGULAR}
    crisis = meldingen.get(urgency=Urgency.CRISIS)
    assert crisis.team.kind == TeamKind.CRISIS
    anna_inbox = team_inbox(user("anna"))
    assert anna_inbox
    assert HouseholdPolicy(user("anna")).visible().filter(pk=crisis.household_id).exists()


@every_day
def test_a_melding_routed_to_welfare_is_in_sannes_inbox_and_no_longer_annas(demo):
    melding = casework_meldingen().get(team__kind=TeamKind.WELFARE)

    assert melding in team_inbox(user("sanne"))
    assert not HouseholdPolicy(user("anna")).visible().filter(pk=melding.household_id).exists()
    assert melding not in team_inbox(user("anna"))
    assert melding.created_by == user("anna")


@every_day
def test_a_rerouted_melding_counts_in_the_routing_figures_and_landed_with_anna(demo):
    routing = Routing.objects.select_related("melding", "from_team", "team").get(is_rerouting=True)
    westerhoek = Municipality.objects.get(cbs_code="9901")
    today = timezone.localdate()

    assert routing.from_team.kind == TeamKind.WELFARE
    assert routing.team.name == "Wijkteam Centrum"
    assert routing.routed_by == user("sanne")
    assert routing_stats(westerhoek.pk, today - timedelta(days=365), today, suppress=False).rerouted == 1
    assert routing.melding.household in worklist(user("anna"))


@every_day
def test_a_finalised_uitvraag_scores_two_members_on_all_13_domains_and_a_draft_scores_some(demo):
    def scored_domains(report: ConversationReport) -> list[int]:
        scorings = Scoring.objects.filter(report=report).order_by("pk")
        return [scoring.scores.exclude(value=None).count() for scoring in scorings]

    full = [
        r
        for r in ConversationReport.objects.filter(status=ReportStatus.FINAL)
        if scored_domains(r) == [13, 13]
    ]
    draft = ConversationReport.objects.get(status=ReportStatus.DRAFT)

    assert len(full) == 1
    assert 0 < DomainScore.objects.filter(scoring__report=draft).exclude(value=None).count() < 13
    assert draft.held_by == user("zoe")


@every_day
def test_plans_in_draft_active_and_closed(demo):
    draft = Plan.objects.get(status=PlanStatus.DRAFT)
    active = Plan.objects.filter(status=PlanStatus.ACTIVE)
    closed = Plan.objects.get(status=PlanStatus.CLOSED)

    assert draft.goals.count() >= 2
    assert active.count() == 9  # five casework stages and four maatwerk stages
    assert PlanVersion.objects.filter(plan__in=active, number=1, agreed_on__isnull=False).count() == 9
    assert closed.outcome == PlanOutcome.GOALS_MET
    assert all(plan.household.regisseur == user("anna") for plan in Plan.objects.all())


@every_day
def test_a_maatwerk_action_carries_its_reason_in_agreed_version_1(demo):
    action = PlanAction.objects.get(rung__in=MAATWERK_RUNGS, maatwerk_requests=None)
    plan = action.goal.plan
    version = plan.versions.get(number=1)
    rungs = set(PlanAction.objects.filter(goal__plan=plan).values_list("rung", flat=True))

    assert len(action.maatwerk_reason) >= 20
    assert version.agreed_on is not None
    frozen = [a for goal in version.content["goals"] for a in goal["actions"]]
    assert any(a["maatwerk_reason"] == action.maatwerk_reason for a in frozen)
    assert len(rungs) >= 4


@every_day
def test_version_2_awaits_agreement(demo):
    version = PlanVersion.objects.get(number=2)

    assert version.agreed_on is None
    assert version.plan.current_version == 2
    assert version.plan.versions.get(number=1).agreed_on is not None


@every_day
def test_an_mdo_with_the_district_contacts_and_a_decision_turned_into_an_action(demo):
    mdo = Mdo.objects.select_related("household").get()
    contacts = set(
        DistrictContact.objects.filter(district=mdo.household.district).values_list("name", flat=True)
    )
    participants = set(mdo.participants.values_list("name", flat=True))

    assert contacts and contacts <= participants
    assert PlanAction.objects.filter(from_mdo_decision__mdo=mdo, goal__plan=mdo.plan).count() == 1
    assert mdo.decisions.count() == 2


@every_day
def test_the_shared_plan_is_visible_to_sanne_and_not_to_piet(demo):
    shares = shared_with_user(user("sanne"))

    assert [(s.organisation.name, s.part) for s in shares] == [("Welzijn De Schans", DossierPart.PLAN)]
    assert Plan.objects.get(household=shares[0].household).status == PlanStatus.ACTIVE
    assert shared_with_user(user("piet")) == []


@every_day
def test_an_evaluation_with_goal_attainment_and_rescoring(demo):
    evaluation = Evaluation.objects.select_related("plan").get()

    assert GoalAttainment.objects.filter(evaluation=evaluation).count() == 2
    assert (
        Scoring.objects.filter(evaluation_uuid=evaluation.uuid, moment=ScoringMoment.EVALUATION).count() == 2
    )
    assert evaluation.plan.status == PlanStatus.CLOSED
    assert not Task.objects.filter(source_uuid=evaluation.plan.uuid, status=TaskStatus.OPEN).exists()


@every_day
def test_anna_has_an_overdue_evaluation(demo):
    today = timezone.localdate()
    overdue = Task.objects.filter(
        assignee=user("anna"), status=TaskStatus.OPEN, term=Term.PLAN_EVALUATION, due_on__lt=today
    )

    assert overdue.count() == 1
    assert Plan.objects.get(uuid=overdue.get().source_uuid).status == PlanStatus.ACTIVE


@every_day
def test_a_wgs_melding_with_acute_threat_has_a_three_working_day_term(demo):
    melding = Melding.objects.select_related("team").get(acute_threat=AcuteThreat.EVICTION)
    task = Task.objects.get(source_uuid=melding.uuid)

    assert melding.team.name == "Wijkteam Dorp"
    assert task.term == Term.DEBT_FIRST_TALK_ACUTE
    assert task.due_on == add_working_days(melding.received_on, 3)


@every_day
def test_a_suspended_term_with_its_reason(demo):
    task = Task.objects.get(status=TaskStatus.SUSPENDED)

    assert task.term == Term.WMO_RESEARCH
    assert len(task.suspension_reason) >= 10
    assert task.suspended_on < timezone.localdate()
    assert task.team.name == "Wijkteam Dorp"


@every_day
def test_annas_and_zoes_werkvoorraad_hold_their_staged_households(demo):
    anna, zoe = user("anna"), user("zoe")
    welfare = casework_meldingen().get(team__kind=TeamKind.WELFARE).household_id
    mine = {h.pk for h in worklist(anna)}
    centrum = {h.pk for h in staged() if h.district.name == "Centrum"} - {welfare}
    dorp = {h.pk for h in staged() if h.district.name == "Dorp"}

    assert len(centrum) == 15
    assert centrum <= mine
    assert welfare not in mine
    assert len(dorp) == 4
    assert dorp <= {h.pk for h in worklist(zoe)}


@every_day
def test_maatwerk_from_research_to_signed_beschikking_and_herindicatie(demo):
    requests = {
        r.household_id: r
        for r in MaatwerkRequest.objects.filter(household__district__name="Centrum").select_related(
            "reverse_test"
        )
    }
    assert len(requests) == 4
    assert all(r.plan_action is not None for r in requests.values())
    researching = [r for r in requests.values() if r.status == RequestStatus.RESEARCH]
    open_terms = Task.objects.filter(
        source_uuid__in=[r.uuid for r in researching], term=Term.WMO_DECISION, status=TaskStatus.OPEN
    )
    assert len(researching) == 2 and open_terms.count() == 2  # one in research, one awaiting a signature
    waiting = [r for r in researching if r.reverse_test.approval_needed]
    assert len(waiting) == 1 and waiting[0].reverse_test.decided_by == user("anna")
    signed = Beschikking.objects.filter(signed_on__isnull=False).select_related("request__reverse_test")
    assert signed.count() == 3
    co_signed = signed.get(request__reverse_test__decision_kind=DecisionKind.DEVIATION)
    assert co_signed.signed_by == user("teun") and bytes(co_signed.letter).startswith(b"%PDF")
    # Due "today" when today is a working day, else on the next one (Algemene termijnenwet).
    reminder = Task.objects.get(term=Term.REINDICATION, due_on=next_working_day(timezone.localdate()))
    assert reminder.assignee == user("anna")


@every_day
def test_a_bezwaar_against_a_refusal_in_zuiderdijk(demo):
    objection = Objection.objects.select_related("beschikking__request__household__municipality").get()
    request = objection.beschikking.request
    assert request.household.municipality.cbs_code == "9902"
    assert request.reverse_test.outcome == "afwijzing"
    pypdf = pytest.importorskip("pypdf")
    letter = pypdf.PdfReader(BytesIO(bytes(objection.beschikking.letter)))
    text = " ".join(page.extract_text() for page in letter.pages)
    assert "samen in het dorp" in text  # Zuiderdijk's own letterhead
    term = Task.objects.get(source_uuid=objection.uuid)
    assert term.term in (Term.OBJECTION_DECISION, Term.OBJECTION_DECISION_COMMITTEE)
    assert term.assignee == user("zoe") and term.status == TaskStatus.OPEN


@every_day
def test_the_steps_are_audited_as_the_users_who_took_them_and_on_the_timeline(demo):
    actors = set(AuditEvent.objects.exclude(actor=None).values_list("actor__username", flat=True))
    kinds = set(TimelineEntry.objects.filter(household__in=staged()).values_list("kind", flat=True))

    assert actors == {"anna", "teun", "sanne", "zoe", "fenna"}  # fenna set vroegsignalering's partners
    assert {
        TimelineKind.MELDING, TimelineKind.ROUTED, TimelineKind.REROUTED, TimelineKind.UITVRAAG,
        TimelineKind.PLAN, TimelineKind.AGREEMENT, TimelineKind.MDO, TimelineKind.CONSENT,
        TimelineKind.SHARED, TimelineKind.EVALUATION, TimelineKind.TASK, TimelineKind.REGISSEUR_SET,
    } <= kinds  # fmt: skip


def test_the_stages_cost_the_same_queries_whatever_the_number_of_households(db, monkeypatch):
    """They touch only their own households: a bigger bulk load adds no work to them."""
    from django.db import transaction

    counted: list[int] = []
    real = generator.stage_households

    def counting(**kwargs):  # type: ignore[no-untyped-def]
        with CaptureQueriesContext(connection) as queries:
            result = real(**kwargs)
        counted.append(len(queries))
        return result

    monkeypatch.setattr(generator, "stage_households", counting)
    for households in (20, 400):
        with transaction.atomic():
            generator.load_demo(households)
            transaction.set_rollback(True)

    assert counted[0] == counted[1]


@every_day
def test_allocations_travel_to_the_providers_and_back_as_messages(demo):
    from wijkregie.allocations.constants import AllocationStatus, Direction
    from wijkregie.allocations.models import Allocation, Message
    from wijkregie.allocations.selectors.allocation import provider_worklist
    from wijkregie.integrations.istandaarden.transport import FolderTransport

    statuses = dict(Allocation.objects.values_list("provider__organisation__name", "status"))
    assert statuses == {
        "Zorggroep Noorderlicht": AllocationStatus.STARTED,
        "Thuiszorg Het Anker": AllocationStatus.ACCEPTED,
    }
    assert Message.objects.filter(direction=Direction.OUT, message_type="301").count() == 2
    assert set(Message.objects.filter(direction=Direction.IN).values_list("message_type", flat=True)) == {
        "302",
        "305",
    }
    assert [a.provider.organisation.name for a in provider_worklist(user("piet"))] == [
        "Zorggroep Noorderlicht"
    ]
    waiting = list(FolderTransport().in_dir.glob("*.xml"))
    assert len(waiting) == 1  # the 305 of Het Anker, for the backoffice to pick up


@pytest.mark.parametrize("awkward_moment", AWKWARD, indirect=True)
def test_every_stage_holds_on_an_awkward_moment(awkward_moment, demo):
    """The demo loaded on a weekend, a public holiday, the last evening of the year or a DST change day:
    every stage check above still holds. One demo load per moment; each failing check is named."""
    failed = []
    for check in EVERY_DAY:
        try:
            check(demo)
        except AssertionError as error:
            failed.append(f"{check.__name__}: {error}")

    assert len(EVERY_DAY) == 20
    assert failed == []


@every_day
def test_the_demo_s_vroegsignalering_stands_at_every_stage_and_its_ddas_delivery_validates(demo):
    from wijkregie.early_warning import ddas
    from wijkregie.early_warning.constants import SignalStatus
    from wijkregie.early_warning.models import Signal, SignalCase
    from wijkregie.early_warning.selectors import queue
    from wijkregie.early_warning.services.matching import previous_month
    from wijkregie.early_warning.tests.delivery_world import schema_errors

    west = Municipality.objects.get(cbs_code="9901")
    start, end = previous_month(timezone.localdate())
    cases = SignalCase.objects.filter(municipality=west)
    assert cases.filter(picked_up_on=None, result="").exists()  # waiting to be picked up
    assert cases.exclude(picked_up_on=None).filter(result="").exists()  # being worked
    assert cases.exclude(result="").exists() and cases.exclude(melding=None).exists()  # closed, handed over
    assert queue(user("sanne"))[0].case.crisis  # the crisis signal tops sanne's queue
    assert Signal.objects.filter(municipality=west, status=SignalStatus.NEW).exists()  # this month's, waiting
    assert Signal.objects.filter(municipality=west, status=SignalStatus.NOT_RESIDENT).exists()
    brink = Household.objects.get(
        memberships__resident__postcode="9711KL", memberships__resident__house_number=14
    )
    assert (
        HouseholdPolicy(user("anna")).visible().filter(pk=brink.pk).exists() and brink.signal_cases.exists()
    )
    for municipality in Municipality.objects.filter(cbs_code__in=("9901", "9902")):
        scope = ddas.Scope(municipality, start, end)
        document = ddas.document(scope, supplier_code="WIJKREGIE", delivered_at=timezone.now())
        assert schema_errors(document) == []
        assert document["leveringen"][0]["vroegsignalen"]
