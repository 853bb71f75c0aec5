"""Bezwaar and beroep (services): the decision term from the day after the bezwaar term, on working days,
6 or 12 weeks; a late bezwaar flagged; one postponement of at most six weeks moving the task; a
well-founded bezwaar opening a new request; refused input and refused users changing nothing; an audit
row and a timeline line with every write."""

import datetime
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.decisions import selectors, services
from wijkregie.decisions.constants import (
    DecisionKind,
    ObjectionOutcome,
    Outcome,
    RequestReason,
    RequestStatus,
)
from wijkregie.decisions.models import Beschikking, DecisionRules, MaatwerkRequest, Objection, ReverseTest
from wijkregie.decisions.services.objections import NO_MANDATE
from wijkregie.households.constants import TimelineKind
from wijkregie.households.models import BreakGlassGrant, HouseholdMembership, TimelineEntry
from wijkregie.tasks.constants import TaskKind, TaskStatus, Term
from wijkregie.tasks.models import Task

from .conftest import TODAY, head, make_provision
from .test_services import STEPS

pytestmark = pytest.mark.django_db

DENIED = ["otto", "zoe", "sanne", "piet", "carla", "bea", "fenna"]
MOTIVATION = "De situatie is opnieuw bekeken; de beperkingen zijn groter dan eerst gedacht."
REASON = "Het advies van de commissie is nog niet binnen."


def signed_request(world, signed_on=TODAY, reference="B-TEST-1", provision_name=None):
    """A refused request with a signed beschikking, made known on `signed_on`."""
    request = services.request_create(
        acting_user=world.anna,
        household=world.household,
        resident=head(world.household),
        provision=make_provision(world.west, name=provision_name),
        received_on=min(signed_on, TODAY) - timedelta(days=14),
    )
    ReverseTest.objects.filter(request=request).update(
        outcome=Outcome.REFUSED, decision_kind=DecisionKind.WITHIN_RULES, decided_on=signed_on
    )
    MaatwerkRequest.objects.filter(pk=request.pk).update(status=RequestStatus.DECISION)
    Beschikking.objects.create(
        request=request, reference=reference, signed_on=signed_on, motivation="Afgewezen: zie de toets."
    )
    return request


def register(world, request, user=None, **kwargs):
    values = {"received_on": TODAY, **kwargs}
    return services.objection_register(acting_user=user or world.anna, request=request, **values)


def snapshot():
    """Everything a write may touch, to prove that a refused one touched nothing."""
    return (
        list(Objection.objects.order_by("pk").values()),
        list(Task.objects.order_by("pk").values("pk", "status", "due_on", "extension_reason")),
        MaatwerkRequest.objects.count(),
        AuditEvent.objects.exclude(action=Action.READ).count(),
        TimelineEntry.objects.count(),
    )


def objection_task(objection):
    return Task.objects.get(source_uuid=objection.uuid)


# -- registering and the terms ------------------------------------------------------------------------------
def test_register_opens_six_weeks_from_the_day_after_the_bezwaar_term(world):
    request = signed_request(world)  # made known on Monday 10 March 2025
    objection = register(world, request)
    task = objection_task(objection)
    # Six weeks after 10 March is Monday 21 April, Tweede Paasdag: the bezwaar term ends on Tuesday 22 April
    # (Atw art. 1). The decision term runs six weeks from the day after that: Tuesday 3 June.
    assert task.term == Term.OBJECTION_DECISION
    assert task.kind == TaskKind.LEGAL_TERM
    assert task.start_date == datetime.date(2025, 4, 22)
    assert task.due_on == task.original_due_on == datetime.date(2025, 6, 3)
    assert task.team == world.team_a and task.status == TaskStatus.OPEN
    state = selectors.objection_term(objection)
    assert state.period_ends_on == datetime.date(2025, 4, 22)
    assert state.due_on == task.due_on and state.weeks == 6
    assert state.late is False and state.days_left == (task.due_on - TODAY).days
    assert objection.beschikking == request.beschikking and objection.created_by == world.anna
    assert objection.advisory_committee is False and objection.outcome == ""


def test_advisory_committee_gives_twelve_weeks(world):
    objection = register(world, signed_request(world), advisory_committee=True)
    task = objection_task(objection)
    assert task.term == Term.OBJECTION_DECISION_COMMITTEE
    assert task.start_date == datetime.date(2025, 4, 22)
    assert task.due_on == datetime.date(2025, 7, 15)
    assert selectors.objection_term(objection).weeks == 12


@pytest.mark.parametrize(
    ("default", "term"), [(True, Term.OBJECTION_DECISION_COMMITTEE), (False, Term.OBJECTION_DECISION)]
)
def test_without_a_choice_the_municipality_default_applies(world, default, term):
    DecisionRules.objects.create(municipality=world.west, advisory_committee=default)
    objection = register(world, signed_request(world))
    assert objection.advisory_committee is default
    assert objection_task(objection).term == term


def test_an_explicit_choice_overrides_the_municipality_default(world):
    DecisionRules.objects.create(municipality=world.west, advisory_committee=True)
    objection = register(world, signed_request(world), advisory_committee=False)
    assert objection_task(objection).term == Term.OBJECTION_DECISION


def test_a_late_bezwaar_is_registered_flagged_and_keeps_the_term_of_the_law(world):
    # Made known Monday 6 January: the bezwaar term ended Monday 17 February; received 10 March.
    request = signed_request(world, signed_on=datetime.date(2025, 1, 6))
    objection = register(world, request)
    state = selectors.objection_term(objection)
    assert state.period_ends_on == datetime.date(2025, 2, 17)
    assert state.late is True
    assert objection_task(objection).due_on == state.due_on == datetime.date(2025, 3, 31)
    line = TimelineEntry.objects.filter(household=world.household).latest("occurred_at", "pk")
    assert "na afloop van de bezwaartermijn" in line.description


def test_a_bezwaar_on_the_last_day_is_not_late(world):
    # Made known Monday 27 January: six weeks later is 10 March, the day it is received.
    objection = register(world, signed_request(world, signed_on=datetime.date(2025, 1, 27)))
    state = selectors.objection_term(objection)
    assert state.period_ends_on == TODAY
    assert state.late is False


def test_register_writes_one_audit_row_and_one_timeline_line(world):
    request = signed_request(world)
    audits = AuditEvent.objects.count()
    lines = TimelineEntry.objects.count()
    objection = register(world, request, channel=Channel.API)
    assert AuditEvent.objects.count() == audits + 1
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.channel, event.object_type) == (
        Action.CREATE,
        Channel.API,
        "decisions.objection",
    )
    assert event.object_uuid == objection.uuid and event.household_uuid == world.household.uuid
    assert event.fields == ["advisory_committee", "beschikking", "received_on"]
    assert TimelineEntry.objects.count() == lines + 1
    line = TimelineEntry.objects.latest("pk")
    assert line.kind == TimelineKind.PLAN and line.actor == world.anna
    assert line.description == (
        "Bezwaar ontvangen tegen beschikking B-TEST-1; beslissen uiterlijk 03-06-2025"
    )


def _unsigned(world):
    request = signed_request(world)
    Beschikking.objects.filter(request=request).update(signed_on=None)
    return request


def _without_beschikking(world):
    request = signed_request(world)
    Beschikking.objects.filter(request=request).delete()
    return request


@pytest.mark.parametrize(
    ("make", "kwargs", "field"),
    [
        (_unsigned, {}, "__all__"),
        (_without_beschikking, {}, "__all__"),
        (signed_request, {"received_on": TODAY + timedelta(days=1)}, "received_on"),
        (signed_request, {"received_on": TODAY - timedelta(days=1)}, "received_on"),
        (signed_request, {"received_on": None}, "received_on"),
    ],
)
def test_refused_registration_changes_nothing(world, make, kwargs, field):
    request = make(world)
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        register(world, request, **kwargs)
    assert field in error.value.message_dict
    assert snapshot() == before


def test_a_second_open_bezwaar_is_refused_until_the_first_is_decided(world):
    request = signed_request(world)
    first = register(world, request)
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        register(world, request)
    assert "Er loopt al een bezwaar" in error.value.message_dict["__all__"][0]
    assert snapshot() == before
    services.objection_decide(
        acting_user=world.teun,
        objection=first,
        outcome=ObjectionOutcome.INADMISSIBLE,
        decided_on=TODAY,
        motivation="Geen belanghebbende.",
    )
    assert register(world, request).pk != first.pk


@pytest.mark.parametrize("name", ["anna", "teun", "bo"])
def test_caseworkers_who_see_the_household_may_register(world, name):
    objection = register(world, signed_request(world), user=world.user(name))
    assert objection.created_by == world.user(name)


@pytest.mark.parametrize("name", DENIED)
def test_not_allowed_is_404_for_every_write_and_nothing_changes(world, name):
    request = signed_request(world)
    objection = register(world, request)
    before = snapshot()
    user = world.user(name)
    calls = [
        lambda: register(world, request, user=user),
        lambda: services.objection_postpone(acting_user=user, objection=objection, weeks=2, reason=REASON),
        lambda: services.objection_hearing_set(acting_user=user, objection=objection, hearing_on=TODAY),
        lambda: services.objection_decide(
            acting_user=user,
            objection=objection,
            outcome=ObjectionOutcome.WELL_FOUNDED,
            decided_on=TODAY,
            motivation=MOTIVATION,
        ),
        lambda: services.appeal_register(acting_user=user, objection=objection, filed_on=TODAY),
        lambda: services.appeal_decide(
            acting_user=user, objection=objection, outcome=ObjectionOutcome.UNFOUNDED, decided_on=TODAY
        ),
    ]
    for call in calls:
        with pytest.raises(Http404):
            call()
    with pytest.raises(Http404):
        selectors.objection_for(user, objection.uuid)
    assert snapshot() == before


# -- postponement -------------------------------------------------------------------------------------------
def test_postponement_moves_the_term_and_the_task_to_a_working_day(world):
    # Made known 3 March: bezwaar term to 14 April, decision by Monday 26 May. Two weeks on is Monday
    # 9 June, Pinkstermaandag: the postponed term ends Tuesday 10 June.
    objection = register(world, signed_request(world, signed_on=datetime.date(2025, 3, 3)))
    assert objection_task(objection).due_on == datetime.date(2025, 5, 26)
    audits = AuditEvent.objects.exclude(action=Action.READ).count()
    lines = TimelineEntry.objects.count()
    # The backoffice handles bezwaar; it is not on the team that holds the task.
    postponed = services.objection_postpone(
        acting_user=world.bo, objection=objection, weeks=2, reason=f"  {REASON}  "
    )
    assert postponed.postponed_weeks == 2 and postponed.postponement_reason == REASON
    task = objection_task(objection)
    assert task.due_on == selectors.objection_term(postponed).due_on == datetime.date(2025, 6, 10)
    assert task.original_due_on == datetime.date(2025, 5, 26)
    assert "Awb 7:10 lid 3" in task.extension_reason
    assert AuditEvent.objects.exclude(action=Action.READ).count() == audits + 1
    event = AuditEvent.objects.latest("pk")
    assert event.actor == world.bo and event.fields == ["postponed_weeks", "postponement_reason"]
    assert TimelineEntry.objects.count() == lines + 1
    assert TimelineEntry.objects.latest("pk").description == (
        "Beslissing op bezwaar verdaagd met 2 weken, tot uiterlijk 10-06-2025"
    )


@pytest.mark.parametrize(
    ("weeks", "reason", "fields"),
    [
        (0, REASON, {"weeks"}),
        (7, REASON, {"weeks"}),
        (None, REASON, {"weeks"}),
        (True, REASON, {"weeks"}),
        (3, "   kort   ", {"reason"}),
        (3, "", {"reason"}),
        (9, "", {"weeks", "reason"}),
    ],
)
def test_postponement_is_one_to_six_weeks_with_a_written_reason(world, weeks, reason, fields):
    objection = register(world, signed_request(world))
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.objection_postpone(acting_user=world.anna, objection=objection, weeks=weeks, reason=reason)
    assert set(error.value.message_dict) == fields
    assert snapshot() == before


def test_postponement_happens_once_and_six_weeks_is_the_most(world):
    objection = register(world, signed_request(world))
    services.objection_postpone(acting_user=world.anna, objection=objection, weeks=6, reason=REASON)
    assert objection_task(objection).due_on == datetime.date(2025, 7, 15)  # 3 June + 6 weeks
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.objection_postpone(acting_user=world.anna, objection=objection, weeks=1, reason=REASON)
    assert "maar één keer" in error.value.message_dict["weeks"][0]
    assert snapshot() == before


def test_postponement_after_the_term_ended_is_refused(world):
    # Made known 2 December 2024: decision due Monday 24 February 2025, before today.
    objection = register(world, signed_request(world, signed_on=datetime.date(2024, 12, 2)))
    assert selectors.objection_term(objection).days_left == -14
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.objection_postpone(acting_user=world.anna, objection=objection, weeks=2, reason=REASON)
    assert "al verstreken" in error.value.message_dict["weeks"][0]
    assert snapshot() == before


# -- hearing ------------------------------------------------------------------------------------------------
def test_hearing_is_planned_and_moved_not_before_receipt(world):
    objection = register(world, signed_request(world))
    planned = services.objection_hearing_set(
        acting_user=world.anna, objection=objection, hearing_on=datetime.date(2025, 4, 30)
    )
    assert planned.hearing_on == datetime.date(2025, 4, 30)
    moved = services.objection_hearing_set(
        acting_user=world.bo, objection=objection, hearing_on=datetime.date(2025, 5, 7)
    )
    assert moved.hearing_on == datetime.date(2025, 5, 7)
    assert AuditEvent.objects.filter(object_uuid=objection.uuid, fields=["hearing_on"]).count() == 2
    before = snapshot()
    for day in (TODAY - timedelta(days=1), None):
        with pytest.raises(ValidationError) as error:
            services.objection_hearing_set(acting_user=world.anna, objection=objection, hearing_on=day)
        assert "hearing_on" in error.value.message_dict
    assert snapshot() == before


# -- the decision on bezwaar --------------------------------------------------------------------------------
def test_well_founded_opens_a_new_request_that_follows_up_the_old_one(world):
    request = signed_request(world)
    objection = register(world, request)
    audits = AuditEvent.objects.exclude(action=Action.READ).count()
    decided = services.objection_decide(
        acting_user=world.bo,
        objection=objection,
        outcome=ObjectionOutcome.WELL_FOUNDED,
        decided_on=TODAY,
        motivation=MOTIVATION,
    )
    new = decided.new_request
    assert new is not None and new.pk != request.pk
    assert new.previous == request and new.reason == RequestReason.RECONSIDERATION
    assert new.received_on == TODAY and new.status == RequestStatus.APPLICATION
    assert (new.resident, new.provision, new.household) == (
        request.resident,
        request.provision,
        request.household,
    )
    assert ReverseTest.objects.get(request=new).decided_on is None  # the omgekeerde toets starts again
    assert Task.objects.get(source_uuid=new.uuid).term == Term.WMO_DECISION
    task = objection_task(objection)
    assert (task.status, task.done_on) == (TaskStatus.DONE, TODAY)
    assert (decided.outcome, decided.decided_on, decided.motivation) == (
        ObjectionOutcome.WELL_FOUNDED,
        TODAY,
        MOTIVATION,
    )
    # one row for the new request, one for the bezwaar term met, one for the decision on bezwaar
    assert AuditEvent.objects.exclude(action=Action.READ).count() == audits + 3
    assert AuditEvent.objects.get(object_uuid=task.uuid).fields == ["done_on", "status"]
    event = AuditEvent.objects.filter(object_uuid=objection.uuid).latest("pk")
    assert event.fields == ["decided_on", "motivation", "new_request", "outcome"]
    assert TimelineEntry.objects.latest("pk").description == (
        "Beslissing op bezwaar: gegrond (10-03-2025); nieuwe aanvraag voor een nieuw besluit geopend"
    )


@pytest.mark.parametrize("outcome", [ObjectionOutcome.UNFOUNDED, ObjectionOutcome.INADMISSIBLE])
def test_other_outcomes_close_the_term_without_a_new_request(world, outcome):
    objection = register(world, signed_request(world))
    requests = MaatwerkRequest.objects.count()
    decided = services.objection_decide(
        acting_user=world.teun, objection=objection, outcome=outcome, decided_on=TODAY, motivation=MOTIVATION
    )
    assert decided.outcome == outcome and decided.new_request is None
    assert MaatwerkRequest.objects.count() == requests
    assert objection_task(objection).status == TaskStatus.DONE
    assert selectors.objection_term(decided).days_left is None


def test_a_withdrawn_bezwaar_needs_no_motivation_and_cancels_the_term(world):
    objection = register(world, signed_request(world))
    decided = services.objection_decide(
        acting_user=world.teun, objection=objection, outcome=ObjectionOutcome.WITHDRAWN, decided_on=TODAY
    )
    assert decided.outcome == ObjectionOutcome.WITHDRAWN and decided.motivation == ""
    assert objection_task(objection).status == TaskStatus.CANCELLED
    assert TimelineEntry.objects.latest("pk").description == "Bezwaar ingetrokken (10-03-2025)"


@pytest.mark.parametrize(
    ("kwargs", "fields"),
    [
        ({"outcome": "toegewezen"}, {"outcome"}),
        ({"outcome": ""}, {"outcome"}),
        ({"motivation": "   "}, {"motivation"}),
        ({"decided_on": TODAY + timedelta(days=1)}, {"decided_on"}),
        ({"decided_on": TODAY - timedelta(days=1)}, {"decided_on"}),
        ({"decided_on": None, "motivation": ""}, {"decided_on", "motivation"}),
    ],
)
def test_refused_decision_changes_nothing(world, kwargs, fields):
    objection = register(world, signed_request(world))
    before = snapshot()
    values = {
        "outcome": ObjectionOutcome.WELL_FOUNDED,
        "decided_on": TODAY,
        "motivation": MOTIVATION,
        **kwargs,
    }
    with pytest.raises(ValidationError) as error:
        services.objection_decide(acting_user=world.teun, objection=objection, **values)
    assert set(error.value.message_dict) == fields
    assert snapshot() == before


def test_well_founded_without_the_resident_is_recorded_without_a_new_request(world):
    request = signed_request(world)
    objection = register(world, request)
    HouseholdMembership.objects.filter(household=world.household, resident=request.resident).update(
        end_date=TODAY
    )
    requests = MaatwerkRequest.objects.count()
    decided = services.objection_decide(
        acting_user=world.teun,
        objection=objection,
        outcome=ObjectionOutcome.WELL_FOUNDED,
        decided_on=TODAY,
        motivation=MOTIVATION,
    )
    assert (decided.outcome, decided.new_request) == (ObjectionOutcome.WELL_FOUNDED, None)
    assert MaatwerkRequest.objects.count() == requests
    assert objection_task(objection).status == TaskStatus.DONE
    assert AuditEvent.objects.latest("pk").fields == ["decided_on", "motivation", "outcome"]
    assert TimelineEntry.objects.latest("pk").description == (
        "Beslissing op bezwaar: gegrond (10-03-2025); geen nieuwe aanvraag geopend: de inwoner hoort "
        "niet meer bij dit huishouden"
    )


def test_after_the_decision_the_bezwaar_steps_are_closed(world):
    objection = register(world, signed_request(world))
    services.objection_decide(
        acting_user=world.teun,
        objection=objection,
        outcome=ObjectionOutcome.UNFOUNDED,
        decided_on=TODAY,
        motivation=MOTIVATION,
    )
    before = snapshot()
    calls = [
        lambda: services.objection_postpone(
            acting_user=world.anna, objection=objection, weeks=2, reason=REASON
        ),
        lambda: services.objection_hearing_set(acting_user=world.anna, objection=objection, hearing_on=TODAY),
        lambda: services.objection_decide(
            acting_user=world.teun,
            objection=objection,
            outcome=ObjectionOutcome.WELL_FOUNDED,
            decided_on=TODAY,
            motivation=MOTIVATION,
        ),
    ]
    for call in calls:
        with pytest.raises(ValidationError) as error:
            call()
        assert error.value.message_dict["__all__"] == ["Op dit bezwaar is al beslist."]
    assert snapshot() == before


# -- beroep -------------------------------------------------------------------------------------------------
def _decided(world, outcome=ObjectionOutcome.UNFOUNDED, decided_on=TODAY - timedelta(days=7)):
    objection = register(
        world,
        signed_request(world, signed_on=TODAY - timedelta(days=21)),
        received_on=TODAY - timedelta(days=14),
    )
    return services.objection_decide(
        acting_user=world.teun,
        objection=objection,
        outcome=outcome,
        decided_on=decided_on,
        motivation=MOTIVATION,
    )


def test_appeal_is_registered_and_then_its_ruling(world):
    objection = _decided(world)
    filed = services.appeal_register(
        acting_user=world.bo, objection=objection, filed_on=TODAY - timedelta(days=2)
    )
    assert filed.appeal_filed_on == TODAY - timedelta(days=2) and filed.appeal_outcome == ""
    event = AuditEvent.objects.latest("pk")
    assert event.fields == ["appeal_filed_on"] and event.object_uuid == objection.uuid
    assert TimelineEntry.objects.latest("pk").description == (
        "Beroep ingesteld tegen de beslissing op bezwaar (08-03-2025)"
    )
    ruled = services.appeal_decide(
        acting_user=world.teun, objection=objection, outcome=ObjectionOutcome.UNFOUNDED, decided_on=TODAY
    )
    assert (ruled.appeal_outcome, ruled.appeal_decided_on) == (ObjectionOutcome.UNFOUNDED, TODAY)
    assert AuditEvent.objects.latest("pk").fields == ["appeal_decided_on", "appeal_outcome"]
    assert TimelineEntry.objects.latest("pk").description == "Uitspraak in beroep: ongegrond (10-03-2025)"


def test_appeal_before_the_decision_on_bezwaar_is_refused(world):
    objection = register(world, signed_request(world))
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.appeal_register(acting_user=world.anna, objection=objection, filed_on=TODAY)
    assert "__all__" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.appeal_decide(
            acting_user=world.teun, objection=objection, outcome=ObjectionOutcome.UNFOUNDED, decided_on=TODAY
        )
    assert snapshot() == before


def test_no_appeal_against_a_withdrawn_bezwaar(world):
    objection = _decided(world, outcome=ObjectionOutcome.WITHDRAWN)
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.appeal_register(acting_user=world.anna, objection=objection, filed_on=TODAY)
    assert "ingetrokken" in error.value.message_dict["__all__"][0]
    assert snapshot() == before


@pytest.mark.parametrize("filed_on", [TODAY + timedelta(days=1), TODAY - timedelta(days=8), None])
def test_refused_appeal_dates_change_nothing(world, filed_on):
    objection = _decided(world)  # decided a week ago
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.appeal_register(acting_user=world.anna, objection=objection, filed_on=filed_on)
    assert list(error.value.message_dict) == ["filed_on"]
    assert snapshot() == before


def test_appeal_and_ruling_are_registered_once_with_valid_values(world):
    objection = _decided(world)
    services.appeal_register(acting_user=world.anna, objection=objection, filed_on=TODAY - timedelta(days=3))
    before = snapshot()
    with pytest.raises(ValidationError):
        services.appeal_register(acting_user=world.anna, objection=objection, filed_on=TODAY)
    for outcome, day, fields in [
        ("vernietigd", TODAY, {"outcome"}),
        (ObjectionOutcome.WELL_FOUNDED, TODAY - timedelta(days=4), {"decided_on"}),
        (ObjectionOutcome.WELL_FOUNDED, TODAY + timedelta(days=1), {"decided_on"}),
        ("", None, {"outcome", "decided_on"}),
    ]:
        with pytest.raises(ValidationError) as error:
            services.appeal_decide(
                acting_user=world.teun, objection=objection, outcome=outcome, decided_on=day
            )
        assert set(error.value.message_dict) == fields
    assert snapshot() == before
    services.appeal_decide(
        acting_user=world.teun, objection=objection, outcome=ObjectionOutcome.WELL_FOUNDED, decided_on=TODAY
    )
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.appeal_decide(
            acting_user=world.teun, objection=objection, outcome=ObjectionOutcome.UNFOUNDED, decided_on=TODAY
        )
    assert error.value.message_dict["__all__"] == ["De uitspraak in beroep is al vastgelegd."]
    assert snapshot() == before


def test_postponement_limit_check_constraint_holds_in_the_database(world):
    objection = register(world, signed_request(world))
    with pytest.raises(IntegrityError), transaction.atomic():
        Objection.objects.filter(pk=objection.pk).update(postponed_weeks=7)


# -- who decides on bezwaar (Awb 7:5) -----------------------------------------------------------------------
def _decide_objection(user, objection, outcome=ObjectionOutcome.UNFOUNDED):
    return services.objection_decide(
        acting_user=user, objection=objection, outcome=outcome, decided_on=TODAY, motivation=MOTIVATION
    )


def test_deciding_on_bezwaar_needs_a_co_sign_mandate_and_changes_nothing_without(world):
    objection = register(world, signed_request(world))
    before = snapshot()
    # anna sees the household and decides light maatwerk, but may not co-sign
    with pytest.raises(ValidationError) as error:
        _decide_objection(world.anna, objection, ObjectionOutcome.WELL_FOUNDED)
    assert error.value.message_dict == {"__all__": [NO_MANDATE]}
    assert snapshot() == before
    assert _decide_objection(world.bo, objection).outcome == ObjectionOutcome.UNFOUNDED


def test_registering_the_ruling_in_beroep_needs_a_co_sign_mandate(world):
    objection = _decided(world)
    services.appeal_register(acting_user=world.anna, objection=objection, filed_on=TODAY)
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.appeal_decide(
            acting_user=world.anna, objection=objection, outcome=ObjectionOutcome.UNFOUNDED, decided_on=TODAY
        )
    assert error.value.message_dict == {"__all__": [NO_MANDATE]}
    assert snapshot() == before


@pytest.mark.parametrize(
    ("model", "field"),
    [(ReverseTest, "decided_by"), (ReverseTest, "approved_by"), (Beschikking, "signed_by")],
)
def test_who_decided_or_signed_the_beschikking_does_not_decide_on_the_bezwaar(world, model, field):
    request = signed_request(world)
    model.objects.filter(request=request).update(**{field: world.teun})
    objection = register(world, request)
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        _decide_objection(world.teun, objection)
    assert "Awb 7:5" in error.value.message_dict["__all__"][0]
    assert snapshot() == before
    _decide_objection(world.bo, objection)
    services.appeal_register(acting_user=world.bo, objection=objection, filed_on=TODAY)
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.appeal_decide(
            acting_user=world.teun, objection=objection, outcome=ObjectionOutcome.UNFOUNDED, decided_on=TODAY
        )
    assert "Awb 7:5" in error.value.message_dict["__all__"][0]
    assert snapshot() == before


def test_an_unknown_amount_takes_a_co_sign_mandate_without_a_ceiling(world):
    request = signed_request(world)
    Beschikking.objects.filter(request=request).update(yearly_cents=None)
    objection = register(world, request)
    with pytest.raises(ValidationError):
        _decide_objection(world.teun, objection)  # teun co-signs up to € 15.000 a year
    assert _decide_objection(world.bo, objection).outcome == ObjectionOutcome.UNFOUNDED


# -- break-the-glass ----------------------------------------------------------------------------------------
def test_writes_through_break_the_glass_are_flagged(world):
    request = signed_request(world)
    BreakGlassGrant.objects.create(
        user=world.otto,
        household=world.household,
        reason="Crisis melding politie, dringend contact nodig",
        expires_at=timezone.now() + timedelta(hours=1),
    )
    objection = register(world, request, user=world.otto)
    services.objection_hearing_set(acting_user=world.otto, objection=objection, hearing_on=TODAY)
    rows = AuditEvent.objects.filter(actor=world.otto, object_uuid=objection.uuid)
    assert list(rows.order_by("pk").values_list("action", "break_glass")) == [
        (Action.CREATE, True),
        (Action.UPDATE, True),
    ]
    services.objection_hearing_set(acting_user=world.anna, objection=objection, hearing_on=TODAY)
    assert AuditEvent.objects.filter(actor=world.anna, object_uuid=objection.uuid).get().break_glass is False


# -- a well-founded bezwaar or beroep replaces the beschikking ----------------------------------------------
def _granted(world):
    """A granted beschikking with an end date, signed by anna: its herindicatie reminder is open."""
    request = services.request_create(
        acting_user=world.anna,
        household=world.household,
        resident=head(world.household),
        provision=make_provision(world.west),
        received_on=TODAY,
    )
    services.reverse_test_save(acting_user=world.anna, request=request, **STEPS)
    services.request_decide(
        acting_user=world.anna,
        request=request,
        outcome=Outcome.GRANTED,
        decision_kind=DecisionKind.WITHIN_RULES,
        decided_on=TODAY,
        product=services.Product(start_date=TODAY, end_date=datetime.date(2025, 12, 31), volume=1),
    )
    return MaatwerkRequest.objects.get(pk=request.pk)


def _reminder(request):
    return Task.objects.get(source_uuid=request.beschikking.uuid, term=Term.REINDICATION)


def test_well_founded_bezwaar_cancels_the_herindicatie(world):
    request = _granted(world)
    assert _reminder(request).status == TaskStatus.OPEN
    assert selectors.may_start_reindication(request, request.beschikking)
    _decide_objection(world.teun, register(world, request), ObjectionOutcome.WELL_FOUNDED)
    assert _reminder(request).status == TaskStatus.CANCELLED
    assert not selectors.may_start_reindication(request, request.beschikking)
    with pytest.raises(ValidationError) as error:
        services.reindication_start(acting_user=world.anna, request=request)
    assert "gegrond" in error.value.message_dict["__all__"][0]
    assert not MaatwerkRequest.objects.filter(previous=request, reason=RequestReason.REINDICATION).exists()


def test_unfounded_bezwaar_keeps_the_herindicatie(world):
    request = _granted(world)
    _decide_objection(world.teun, register(world, request), ObjectionOutcome.UNFOUNDED)
    assert _reminder(request).status == TaskStatus.OPEN
    assert selectors.may_start_reindication(request, request.beschikking)


def test_well_founded_beroep_opens_a_new_request_once(world):
    request = _granted(world)
    objection = _decide_objection(world.teun, register(world, request), ObjectionOutcome.UNFOUNDED)
    services.appeal_register(acting_user=world.anna, objection=objection, filed_on=TODAY)
    ruled = services.appeal_decide(
        acting_user=world.bo, objection=objection, outcome=ObjectionOutcome.WELL_FOUNDED, decided_on=TODAY
    )
    new = ruled.new_request
    assert new is not None and (new.previous, new.reason) == (request, RequestReason.RECONSIDERATION)
    assert new.status == RequestStatus.APPLICATION
    assert _reminder(request).status == TaskStatus.CANCELLED
    assert not selectors.may_start_reindication(request, request.beschikking)
    event = AuditEvent.objects.filter(object_uuid=objection.uuid).latest("pk")
    assert event.fields == ["appeal_decided_on", "appeal_outcome", "new_request"]
    assert TimelineEntry.objects.latest("pk").description == (
        "Uitspraak in beroep: gegrond (10-03-2025); nieuwe aanvraag voor een nieuw besluit geopend"
    )


def test_well_founded_beroep_after_a_well_founded_bezwaar_opens_no_second_request(world):
    request = _granted(world)
    objection = _decide_objection(world.teun, register(world, request), ObjectionOutcome.WELL_FOUNDED)
    services.appeal_register(acting_user=world.anna, objection=objection, filed_on=TODAY)
    requests = MaatwerkRequest.objects.count()
    ruled = services.appeal_decide(
        acting_user=world.bo, objection=objection, outcome=ObjectionOutcome.WELL_FOUNDED, decided_on=TODAY
    )
    assert ruled.new_request == objection.new_request is not None
    assert MaatwerkRequest.objects.count() == requests
