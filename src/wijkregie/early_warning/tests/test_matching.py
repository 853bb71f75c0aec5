"""Matching and bundling: each signal ends matched in its household's zaak or with its reason, per check in
the documented order; a second run over the same period changes nothing."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from wijkregie.core.identifiers import bsn_with_check_digit
from wijkregie.early_warning.constants import CaseResult, SignalStatus
from wijkregie.early_warning.models import MatchingRun, Signal, SignalCase
from wijkregie.early_warning.services.files import signal_file_import
from wijkregie.early_warning.services.matching import matching_run
from wijkregie.households.constants import Relation, TimelineKind
from wijkregie.households.models import HouseholdMembership, Resident, TimelineEntry
from wijkregie.households.tests.factories import HouseholdFactory, ResidentFactory
from wijkregie.intake.constants import Law, MeldingChannel, Urgency
from wijkregie.intake.services import MeldingData, melding_create
from wijkregie.integrations.brp.fake import DECEASED_BSN, MOVED_AWAY_BSN, NOT_FOUND_BSN, FakeBrpClient
from wijkregie.organisation.selectors import sample_addresses

from .conftest import signal, signals_file
from .factories import SignalFactory

OCTOBER = (datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))


def _run(world, user=None):
    return matching_run(
        acting_user=user or world.sanne,
        municipality=world.west,
        period_start=OCTOBER[0],
        period_end=OCTOBER[1],
    )


def _read(world, *items, user=None):
    return signal_file_import(
        acting_user=user or world.sanne, municipality=world.west, content=signals_file(*items), name="s.json"
    )


@pytest.fixture
def people(world):
    head = world.household.memberships.heads().get().resident
    partner = ResidentFactory(postcode="9711AB", birth_date=datetime.date(1980, 3, 4))
    HouseholdMembership.objects.create(
        household=world.household,
        resident=partner,
        relation=Relation.PARTNER,
        start_date=datetime.date(2020, 1, 1),
    )
    other = HouseholdFactory(district=world.west_noord, head=ResidentFactory(postcode="9712CD"))
    return {
        "head": head,
        "partner": partner,
        "other": other.memberships.heads().get().resident,
        "zuid": world.zuid_household.memberships.heads().get().resident,
    }


def _status(external_id: str) -> str:
    return Signal.objects.get(external_id=external_id).status


def test_the_members_of_one_household_become_one_zaak_with_their_partners_and_total(world, people):
    other = people["other"]
    _read(
        world,
        signal("A", partner="Huur", amount=800, burgerservicenummer=people["head"].bsn),
        signal("B", partner="Energie", amount=250, burgerservicenummer=people["partner"].bsn),
        signal("C", partner="Zorg", amount=120, postcode="9712 cd", huisnummer=str(other.house_number),
               geboortedatum=other.birth_date.isoformat()),
    )  # fmt: skip

    run = _run(world)

    case = SignalCase.objects.get(household=world.household)
    assert (case.signal_count, case.person_count, case.total_amount) == (2, 2, 1050)
    assert case.partner_types == ["Energie", "Huur"]
    assert case.team == world.welfare and case.district == world.west_centrum
    assert (case.period_start, case.period_end, case.matched_on) == (*OCTOBER, run.matched_on)
    other_case = SignalCase.objects.get(household=people["other"].memberships.get().household)
    assert other_case.signal_count == 1
    assert Signal.objects.get(external_id="C").resident == people["other"]
    assert run.counts["zaken_nieuw"] == 2 and run.counts["per_status"] == {SignalStatus.MATCHED: 3}
    assert (
        TimelineEntry.objects.filter(household=world.household, kind=TimelineKind.EARLY_SIGNAL).count() == 1
    )


def test_each_check_gives_its_own_status_and_reason(world, people):
    debt_household = HouseholdFactory(district=world.west_centrum, in_caseload_of=(world.team_a, world.anna))
    debtor = debt_household.memberships.heads().get().resident
    melding_create(
        acting_user=world.anna,
        household=debt_household,
        resident=debtor,
        data=MeldingData(
            channel=MeldingChannel.RESIDENT, question="Ik heb schulden.", laws=[Law.DEBT],
            urgency=Urgency.REGULAR, resident_informed=True,
        ),
    )  # fmt: skip
    _read(
        world,
        signal("gone", burgerservicenummer=MOVED_AWAY_BSN),
        signal("dead", burgerservicenummer=DECEASED_BSN),
        signal("unknown", burgerservicenummer=NOT_FOUND_BSN),
        signal("zuid", burgerservicenummer=people["zuid"].bsn),
        signal("known", burgerservicenummer=debtor.bsn),
        signal("small", amount=74, burgerservicenummer=people["head"].bsn),
        signal("crisis-small", partner="Energie", amount=20, burgerservicenummer=people["partner"].bsn)
        | {"crisissignaal": True},
        signal("nobody", postcode="9711AB", huisnummer="999", geboortedatum="1950-01-01"),
        signal("elsewhere", postcode="1011AB", huisnummer="1", geboortedatum="1950-01-01"),
    )

    _run(world)

    assert _status("gone") == SignalStatus.NOT_RESIDENT
    assert _status("dead") == SignalStatus.DECEASED
    assert _status("unknown") == SignalStatus.UNFOUNDED
    assert _status("zuid") == SignalStatus.NOT_RESIDENT
    assert _status("known") == SignalStatus.KNOWN
    assert _status("small") == SignalStatus.OTHER_REASON
    assert "€ 75" in Signal.objects.get(external_id="small").status_reason
    assert _status("crisis-small") == SignalStatus.MATCHED
    assert SignalCase.objects.get(household=world.household).crisis is True
    assert _status("nobody") == SignalStatus.OTHER_REASON
    assert _status("elsewhere") == SignalStatus.NOT_RESIDENT


def _placed_in(code: str) -> str:
    """A fictional BSN the BRP fake places in the municipality with this CBS code."""
    client = FakeBrpClient(sample_addresses())
    for base in range(99_990_100, 99_999_999):
        bsn = bsn_with_check_digit(base)
        if bsn and (person := client.find_by_bsn(bsn)) and person.municipality_code == code:
            return bsn
    raise AssertionError("no such BSN")


def test_a_person_the_register_does_not_know_is_registered_from_the_brp_when_living_here(world):
    here, there = _placed_in(world.west.cbs_code), _placed_in(world.zuid.cbs_code)
    _read(world, signal("here", burgerservicenummer=here), signal("there", burgerservicenummer=there))

    _run(world)

    resident = Resident.objects.get(bsn=here)
    found = Signal.objects.get(external_id="here")
    assert found.status == SignalStatus.MATCHED and found.resident == resident
    assert found.case.household.municipality == world.west
    assert _status("there") == SignalStatus.NOT_RESIDENT
    assert not Resident.objects.filter(bsn=there).exists()


def test_a_signal_not_higher_than_an_earlier_one_of_the_same_partner_is_a_repeat(world, people):
    bsn = people["head"].bsn
    _read(world, signal("sept", amount=500, on="2026-09-10", burgerservicenummer=bsn))
    matching_run(
        acting_user=world.sanne,
        municipality=world.west,
        period_start=datetime.date(2026, 9, 1),
        period_end=datetime.date(2026, 9, 30),
    )
    _read(
        world,
        signal("oct-lower", amount=480, on="2026-10-02", burgerservicenummer=bsn),
        signal("oct-higher", amount=900, on="2026-10-03", burgerservicenummer=bsn),
        signal("oct-water", partner="Water", amount=100, on="2026-10-03", burgerservicenummer=bsn),
    )

    _run(world)

    assert _status("oct-lower") == SignalStatus.REPEATED
    assert _status("oct-higher") == SignalStatus.MATCHED
    assert _status("oct-water") == SignalStatus.MATCHED


def test_a_repeat_outside_the_window_is_picked_up_again(world, people):
    bsn = people["head"].bsn
    _read(world, signal("june", amount=500, on="2026-07-01", burgerservicenummer=bsn))
    _read(world, signal("oct", amount=400, on="2026-10-01", burgerservicenummer=bsn))  # 92 days later

    _run(world)

    assert _status("oct") == SignalStatus.MATCHED  # the 90-day window has passed


def test_a_second_run_over_the_same_period_changes_nothing_and_a_later_signal_extends_the_zaak(world, people):
    _read(world, signal("A", burgerservicenummer=people["head"].bsn))
    _run(world)
    before = list(Signal.objects.values_list("pk", "status", "case_id"))

    again = _run(world)

    assert list(Signal.objects.values_list("pk", "status", "case_id")) == before
    assert again.counts["signalen"] == 0 and again.counts["zaken_nieuw"] == 0
    _read(
        world,
        signal("B", partner="Water", amount=90, on="2026-10-20", burgerservicenummer=people["partner"].bsn),
    )
    third = _run(world)
    case = SignalCase.objects.get(household=world.household)
    assert third.counts["zaken_aangevuld"] == 1 and case.signal_count == 2 and case.total_amount == 490
    assert MatchingRun.objects.count() == 3


def test_a_signal_after_the_zaak_of_the_period_was_closed_starts_a_new_zaak(world, people):
    _read(world, signal("A", burgerservicenummer=people["head"].bsn))
    _run(world)
    closed = SignalCase.objects.get(household=world.household)
    SignalCase.objects.filter(pk=closed.pk).update(
        result=CaseResult.SELF, result_on=datetime.date(2026, 11, 2)
    )
    _read(world, signal("B", partner="Water", amount=90, burgerservicenummer=people["partner"].bsn))

    run = _run(world)

    assert (run.counts["zaken_nieuw"], run.counts["zaken_aangevuld"]) == (1, 0)
    later = SignalCase.objects.get(household=world.household, result="")
    closed.refresh_from_db()
    assert (closed.signal_count, closed.total_amount, closed.result) == (1, 400, CaseResult.SELF)
    assert (later.signal_count, later.total_amount, later.partner_types) == (1, 90, ["Water"])
    assert Signal.objects.get(external_id="B").case == later


def test_two_open_zaken_of_one_household_and_period_are_refused_by_the_database(world, people):
    _read(world, signal("A", burgerservicenummer=people["head"].bsn))
    _run(world)
    case = SignalCase.objects.get()
    case.pk = None
    case.uuid = uuid.uuid4()

    with pytest.raises(IntegrityError), transaction.atomic():
        case.save()


def test_an_earlier_signal_in_another_municipality_does_not_make_a_repeat(world, people):
    head = people["head"]
    SignalFactory(
        municipality=world.zuid,
        resident=head,
        amount=500,
        signal_date=datetime.date(2026, 9, 10),
        status=SignalStatus.MATCHED,
    )  # before the resident moved to Westerkwartier
    _read(world, signal("oct-lower", amount=480, on="2026-10-02", burgerservicenummer=head.bsn))

    _run(world)

    assert _status("oct-lower") == SignalStatus.MATCHED


def test_only_the_beheerder_and_the_outreach_team_start_a_run(world, people):
    for name in ("anna", "teun", "bo", "bea", "carla", "piet"):
        with pytest.raises(Http404):
            _run(world, world.user(name))
    assert MatchingRun.objects.count() == 0
    assert _run(world, world.fenna).started_by == world.fenna


def test_a_period_that_ends_before_it_starts_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        matching_run(
            acting_user=world.sanne,
            municipality=world.west,
            period_start=datetime.date(2026, 10, 31),
            period_end=datetime.date(2026, 10, 1),
        )
    assert "period_end" in caught.value.message_dict
    assert MatchingRun.objects.count() == 0
