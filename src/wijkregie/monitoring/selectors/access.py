"""Demand and access, from the steering store: meldingen per channel, district, law or team and month, the
days from melding to plan and to beschikking, and the legal terms met per term and month. A cell resting on
1–4 households is hidden, and so is the cell that would give it away by subtraction from a row or column
total. A fixed number of queries at any size."""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, TextChoices

from wijkregie.core.small_cells import given_away, hidden_cells, is_small
from wijkregie.intake.constants import Law, MeldingChannel
from wijkregie.organisation.models import District, Municipality, Team
from wijkregie.tasks.constants import Term

from ..constants import STEERING_TERMS, TermOutcome
from ..models import MeldingFact, TermFact

MONTHS = tuple(range(1, 13))
TOTAL = 0  # the year column


class AccessPer(TextChoices):
    CHANNEL = "channel", "Kanaal"
    DISTRICT = "district", "Wijk"
    LAW = "law", "Wet"
    TEAM = "team", "Team"


ACCESS_FIELD = {
    AccessPer.CHANNEL: "channel",
    AccessPer.DISTRICT: "district_id",
    AccessPer.LAW: "law",
    AccessPer.TEAM: "team_id",
}


@dataclass(frozen=True)
class DemandRow:
    label: str
    months: list[int | None]  # meldingen per month; None: hidden
    total: int | None
    days_to_plan: float | None  # the median; None: hidden or none yet
    plans: int  # on how many meldingen the median rests (0 when hidden)
    days_to_beschikking: float | None
    beschikkingen: int


@dataclass(frozen=True)
class Demand:
    municipality: Municipality
    year: int
    per: str
    rows: list[DemandRow]
    total: DemandRow

    @property
    def per_label(self) -> str:
        return str(AccessPer(self.per).label)


def _filtered(queryset: Any, district: District | None, team: Team | None) -> Any:
    if district is not None:
        queryset = queryset.filter(district=district)
    if team is not None:
        queryset = queryset.filter(team=team)
    return queryset


def demand(
    municipality: Municipality,
    year: int,
    *,
    per: str = AccessPer.CHANNEL,
    district: District | None = None,
    team: Team | None = None,
) -> Demand:
    """Meldingen received per month and group, with the median days to the first plan and beschikking
    after them. Per law a melding counts under each law it touches, so those rows do not add up. With a
    district or team filter the wider answers are counted too: no filtered cell may give away by subtraction
    a group of 1–4 households in the rest."""
    field = ACCESS_FIELD[AccessPer(per)]
    year_facts = MeldingFact.objects.filter(municipality=municipality, year=year)
    facts = _filtered(year_facts, district, team)
    counted = facts if per == AccessPer.LAW else facts.filter(once=True)
    once = facts.filter(once=True)
    cells = _demand_cells(facts, per)
    wider = [_sizes(_demand_cells(_filtered(year_facts, d, t), per)) for d, t in _wider(district, team)]
    days: dict[Any, list[tuple[int | None, int | None]]] = defaultdict(list)
    for group, to_plan, to_decision in counted.values_list(field, "days_to_plan", "days_to_beschikking"):
        days[group].append((to_plan, to_decision))
        if per == AccessPer.LAW:
            continue
        days["total"].append((to_plan, to_decision))
    if per == AccessPer.LAW:
        days["total"] = list(once.values_list("days_to_plan", "days_to_beschikking"))
    groups = sorted({group for group, _month in cells if group != "total"}, key=str)
    hidden = _hidden(cells, groups, additive=per != AccessPer.LAW, also=given_away(_sizes(cells), *wider))
    labels = _labels(per, groups)
    rows = [_demand_row(labels[g], g, cells, hidden, days[g]) for g in groups]
    rows.sort(key=lambda row: row.label.lower())
    total = _demand_row("Alle meldingen", "total", cells, hidden, days["total"])
    return Demand(municipality, year, str(AccessPer(per)), rows, total)


def _wider(district: District | None, team: Team | None) -> list[tuple[District | None, Team | None]]:
    """The answers with fewer filters than this one: each may not be given away by subtracting this one."""
    if district is None and team is None:
        return []
    wider: list[tuple[District | None, Team | None]] = [(None, None)]
    if district is not None and team is not None:
        wider += [(district, None), (None, team)]
    return wider


def _sizes(cells: dict[Any, Any]) -> dict[Any, int]:
    return {key: row["households"] for key, row in cells.items()}


def _demand_cells(facts: Any, per: str) -> dict[Any, Any]:
    """Per (group, month), (group, year), ("total", month) and ("total", year): meldingen and households."""
    field = ACCESS_FIELD[AccessPer(per)]
    counted = facts if per == AccessPer.LAW else facts.filter(once=True)
    sums = {"meldingen": Count("pk"), "households": Count("household", distinct=True)}
    cells = {(r[field], r["month"]): r for r in counted.values(field, "month").annotate(**sums).order_by()}
    for row in counted.values(field).annotate(**sums).order_by():
        cells[(row[field], TOTAL)] = row
    once = facts.filter(once=True)
    for row in once.values("month").annotate(**sums).order_by():
        cells[("total", row["month"])] = row
    cells[("total", TOTAL)] = once.aggregate(**sums)
    return cells


def _hidden(cells: dict[Any, Any], groups: list[Any], *, additive: bool, also: set[Any]) -> set[Any]:
    sizes = _sizes(cells)
    lines: list[tuple[list[Any], Any]] = []
    for group in [*groups, "total"]:
        lines.append(([(group, m) for m in MONTHS if (group, m) in cells], (group, TOTAL)))
    if additive:  # the groups add up to the month's total (per law they do not: a melding has several)
        for month in (*MONTHS, TOTAL):
            lines.append(([(g, month) for g in groups if (g, month) in cells], ("total", month)))
    return hidden_cells(sizes, lines, also)


def _median(values: list[int | None]) -> tuple[float | None, int]:
    known = [v for v in values if v is not None]
    if len(known) < 5:  # a median of fewer than five meldingen points to people
        return None, 0
    return float(statistics.median(known)), len(known)


def _demand_row(
    label: str, group: Any, cells: dict[Any, Any], hidden: set[Any], days: list[tuple[int | None, int | None]]
) -> DemandRow:
    def shown(month: int) -> int | None:
        if (group, month) in hidden:
            return None
        row = cells.get((group, month))
        return row["meldingen"] if row else 0

    if (group, TOTAL) in hidden:
        return DemandRow(label, [shown(m) for m in MONTHS], None, None, 0, None, 0)
    to_plan, plans = _median([d[0] for d in days])
    to_decision, decisions = _median([d[1] for d in days])
    return DemandRow(label, [shown(m) for m in MONTHS], shown(TOTAL), to_plan, plans, to_decision, decisions)


def _labels(per: str, keys: list[Any]) -> dict[Any, str]:
    if per == AccessPer.CHANNEL:
        return {k: str(MeldingChannel(k).label) if k in MeldingChannel.values else k for k in keys}
    if per == AccessPer.LAW:
        return {k: str(Law(k).label) if k in Law.values else k for k in keys}
    model = District if per == AccessPer.DISTRICT else Team
    names = dict(model.objects.filter(pk__in=[k for k in keys if k]).values_list("pk", "name"))
    unknown = "Onbekende wijk" if per == AccessPer.DISTRICT else "Geen team"
    return {k: names.get(k, unknown) for k in keys}


def demand_table(answer: Demand) -> list[list[Any]]:
    rows: list[list[Any]] = [
        [f"{answer.municipality.name} {answer.year}", *[f"{m:02d}" for m in MONTHS], "Jaar",
         "Dagen tot plan (mediaan)", "Dagen tot beschikking (mediaan)"],
    ]  # fmt: skip
    for row in [*answer.rows, answer.total]:
        months = ["<5" if n is None else n for n in [*row.months, row.total]]
        rows.append([row.label, *months, row.days_to_plan, row.days_to_beschikking])
    return rows


# -- legal terms met ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TermCell:
    decided: int | None  # terms that ran out in the month and are met or late; None: hidden
    met: int | None

    @property
    def percent(self) -> int | None:
        if self.decided is None or self.met is None or not self.decided:
            return None
        return round(100 * self.met / self.decided)


@dataclass(frozen=True)
class TermRow:
    term: str
    label: str
    months: list[TermCell]
    year: TermCell
    pending: int | None  # still running, not counted; None: 1–4


@dataclass(frozen=True)
class TermsMet:
    municipality: Municipality
    year: int
    rows: list[TermRow]


def terms_met(
    municipality: Municipality, year: int, *, district: District | None = None, team: Team | None = None
) -> TermsMet:
    """Per legal term and month it ran out: how many were met (done on or before their last day) of those
    met or late (done late, or open past it); terms still running are left out. Two queries, and two for
    each wider answer (fewer filters) that a filtered cell may not give away by subtraction."""
    year_facts = TermFact.objects.filter(municipality=municipality, year=year)
    cells = _term_cells(_filtered(year_facts, district, team))
    wider = [_term_cells(_filtered(year_facts, d, t)) for d, t in _wider(district, team)]
    sizes = _sizes(cells)
    terms = [term for term in STEERING_TERMS if (term, TOTAL) in cells]
    lines = [([(t, m) for m in MONTHS if (t, m) in cells], (t, TOTAL)) for t in terms]
    hidden = hidden_cells(sizes, lines, given_away(sizes, *[_sizes(w) for w in wider]))
    pending = {(t, TOTAL): cells[(t, TOTAL)]["pending"] for t in terms}
    pending_away = given_away(pending, *[{k: w[k]["pending"] for k in pending if k in w} for w in wider])
    rows = [_term_row(term, cells, hidden, (term, TOTAL) not in pending_away) for term in terms]
    return TermsMet(municipality, year, rows)


def _term_cells(facts: Any) -> dict[Any, Any]:
    sums = {
        "decided": Count("pk", filter=~Q(outcome=TermOutcome.PENDING)),
        "met": Count("pk", filter=Q(outcome=TermOutcome.MET)),
        "households": Count("household", distinct=True, filter=~Q(outcome=TermOutcome.PENDING)),
        "pending": Count("pk", filter=Q(outcome=TermOutcome.PENDING)),
    }
    cells = {(r["term"], r["month"]): r for r in facts.values("term", "month").annotate(**sums).order_by()}
    for row in facts.values("term").annotate(**sums).order_by():
        cells[(row["term"], TOTAL)] = row
    return cells


def _term_row(term: str, cells: dict[Any, Any], hidden: set[Any], pending_shown: bool) -> TermRow:
    def cell(month: int) -> TermCell:
        row = cells.get((term, month))
        if row is None:
            return TermCell(0, 0)
        if (term, month) in hidden:
            return TermCell(None, None)
        return TermCell(row["decided"], row["met"])

    pending = cells[(term, TOTAL)]["pending"]
    shown_pending = _few_hidden(pending) if pending_shown else None
    return TermRow(str(term), str(Term(term).label), [cell(m) for m in MONTHS], cell(TOTAL), shown_pending)


def _few_hidden(count: int) -> int | None:
    return None if is_small(count) else count


def terms_table(answer: TermsMet) -> list[list[Any]]:
    header = [f"{answer.municipality.name} {answer.year}: op tijd (%)", *[f"{m:02d}" for m in MONTHS], "Jaar"]
    rows: list[list[Any]] = [[*header, "Afgerond of verstreken", "Loopt nog"]]
    for row in answer.rows:
        percents = ["<5" if c.decided is None else c.percent for c in [*row.months, row.year]]
        decided = "<5" if row.year.decided is None else row.year.decided
        rows.append([row.label, *percents, decided, "<5" if row.pending is None else row.pending])
    return rows
