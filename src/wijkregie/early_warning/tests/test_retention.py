"""Retention: each term on its boundary day (the day before: kept; on the day: deleted), open zaken never,
the tallies equal to the figures before deletion, a second run that does nothing, the audit rows without a
BSN, the preview that says exactly what the run then deletes, a batch that lost a race, the terms as the
beheerder sets them, and the nightly job."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.core.identifiers import bsn_with_check_digit
from wijkregie.core.versioning import EditedMeanwhile
from wijkregie.early_warning.constants import CaseResult, SignalStatus
from wijkregie.early_warning.models import (
    ContactAttempt,
    EarlyWarningSettings,
    MonthTally,
    Signal,
    SignalCase,
    SignalFile,
    SignalLetter,
)
from wijkregie.early_warning.monitoring import monitoring
from wijkregie.early_warning.services import retention
from wijkregie.early_warning.services.files import signal_file_import
from wijkregie.early_warning.services.retention import (
    last_day_due,
    retention_nightly,
    retention_preview,
    retention_run,
    retention_settings_update,
)
from wijkregie.early_warning.tests.factories import (
    ContactAttemptFactory,
    MatchingRunFactory,
    SettingsFactory,
    SignalCaseFactory,
    SignalFactory,
)
from wijkregie.households.constants import TimelineKind
from wijkregie.households.models import TimelineEntry
from wijkregie.households.tests.factories import HouseholdFactory, ResidentFactory

from .conftest import signal, signals_file
from .scenario import build

pytestmark = pytest.mark.django_db
D = datetime.date


def _zaak(world, *, period_start, result="", result_on=None, picked_up_on=None, signals=1, household=None):
    run = MatchingRunFactory(
        municipality=world.west,
        period_start=period_start,
        period_end=period_start + datetime.timedelta(days=27),
        matched_on=period_start + datetime.timedelta(days=30),
    )
    case = SignalCaseFactory(
        municipality=world.west,
        household=household or HouseholdFactory(district=world.west_centrum),
        team=world.welfare,
        matching_run=run,
        signal_count=signals,
        picked_up_on=picked_up_on,
        result=result,
        result_on=result_on,
    )
    for n in range(signals):
        SignalFactory(
            municipality=world.west,
            case=case,
            resident=ResidentFactory(),
            signal_date=period_start + datetime.timedelta(days=n),
        )
    # made on its matching day, last changed on its result day (a factory would say: now)
    SignalCase.objects.filter(pk=case.pk).update(
        created_at=_at(case.matched_on, 9), updated_at=_at(result_on or case.matched_on, 17)
    )
    case.refresh_from_db()
    return case


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _exists(obj) -> bool:
    return type(obj).objects.filter(pk=obj.pk).exists()


def _run(world, today):
    return retention_run(today=today, municipality=world.west)


# -- the terms on their boundary day -------------------------------------------------------------------------
def test_a_signal_not_picked_up_goes_six_months_after_its_signal_date(world):
    signal = SignalFactory(municipality=world.west, signal_date=D(2026, 5, 18), status=SignalStatus.REPEATED)

    _run(world, D(2026, 11, 17))
    kept = _exists(signal)
    _run(world, D(2026, 11, 18))

    assert (kept, _exists(signal)) == (True, False)


def test_a_term_from_the_end_of_a_month_ends_on_the_last_day_of_a_shorter_month(world):
    signal = SignalFactory(municipality=world.west, signal_date=D(2026, 8, 31), status=SignalStatus.UNFOUNDED)

    _run(world, D(2027, 2, 27))
    kept = _exists(signal)
    _run(world, D(2027, 2, 28))

    assert (kept, _exists(signal)) == (True, False)
    assert last_day_due(D(2027, 2, 28), 6) == D(2026, 8, 31)
    assert last_day_due(D(2027, 3, 1), 6) == D(2026, 9, 1)


def test_signals_of_a_zaak_closed_without_pick_up_go_after_six_months_and_the_zaak_after_twelve(world):
    case = _zaak(
        world, period_start=D(2025, 11, 1), result=CaseResult.NOT_PICKED_OTHER, result_on=D(2025, 11, 18)
    )
    picked = _zaak(
        world,
        period_start=D(2025, 11, 1),
        picked_up_on=D(2025, 12, 1),
        result=CaseResult.SELF,
        result_on=D(2026, 6, 1),
    )

    _run(world, D(2026, 5, 1))  # six months after 1 November 2025

    assert (Signal.objects.filter(case=case).count(), _exists(case)) == (0, True)
    assert Signal.objects.filter(case=picked).count() == 1  # picked up: its signal stays with its zaak
    _run(world, D(2026, 11, 17))
    assert _exists(case)
    _run(world, D(2026, 11, 18))
    assert not _exists(case)


def test_a_zaak_closed_without_help_goes_twelve_months_after_its_result(world):
    case = _zaak(
        world,
        period_start=D(2025, 9, 1),
        picked_up_on=D(2025, 10, 1),
        result=CaseResult.PAID,
        result_on=D(2025, 11, 18),
    )
    ContactAttemptFactory(case=case, made_on=D(2025, 10, 2), reached=True)

    _run(world, D(2026, 11, 17))
    kept = (
        _exists(case),
        Signal.objects.filter(case=case).count(),
        ContactAttempt.objects.filter(case=case).count(),
    )
    _run(world, D(2026, 11, 18))

    assert kept == (True, 1, 1)
    assert (_exists(case), ContactAttempt.objects.count(), Signal.objects.count()) == (False, 0, 0)


def test_a_handed_over_zaak_goes_eighteen_months_after_its_result(world):
    case = _zaak(
        world,
        period_start=D(2025, 3, 1),
        picked_up_on=D(2025, 4, 1),
        result=CaseResult.FOLLOW_UP_FINANCIAL,
        result_on=D(2025, 5, 18),
    )

    _run(world, D(2026, 11, 17))
    kept = _exists(case)
    _run(world, D(2026, 11, 18))

    assert (kept, _exists(case)) == (True, False)


def test_open_zaken_and_their_signals_are_never_deleted(world):
    not_picked = _zaak(world, period_start=D(2020, 1, 1))
    picked = _zaak(world, period_start=D(2020, 1, 1), picked_up_on=D(2020, 2, 1))

    _run(world, D(2030, 1, 1))

    assert (_exists(not_picked), _exists(picked), Signal.objects.count()) == (True, True, 2)


def test_a_municipality_sets_its_own_terms(world):
    SettingsFactory(municipality=world.west, retention_not_picked_months=3)
    signal = SignalFactory(municipality=world.west, signal_date=D(2026, 8, 18), status=SignalStatus.REPEATED)
    zuid = SignalFactory(municipality=world.zuid, signal_date=D(2026, 8, 18), status=SignalStatus.REPEATED)

    retention_run(today=D(2026, 11, 18))

    assert (_exists(signal), _exists(zuid)) == (False, True)


# -- what is kept, what goes with it -------------------------------------------------------------------------
def test_the_tallies_hold_the_figures_of_what_was_deleted(world):
    build(world, copies=5)
    before = monitoring(world.west, D(2026, 10, 1), D(2026, 10, 1)).total.tally

    _run(world, D(2030, 1, 1))

    live = monitoring(world.west, D(2026, 10, 1), D(2026, 10, 1))
    rows = MonthTally.objects.filter(municipality=world.west)
    assert sorted((r.month, r.district_id) for r in rows) == [
        (D(2026, 10, 1), world.west_centrum.pk),
        (D(2026, 10, 1), world.west_noord.pk),
    ]
    assert sum(r.households for r in rows) == before.households - 5  # the open zaken stay live
    assert live.total.tally == before


def test_letters_attempts_and_timeline_lines_go_with_the_zaak_and_an_emptied_file_stays(world):
    case = _zaak(
        world,
        period_start=D(2025, 9, 1),
        picked_up_on=D(2025, 10, 1),
        result=CaseResult.SELF,
        result_on=D(2025, 10, 20),
    )
    resident = Signal.objects.get(case=case).resident
    SignalLetter.objects.create(
        case=case, resident=resident, pdf=b"%PDF-1.7", sha256="0" * 64, sent_on=D(2025, 10, 2)
    )
    ContactAttemptFactory(case=case, made_on=D(2025, 10, 3), reached=True)
    household = case.household
    during = _at(D(2025, 10, 3), 11)
    after = _at(D(2026, 3, 1), 9)
    for when, kind in (
        (during, TimelineKind.EARLY_SIGNAL),
        (during, TimelineKind.MELDING),
        (after, TimelineKind.EARLY_SIGNAL),
    ):
        TimelineEntry.objects.create(household=household, occurred_at=when, kind=kind, description="Regel")
    file = Signal.objects.get(case=case).file
    other_signal = SignalFactory(municipality=world.west, file=file, signal_date=D(2026, 11, 1))

    _run(world, D(2026, 11, 1))

    assert not SignalLetter.objects.exists() and not ContactAttempt.objects.exists()
    assert sorted(
        TimelineEntry.objects.filter(household=household).values_list("kind", "occurred_at")
    ) == sorted([(TimelineKind.MELDING, during), (TimelineKind.EARLY_SIGNAL, after)])
    assert _exists(file)  # it still holds another signal
    other_signal.delete()
    signal = SignalFactory(
        municipality=world.west, file=file, signal_date=D(2026, 1, 1), status=SignalStatus.REPEATED
    )
    _run(world, D(2026, 11, 1))
    file.refresh_from_db()
    assert (_exists(signal), file.emptied_on) == (False, D(2026, 11, 1))  # kept, so it is not read again


def test_a_file_whose_signals_were_deleted_is_not_read_in_again(world):
    content = signals_file(
        signal("VS-OUD", on="2026-04-01", burgerservicenummer=bsn_with_check_digit(12345672))
    )
    read = signal_file_import(
        acting_user=world.sanne, municipality=world.west, content=content, name="a.json"
    )
    Signal.objects.update(status=SignalStatus.REPEATED)

    _run(world, D(2026, 11, 1))
    again = signal_file_import(
        acting_user=world.sanne, municipality=world.west, content=content, name="a.json"
    )

    assert (again.created, again.file.pk) == (False, read.file.pk)
    assert not Signal.objects.exists()
    assert SignalFile.objects.get().emptied_on == D(2026, 11, 1)


def test_timeline_lines_of_a_handover_stay_and_so_do_those_of_another_zaak_that_stays(world):
    household = HouseholdFactory(district=world.west_centrum)
    handed = _zaak(
        world,
        period_start=D(2024, 1, 1),
        picked_up_on=D(2024, 2, 1),
        result=CaseResult.FOLLOW_UP,
        result_on=D(2024, 3, 1),
        household=household,
    )
    gone = _zaak(
        world,
        period_start=D(2025, 1, 1),
        result=CaseResult.NO_CONTACT,
        result_on=D(2025, 3, 1),
        household=household,
    )
    _zaak(world, period_start=D(2025, 1, 28), household=household)  # open, matched on 27 February 2025
    lines = {}
    for name, day in (("handed", D(2024, 2, 10)), ("gone", D(2025, 2, 10)), ("both", D(2025, 3, 1))):
        lines[name] = TimelineEntry.objects.create(
            household=household,
            occurred_at=_at(day, 12),
            kind=TimelineKind.EARLY_SIGNAL,
            description="Vroegsignaal",
        )

    _run(world, D(2026, 11, 18))

    assert (_exists(handed), _exists(gone)) == (False, False)
    # the open zaak runs since 27 February 2025: a line of 1 March may be its own
    assert {n for n, line in lines.items() if _exists(line)} == {"handed", "both"}


# -- a second run, the audit, the preview --------------------------------------------------------------------
def test_a_second_run_deletes_and_tallies_nothing(world):
    build(world, copies=2)
    first = _run(world, D(2030, 1, 1))
    tallies = list(MonthTally.objects.order_by("pk").values())
    audit = AuditEvent.objects.count()

    second = _run(world, D(2030, 1, 1))

    assert first.startswith(
        "2 niet opgepakte signalen, 6 zaken zonder hulp en 2 overgedragen zaken verwijderd"
    )
    assert second.startswith(
        "0 niet opgepakte signalen, 0 zaken zonder hulp en 0 overgedragen zaken verwijderd"
    )
    assert list(MonthTally.objects.order_by("pk").values()) == tallies
    assert AuditEvent.objects.count() == audit


def test_every_deleted_zaak_and_every_batch_of_signals_has_its_audit_row_without_a_bsn(world, monkeypatch):
    monkeypatch.setattr(retention, "SIGNAL_BATCH", 2)
    scenario = build(world)
    for day in (1, 2, 3):
        SignalFactory(
            municipality=world.west,
            bsn="123456782",
            postcode="",
            signal_date=D(2026, 3, day),
            status=SignalStatus.KNOWN,
        )
    bsns = set(Signal.objects.exclude(bsn="").values_list("bsn", flat=True))

    _run(world, D(2028, 6, 1))

    rows = AuditEvent.objects.filter(action=Action.DELETE).order_by("pk")
    zaken = [r for r in rows if r.object_type == "early_warning.signalcase"]
    batches = [r for r in rows if r.object_type == "early_warning.signal"]
    deleted = [scenario.cases[n][0] for n in ("z1", "z2", "z3", "z4")]
    assert [(r.object_uuid, r.household_uuid) for r in zaken] == [(c.uuid, c.household.uuid) for c in deleted]
    assert zaken[1].fields == [
        "brieven=0",
        "contactpogingen=1",
        "reden=zonder hulp",
        "signalen=3",
        "tijdlijnregels=0",
    ]
    assert zaken[3].fields[2] == "reden=na overdracht"
    assert [r.fields for r in batches] == [
        ["reden=niet opgepakt", "signalen=2"],
        ["reden=niet opgepakt", "signalen=2"],
    ]
    assert {(r.channel, r.actor_id) for r in rows} == {(Channel.SYSTEM, None)}
    written = " ".join(" ".join(r.fields) for r in AuditEvent.objects.all())
    assert not any(bsn in written for bsn in bsns)


def test_the_preview_says_what_the_run_then_deletes(world):
    build(world, copies=2)
    _zaak(
        world,
        period_start=D(2025, 11, 1),
        result=CaseResult.NOT_PICKED_OTHER,
        result_on=D(2025, 11, 18),
        signals=2,
    )
    today = D(2027, 12, 1)
    before = (Signal.objects.count(), SignalCase.objects.count())

    preview = retention_preview(municipality=world.west, today=today)
    assert not AuditEvent.objects.exists() and (Signal.objects.count(), SignalCase.objects.count()) == before
    summary = _run(world, today)

    loose, no_help, handed = preview.categories
    # 2 unmatched + 2 of the zaak never picked up; 2 x z1, z2, z3 and that zaak; no handover yet
    assert (loose.signals, loose.zaken, loose.oldest) == (4, None, D(2025, 11, 1))
    assert (no_help.zaken, no_help.signals, no_help.oldest) == (7, 10, D(2025, 11, 18))
    assert (handed.zaken, handed.signals, handed.oldest) == (0, 0, None)
    assert (Signal.objects.count(), SignalCase.objects.count()) == (before[0] - 14, before[1] - 7)
    assert summary.startswith(
        "4 niet opgepakte signalen, 7 zaken zonder hulp en 0 overgedragen zaken verwijderd"
    )
    assert retention_preview(municipality=world.west, today=today).nothing


def test_a_batch_that_lost_a_race_is_rolled_back_and_counted_once(world, monkeypatch):
    """Another run deleted a row of the batch between the pick and the delete: the batch tallies nothing,
    is taken again and counts each signal once."""
    signals = [
        SignalFactory(municipality=world.west, signal_date=D(2026, 1, day), status=SignalStatus.REPEATED)
        for day in (1, 2)
    ]
    tally_rows = retention.tally_rows
    raced = []

    def meanwhile(signals_qs, cases_qs):
        cells = tally_rows(signals_qs, cases_qs)
        if not raced:
            raced.append(True)
            Signal.objects.filter(pk=signals[0].pk).delete()  # as the other run would
        return cells

    monkeypatch.setattr(retention, "tally_rows", meanwhile)

    summary = _run(world, D(2026, 11, 18))

    (row,) = MonthTally.objects.all()
    assert (row.signals, row.signals_not_matched, Signal.objects.count()) == (2, 2, 0)
    assert summary.startswith("2 niet opgepakte signalen")


# -- the terms as the beheerder sets them --------------------------------------------------------------------
def _terms(**changes):
    return {
        "retention_not_picked_months": 6,
        "retention_no_help_months": 12,
        "retention_handed_over_months": 18,
        **changes,
    }


def test_the_beheerder_sets_the_terms_with_an_audit_row_and_a_version(world):
    first = retention_settings_update(
        acting_user=world.fenna, municipality=world.west, **_terms(retention_not_picked_months=4)
    )
    second = retention_settings_update(
        acting_user=world.fenna,
        municipality=world.west,
        expected_version=first.version,
        **_terms(retention_not_picked_months=4, retention_handed_over_months=24),
    )

    # the settings are made with the defaults on first use (settings_ensure), then changed twice
    assert (first.version, second.version, second.retention_handed_over_months) == (2, 3, 24)
    rows = list(AuditEvent.objects.order_by("pk").values_list("action", "fields"))
    assert rows == [
        (Action.UPDATE, ["retention_not_picked_months"]),
        (Action.UPDATE, ["retention_handed_over_months"]),
    ]
    with pytest.raises(EditedMeanwhile):
        retention_settings_update(
            acting_user=world.fenna, municipality=world.west, expected_version=2, **_terms()
        )


@pytest.mark.parametrize("value", [0, 121, True])
def test_a_term_outside_one_to_120_months_is_refused(world, value):
    with pytest.raises(ValidationError) as refused:
        retention_settings_update(
            acting_user=world.fenna, municipality=world.west, **_terms(retention_no_help_months=value)
        )

    assert refused.value.message_dict == {"retention_no_help_months": [retention.MONTHS_ERROR]}
    assert not EarlyWarningSettings.objects.exists()


@pytest.mark.parametrize("name", ["bea", "teun", "anna", "sanne", "carla"])
def test_only_the_beheerder_of_the_municipality_sets_its_terms(world, name):
    with pytest.raises(Http404):
        retention_settings_update(acting_user=world.user(name), municipality=world.west, **_terms())
    with pytest.raises(Http404):
        retention_settings_update(acting_user=world.fenna, municipality=world.zuid, **_terms())

    assert not EarlyWarningSettings.objects.exists() and not AuditEvent.objects.exists()


# -- the job ---------------------------------------------------------------------------------------------
def test_the_nightly_job_runs_for_every_municipality_with_today(world):
    west = SignalFactory(municipality=world.west, signal_date=D(2026, 5, 18), status=SignalStatus.REPEATED)
    zuid = SignalFactory(municipality=world.zuid, signal_date=D(2026, 5, 18), status=SignalStatus.REPEATED)
    young = SignalFactory(municipality=world.zuid, signal_date=D(2026, 5, 19), status=SignalStatus.REPEATED)

    summary = retention_nightly()  # the suite's today: 18 November 2026

    assert (_exists(west), _exists(zuid), _exists(young)) == (False, False, True)
    assert summary.startswith("2 niet opgepakte signalen")
    assert not SignalFile.objects.filter(signals__isnull=True, emptied_on__isnull=True).exists()
