"""The monitoring figures: exact counts of a scenario with every stage (tests/scenario.py), the definitions
of reached and accepted, the small-cell rule with its protection of totals, the same figures after the
retention job moved part of the scenario into MonthTally, and a query count that does not grow."""

import datetime
from dataclasses import asdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wijkregie.early_warning.constants import CaseResult, PartnerType, SignalStatus
from wijkregie.early_warning.models import MonthTally, Signal, SignalCase
from wijkregie.early_warning.monitoring import (
    UNKNOWN_DISTRICT,
    Figure,
    Tally,
    last_whole_months,
    monitoring,
    months_between,
)
from wijkregie.early_warning.services.retention import retention_run
from wijkregie.early_warning.tests.factories import SignalFactory

from .scenario import ONE, ONE_PARTNERS, ONE_RESULTS, build

pytestmark = pytest.mark.django_db
D = datetime.date
MAY, OCTOBER = D(2026, 5, 1), D(2026, 10, 1)


def _figures(answer):
    """Every figure as a page shows it, per row, for comparing two answers."""
    rows = [*answer.months, *answer.districts, answer.total]
    return [(row.label, {str(k): f.text for k, f in row.shown.items()}) for row in rows]


def _counts(tally: Tally) -> dict:
    return {name: getattr(tally, name) for name in ONE}


def _text(row, *names):
    return [row.shown[name].text for name in names]


# -- exact counts --------------------------------------------------------------------------------------------
def test_the_scenario_counts_exactly_by_the_definitions(world):
    build(world)

    answer = monitoring(world.west, MAY, OCTOBER)

    october = answer.months[-1]
    assert [row.label for row in answer.months] == [
        "mei 2026",
        "juni 2026",
        "juli 2026",
        "augustus 2026",
        "september 2026",
        "oktober 2026",
    ]
    assert _counts(october.tally) == ONE
    assert october.tally.results == ONE_RESULTS
    assert october.tally.partner_types == ONE_PARTNERS
    assert all(row.tally.is_empty() for row in answer.months[:-1])
    assert asdict(answer.total.tally) == asdict(october.tally)


def test_paid_themselves_counts_as_reached_and_not_as_accepted(world):
    scenario = build(world)
    z2 = scenario.cases["z2"][0]
    only_z2 = SignalCase.objects.filter(pk=z2.pk)

    from wijkregie.early_warning.monitoring import tally_rows

    (tally,) = tally_rows(Signal.objects.none(), only_z2).values()

    assert (tally.households, tally.multiple, tally.picked_up, tally.reached, tally.accepted) == (
        1,
        1,
        1,
        1,
        0,
    )
    assert tally.results == {CaseResult.PAID: 1}
    assert (tally.first_contacts, tally.first_contact_days) == (1, 3)


def test_a_zaak_without_a_reached_attempt_is_picked_up_not_reached(world):
    scenario = build(world)
    from wijkregie.early_warning.monitoring import tally_rows

    (tally,) = tally_rows(
        Signal.objects.none(), SignalCase.objects.filter(pk=scenario.cases["z3"][0].pk)
    ).values()

    assert (tally.picked_up, tally.reached, tally.accepted, tally.crisis) == (1, 0, 0, 1)
    assert (tally.first_contacts, tally.first_contact_days) == (1, 1)


def test_small_counts_show_as_less_than_five_and_their_percentages_are_hidden(world):
    build(world)

    total = monitoring(world.west, MAY, OCTOBER).total

    assert _text(total, "signals", "persons", "households") == ["8", "7", "5"]
    assert (
        _text(total, "signals_not_matched", "multiple", "crisis", "picked_up", "reached", "accepted")
        == ["<5"] * 6
    )
    assert (
        _text(total, "reached_percent", "accepted_of_reached", "accepted_of_picked_up") == ["verborgen"] * 3
    )
    assert _text(total, "first_contact_days") == ["verborgen"]  # an average over four zaken
    assert [total.result(kind).text for kind in ONE_RESULTS] == ["<5"] * 4
    assert [total.partner(kind).text for kind in ONE_PARTNERS] == ["<5"] * 4
    assert total.result(CaseResult.KNOWN).text == "0"
    assert _text(total, "per_thousand") == ["0,5"]  # 8 signals / 2,500 residents / 6 months
    assert _text(monitoring(world.west, MAY, OCTOBER).months[-1], "per_thousand") == ["3,2"]


def test_a_total_does_not_give_a_hidden_district_away(world):
    """Centrum has 5 signals, Noord 3 (hidden): Centrum is hidden too, or 8 - 5 would tell Noord's."""
    build(world)

    answer = monitoring(world.west, MAY, OCTOBER)

    centrum, noord = answer.districts
    assert (centrum.label, centrum.tally.signals, noord.label, noord.tally.signals) == (
        "Centrum",
        5,
        "Noord",
        3,
    )
    assert (
        centrum.shown["signals"].text,
        noord.shown["signals"].text,
        answer.total.shown["signals"].text,
    ) == (
        "<5",
        "<5",
        "8",
    )
    assert centrum.shown["per_thousand"].text == "verborgen"


def test_five_times_the_scenario_shows_every_figure_and_its_percentages(world):
    build(world, copies=5)

    total = monitoring(world.west, MAY, OCTOBER).total

    assert _counts(total.tally) == {name: 5 * number for name, number in ONE.items()}
    assert _text(total, "signals", "persons", "households", "multiple", "crisis") == [
        "40",
        "35",
        "25",
        "5",
        "5",
    ]
    assert _text(total, "signals_not_matched", "picked_up", "reached", "accepted") == ["5", "20", "15", "10"]
    assert _text(total, "reached_percent", "accepted_of_reached", "accepted_of_picked_up") == [
        "75%",
        "67%",
        "50%",
    ]
    assert _text(total, "first_contact_days") == ["2,0"]
    assert [total.result(kind).text for kind in ONE_RESULTS] == ["5"] * 4
    assert [total.partner(kind).text for kind in ONE_PARTNERS] == ["15", "10", "5", "10"]


def test_one_district_counts_only_its_own_and_its_residents(world):
    build(world, copies=5)

    answer = monitoring(world.west, MAY, OCTOBER, world.west_noord)

    # z3, z4 and the signal by address in 9712, five times
    assert (answer.total.tally.households, answer.total.tally.signals, answer.total.tally.persons) == (
        10,
        15,
        15,
    )
    assert answer.districts == []
    assert answer.total.shown["per_thousand"].text == "5,0"  # 15 / 500 / 6 months x 1,000


def test_the_rate_is_unknown_without_the_population_of_every_district(world):
    build(world)
    world.west_noord.population = None
    world.west_noord.save(update_fields=["population"])

    answer = monitoring(world.west, MAY, OCTOBER)

    assert answer.total.shown["per_thousand"].text == "onbekend"
    assert answer.districts[1].shown["per_thousand"].text == "onbekend"


def test_a_signal_with_no_district_counts_under_district_unknown_and_once_per_person(world):
    for day in (3, 4):  # the same BSN twice, from two partners
        SignalFactory(
            municipality=world.west,
            bsn="111222333",
            postcode="",
            signal_date=D(2026, 9, day),
            status=SignalStatus.NOT_RESIDENT,
            partner_type=PartnerType.WATER if day == 3 else PartnerType.ENERGY,
        )

    answer = monitoring(world.west, MAY, OCTOBER)

    unknown = answer.districts[-1]
    assert (unknown.label, unknown.tally.signals, unknown.tally.persons) == (UNKNOWN_DISTRICT, 2, 1)
    assert unknown.tally.signals_not_matched == 2


def test_the_default_months_are_the_last_six_whole_months():
    assert last_whole_months(D(2026, 11, 18)) == (D(2026, 5, 1), D(2026, 10, 1))
    assert last_whole_months(D(2027, 1, 1)) == (D(2026, 7, 1), D(2026, 12, 1))
    assert len(months_between(D(2026, 7, 1), D(2026, 12, 1))) == 6


def test_figures_read_as_dutch_text():
    assert [Figure(3, hidden=True).text, Figure(None, "percent", hidden=True).text] == ["<5", "verborgen"]
    assert [Figure(None, "percent").text, Figure(None, "rate").text, Figure(2.25, "days").text] == [
        "–",
        "onbekend",
        "2,2",
    ]
    assert [Figure(66.6, "percent").export, Figure(3, hidden=True).export, Figure(None, "days").export] == [
        67,
        "<5",
        "",
    ]


# -- the same figures after retention ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("today", "left"),
    [
        (D(2027, 12, 1), {"z4", "z5"}),  # the zaken without help (12 months) and the unmatched signal went
        (D(2028, 6, 1), {"z5"}),  # the handover too (18 months): only the open zaak is left
    ],
)
def test_the_figures_are_the_same_after_retention_moved_part_into_tallies(world, today, left):
    build(world, copies=2)
    before = _figures(monitoring(world.west, MAY, OCTOBER))

    retention_run(today=today, municipality=world.west)

    after = monitoring(world.west, MAY, OCTOBER)
    assert set(SignalCase.objects.values_list("result", flat=True)) == {
        {"z4": CaseResult.FOLLOW_UP_FINANCIAL, "z5": ""}[name] for name in left
    }
    assert MonthTally.objects.filter(municipality=world.west, month=OCTOBER).exists()
    assert not Signal.objects.filter(status=SignalStatus.NOT_RESIDENT).exists()
    assert _figures(after) == before


def test_the_figures_come_from_tallies_alone_once_everything_is_deleted(world):
    scenario = build(world)
    before = _figures(monitoring(world.west, MAY, OCTOBER))
    SignalCase.objects.filter(pk=scenario.cases["z5"][0].pk).update(
        result=CaseResult.SELF, result_on=D(2026, 11, 17)
    )
    changed = _figures(monitoring(world.west, MAY, OCTOBER))

    retention_run(today=D(2030, 1, 1), municipality=world.west)

    assert (Signal.objects.count(), SignalCase.objects.count()) == (0, 0)
    assert _figures(monitoring(world.west, MAY, OCTOBER)) == changed
    assert changed != before  # the extra result counts


# -- queries -------------------------------------------------------------------------------------------------
def test_the_figures_take_four_queries_whatever_the_data(world):
    build(world)
    with CaptureQueriesContext(connection) as small:
        monitoring(world.west, MAY, OCTOBER)
    build(world, copies=4)
    retention_run(today=D(2027, 12, 1), municipality=world.west)
    build(world, copies=2)

    with CaptureQueriesContext(connection) as large:
        answer = monitoring(world.west, MAY, OCTOBER)

    assert len(small.captured_queries) == len(large.captured_queries) == 4
    assert answer.total.tally.households == 5 + 20 + 10
