"""Demand and access in the steering store: meldingen per channel, law and month with the days to plan and
beschikking, and the legal terms met per term and month, with the small-cell rule; a term that runs out
after a refresh is late at the next one."""

import datetime

import pytest

from wijkregie.core.testclock import clock_at
from wijkregie.monitoring.constants import TermOutcome
from wijkregie.monitoring.inzage import effect_rows_of
from wijkregie.monitoring.models import MeldingFact, TermFact
from wijkregie.monitoring.selectors import AccessPer, demand, terms_met
from wijkregie.monitoring.services import store_refresh
from wijkregie.tasks.constants import TaskStatus, Term

from .effect_builders import legal_term, melding, plan, signed_beschikking

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = datetime.timedelta(days=1)


def _refresh(world):
    return store_refresh(acting_user=None, municipality=world.west)


def _row(answer, label):
    return next(row for row in [*answer.rows, answer.total] if row.label == label)


@pytest.fixture
def meldingen_2025(world):
    """Six by the GP in March, five plans after them 10, 10, 20, 30 and 40 days on; six by the GP and five
    from school in April, the school ones about youth (two also Wmo) with beschikkingen 14–56 days on."""
    for days in [10, 10, 20, 30, 40, None]:
        made = melding(world, received=D(2025, 3, 3))
        if days:
            plan(world, home=made.household, start=made.received_on + days * DAY)
    for _ in range(6):
        melding(world, received=D(2025, 4, 7))
    for number, days in enumerate([14, 21, 28, 35, 56]):
        laws = ("jeugdwet", "wmo") if number < 2 else ("jeugdwet",)
        made = melding(world, received=D(2025, 4, 1), channel="school", laws=laws)
        signed_beschikking(world, made.household, made.received_on + days * DAY)


def test_meldingen_per_channel_and_month_with_the_median_days_to_plan_and_beschikking(world, meldingen_2025):
    _refresh(world)

    answer = demand(world.west, 2025, per=AccessPer.CHANNEL)

    gp, school, total = _row(answer, "Huisarts / POH"), _row(answer, "School"), answer.total
    assert (gp.months[2], gp.months[3], gp.total) == (6, 6, 12)
    assert (school.months[3], school.total) == (5, 5)
    assert (total.months[2], total.months[3], total.total) == (6, 11, 17)
    assert (gp.days_to_plan, gp.plans, gp.days_to_beschikking) == (20.0, 5, None)
    assert (school.days_to_beschikking, school.beschikkingen) == (28.0, 5)


def test_per_law_a_melding_counts_under_each_law_but_once_in_the_total(world, meldingen_2025):
    _refresh(world)

    answer = demand(world.west, 2025, per=AccessPer.LAW)

    assert {row.label: row.total for row in answer.rows} == {"Jeugdwet": 5, "Wmo 2015": 14}
    assert answer.total.total == 17
    assert MeldingFact.objects.filter(once=True).count() == 17


def test_a_small_channel_hides_with_what_would_give_it_away(world, meldingen_2025):
    for _ in range(2):
        melding(world, received=D(2025, 3, 10), channel="politie")
    _refresh(world)

    answer = demand(world.west, 2025, per=AccessPer.CHANNEL)

    police, gp = _row(answer, "Politie / wijkagent"), _row(answer, "Huisarts / POH")
    assert (police.months[2], police.total) == (None, None)
    assert gp.months[2] is None  # March's total minus the GP's March would give the police away
    assert answer.total.months[2] == 8 and answer.total.total == 19


@pytest.fixture
def terms_2025(world):
    """Wmo onderzoek ending in March 2025: six met, one done late, one still open; a cancelled one; three
    Wmo beschikking terms; a youth beschikking term of Wijkteam Noord; five youth terms still running."""
    for _ in range(6):
        legal_term(
            world, melding(world).household, Term.WMO_RESEARCH, due=D(2025, 3, 14), done=D(2025, 3, 10)
        )
    legal_term(world, melding(world).household, Term.WMO_RESEARCH, due=D(2025, 3, 14), done=D(2025, 3, 20))
    legal_term(world, melding(world).household, Term.WMO_RESEARCH, due=D(2025, 3, 14))
    cancelled = melding(world).household
    legal_term(world, cancelled, Term.WMO_RESEARCH, due=D(2025, 3, 14), status=TaskStatus.CANCELLED)
    for _ in range(3):
        legal_term(world, melding(world).household, Term.WMO_DECISION, due=D(2025, 5, 2), done=D(2025, 5, 1))
    north = melding(world, team=world.team_b).household
    legal_term(world, north, Term.YOUTH_DECISION, due=D(2025, 6, 2), done=D(2025, 6, 9), team=world.team_b)
    for _ in range(5):
        legal_term(world, melding(world).household, Term.YOUTH_DECISION, due=D(2026, 3, 2))


def test_legal_terms_met_per_term_and_month_the_term_ran_out(world, terms_2025):
    _refresh(world)

    answer = terms_met(world.west, 2025, team=world.team_a)

    research = next(row for row in answer.rows if row.term == Term.WMO_RESEARCH)
    assert (research.months[2].decided, research.months[2].met, research.months[2].percent) == (8, 6, 75)
    assert (research.year.percent, research.pending) == (75, 0)
    decision = next(row for row in answer.rows if row.term == Term.WMO_DECISION)
    assert (decision.months[4].decided, decision.year.decided) == (None, None)  # three households
    assert Term.YOUTH_DECISION not in [row.term for row in answer.rows]  # Noord's, and next year's
    running = next(row for row in terms_met(world.west, 2026).rows if row.term == Term.YOUTH_DECISION)
    assert (running.year.decided, running.pending) == (0, 5)
    assert not TermFact.objects.filter(outcome="vervallen").exists()


def test_a_term_that_runs_out_after_a_refresh_is_late_at_the_next(world):
    legal_term(world, melding(world).household, Term.WMO_RESEARCH, due=D(2026, 2, 11))
    _refresh(world)
    assert TermFact.objects.get().outcome == TermOutcome.PENDING

    with clock_at("2026-02-12"):
        later = _refresh(world)

    assert (later.full, later.households) == (False, 1)
    assert TermFact.objects.get().outcome == TermOutcome.OPEN_LATE


def test_a_households_meldingen_and_terms_are_in_the_inzage_of_its_members(world):
    home = melding(world, received=D(2025, 3, 3), channel="school").household
    legal_term(world, home, Term.WMO_RESEARCH, due=D(2025, 4, 14), done=D(2025, 4, 1))
    _refresh(world)

    document = effect_rows_of(home.memberships.get().resident)

    assert [(m["maand"], m["kanaal"], m["wet"]) for m in document["meldingen"]] == [(3, "school", "wmo")]
    assert [t["uitkomst"] for t in document["wettelijke_termijnen"]] == ["Op tijd"]
