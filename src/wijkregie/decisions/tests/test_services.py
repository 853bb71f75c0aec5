"""Maatwerk: legal terms per law, urgent Wmo, the six steps, deviations and their approval, the report."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from wijkregie.assessment import services as assessment_services
from wijkregie.assessment.constants import ReportStatus
from wijkregie.assessment.models import ConversationReport, Instrument
from wijkregie.audit.models import AuditEvent
from wijkregie.conftest import change_rows_flagged
from wijkregie.decisions import selectors, services
from wijkregie.decisions.constants import DecisionKind, Outcome, RequestStatus
from wijkregie.decisions.models import MaatwerkRequest, ReverseTest
from wijkregie.households.models import TimelineEntry
from wijkregie.provisions.constants import ProvisionKind, ProvisionLaw
from wijkregie.tasks.constants import TaskStatus, Term
from wijkregie.tasks.models import Task
from wijkregie.tasks.terms import TERMS

from .conftest import TODAY, head, make_provision

pytestmark = pytest.mark.django_db

STEPS = {
    "question_situation": "Mevrouw kan niet meer zelf douchen.",
    "needed_outcome": "Zelfstandig en veilig wassen.",
    "own_strength_network_general": "Dochter helpt twee keer per week.",
    "why_not_enough": "Dochter woont ver weg en werkt.",
    "law_intent": "Zelfredzaamheid thuis (Wmo art. 2.3.5 lid 3).",
    "outcome_fits_law": True,
    "rules": "Verordening art. 7: hulpmiddelen bij wassen.",
}


PRODUCT = services.Product(start_date=TODAY, end_date=datetime.date(2025, 12, 31), volume=3)


def _create(world, law=ProvisionLaw.WMO, **kwargs):
    values = {
        "acting_user": world.anna,
        "household": world.household,
        "resident": head(world.household),
        "provision": make_provision(world.west, law),
        "received_on": TODAY,
    }
    return services.request_create(**{**values, **kwargs})


def _filled(world, **kwargs):
    request = _create(world, **kwargs)
    services.reverse_test_save(acting_user=world.anna, request=request, **STEPS)
    return request


@pytest.mark.parametrize(
    ("law", "term"),
    [
        (ProvisionLaw.WMO, Term.WMO_DECISION),
        (ProvisionLaw.YOUTH, Term.YOUTH_DECISION),
        (ProvisionLaw.DEBT, Term.DEBT_PLAN),
    ],
)
def test_request_opens_the_legal_term_of_its_law(world, law, term):
    request = _create(world, law=law)
    task = Task.objects.get(source_uuid=request.uuid)
    assert task.term == term
    assert task.due_on == TERMS[term].end(TODAY)
    assert task.status == TaskStatus.OPEN
    assert request.law == law and request.status == RequestStatus.APPLICATION


def test_term_lengths():
    assert TERMS[Term.WMO_DECISION].end(TODAY) == datetime.date(2025, 3, 24)
    # 8 weeks end on 5 May 2025, Bevrijdingsdag in a lustrum year (Atw): the term moves to the 6th.
    assert TERMS[Term.YOUTH_DECISION].end(TODAY) == datetime.date(2025, 5, 6)
    assert TERMS[Term.DEBT_PLAN].weeks == 8


def test_participation_request_has_no_term(world):
    request = _create(world, law=ProvisionLaw.PARTICIPATION)
    assert not Task.objects.filter(source_uuid=request.uuid).exists()


def test_request_writes_audit_and_timeline(world):
    request = _create(world)
    assert AuditEvent.objects.filter(object_uuid=request.uuid).exists()
    assert TimelineEntry.objects.filter(
        household=world.household, description__startswith="Aanvraag"
    ).exists()


def test_urgent_wmo_without_temporary_provision_is_refused(world):
    with pytest.raises(ValidationError) as error:
        _create(world, urgent=True)
    assert "art. 2.3.3" in error.value.message_dict["temporary_provision_note"][0]
    assert not MaatwerkRequest.objects.exists() and not Task.objects.exists()
    request = _create(world, urgent=True, temporary_provision_note="Tijdelijk douchestoel geleend.")
    assert request.urgent


def test_request_needs_a_maatwerk_provision_of_the_municipality(world):
    with pytest.raises(ValidationError) as error:
        _create(world, provision=make_provision(world.zuid))
    assert "provision" in error.value.message_dict
    with pytest.raises(ValidationError):
        _create(world, provision=make_provision(world.west, kind=ProvisionKind.GENERAL, name="Koffie-uur"))
    assert not MaatwerkRequest.objects.exists()


def test_request_outside_the_policy_is_404(world):
    with pytest.raises(Http404):
        _create(world, acting_user=world.otto)
    assert not MaatwerkRequest.objects.exists()


def test_uitvraag_story_is_prefilled(world):
    instrument = Instrument.objects.filter(municipality__isnull=True).first()
    if instrument is None:
        assessment_services.builtin_instruments_install()
        instrument = Instrument.objects.filter(municipality__isnull=True).first()
    ConversationReport.objects.create(
        household=world.household,
        instrument=instrument,
        held_on=TODAY - datetime.timedelta(days=3),
        story="Het verhaal van de familie, één keer verteld.",
        status=ReportStatus.FINAL,
    )
    ConversationReport.objects.create(
        household=world.household,
        instrument=instrument,
        held_on=TODAY,
        story="Concept",
        status=ReportStatus.DRAFT,
    )
    request = _create(world)
    assert request.reverse_test.question_situation == "Het verhaal van de familie, één keer verteld."


def test_decide_with_a_missing_step_is_refused_and_nothing_saved(world):
    request = _create(world)
    services.reverse_test_save(acting_user=world.anna, request=request, **{**STEPS, "rules": ""})
    with pytest.raises(ValidationError) as error:
        services.request_decide(
            acting_user=world.anna,
            request=request,
            outcome=Outcome.GRANTED,
            decision_kind=DecisionKind.WITHIN_RULES,
            decided_on=TODAY,
            product=PRODUCT,
        )
    assert set(error.value.message_dict) == {"rules"}
    test = ReverseTest.objects.get(request=request)
    assert test.outcome == "" and test.decided_on is None
    request.refresh_from_db()
    assert request.status == RequestStatus.RESEARCH
    assert Task.objects.get(source_uuid=request.uuid).status == TaskStatus.OPEN


def test_decide_refuses_a_future_date(world):
    request = _filled(world)
    with pytest.raises(ValidationError) as error:
        services.request_decide(
            acting_user=world.anna,
            request=request,
            outcome=Outcome.GRANTED,
            decision_kind=DecisionKind.WITHIN_RULES,
            decided_on=TODAY + datetime.timedelta(days=1),
        )
    assert "decided_on" in error.value.message_dict


def test_decision_within_rules_closes_the_term(world):
    request = _filled(world)
    services.request_decide(
        acting_user=world.anna,
        request=request,
        outcome=Outcome.PARTLY_GRANTED,
        decision_kind=DecisionKind.WITHIN_RULES,
        decided_on=TODAY,
        product=PRODUCT,
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.DECISION
    assert Task.objects.get(source_uuid=request.uuid).status == TaskStatus.DONE
    with pytest.raises(ValidationError):
        services.reverse_test_save(acting_user=world.anna, request=request, rules="Anders")


def test_deviation_needs_motivation_and_a_second_person(world):
    request = _filled(world)
    with pytest.raises(ValidationError) as error:
        services.request_decide(
            acting_user=world.teun,
            request=request,
            outcome=Outcome.GRANTED,
            decision_kind=DecisionKind.DEVIATION,
            decided_on=TODAY,
        )
    assert "deviation_motivation" in error.value.message_dict
    services.request_decide(
        acting_user=world.teun,
        request=request,
        outcome=Outcome.GRANTED,
        decision_kind=DecisionKind.DEVIATION,
        deviation_motivation="De regel past hier niet; de wet beoogt zelfstandig wonen.",
        decided_on=TODAY,
        product=PRODUCT,
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.RESEARCH  # awaiting approval
    assert Task.objects.get(source_uuid=request.uuid).status == TaskStatus.OPEN
    # self-approval refused
    with pytest.raises(ValidationError):
        services.request_approve(acting_user=world.teun, request=request)
    # a consulent has no mandate
    with pytest.raises(ValidationError):
        services.request_approve(acting_user=world.anna, request=request)
    assert ReverseTest.objects.get(request=request).approved_by is None
    services.request_approve(acting_user=world.bo, request=request)
    request.refresh_from_db()
    test = request.reverse_test
    assert test.approved_by == world.bo and test.approved_on == TODAY
    assert request.status == RequestStatus.DECISION
    assert Task.objects.get(source_uuid=request.uuid).status == TaskStatus.DONE


def test_db_constraints(world):
    request = _create(world)
    test = request.reverse_test
    with transaction.atomic(), pytest.raises(IntegrityError):
        ReverseTest.objects.filter(pk=test.pk).update(decision_kind=DecisionKind.DEVIATION)
    with transaction.atomic(), pytest.raises(IntegrityError):
        ReverseTest.objects.filter(pk=test.pk).update(decided_by=world.teun, approved_by=world.teun)


def test_deviations_report_counts(world):
    for law, outcome in [
        (ProvisionLaw.WMO, Outcome.GRANTED),
        (ProvisionLaw.WMO, Outcome.GRANTED),
        (ProvisionLaw.YOUTH, Outcome.PARTLY_GRANTED),
    ]:
        request = _create(
            world,
            provision=make_provision(
                world.west, law, name=f"P {law} {outcome} {MaatwerkRequest.objects.count()}"
            ),
        )
        services.reverse_test_save(acting_user=world.anna, request=request, **STEPS)
        services.request_decide(
            acting_user=world.anna,
            request=request,
            outcome=outcome,
            decision_kind=DecisionKind.DEVIATION,
            deviation_motivation="In de geest van de wet.",
            decided_on=TODAY,
            product=PRODUCT,
        )
    within = _filled(world, provision=make_provision(world.west, name="Binnen"))
    services.request_decide(
        acting_user=world.anna,
        request=within,
        outcome=Outcome.REFUSED,
        decision_kind=DecisionKind.WITHIN_RULES,
        decided_on=TODAY,
    )
    rows = selectors.deviations_report(world.west, suppress=False)
    assert rows == [
        {"request__law": "jeugdwet", "outcome": "gedeeltelijke_toekenning", "count": 1},
        {"request__law": "wmo", "outcome": "toekenning", "count": 2},
    ]
    assert [row["count"] for row in selectors.deviations_report(world.west)] == [None, None]  # "<5"
    assert selectors.deviations_report(world.zuid) == []


def test_a_maatwerk_request_through_break_the_glass_is_flagged_at_every_step(world, otto_through_glass):
    request = _create(world, acting_user=otto_through_glass)
    services.reverse_test_save(acting_user=otto_through_glass, request=request, **STEPS)
    ordinary = _create(world)

    assert set(change_rows_flagged(object_uuid=request.uuid)) == {True}
    assert set(change_rows_flagged(object_uuid=request.reverse_test.uuid)) == {True}
    assert set(change_rows_flagged(object_uuid=ordinary.uuid)) == {False}
