"""Every legal term ends on the right day of the Dutch calendar (Algemene termijnenwet via core.calendar,
holidays from the `holidays` library)."""

from datetime import date

import pytest

from wijkregie.core.calendar import is_working_day
from wijkregie.tasks.constants import Term
from wijkregie.tasks.terms import TERMS, extension_limit, plan_date_due, rule_for


@pytest.mark.parametrize(
    ("term", "start", "end"),
    [
        # Wmo melding → onderzoek, 6 weeks (art. 2.3.2 lid 1)
        (Term.WMO_RESEARCH, date(2026, 10, 13), date(2026, 11, 24)),  # a plain Tuesday stays
        (Term.WMO_RESEARCH, date(2026, 3, 16), date(2026, 4, 28)),  # Koningsdag (Mon 27 April) → Tuesday
        (Term.WMO_RESEARCH, date(2026, 4, 2), date(2026, 5, 15)),  # Hemelvaartsdag (Thu 14 May) → Friday
        (Term.WMO_RESEARCH, date(2026, 11, 13), date(2026, 12, 28)),  # Christmas Friday, weekend → Monday
        (Term.WMO_RESEARCH, date(2026, 10, 18), date(2026, 11, 30)),  # a melding on Sunday → Sunday → Monday
        (Term.WMO_RESEARCH, date(2026, 2, 20), date(2026, 4, 3)),  # Goede Vrijdag is no Atw holiday: stays
        # Jeugdwet plan without familiegroepsplan, 6 weeks (art. 4.1.3 lid 5)
        (Term.YOUTH_PLAN, date(2026, 4, 13), date(2026, 5, 26)),  # tweede Pinksterdag → Tuesday
        (Term.YOUTH_PLAN, date(2027, 2, 15), date(2027, 3, 30)),  # tweede Paasdag 2027 → Tuesday
        # Wgs first conversation, 4 weeks
        (Term.DEBT_FIRST_TALK, date(2026, 4, 7), date(2026, 5, 6)),  # 5 mei (every year, Atw) → 6 May
        (Term.DEBT_FIRST_TALK, date(2026, 3, 30), date(2026, 4, 28)),  # Koningsdag → Tuesday
        (Term.DEBT_FIRST_TALK, date(2026, 11, 3), date(2026, 12, 1)),  # plain Tuesday
        # Wgs on threat of eviction or cut-off: 3 working days
        (Term.DEBT_FIRST_TALK_ACUTE, date(2026, 11, 24), date(2026, 11, 27)),  # Tue → Fri, no weekend
        (Term.DEBT_FIRST_TALK_ACUTE, date(2026, 11, 26), date(2026, 12, 1)),  # Thu: Fri, Mon, Tue
        (Term.DEBT_FIRST_TALK_ACUTE, date(2026, 4, 2), date(2026, 4, 8)),  # over Pasen: Goede Vrijdag counts
        (Term.DEBT_FIRST_TALK_ACUTE, date(2026, 12, 24), date(2026, 12, 30)),  # over Christmas
    ],
)
def test_term_ends_on_the_dutch_calendar(term, start, end):
    assert TERMS[term].end(start) == end
    assert is_working_day(end)


@pytest.mark.parametrize("term", list(TERMS))
def test_every_term_ends_on_a_working_day_through_a_whole_year(term):
    rule = TERMS[term]
    day = date(2026, 1, 1)
    while day.year == 2026:
        end = rule.end(day)
        assert is_working_day(end), (term, day)
        assert end > day
        day = date.fromordinal(day.toordinal() + 1)


def test_every_tracked_legal_term_has_its_basis_in_law():
    assert TERMS[Term.WMO_RESEARCH].basis == "Wmo 2015 art. 2.3.2 lid 1"
    assert TERMS[Term.YOUTH_PLAN].basis == "Jeugdwet art. 4.1.3 lid 5"
    assert TERMS[Term.DEBT_FIRST_TALK].basis.startswith("Wgs")
    assert TERMS[Term.DEBT_FIRST_TALK_ACUTE].working_days == 3
    assert rule_for(Term.PLAN_EVALUATION) is None


def test_only_the_wmo_research_and_the_decision_terms_may_be_extended():
    # The decision terms (beschikking, plan van aanpak) may be extended once with a reason (Awb 4:14);
    # a decision on bezwaar may be postponed by at most six weeks (Awb 7:10 lid 3).
    assert [t for t, rule in TERMS.items() if rule.max_extension_weeks > 0] == [
        Term.WMO_RESEARCH,
        Term.WMO_DECISION,
        Term.YOUTH_DECISION,
        Term.DEBT_PLAN,
        Term.OBJECTION_DECISION,
        Term.OBJECTION_DECISION_COMMITTEE,
    ]
    assert TERMS[Term.OBJECTION_DECISION_COMMITTEE].weeks == 12
    assert TERMS[Term.OBJECTION_DECISION].max_extension_weeks == 6


def test_extension_limit_adds_the_allowed_weeks_and_suspended_days_on_a_working_day():
    # original end Thu 17 April 2025 + 6 weeks = Hemelvaartsdag 29 May 2025 → Friday 30 May
    assert extension_limit(Term.WMO_RESEARCH, date(2025, 4, 17)) == date(2025, 5, 30)
    # plus 10 suspended days: Sunday 8 June 2025 (Pinksteren), Monday 9th tweede Pinksterdag → 10 June
    assert extension_limit(Term.WMO_RESEARCH, date(2025, 4, 17), 10) == date(2025, 6, 10)
    assert extension_limit(Term.YOUTH_PLAN, date(2025, 4, 17)) is None
    assert extension_limit("", date(2025, 4, 17)) is None


def test_a_plan_date_on_a_weekend_or_holiday_moves_to_the_next_working_day():
    assert plan_date_due(date(2026, 4, 27)) == date(2026, 4, 28)
    assert plan_date_due(date(2026, 11, 28)) == date(2026, 11, 30)
    assert plan_date_due(date(2026, 11, 24)) == date(2026, 11, 24)
