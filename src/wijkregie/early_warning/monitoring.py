"""The monitoring of vroegsignalering: counts per month and district, for beleid and the teamleider.

Every figure is a sum over cells of (month, district). A cell is the tally of the live signals and zaken in
it (`tally_rows`, a fixed number of grouped queries whatever the number of rows) plus the anonymous
`MonthTally` rows that the retention job left when it deleted the personal data behind them. The retention
job tallies what it deletes with the same `tally_rows`, so the figures of a month do not change when its
signals and zaken are deleted. The definitions are in docs/vroegsignalering.md ("Definities").

A signal counts in the month of its signal date, in the district of its zaak, else of its postcode area; a
zaak counts in the month its matching period starts, in its own district. Counts only: no person, no
household, no amount. Every count of 1 to 4 shows as "<5" and totals are protected against subtraction
(`core.small_cells`); beleid and the teamleider alike."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    Expression,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, Greatest, Substr

from wijkregie.core.small_cells import hidden_cells, is_small
from wijkregie.organisation.models import District, Municipality, PostcodeArea

from .constants import ACCEPTED_RESULTS, NOT_MATCHED, CaseResult, PartnerType
from .models import ContactAttempt, MonthTally, Signal, SignalCase

Key = tuple[date, int | None]  # (first day of the month, district id or None: district not known)
UNKNOWN_DISTRICT = "Wijk onbekend"
MAX_MONTHS = 36


# -- the tally of a cell -------------------------------------------------------------------------------------
@dataclass
class Tally:
    """The counts of one cell, in the shape of a MonthTally row."""

    signals: int = 0
    signals_not_matched: int = 0
    persons: int = 0
    households: int = 0
    multiple: int = 0
    crisis: int = 0
    picked_up: int = 0
    reached: int = 0
    accepted: int = 0
    first_contact_days: int = 0
    first_contacts: int = 0
    results: dict[str, int] = field(default_factory=dict)
    partner_types: dict[str, int] = field(default_factory=dict)

    @staticmethod
    def counts() -> list[str]:
        return [f.name for f in fields(Tally) if f.name not in ("results", "partner_types")]

    def add(self, other: "Tally") -> "Tally":
        for name in self.counts():
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for mine, theirs in ((self.results, other.results), (self.partner_types, other.partner_types)):
            for kind, number in theirs.items():
                mine[kind] = mine.get(kind, 0) + number
        return self

    @classmethod
    def of_row(cls, row: MonthTally) -> "Tally":
        tally = cls(**{name: getattr(row, name) for name in cls.counts()})
        tally.results = {k: int(v) for k, v in (row.results or {}).items()}
        tally.partner_types = {k: int(v) for k, v in (row.partner_types or {}).items()}
        return tally

    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in self.counts())


class MonthStart(Func):
    """The first day of a date's month, in the database's own date functions."""

    output_field = DateField()
    template = "CAST(date_trunc('month', %(expressions)s) AS date)"

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(compiler, connection, template="date(%(expressions)s, 'start of month')")


class DaysBetween(Func):
    """Whole days from the second date to the first."""

    output_field = IntegerField()
    arity = 2
    template = "(%(expressions)s)"
    arg_joiner = " - "

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS integer)",
            arg_joiner=") - julianday(",
        )


def signal_district() -> Expression:
    """The district a signal counts in: its zaak's, else that of the postcode area of its address."""
    by_postcode = PostcodeArea.objects.filter(
        pc4=Substr(OuterRef("postcode"), 1, 4), district__municipality_id=OuterRef("municipality_id")
    ).values("district_id")[:1]
    return Coalesce(F("case__district_id"), Subquery(by_postcode), output_field=IntegerField())


def person_key() -> Expression:
    """Who a signal is about: the matched resident, else the BSN, else postcode + huisnummer + birth date."""
    text = CharField()
    return Case(
        When(resident_id__isnull=False, then=Concat(Value("r"), Cast("resident_id", text))),
        When(~Q(bsn=""), then=Concat(Value("b"), F("bsn"), output_field=text)),
        default=Concat(
            Value("a"),
            F("postcode"),
            Value("/"),
            Cast(Coalesce("house_number", Value(0)), text),
            Value("/"),
            Coalesce(Cast("birth_date", text), Value("")),
            output_field=text,
        ),
        output_field=text,
    )


def _partner_field(kind: str) -> str:
    return f"p_{PartnerType.values.index(kind)}"


def _signal_tallies(signals: QuerySet[Signal], cells: dict[Key, Tally]) -> None:
    counted: dict[str, Any] = {
        "n": Count("pk"),
        "not_matched": Count("pk", filter=Q(status__in=NOT_MATCHED)),
        "persons": Count(person_key(), distinct=True),
    }
    for kind in PartnerType.values:
        counted[_partner_field(kind)] = Count("pk", filter=Q(partner_type=kind))
    rows: Any = (
        signals.annotate(month=MonthStart("signal_date"), district=signal_district())
        .values("month", "district")
        .annotate(**counted)
        .order_by()
    )
    for row in rows:
        tally = cells.setdefault((row["month"], row["district"]), Tally())
        tally.signals += row["n"]
        tally.signals_not_matched += row["not_matched"]
        tally.persons += row["persons"]
        for kind in PartnerType.values:
            if number := row[_partner_field(kind)]:
                tally.partner_types[kind] = tally.partner_types.get(kind, 0) + number


CASE_COUNTS = ("households", "multiple", "crisis", "picked_up", "reached", "accepted", "first_contacts")


def _case_tallies(cases: QuerySet[SignalCase], cells: dict[Key, Tally]) -> None:
    attempts = ContactAttempt.objects.filter(case=OuterRef("pk"))
    first_on = Subquery(attempts.order_by("made_on").values("made_on")[:1], output_field=DateField())
    days = Greatest(DaysBetween(F("first_on"), F("matched_on")), Value(0))  # an attempt before matching: 0
    rows: Any = (
        cases.annotate(month=MonthStart("period_start"))
        .alias(
            was_reached=Exists(attempts.filter(reached=True)),
            first_on=first_on,
        )
        .values("month", "district_id", "result")
        .annotate(
            households=Count("pk"),
            multiple=Count("pk", filter=Q(signal_count__gte=2)),
            crisis=Count("pk", filter=Q(crisis=True)),
            picked_up=Count("pk", filter=Q(picked_up_on__isnull=False)),
            reached=Count("pk", filter=Q(was_reached=True)),
            accepted=Count("pk", filter=Q(result__in=ACCEPTED_RESULTS)),
            first_contacts=Count("pk", filter=Q(first_on__isnull=False)),
            first_contact_days=Sum(Case(When(first_on__isnull=False, then=days), default=Value(0))),
        )
        .order_by()
    )
    for row in rows:
        tally = cells.setdefault((row["month"], row["district_id"]), Tally())
        for name in CASE_COUNTS:
            setattr(tally, name, getattr(tally, name) + row[name])
        tally.first_contact_days += row["first_contact_days"] or 0
        if row["result"]:
            tally.results[row["result"]] = tally.results.get(row["result"], 0) + row["households"]


def tally_rows(signals: QuerySet[Signal], cases: QuerySet[SignalCase]) -> dict[Key, Tally]:
    """The tallies per cell of these signals and these zaken: two grouped queries. The one way rows become
    counts, for the monitoring and for the retention job alike."""
    cells: dict[Key, Tally] = {}
    _signal_tallies(signals, cells)
    _case_tallies(cases, cells)
    return cells


# -- months --------------------------------------------------------------------------------------------------
def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def months_between(first: date, last: date) -> list[date]:
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def last_whole_months(today: date, count: int = 6) -> tuple[date, date]:
    """The first days of the first and the last of the `count` whole months before today's month."""
    last = month_start(month_start(today) - timedelta(days=1))
    first = last
    for _ in range(count - 1):
        first = month_start(first - timedelta(days=1))
    return first, last


def cells_of(municipality: Municipality, first: date, last: date) -> dict[Key, Tally]:
    """Live rows plus tallies per cell, for the months `first`..`last` (first days): three queries."""
    end = next_month(last)
    cells = tally_rows(
        Signal.objects.filter(municipality=municipality, signal_date__gte=first, signal_date__lt=end),
        SignalCase.objects.filter(municipality=municipality, period_start__gte=first, period_start__lt=end),
    )
    for row in MonthTally.objects.filter(municipality=municipality, month__gte=first, month__lt=end):
        cells.setdefault((row.month, row.district_id), Tally()).add(Tally.of_row(row))
    return cells


# -- what a page and an export show --------------------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    """One shown figure: a count, a percentage, days or a rate. `hidden`: withheld by the small-cell rule;
    `value` None and not hidden: nothing to show (no denominator, population unknown)."""

    value: int | float | None
    kind: str = "count"  # count | percent | days | rate
    hidden: bool = False

    @property
    def text(self) -> str:
        if self.hidden:
            return "<5" if self.kind == "count" else "verborgen"
        if self.value is None:
            return "onbekend" if self.kind == "rate" else "–"
        if self.kind == "count":
            return str(self.value)
        if self.kind == "percent":
            return f"{round(self.value)}%"
        return f"{self.value:.1f}".replace(".", ",")

    @property
    def export(self) -> int | float | str:
        """For a spreadsheet: the number itself, or the text where there is none."""
        if self.hidden or self.value is None:
            return self.text if self.hidden or self.kind == "rate" else ""
        if self.kind == "percent":
            return round(self.value)
        return self.value if self.kind == "count" else round(self.value, 1)


COUNTED = (
    ("signals", "Signalen"),
    ("signals_not_matched", "Niet opgepakt na matching"),
    ("persons", "Personen"),
    ("households", "Huishoudens (zaken)"),
    ("multiple", "Meervoudig (2+ signalen)"),
    ("crisis", "Crisis"),
    ("picked_up", "Opgepakt"),
    ("reached", "Bereikt"),
    ("accepted", "Hulp geaccepteerd"),
)
DERIVED = (
    ("reached_percent", "Bereikt (% van opgepakt)"),
    ("accepted_of_reached", "Geaccepteerd (% van bereikt)"),
    ("accepted_of_picked_up", "Geaccepteerd (% van opgepakt)"),
    ("first_contact_days", "Gemiddeld dagen tot eerste contact"),
    ("per_thousand", "Signalen per 1.000 inwoners per maand"),
)


@dataclass
class Row:
    key: Any
    label: str
    tally: Tally
    months: int  # how many months the row spans (for the rate per month)
    population: int | None
    shown: dict[Any, Figure] = field(default_factory=dict)  # by figure name; ("result"|"partner", kind)

    def figures(self) -> list[Figure]:
        """The counted and derived figures in the order of the page's table."""
        return [self.shown[name] for name, _label in (*COUNTED, *DERIVED)]

    def result(self, kind: str) -> Figure:
        return self.shown[("result", kind)]

    def partner(self, kind: str) -> Figure:
        return self.shown[("partner", kind)]


def _percent(part: Figure, whole: Figure) -> Figure:
    if part.hidden or whole.hidden:
        return Figure(None, "percent", hidden=True)
    if not whole.value:
        return Figure(None, "percent")
    assert part.value is not None
    return Figure(100 * part.value / whole.value, "percent")


def _derive(row: Row) -> None:
    s, t = row.shown, row.tally
    s["reached_percent"] = _percent(s["reached"], s["picked_up"])
    s["accepted_of_reached"] = _percent(s["accepted"], s["reached"])
    s["accepted_of_picked_up"] = _percent(s["accepted"], s["picked_up"])
    if is_small(t.first_contacts):
        s["first_contact_days"] = Figure(None, "days", hidden=True)
    else:
        s["first_contact_days"] = Figure(
            t.first_contact_days / t.first_contacts if t.first_contacts else None, "days"
        )
    if not row.population:  # no rate at all, so nothing it could give away
        s["per_thousand"] = Figure(None, "rate")
    elif s["signals"].hidden:
        s["per_thousand"] = Figure(None, "rate", hidden=True)
    else:
        s["per_thousand"] = Figure(1000 * t.signals / row.population / row.months, "rate")


def _figures(tally: Tally) -> dict[Any, int]:
    """Every count of a tally that the small-cell rule protects, by name."""
    counted: dict[Any, int] = {name: getattr(tally, name) for name, _label in COUNTED}
    for kind in CaseResult.values:
        counted[("result", kind)] = tally.results.get(kind, 0)
    for kind in PartnerType.values:
        counted[("partner", kind)] = tally.partner_types.get(kind, 0)
    return counted


def protect(months: Sequence[Row], districts: Sequence[Row], total: Row) -> None:
    """Fill in what each row shows. One small-cell rule over the whole answer: each figure's months and
    districts add up to its total, and each row's partner types add up to its signals, so none of those
    lines may give a hidden cell away by subtraction."""
    rows = [*months, *districts, total]
    sizes: dict[tuple[Any, int], int] = {}
    for index, row in enumerate(rows):
        for name, number in _figures(row.tally).items():
            sizes[(name, index)] = number
    totals = len(rows) - 1
    lines: list[tuple[list[tuple[Any, int]], tuple[Any, int] | None]] = []
    for name in _figures(total.tally):
        for group in (range(len(months)), range(len(months), len(months) + len(districts))):
            if group:
                lines.append(([(name, i) for i in group], (name, totals)))
    for index in range(len(rows)):
        lines.append(([(("partner", kind), index) for kind in PartnerType.values], ("signals", index)))
    hidden = hidden_cells(sizes, lines)
    for index, row in enumerate(rows):
        row.shown = {
            name: Figure(number, hidden=(name, index) in hidden)
            for name, number in _figures(row.tally).items()
        }
        _derive(row)


@dataclass
class Monitoring:
    municipality: Municipality
    first: date
    last: date
    district: District | None
    months: list[Row]
    districts: list[Row]  # per district over the whole range, when no single district was chosen
    total: Row

    @property
    def period_label(self) -> str:
        return f"{month_label(self.first)} tot en met {month_label(self.last)}"

    @property
    def any_hidden(self) -> bool:
        return any(
            f.hidden for row in (*self.months, *self.districts, self.total) for f in row.shown.values()
        )

    def results_shown(self) -> list[tuple[str, str]]:
        """The kinds of result that occur in the period, in the order of the value list."""
        return [(v, str(label)) for v, label in CaseResult.choices if self.total.tally.results.get(v)]

    def partners_shown(self) -> list[tuple[str, str]]:
        return [(v, str(label)) for v, label in PartnerType.choices if self.total.tally.partner_types.get(v)]

    def result_lines(self) -> list[tuple[str, list[Figure], Figure]]:
        """Per kind of result that occurs: its label, the zaken per month and in total."""
        return [
            (label, [row.result(v) for row in self.months], self.total.result(v))
            for v, label in self.results_shown()
        ]

    def partner_lines(self) -> list[tuple[str, list[Figure], Figure]]:
        return [
            (label, [row.partner(v) for row in self.months], self.total.partner(v))
            for v, label in self.partners_shown()
        ]

    @staticmethod
    def figure_lines(columns: Sequence[Row]) -> list[tuple[str, list[Figure]]]:
        """A table with a line per figure and a column per row (month, district or total)."""
        return [(label, [row.shown[name] for row in columns]) for name, label in (*COUNTED, *DERIVED)]

    def month_lines(self) -> list[tuple[str, list[Figure]]]:
        return self.figure_lines([*self.months, self.total])

    def district_lines(self) -> list[tuple[str, list[Figure]]]:
        return self.figure_lines([*self.districts, self.total])


MONTH_NAMES = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def month_label(month: date) -> str:
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def _sum(tallies: Iterable[Tally]) -> Tally:
    total = Tally()
    for tally in tallies:
        total.add(tally)
    return total


def _population(districts: Sequence[District]) -> int | None:
    """The residents of these districts together; unknown when one of them is."""
    if not districts or any(d.population is None for d in districts):
        return None
    return sum(d.population or 0 for d in districts)


def districts_of(municipality: Municipality) -> list[District]:
    return list(District.objects.filter(municipality=municipality).order_by("name", "pk"))


def monitoring(
    municipality: Municipality,
    first: date,
    last: date,
    district: District | None = None,
    *,
    districts: list[District] | None = None,
) -> Monitoring:
    """The figures of `municipality` for the months `first`..`last` (any day in them), for one district or
    all: four queries (three when the caller has the municipality's `districts` already), whatever the
    number of signals, zaken, tallies and districts."""
    first, last = month_start(first), month_start(last)
    months = months_between(first, last)
    all_districts = districts if districts is not None else districts_of(municipality)
    cells = cells_of(municipality, first, last)
    if district is not None:
        cells = {key: tally for key, tally in cells.items() if key[1] == district.pk}
    chosen = [district] if district is not None else all_districts
    population = _population(chosen)
    month_rows = [
        Row(m, month_label(m), _sum(t for (cm, _d), t in cells.items() if cm == m), 1, population)
        for m in months
    ]
    total = Row("total", "Totaal", _sum(cells.values()), len(months), population)
    district_rows: list[Row] = []
    if district is None:
        for d in all_districts:
            tally = _sum(t for (_m, cd), t in cells.items() if cd == d.pk)
            district_rows.append(Row(d.uuid, d.name, tally, len(months), d.population))
        unknown = _sum(t for (_m, cd), t in cells.items() if cd is None)
        if not unknown.is_empty():
            district_rows.append(Row(None, UNKNOWN_DISTRICT, unknown, len(months), None))
    protect(month_rows, district_rows, total)
    return Monitoring(municipality, first, last, district, month_rows, district_rows, total)


# -- exports -------------------------------------------------------------------------------------------------
def export_table(answer: Monitoring) -> list[list[Any]]:
    """Header and rows for CSV and XLSX: the months, the total and the districts, with every figure the page
    shows and every kind of result and partner, under the same small-cell rule."""
    results = [(v, f"Eindresultaat: {label}") for v, label in CaseResult.choices]
    partners = [(v, f"Signalen van: {label}") for v, label in PartnerType.choices]
    header = [
        "Periode",
        "Wijk",
        *(label for _n, label in COUNTED),
        *(label for _n, label in DERIVED),
        *(label for _v, label in results),
        *(label for _v, label in partners),
    ]
    scope = answer.district.name if answer.district else "Alle wijken"

    def line(period: str, where: str, row: Row) -> list[Any]:
        return [
            period,
            where,
            *(row.shown[name].export for name, _label in COUNTED),
            *(row.shown[name].export for name, _label in DERIVED),
            *(row.result(v).export for v, _label in results),
            *(row.partner(v).export for v, _label in partners),
        ]

    table = [header]
    table += [line(row.label, scope, row) for row in answer.months]
    table.append(line(answer.period_label, scope, answer.total))
    table += [line(answer.period_label, row.label, row) for row in answer.districts]
    return table
