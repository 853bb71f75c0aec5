"""Every term closes by itself when its obligation is met, and not before: the step that meets it closes
the task, with its own audit row and a line on the household's timeline. The table at the end names the
test for each term, so a new term cannot come without one."""

import importlib

import pytest

from wijkregie.assessment import services as assessment
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.decisions import services
from wijkregie.decisions.constants import DecisionKind, ObjectionOutcome
from wijkregie.households.models import TimelineEntry
from wijkregie.intake import services as intake
from wijkregie.intake.constants import AcuteThreat, Law, MeldingChannel, Urgency
from wijkregie.provisions.constants import ProvisionLaw
from wijkregie.tasks.constants import TaskKind, TaskStatus, Term
from wijkregie.tasks.models import Task

from .conftest import TODAY, head, make_provision
from .test_decision_flow import _decide, _rules
from .test_objections import MOTIVATION, register, signed_request
from .test_services import STEPS

pytestmark = pytest.mark.django_db


def _melding(world, *laws, acute=AcuteThreat.NONE):
    return intake.melding_create(
        acting_user=world.anna,
        household=world.household,
        resident=head(world.household),
        data=intake.MeldingData(
            channel=MeldingChannel.RESIDENT,
            question="Mevrouw redt het niet meer thuis en heeft betalingsachterstanden.",
            laws=list(laws),
            urgency=Urgency.REGULAR,
            resident_informed=True,
            acute_threat=acute,
            received_on=TODAY,
        ),
    )


def _term(world, term):
    return Task.objects.get(household=world.household, term=term)


def _report(world):
    return assessment.report_create(
        acting_user=world.anna, household=world.household, held_on=TODAY, story="Het verhaal van mevrouw."
    )


def _request(world, law=ProvisionLaw.WMO):
    request = services.request_create(
        acting_user=world.anna,
        household=world.household,
        resident=head(world.household),
        provision=make_provision(world.west, law=law),
        received_on=TODAY,
    )
    services.reverse_test_save(acting_user=world.anna, request=request, **STEPS)
    return request


def assert_met(task, by, cancelled=False):
    """Closed on TODAY by `by`'s step, with the audit row and the timeline line that say so."""
    task.refresh_from_db()
    if cancelled:
        assert task.status == TaskStatus.CANCELLED
    else:
        assert (task.status, task.done_on) == (TaskStatus.DONE, TODAY)
    row = AuditEvent.objects.filter(object_uuid=task.uuid, action=Action.UPDATE).latest("pk")
    assert (row.actor, row.channel) == (by, Channel.SYSTEM)
    line = TimelineEntry.objects.filter(household=task.household, description__endswith=task.title).latest(
        "pk"
    )
    verb = "vervallen" if cancelled else "afgerond"
    what = (
        "Termijn" if task.kind == TaskKind.LEGAL_TERM else "Taak"
    )  # a herindicatie is a date, not a law's term
    assert line.description == f"{what} {verb}: {task.title}"


def assert_open(task):
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN and task.done_on is None


# -- the research terms after a melding --------------------------------------------------------------------
def test_the_wmo_research_term_stays_open_for_a_draft_report_and_closes_when_it_is_final(world):
    _melding(world, Law.WMO)
    research = _term(world, Term.WMO_RESEARCH)
    report = _report(world)
    assert_open(research)  # a draft is not yet the research done
    assessment.report_finalise(acting_user=world.anna, report=report)
    assert_met(research, world.anna)


def test_a_decided_wmo_request_ends_the_research_term_too(world):
    _melding(world, Law.WMO)
    research = _term(world, Term.WMO_RESEARCH)
    request = _request(world)
    assert_open(research)  # the aanvraag alone does not end the research
    _decide(world.anna, request)
    assert_met(research, world.anna)
    assert_met(Task.objects.get(source_uuid=request.uuid), world.anna)


@pytest.mark.parametrize(
    ("acute", "term"),
    [(AcuteThreat.NONE, Term.DEBT_FIRST_TALK), (AcuteThreat.EVICTION, Term.DEBT_FIRST_TALK_ACUTE)],
)
def test_the_first_debt_talk_term_is_met_by_the_talk_recorded(world, acute, term):
    _melding(world, Law.DEBT, acute=acute)
    talk = _term(world, term)
    _report(world)
    assert_met(talk, world.anna)


# -- the decision terms after an aanvraag -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("law", "term"),
    [
        (ProvisionLaw.WMO, Term.WMO_DECISION),
        (ProvisionLaw.YOUTH, Term.YOUTH_DECISION),
        (ProvisionLaw.DEBT, Term.DEBT_PLAN),
    ],
)
def test_the_decision_term_closes_at_the_second_signature_not_at_the_first(world, law, term):
    _rules(world, four_eyes_above_cents=1)
    request = _request(world, law)
    decision = Task.objects.get(source_uuid=request.uuid, term=term)
    assert _decide(world.anna, request, kind=DecisionKind.WITHIN_RULES).approval_needed
    assert_open(decision)
    services.request_approve(acting_user=world.teun, request=request)
    assert_met(decision, world.teun)


def test_the_herindicatie_says_what_it_is_and_closes_when_the_new_research_starts(world):
    request = _request(world)
    _decide(world.anna, request)
    beschikking = request.beschikking
    reminder = Task.objects.get(source_uuid=beschikking.uuid, term=Term.REINDICATION)
    assert reminder.title.startswith(f"Herindicatie {request.provision.name}: nieuw onderzoek, beschikking ")
    services.reindication_start(acting_user=world.anna, request=request)
    assert_met(reminder, world.anna)


@pytest.mark.parametrize(
    ("committee", "term"), [(False, Term.OBJECTION_DECISION), (True, Term.OBJECTION_DECISION_COMMITTEE)]
)
def test_the_bezwaar_term_closes_at_the_decision_on_bezwaar(world, committee, term):
    objection = register(world, signed_request(world), advisory_committee=committee)
    task = Task.objects.get(source_uuid=objection.uuid, term=term)
    services.objection_decide(
        acting_user=world.teun,
        objection=objection,
        outcome=ObjectionOutcome.UNFOUNDED,
        decided_on=TODAY,
        motivation=MOTIVATION,
    )
    assert_met(task, world.teun)


# -- one test per term ---------------------------------------------------------------------------------------
CLOSED_BY = {
    Term.WMO_RESEARCH: "wijkregie.decisions.tests.test_terms_close"
    ".test_the_wmo_research_term_stays_open_for_a_draft_report_and_closes_when_it_is_final",
    Term.YOUTH_PLAN: "wijkregie.plans.tests.test_services"
    ".test_activation_freezes_version_1_and_plans_the_tasks",
    Term.DEBT_FIRST_TALK: "wijkregie.decisions.tests.test_terms_close"
    ".test_the_first_debt_talk_term_is_met_by_the_talk_recorded",
    Term.DEBT_FIRST_TALK_ACUTE: "wijkregie.decisions.tests.test_terms_close"
    ".test_the_first_debt_talk_term_is_met_by_the_talk_recorded",
    Term.WMO_DECISION: "wijkregie.decisions.tests.test_terms_close"
    ".test_the_decision_term_closes_at_the_second_signature_not_at_the_first",
    Term.YOUTH_DECISION: "wijkregie.decisions.tests.test_terms_close"
    ".test_the_decision_term_closes_at_the_second_signature_not_at_the_first",
    Term.DEBT_PLAN: "wijkregie.decisions.tests.test_terms_close"
    ".test_the_decision_term_closes_at_the_second_signature_not_at_the_first",
    Term.OBJECTION_DECISION: "wijkregie.decisions.tests.test_terms_close"
    ".test_the_bezwaar_term_closes_at_the_decision_on_bezwaar",
    Term.OBJECTION_DECISION_COMMITTEE: "wijkregie.decisions.tests.test_terms_close"
    ".test_the_bezwaar_term_closes_at_the_decision_on_bezwaar",
    Term.REINDICATION: "wijkregie.decisions.tests.test_terms_close"
    ".test_the_herindicatie_says_what_it_is_and_closes_when_the_new_research_starts",
    Term.PROVIDER_REQUEST_ANSWER: "wijkregie.allocations.tests.test_answer_319"
    ".test_a_granted_315_is_answered_in_onderzoek_without_a_reason",
    Term.PLAN_EVALUATION: "wijkregie.plans.tests.test_services"
    ".test_evaluation_stores_gas_per_goal_domain_rung_and_provision",
    Term.ACTION_END: "wijkregie.plans.tests.test_services.test_a_finished_action_closes_its_end_date_task",
}


def test_every_term_has_a_test_that_it_closes_when_met():
    assert set(CLOSED_BY) == set(Term)
    for path in CLOSED_BY.values():
        module, name = path.rsplit(".", 1)
        assert callable(getattr(importlib.import_module(module), name)), path
