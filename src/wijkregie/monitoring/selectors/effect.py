"""The ladder and the effect, from the steering store: plan actions per rung per quarter, goal attainment
(GAS) per provision, rung, law, district or life domain, and the change in instrument scores per domain.
Every figure says on how many households or persons it rests; a cell resting on 1–4 is hidden, and so is
the cell that would give it away by subtraction from a total. A fixed number of queries at any size."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, F, Q, TextChoices

from wijkregie.assessment.models import Instrument, InstrumentDomain
from wijkregie.core.small_cells import given_away, hidden_cells, is_small
from wijkregie.organisation.models import District, Municipality
from wijkregie.provisions.constants import MAATWERK_RUNGS, ProvisionLaw, Rung

from ..models import GoalResult, LadderStep, ScoreChange

QUARTERS = (1, 2, 3, 4)


# -- the ladder ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RungCell:
    rung: str
    actions: int | None  # None: hidden
    share: int | None  # % of the quarter's actions

    @property
    def suppressed(self) -> bool:
        return self.actions is None


@dataclass(frozen=True)
class LadderQuarter:
    quarter: int
    cells: list[RungCell]
    actions: int | None
    households: int | None
    without_maatwerk: int | None  # households with actions in the quarter, none of them maatwerk

    @property
    def label(self) -> str:
        return f"K{self.quarter}"

    @property
    def without_maatwerk_share(self) -> int | None:
        if self.households is None or self.without_maatwerk is None or not self.households:
            return None
        return round(100 * self.without_maatwerk / self.households)


@dataclass(frozen=True)
class Ladder:
    municipality: Municipality
    year: int
    district: District | None
    quarters: list[LadderQuarter]

    @property
    def rungs(self) -> list[tuple[str, str]]:
        return list(Rung.choices)


def _ladder_counts(steps: Any) -> tuple[dict[Any, Any], dict[int, Any], dict[Any, int]]:
    """Per (quarter, rung) and per quarter the actions and households, and every cell's households."""
    per_rung = {
        (row["quarter"], row["rung"]): row
        for row in steps.values("quarter", "rung")
        .annotate(actions=Count("pk"), households=Count("household", distinct=True))
        .order_by()
    }
    totals = {
        row["quarter"]: row
        for row in steps.values("quarter")
        .annotate(actions=Count("pk"), households=Count("household", distinct=True))
        .order_by()
    }
    with_maatwerk = dict(
        steps.filter(rung__in=MAATWERK_RUNGS)
        .values("quarter")
        .annotate(households=Count("household", distinct=True))
        .order_by()
        .values_list("quarter", "households")
    )
    sizes: dict[Any, int] = {key: row["households"] for key, row in per_rung.items()}
    for quarter, row in totals.items():
        sizes[("total", quarter)] = row["households"]
        sizes[("without", quarter)] = row["households"] - with_maatwerk.get(quarter, 0)
        sizes[("with", quarter)] = with_maatwerk.get(quarter, 0)
    return per_rung, totals, sizes


def ladder(municipality: Municipality, year: int, *, district: District | None = None) -> Ladder:
    """Per quarter the share of the plan actions started on each rung, and the households helped without
    maatwerk; three queries, six for one district (the whole municipality's cells too, so that no cell of
    the district gives the rest away by subtraction). A cell's size is its households: 1–4 is hidden."""
    steps = LadderStep.objects.filter(municipality=municipality, year=year)
    per_rung, totals, sizes = _ladder_counts(steps if district is None else steps.filter(district=district))
    also = given_away(sizes, _ladder_counts(steps)[2]) if district is not None else set()
    lines = [([(q, rung) for rung in Rung.values if (q, rung) in per_rung], ("total", q)) for q in totals] + [
        ([("with", q), ("without", q)], ("total", q)) for q in totals
    ]
    hidden = hidden_cells(sizes, lines, also)
    return Ladder(
        municipality, year, district, [_quarter(q, per_rung, totals.get(q), hidden, sizes) for q in QUARTERS]
    )


def _quarter(
    quarter: int,
    per_rung: dict[Any, Any],
    total: Any,
    hidden: set[Any],
    sizes: dict[Any, int],
) -> LadderQuarter:
    if total is None:
        return LadderQuarter(quarter, [RungCell(rung, 0, None) for rung in Rung.values], 0, 0, 0)
    if ("total", quarter) in hidden:
        return LadderQuarter(quarter, [RungCell(rung, None, None) for rung in Rung.values], None, None, None)
    cells = []
    for rung in Rung.values:
        row = per_rung.get((quarter, rung))
        if row is None:
            cells.append(RungCell(rung, 0, 0))
        elif (quarter, rung) in hidden:
            cells.append(RungCell(rung, None, None))
        else:
            cells.append(RungCell(rung, row["actions"], round(100 * row["actions"] / total["actions"])))
    without = None if ("without", quarter) in hidden else sizes[("without", quarter)]
    return LadderQuarter(quarter, cells, total["actions"], total["households"], without)


def ladder_table(answer: Ladder) -> list[list[Any]]:
    header = [f"{answer.municipality.name} {answer.year}", *[str(label) for _v, label in Rung.choices]]
    rows: list[list[Any]] = [
        [*header, "Acties", "Huishoudens", "Huishoudens zonder maatwerk (%)"],
    ]
    for quarter in answer.quarters:
        shares = ["<5" if c.suppressed else c.share for c in quarter.cells]
        hidden = quarter.actions is None
        rows.append(
            [
                quarter.label,
                *shares,
                "<5" if hidden else quarter.actions,
                "<5" if hidden else quarter.households,
                "<5" if quarter.without_maatwerk is None else quarter.without_maatwerk_share,
            ]
        )
    return rows


# -- goal attainment -----------------------------------------------------------------------------------------
class EffectPer(TextChoices):
    PROVISION = "provision", "Voorziening"
    RUNG = "rung", "Hoogste trede"
    LAW = "law", "Wet"
    DISTRICT = "district", "Wijk"
    DOMAIN = "domain", "Leefgebied"


EFFECT_FIELD = {
    EffectPer.PROVISION: "provision",
    EffectPer.RUNG: "highest_rung",
    EffectPer.LAW: "law",
    EffectPer.DISTRICT: "district_id",
    EffectPer.DOMAIN: "domain_id",
}


@dataclass(frozen=True)
class GoalCell:
    key: str
    label: str
    goals: int | None  # None: hidden
    households: int | None
    mean: float | None  # the mean GAS score, −2 … +2
    reached: int | None  # % of the goals scored 0 or higher (the expected result or better)

    @property
    def suppressed(self) -> bool:
        return self.goals is None


@dataclass(frozen=True)
class GoalEffect:
    municipality: Municipality
    year: int
    per: str
    rows: list[GoalCell]
    total: GoalCell

    @property
    def per_label(self) -> str:
        return str(EffectPer(self.per).label)


GOAL_SUMS = {
    "goals": Count("source", distinct=True),
    "households": Count("household", distinct=True),
    "mean": Avg("score"),
    "reached": Count("pk", filter=Q(score__gte=0)),
    "rows": Count("pk"),
}


def goal_effect(
    municipality: Municipality, year: int, *, per: str = EffectPer.PROVISION, district: District | None = None
) -> GoalEffect:
    """The goals whose last score fell in the year, per group: their number, the households they are of,
    the mean GAS score and the share scored 0 or higher. Two queries (three with labels), two more for one
    district (the municipality's cells, so that the district's give none of the rest away)."""
    field = EFFECT_FIELD[EffectPer(per)]
    results = GoalResult.objects.filter(municipality=municipality, year=year)
    grouped, total, sizes = _goal_counts(
        results if district is None else results.filter(district=district), per
    )
    also = given_away(sizes, _goal_counts(results, per)[2]) if district is not None else set()
    labels = _labels(per, [row[field] for row in grouped])
    lines = [] if per == EffectPer.PROVISION else [([("row", row[field]) for row in grouped], ("total",))]
    hidden = hidden_cells(sizes, lines, also)
    rows = [
        _goal_cell(str(row[field] or ""), labels[row[field]], row, ("row", row[field]) in hidden)
        for row in grouped
    ]
    rows.sort(key=lambda cell: cell.label.lower())
    return GoalEffect(
        municipality,
        year,
        str(EffectPer(per)),
        rows,
        _goal_cell("", "Alle doelen", total, ("total",) in hidden),
    )


def _goal_counts(results: Any, per: str) -> tuple[list[dict[str, Any]], dict[str, Any], dict[Any, int]]:
    field = EFFECT_FIELD[EffectPer(per)]
    grouped_rows = results if per == EffectPer.PROVISION else results.filter(once=True)
    grouped = list(grouped_rows.values(field).annotate(**GOAL_SUMS).order_by(field))
    total = results.filter(once=True).aggregate(**GOAL_SUMS)
    sizes: dict[Any, int] = {("row", row[field]): row["households"] for row in grouped}
    sizes[("total",)] = total["households"]
    return grouped, total, sizes


def _goal_cell(key: str, label: str, row: dict[str, Any], hidden: bool) -> GoalCell:
    if hidden:
        return GoalCell(key, label, None, None, None, None)
    mean = None if row["mean"] is None else round(float(row["mean"]), 2)
    reached = round(100 * row["reached"] / row["rows"]) if row["rows"] else None
    return GoalCell(key, label, row["goals"], row["households"], mean, reached)


def _labels(per: str, keys: list[Any]) -> dict[Any, str]:
    if per == EffectPer.RUNG:
        return {key: str(Rung(key).label) if key in Rung.values else "Geen actie" for key in keys}
    if per == EffectPer.LAW:
        return {
            key: str(ProvisionLaw(key).label) if key in ProvisionLaw.values else "Zonder maatwerk"
            for key in keys
        }
    if per == EffectPer.DISTRICT:
        names = dict(District.objects.filter(pk__in=[k for k in keys if k]).values_list("pk", "name"))
        return {key: names.get(key, "Onbekende wijk") for key in keys}
    if per == EffectPer.DOMAIN:
        domains = InstrumentDomain.objects.filter(pk__in=keys).select_related("instrument")
        names = {d.pk: f"{d.name} ({d.instrument.name})" for d in domains}
        return {key: names.get(key, "Onbekend leefgebied") for key in keys}
    return {key: key or "Zonder voorziening" for key in keys}


def goal_table(answer: GoalEffect) -> list[list[Any]]:
    rows: list[list[Any]] = [
        [f"{answer.municipality.name} {answer.year}", "Doelen", "Huishoudens", "Gemiddelde GAS-score",
         "Verwacht resultaat of beter (%)"],
    ]  # fmt: skip
    for cell in [*answer.rows, answer.total]:
        if cell.suppressed:
            rows.append([cell.label, "<5", "<5", None, None])
        else:
            rows.append([cell.label, cell.goals, cell.households, cell.mean, cell.reached])
    return rows


# -- the change in instrument scores -------------------------------------------------------------------------
@dataclass(frozen=True)
class DomainChange:
    domain: str
    persons: int | None  # None: hidden
    baseline: float | None
    latest: float | None
    better: int | None  # % of the persons scoring higher than at the uitvraag
    worse: int | None

    @property
    def suppressed(self) -> bool:
        return self.persons is None

    @property
    def change(self) -> float | None:
        if self.baseline is None or self.latest is None:
            return None
        return round(self.latest - self.baseline, 2)


@dataclass(frozen=True)
class ScoreChanges:
    municipality: Municipality
    year: int
    instrument: Instrument | None
    instruments: list[Instrument]
    domains: list[DomainChange]


def score_changes(
    municipality: Municipality,
    year: int,
    *,
    instrument: Instrument | None = None,
    district: District | None = None,
) -> ScoreChanges:
    """Per life domain of the instrument: the persons evaluated in the year, their mean score at the
    uitvraag and at the last evaluation, and who scored higher or lower. Three queries, four for one
    district. Each domain is its own group of persons (the domains do not add up), so a hidden domain gives
    no other away; a district's domain is hidden too when the rest of the municipality's is 1–4 persons."""
    changes = ScoreChange.objects.filter(municipality=municipality, year=year)
    instruments = list(Instrument.objects.filter(pk__in=changes.values("instrument")).order_by("name"))
    chosen = instrument if instrument in instruments else (instruments[0] if instruments else None)
    if chosen is None:
        return ScoreChanges(municipality, year, None, instruments, [])
    changes = changes.filter(instrument=chosen)
    wider: dict[Any, int] = {}
    if (
        district is not None
    ):  # the municipality's persons per domain: the district's may not give the rest away
        wider = dict(
            changes.values("domain_id")
            .annotate(n=Count("person", distinct=True))
            .values_list("domain_id", "n")
            .order_by()
        )
        changes = changes.filter(district=district)
    per_domain = (
        changes.values("domain_id", "domain__name", "domain__position")
        .annotate(
            persons=Count("person", distinct=True),
            rows=Count("pk"),
            baseline_mean=Avg("baseline"),
            latest_mean=Avg("latest"),
            better=Count("pk", filter=Q(latest__gt=F("baseline"))),
            worse=Count("pk", filter=Q(latest__lt=F("baseline"))),
        )
        .order_by("domain__position")
    )
    domains = []
    for row in per_domain:
        if is_small(row["persons"]) or (
            district is not None and is_small(wider[row["domain_id"]] - row["persons"])
        ):
            domains.append(DomainChange(row["domain__name"], None, None, None, None, None))
            continue
        domains.append(
            DomainChange(
                row["domain__name"],
                row["persons"],
                round(float(row["baseline_mean"]), 2),
                round(float(row["latest_mean"]), 2),
                round(100 * row["better"] / row["rows"]),
                round(100 * row["worse"] / row["rows"]),
            )
        )
    return ScoreChanges(municipality, year, chosen, instruments, domains)


def score_table(answer: ScoreChanges) -> list[list[Any]]:
    name = answer.instrument.name if answer.instrument else ""
    rows: list[list[Any]] = [
        [f"{answer.municipality.name} {answer.year} {name}".strip(), "Personen", "Gemiddeld bij de uitvraag",
         "Gemiddeld bij de evaluatie", "Verandering", "Hoger (%)", "Lager (%)"],
    ]  # fmt: skip
    for d in answer.domains:
        if d.suppressed:
            rows.append([d.domain, "<5", None, None, None, None, None])
        else:
            rows.append([d.domain, d.persons, d.baseline, d.latest, d.change, d.better, d.worse])
    return rows
