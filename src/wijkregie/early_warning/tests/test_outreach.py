"""The outreach work on a zaak, with the definitions enforced at input and the warm handover."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from pypdf import PdfReader

from wijkregie.early_warning.constants import CaseResult, HandoverLine, PartnerType
from wijkregie.early_warning.models import ContactAttempt, SignalCase, SignalLetter
from wijkregie.early_warning.services.outreach import (
    CREDIT_BANK_TASK,
    AttemptData,
    ResultData,
    case_close,
    case_letters_make,
    case_pick_up,
    contact_attempt_add,
)
from wijkregie.households.constants import Relation
from wijkregie.households.models import HouseholdMembership
from wijkregie.households.tests.factories import ResidentFactory
from wijkregie.intake.constants import AcuteThreat, Law, MeldingChannel
from wijkregie.tasks.constants import Term
from wijkregie.tasks.models import Task

from .factories import SignalCaseFactory, SignalFactory

SIGNAL_DAY = datetime.date(2026, 10, 5)
PHONED = AttemptData(kind="Telefoon", made_on=datetime.date(2026, 11, 2), day_part="Ochtend", reached=True)


@pytest.fixture
def case(world):
    head = world.household.memberships.heads().get().resident
    partner = ResidentFactory(postcode="9711AB")
    HouseholdMembership.objects.create(
        household=world.household,
        resident=partner,
        relation=Relation.PARTNER,
        start_date=datetime.date(2020, 1, 1),
    )
    zaak = SignalCaseFactory(
        municipality=world.west, household=world.household, team=world.welfare, signal_count=2,
        oldest_signal_on=SIGNAL_DAY,
    )  # fmt: skip
    SignalFactory(
        municipality=world.west, case=zaak, resident=head, partner_type=PartnerType.ENERGY, crisis=True
    )
    SignalFactory(municipality=world.west, case=zaak, resident=partner, partner_type=PartnerType.HEALTH)
    zaak.crisis = True
    zaak.save()
    return zaak


def _attempt(world, case, *, reached=True, on=datetime.date(2026, 11, 2)):
    return contact_attempt_add(
        acting_user=world.sanne,
        case=case,
        data=AttemptData(kind="Telefoon", made_on=on, day_part="Ochtend", reached=reached),
    )


def _close(world, case, result, **kwargs):
    data = ResultData(result=result, result_on=kwargs.pop("on", datetime.date(2026, 11, 10)), **kwargs)
    return case_close(acting_user=world.sanne, case=case, data=data)


def _errors(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_the_first_contact_attempt_picks_the_zaak_up_and_gives_it_a_worker(world, case):
    attempt = _attempt(world, case, reached=False)

    case.refresh_from_db()
    assert (case.picked_up_on, case.worker) == (attempt.made_on, world.sanne)
    assert ContactAttempt.objects.filter(case=case).count() == 1


def test_a_contact_attempt_before_the_signal_date_or_in_the_future_is_refused(world, case):
    assert "made_on" in _errors(lambda: _attempt(world, case, on=SIGNAL_DAY - datetime.timedelta(days=1)))
    assert "made_on" in _errors(lambda: _attempt(world, case, on=datetime.date(2026, 11, 19)))
    assert ContactAttempt.objects.count() == 0


def test_a_result_needs_a_pick_up_date_and_not_picked_up_forbids_one(world, case):
    assert _errors(lambda: _close(world, case, CaseResult.NO_CONTACT))["result"] == [
        "Pak de zaak eerst op: dit eindresultaat vraagt een datum van oppakken."
    ]
    case_pick_up(acting_user=world.sanne, case=case, on=datetime.date(2026, 11, 2))
    case.refresh_from_db()
    assert "result" in _errors(lambda: _close(world, case, CaseResult.NOT_PICKED_OTHER))
    case.refresh_from_db()
    assert case.result == ""


def test_help_accepted_or_paid_themselves_needs_a_reached_attempt(world, case):
    _attempt(world, case, reached=False)
    case.refresh_from_db()
    for result in (CaseResult.ADVICE, CaseResult.PAID, CaseResult.SELF):
        assert "minstens één contactpoging" in _errors(lambda r=result: _close(world, case, r))["result"][0]
    _attempt(world, case, reached=True, on=datetime.date(2026, 11, 4))
    case.refresh_from_db()

    closed = _close(world, case, CaseResult.PAID)

    assert (closed.result, closed.result_on, closed.melding) == (
        CaseResult.PAID,
        datetime.date(2026, 11, 10),
        None,
    )


def test_not_reached_after_attempts_closes_without_a_reached_attempt(world, case):
    _attempt(world, case, reached=False)
    case.refresh_from_db()
    assert _close(world, case, CaseResult.NO_CONTACT).result == CaseResult.NO_CONTACT


def test_follow_up_help_hands_over_as_a_wgs_melding_with_the_acute_term_for_a_crisis(world, case):
    _attempt(world, case)
    case.refresh_from_db()

    closed = _close(
        world, case, CaseResult.FOLLOW_UP_FINANCIAL, handover_line=HandoverLine.FIRST,
        question="Ik wil hulp bij mijn energierekening.",
    )  # fmt: skip

    melding = closed.melding
    assert melding.channel == MeldingChannel.EARLY_WARNING and melding.laws == [Law.DEBT]
    assert melding.acute_threat == AcuteThreat.ENERGY_CUTOFF and melding.household == world.household
    assert melding.team is not None  # routed by the municipality's rules
    task = Task.objects.get(source_uuid=melding.uuid)
    assert task.term == Term.DEBT_FIRST_TALK_ACUTE
    assert not Task.objects.filter(title=CREDIT_BANK_TASK).exists()


def test_second_line_help_also_gives_the_kredietbank_its_intake_task(world, case):
    _attempt(world, case)
    case.refresh_from_db()

    closed = _close(
        world, case, CaseResult.FOLLOW_UP, handover_line=HandoverLine.SECOND, question="Alles loopt vast."
    )

    task = Task.objects.get(title=CREDIT_BANK_TASK)
    assert task.source_uuid == closed.melding.uuid and task.due_on == datetime.date(
        2026, 11, 24
    )  # 10 working days


def test_a_handover_needs_its_line_and_the_question(world, case):
    _attempt(world, case)
    case.refresh_from_db()
    errors = _errors(lambda: _close(world, case, CaseResult.FOLLOW_UP))
    assert set(errors) == {"handover_line", "question"}
    case.refresh_from_db()
    assert case.result == "" and case.melding is None


def test_each_signalled_member_gets_a_letter_with_only_their_own_creditor(world, case):
    letters = case_letters_make(acting_user=world.sanne, case=case)

    assert len(letters) == 2 and SignalLetter.objects.count() == 2
    texts = {letter.resident.full_name: _text(letter.pdf) for letter in letters}
    head = world.household.memberships.heads().get().resident
    assert "energierekening" in texts[head.full_name] and "zorgverzekering" not in texts[head.full_name]
    assert "€" not in "".join(texts.values())
    assert case_letters_make(acting_user=world.sanne, case=case) == letters  # made once
    case.refresh_from_db()
    assert case.picked_up_on is not None


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(pdf))).pages)


@pytest.mark.parametrize("name", ["anna", "teun", "bo", "fenna", "bea", "piet", "zoe"])
def test_only_the_outreach_team_works_a_zaak(world, case, name):
    with pytest.raises(Http404):
        contact_attempt_add(acting_user=world.user(name), case=case, data=PHONED)
    with pytest.raises(Http404):
        case_pick_up(acting_user=world.user(name), case=case)
    assert ContactAttempt.objects.count() == 0
    assert SignalCase.objects.get(pk=case.pk).picked_up_on is None


def test_the_inzage_document_holds_the_resident_s_signals_and_their_zaak_but_not_another_member_s(
    world, case
):
    from wijkregie.early_warning.inzage import signals_of

    _attempt(world, case)
    head = world.household.memberships.heads().get().resident

    found = signals_of(head)

    assert [item["soort_partner"] for item in found] == ["Energie"]  # not the partner's Zorg signal
    assert found[0]["zaak"]["contactpogingen"] == [
        {"datum": "2026-11-02", "dagdeel": "Ochtend", "soort": "Telefoon", "bereikt": True}
    ]
