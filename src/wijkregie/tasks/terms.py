"""The legal terms Wijkregie tracks, in one table with their basis in law, and how each ends.

Every term ends on a working day (Algemene termijnenwet, via core.calendar). `extendable` says whether the
law lets the term be extended, and by how much at most; a suspension (e.g. waiting for information the
resident must give, Awb 4:15) always moves the end by the days it lasted.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from wijkregie.core.calendar import add_working_days, next_working_day, term_end

from .constants import Term


@dataclass(frozen=True)
class TermRule:
    term: Term
    title: str
    basis: str
    weeks: int = 0
    working_days: int = 0
    max_extension_weeks: int = 0  # 0: the law allows no extension

    def end(self, start: date) -> date:
        if self.working_days:
            return add_working_days(start, self.working_days)
        return term_end(start, weeks=self.weeks)


TERMS: dict[str, TermRule] = {
    rule.term: rule
    for rule in (
        TermRule(
            Term.WMO_RESEARCH,
            "Onderzoek Wmo afronden",
            "Wmo 2015 art. 2.3.2 lid 1",
            weeks=6,
            # Extension is possible with the resident's agreement (CRvB case law on art. 2.3.2);
            # capped here at a further 6 weeks, recorded with its reason.
            max_extension_weeks=6,
        ),
        TermRule(
            Term.YOUTH_PLAN,
            "Plan jeugdhulp opstellen (geen familiegroepsplan)",
            "Jeugdwet art. 4.1.3 lid 5",
            weeks=6,
        ),
        TermRule(
            Term.DEBT_FIRST_TALK,
            "Eerste gesprek schuldhulpverlening",
            "Wgs art. 4 lid 1",
            weeks=4,
        ),
        TermRule(
            Term.DEBT_FIRST_TALK_ACUTE,
            "Eerste gesprek schuldhulp bij dreiging",
            "Wgs art. 4 lid 2",
            working_days=3,
        ),
        TermRule(
            Term.WMO_DECISION,
            "Beschikking Wmo afgeven",
            "Wmo 2015 art. 2.3.5 lid 2",
            weeks=2,
            # Awb 4:14 also applies: one extension with its reason, kept short here.
            max_extension_weeks=2,
        ),
        TermRule(
            Term.YOUTH_DECISION,
            "Beschikking jeugdhulp afgeven",
            "Awb art. 4:13",
            weeks=8,
            max_extension_weeks=8,  # Awb 4:14, with reason
        ),
        TermRule(
            Term.DEBT_PLAN,
            "Plan van aanpak schuldhulpverlening",
            "Awb art. 4:13",
            weeks=8,
            max_extension_weeks=8,  # Awb 4:14, with reason
        ),
        # Both objection terms run from the day after the six-week bezwaar term ended (Awb 7:10 lid 1)
        # and may be postponed once by at most six weeks (lid 3).
        TermRule(
            Term.PROVIDER_REQUEST_ANSWER,
            "Verzoek van een aanbieder beantwoorden",
            "iWmo/iJw 3.2: antwoord op een verzoek om toewijzing of wijziging binnen 5 werkdagen",
            working_days=5,
        ),
        TermRule(
            Term.OBJECTION_DECISION,
            "Beslissen op bezwaar",
            "Awb art. 7:10 lid 1",
            weeks=6,
            max_extension_weeks=6,
        ),
        TermRule(
            Term.OBJECTION_DECISION_COMMITTEE,
            "Beslissen op bezwaar (met adviescommissie)",
            "Awb art. 7:10 lid 1",
            weeks=12,
            max_extension_weeks=6,
        ),
    )
}


def plan_date_due(day: date) -> date:
    """A plan's own date is not a legal term, but a due date on a weekend still moves to a working day."""
    return next_working_day(day)


def rule_for(term: str) -> TermRule | None:
    """The legal rule for a term, or None for a plan date or a plain task."""
    return TERMS.get(term)


def extension_limit(term: str, original_due_on: date, suspended_days: int = 0) -> date | None:
    """The latest date a legal term may be extended to: the original end plus the most the law allows,
    plus the days it was suspended, on a working day (Atw art. 1). None when the law allows no extension."""
    rule = TERMS.get(term)
    if rule is None or rule.max_extension_weeks <= 0:
        return None
    return next_working_day(original_due_on + timedelta(weeks=rule.max_extension_weeks, days=suspended_days))
