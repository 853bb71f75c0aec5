"""The cost ledger and the contract review: reads for the contractmanager and beleid.

Expected cost is worked out per allocation per month in the database (one grouped query for a whole year,
whatever the number of allocations): volume x the tariff of the contracted product valid that month, or the
budget (and a whole-period volume) spread over the months of the allocation; a month the allocation only
partly covers counts pro rata by its days. `wijkregie.decisions.amounts.month_cents` is the same rule for
one allocation in Python. Actual cost is the sum of the booked invoice lines.

Aggregates only: counts of distinct residents and amounts, never a name, BSN or dossier. Beleid sees a cell
with 1 to 4 clients as "<5", and not its amounts either.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    Expression,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    TextChoices,
    Value,
    When,
)
from django.db.models.functions import (
    Cast,
    Coalesce,
    Greatest,
    Least,
    TruncDate,
)
from django.db.models.lookups import LessThanOrEqual
from django.http import Http404
from django.utils import timezone

from wijkregie.accounts.constants import Role
from wijkregie.core.policies import get_or_404
from wijkregie.core.small_cells import SMALL, hidden_cells, is_small
from wijkregie.decisions.amounts import EUROS, MONTHS_OPEN_ENDED, PER_YEAR, days_in_month
from wijkregie.organisation.models import Municipality
from wijkregie.providers.constants import ContractKind
from wijkregie.providers.models import Contract, ContractProduct, Provider
from wijkregie.providers.selectors import risk_valve_exceeded, risk_valve_threshold
from wijkregie.provisions.constants import ProvisionLaw

from ..constants import AllocationStatus, InvoiceStatus
from ..models import Allocation, InvoiceImport, InvoiceLine, ProviderRequest

# Allocations that cost money: allocated, accepted by the provider, care started; stopped ones up to the stop.
COSTING = (
    AllocationStatus.ALLOCATED,
    AllocationStatus.ACCEPTED,
    AllocationStatus.STARTED,
    AllocationStatus.STOPPED,
)
# Contracts that buy products (a subsidy buys deliverables, not products).
PRODUCT_CONTRACTS = (ContractKind.OPEN_HOUSE, ContractKind.AREA)
# beleid never sees a cell of fewer clients than SMALL: one rule for every aggregate (core.small_cells)
FAR = date(9999, 12, 31)  # "no end yet", so that dates compare without NULLs
YEAR = timedelta(days=365)
LEDGER_ROLES = frozenset({Role.CONTRACT_MANAGER, Role.POLICY_OFFICER})
FLAGGED_SHOWN = 500


class Per(TextChoices):
    LAW = "law", "Wet"
    PRODUCT = "product", "Product"
    PROVIDER = "provider", "Aanbieder"
    DISTRICT = "district", "Wijk"


# -- who -----------------------------------------------------------------------------------------------------
class LedgerAccess:
    """The contractmanager and beleid of a municipality see its ledger and contract review (beleid with
    small cells hidden); only the contractmanager reads in invoice files. Everyone else: 404."""

    def __init__(self, user: Any) -> None:
        self.user = user

    def _role(self) -> str | None:
        user = self.user
        if not (user and user.is_authenticated and user.is_active and user.municipality_id):
            return None
        return str(user.role) if user.role in LEDGER_ROLES else None

    def can_view(self) -> bool:
        """Without a query: the role and a municipality of one's own."""
        return self._role() is not None

    @property
    def suppress_small(self) -> bool:
        return self._role() != Role.CONTRACT_MANAGER

    def municipality(self) -> Municipality | None:
        if self._role() is None:
            return None
        return Municipality.objects.filter(pk=self.user.municipality_id).first()

    def municipality_or_404(self) -> Municipality:
        municipality = self.municipality()
        if municipality is None:
            raise Http404
        return municipality

    def may_import(self, municipality: Municipality) -> bool:
        return self._role() == Role.CONTRACT_MANAGER and self.user.municipality_id == municipality.pk

    def import_municipality_or_404(self) -> Municipality:
        if self._role() != Role.CONTRACT_MANAGER:
            raise Http404
        return self.municipality_or_404()


# -- expressions ---------------------------------------------------------------------------------------------
def months_of(year: int) -> list[date]:
    return [date(year, month, 1) for month in range(1, 13)]


def _float(value: Any) -> Any:
    return Cast(value, FloatField())


def last_day_of_care() -> Expression:
    """The allocation's last day: its end date, or the stop date when care stopped; FAR when open-ended."""
    stopped = Case(
        When(status=AllocationStatus.STOPPED, stopped_on__isnull=False, then=F("stopped_on")),
        default=Value(FAR),
        output_field=DateField(),
    )
    return Least(Coalesce(F("end_date"), Value(FAR)), stopped, output_field=DateField())


class _DatePart(Func):
    """Year, month or day of a date as an integer, with the database's own date functions (Django's Extract
    calls back into Python on SQLite, twelve months x thousands of allocations times)."""

    output_field = IntegerField()
    # "%" doubled twice: once for the template, once for the query's own parameter style.
    PARTS = {"year": "%%%%Y", "month": "%%%%m", "day": "%%%%d"}

    def __init__(self, expression: Any, part: str) -> None:
        super().__init__(expression)
        self.part = part
        self.template = f"CAST(EXTRACT({part.upper()} FROM %(expressions)s) AS integer)"  # PostgreSQL

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        template = f"CAST(strftime('{self.PARTS[self.part]}', %(expressions)s) AS integer)"
        return self.as_sql(compiler, connection, template=template, **extra_context)


class _DaysInMonth(Func):
    """The number of days of the month a date falls in."""

    output_field = IntegerField()
    template = (
        "CAST(EXTRACT(DAY FROM date_trunc('month', %(expressions)s) + interval '1 month - 1 day') AS integer)"
    )

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        last_day = "%(expressions)s, 'start of month', '+1 month', '-1 day'"
        template = f"CAST(strftime('%%%%d', {last_day}) AS integer)"
        return self.as_sql(compiler, connection, template=template, **extra_context)


def _share(month: date) -> Expression:
    """The part of the month the allocation covers (0.0 to 1.0), by days."""
    days = days_in_month(month.year, month.month)
    begin = Greatest(F("start_date"), Value(month), output_field=DateField())
    end = Least(last_day_of_care(), Value(month.replace(day=days)), output_field=DateField())
    covered = _DatePart(end, "day") - _DatePart(begin, "day") + Value(1)
    return Case(
        When(LessThanOrEqual(begin, end), then=_float(covered) / Value(float(days))),
        default=Value(0.0),
        output_field=FloatField(),
    )


def _period_months() -> Expression:
    """How many months start_date..end_date spans, first and last month pro rata (amounts.period_months):
    the months from the start's to the end's, plus the end's part of its month, minus the days of the
    start's month before the start."""
    start, end = F("start_date"), F("end_date")
    months = (_DatePart(end, "year") - _DatePart(start, "year")) * 12 + _DatePart(end, "month")
    months = months - _DatePart(start, "month")
    last_part = _float(_DatePart(end, "day")) / _float(_DaysInMonth(end))
    before_start = _float(_DatePart(start, "day") - Value(1)) / _float(_DaysInMonth(start))
    return Case(
        When(end_date__isnull=True, then=Value(MONTHS_OPEN_ENDED)),
        default=_float(months) + last_part - before_start,
        output_field=FloatField(),
    )


def contracted_q(on: Any, *, organisation: str = "provider__organisation_id") -> Q:
    """ContractProduct rows that contract the outer allocation's (or request's) product for its provider on
    the day `on`, by the rule of `wijkregie.providers.selectors.contracted_product`: a contract of the
    municipality in force that day with the provider's organisation as party or subcontractor, and a line
    for exactly this product code or for the whole category, valid that day."""
    subcontract = Contract.subcontractors.through.objects.filter(
        contract_id=OuterRef("contract_id"), organisation_id=OuterRef(OuterRef(organisation))
    )
    return (
        Q(
            contract__municipality_id=OuterRef("municipality_id"),
            contract__start_date__lte=on,
            contract__end_date__gte=on,
            valid_from__lte=on,
            product_category=OuterRef("product_category"),
        )
        & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        & (Q(product_code=OuterRef("product_code")) | Q(product_code=""))
        & (Q(contract__party_id=OuterRef(organisation)) | Q(Exists(subcontract)))
    )


class ContractedProducts:
    """The municipality's contract lines in memory (two queries), for questions asked thousands of times: is
    a product contracted for a provider on a day, in a month, and at what tariff that month. The rule is
    that of `wijkregie.providers.selectors.contracted_product`: a contract of the municipality in force that
    day with the provider's organisation as party or subcontractor, and a line for exactly this product code
    or for the whole category, valid that day; an exact code wins over the category, then the latest
    valid_from."""

    def __init__(self, municipality: Municipality) -> None:
        subcontracts = Contract.subcontractors.through.objects.filter(contract__municipality=municipality)
        parties: dict[int, set[int]] = {}
        for contract_id, organisation_id in subcontracts.values_list("contract_id", "organisation_id"):
            parties.setdefault(contract_id, set()).add(organisation_id)
        self._lines: dict[tuple[int, str], list[ContractProduct]] = {}
        lines = ContractProduct.objects.filter(contract__municipality=municipality).select_related("contract")
        for line in lines.order_by("-product_code", "-valid_from", "pk"):
            for organisation_id in {line.contract.party_id} | parties.get(line.contract_id, set()):
                self._lines.setdefault((organisation_id, line.product_category), []).append(line)
        self._tariffs: dict[tuple[int, str, str, date], int | None] = {}

    def applies_on(self, organisation_id: int, category: str, code: str, day: date) -> ContractProduct | None:
        for line in self._lines.get((organisation_id, category), []):  # in order of preference
            if line.product_code not in (code, ""):
                continue
            in_force = line.contract.start_date <= day <= line.contract.end_date
            if in_force and line.valid_from <= day <= (line.valid_until or day):
                return line
        return None

    def _first_in_month(self, organisation_id: int, category: str, code: str, month: date) -> Any:
        """The line that applies on the first day of the month, or on the first day in it that one does."""
        first = month.replace(day=1)
        last = first.replace(day=days_in_month(first.year, first.month))
        days = {first}
        for line in self._lines.get((organisation_id, category), []):
            days |= {d for d in (line.valid_from, line.contract.start_date) if first < d <= last}
        for day in sorted(days):
            if found := self.applies_on(organisation_id, category, code, day):
                return found
        return None

    def contracted_in(self, organisation_id: int, category: str, code: str, month: date) -> bool:
        """Contracted on at least one day of the month."""
        return self._first_in_month(organisation_id, category, code, month) is not None

    def month_tariff(self, organisation_id: int, category: str, code: str, month: date) -> int | None:
        """The tariff of the month: of the line that applies on its first day (or its first contracted day);
        None when the product is not contracted that month or has no tariff."""
        key = (organisation_id, category, code, month)
        if key not in self._tariffs:
            line = self._first_in_month(organisation_id, category, code, month)
            self._tariffs[key] = line.tariff_cents if line is not None else None
        return self._tariffs[key]


def costing_allocations(municipality: Municipality, year: int) -> QuerySet[Allocation]:
    """The allocations that cost something in the year."""
    return (
        Allocation.objects.filter(
            municipality=municipality, status__in=COSTING, start_date__lte=date(year, 12, 31)
        )
        .alias(last_day=last_day_of_care())
        .filter(last_day__gte=date(year, 1, 1))
    )


PRICED = ("provider__organisation_id", "product_category", "product_code", "unit")


def _amount_parts(allocations: QuerySet[Allocation], year: int, fields: tuple[str, ...]) -> list[dict]:
    """Per group and priced product: b1..b12, the budget cents in each month, and u1..u12, the units in
    each month (volume x recurrences x the part of the month covered) still to be multiplied by the tariff.
    The tariff is per provider, product and month, so the multiplication happens on these few rows."""
    aggregates: dict[str, Any] = {}
    period = _period_months()
    recurrences = Case(
        *(When(frequency=code, then=Value(times / 12)) for code, times in PER_YEAR.items()),
        default=Value(1.0) / period,
        output_field=FloatField(),
    )
    for number, month in enumerate(months_of(year), start=1):
        share = _share(month)
        aggregates[f"b{number}"] = Sum(
            Case(When(budget_cents__isnull=False, then=_float(F("budget_cents")) * share / period))
        )
        aggregates[f"u{number}"] = Sum(
            Case(When(budget_cents__isnull=True, then=_float(F("volume")) * recurrences * share))
        )
    return list(allocations.values(*fields, *PRICED).annotate(**aggregates).order_by())


def _clients(allocations: QuerySet[Allocation], year: int, fields: tuple[str, ...]) -> dict[tuple, dict]:
    """Per group: distinct clients in the year and c1..c12 in each month."""
    aggregates: dict[str, Any] = {"clients": Count("resident_id", distinct=True)}
    for number, month in enumerate(months_of(year), start=1):
        end = month.replace(day=days_in_month(month.year, month.month))
        covered = Q(start_date__lte=end, last_day__gte=month)
        aggregates[f"c{number}"] = Count(Case(When(covered, then=F("resident_id"))), distinct=True)
    rows = allocations.values(*fields).annotate(**aggregates).order_by()
    return {tuple(row[f] for f in fields): row for row in rows}


def expected_by(
    municipality: Municipality,
    year: int,
    fields: tuple[str, ...],
    where: Q | None = None,
    tariffs: ContractedProducts | None = None,
) -> dict[tuple, list[float]]:
    """Expected cents per group of `fields` and month (twelve floats, not rounded): one query, and the
    tariffs (two queries, unless given). Same rule as amounts.month_cents, with the tariff of the month."""
    allocations = costing_allocations(municipality, year)
    if where is not None:
        allocations = allocations.filter(where)
    tariffs = tariffs or ContractedProducts(municipality)
    months = months_of(year)
    result: dict[tuple, list[float]] = {}
    for row in _amount_parts(allocations, year, fields):
        cents = result.setdefault(tuple(row[f] for f in fields), [0.0] * 12)
        organisation, category, code, unit = (row[f] for f in PRICED)
        for number, month in enumerate(months, start=1):
            cents[number - 1] += row[f"b{number}"] or 0.0
            if units := row[f"u{number}"]:
                price = 100 if unit == EUROS else tariffs.month_tariff(organisation, category, code, month)
                cents[number - 1] += units * (price or 0)
    return result


def clients_by(
    municipality: Municipality, year: int, fields: tuple[str, ...], where: Q | None = None
) -> dict[tuple, dict]:
    allocations = costing_allocations(municipality, year)
    if where is not None:
        allocations = allocations.filter(where)
    return _clients(allocations, year, fields)


def _actual_by(
    municipality: Municipality, year: int, fields: tuple[str, ...], where: Q | None = None
) -> list[dict]:
    lines = InvoiceLine.objects.filter(
        municipality=municipality,
        status=InvoiceStatus.BOOKED,
        month__gte=date(year, 1, 1),
        month__lte=date(year, 12, 31),
    )
    if where is not None:
        lines = lines.filter(where)
    return list(lines.values(*fields, "month").annotate(cents=Sum("amount_cents")).order_by())


# -- the shape of the answers --------------------------------------------------------------------------------
@dataclass
class Cell:
    """Clients, expected and actual cost of one cell; all None when suppressed for beleid."""

    clients: int | None
    expected_cents: int | None
    actual_cents: int | None
    suppressed: bool = False
    month: date | None = None

    @property
    def difference_cents(self) -> int | None:
        if self.expected_cents is None or self.actual_cents is None:
            return None
        return self.actual_cents - self.expected_cents


def _cell(clients: int, expected: float, actual: int, suppress: bool, month: date | None = None) -> Cell:
    expected_cents = round(expected)
    hidden = clients < SMALL and (clients > 0 or expected_cents != 0 or actual != 0)
    if suppress and hidden:
        return Cell(None, None, None, suppressed=True, month=month)
    return Cell(clients, expected_cents, actual, month=month)


@dataclass
class LedgerRow:
    key: str
    label: str
    total: Cell
    months: list[Cell]


@dataclass
class AreaContractRow:
    uuid: UUID
    name: str
    party: str
    districts: list[str]
    start_date: date
    end_date: date
    lump_sum_cents: int
    baseline_clients: int
    risk_valve_percent: int | None
    risk_valve_clients: int | None  # above this many unique clients in the year the valve opens
    clients: int | None
    expected_cents: int | None
    spent_cents: int | None
    suppressed: bool
    risk_valve_triggered: bool | None  # None: the contract has no risk valve

    @property
    def remaining_cents(self) -> int | None:
        return None if self.spent_cents is None else self.lump_sum_cents - self.spent_cents

    @property
    def spent_percent(self) -> int | None:
        if self.spent_cents is None or not self.lump_sum_cents:
            return None
        return round(100 * self.spent_cents / self.lump_sum_cents)


@dataclass
class Ledger:
    municipality: Municipality
    year: int
    per: str
    suppress: bool
    months: list[Cell]
    total: Cell
    rows: list[LedgerRow]
    area_contracts: list[AreaContractRow]

    @property
    def per_label(self) -> str:
        return str(Per(self.per).label)

    @property
    def any_suppressed(self) -> bool:
        cells = [self.total, *self.months]
        cells += [cell for row in self.rows for cell in (row.total, *row.months)]
        return any(cell.suppressed for cell in cells) or any(a.suppressed for a in self.area_contracts)


# -- the ledger ----------------------------------------------------------------------------------------------
# Per "per": the allocation fields of the group (key first, then the label) and the invoice line fields.
GROUPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Per.LAW: (("law",), ("allocation__law",)),
    Per.PRODUCT: (
        ("product_category", "product_code"),
        ("allocation__product_category", "allocation__product_code"),
    ),
    Per.PROVIDER: (
        ("provider__uuid", "provider__organisation__name"),
        ("provider__uuid", "provider__organisation__name"),
    ),
    Per.DISTRICT: (
        ("household__district__uuid", "household__district__name"),
        ("allocation__household__district__uuid", "allocation__household__district__name"),
    ),
}


def _key_and_label(per: str, values: tuple[Any, ...]) -> tuple[str, str]:
    if per == Per.LAW:
        law = values[0] or ""
        return law, str(ProvisionLaw(law).label) if law in ProvisionLaw.values else law
    if per == Per.PRODUCT:
        category, code = values
        return f"{category}/{code}", f"{category} {code}".strip()
    return str(values[0]), values[1] or ""


def ledger(municipality: Municipality, year: int, per: str = Per.LAW, *, suppress: bool = True) -> Ledger:
    """Expected against actual cost per month of the year, and per group (law, product, provider or
    district) with its months; the area contracts against their lump sum. A fixed number of queries,
    whatever the number of allocations and invoice lines."""
    fields, line_fields = GROUPS[Per(per)]
    months = months_of(year)
    tariffs = ContractedProducts(municipality)
    expected = expected_by(municipality, year, fields, tariffs=tariffs)
    clients = clients_by(municipality, year, fields)
    everyone = clients_by(municipality, year, ("municipality_id",)).get((municipality.pk,), {})
    actual: dict[tuple, list[int]] = {}
    for line in _actual_by(municipality, year, line_fields):
        actual.setdefault(tuple(line[f] for f in line_fields), [0] * 12)[line["month"].month - 1] += line[
            "cents"
        ]

    rows = []
    for key in set(expected) | set(clients) | set(actual):
        cents, paid, counted = expected.get(key, [0.0] * 12), actual.get(key, [0] * 12), clients.get(key, {})
        cells = [
            _cell(counted.get(f"c{n}", 0), cents[n - 1], paid[n - 1], False, month)
            for n, month in enumerate(months, start=1)
        ]
        key_text, label = _key_and_label(per, key)
        total = _cell(counted.get("clients", 0), sum(cents), sum(paid), False)
        rows.append(LedgerRow(key_text, label, total, cells))
    rows.sort(key=lambda r: (r.label.lower(), r.key))

    expected_months = [sum(cents[n] for cents in expected.values()) for n in range(12)]
    actual_months = [sum(paid[n] for paid in actual.values()) for n in range(12)]
    month_cells = [
        _cell(everyone.get(f"c{n}", 0), expected_months[n - 1], actual_months[n - 1], False, month)
        for n, month in enumerate(months, start=1)
    ]
    grand = _cell(everyone.get("clients", 0), sum(expected_months), sum(actual_months), False)
    if suppress:
        rows, month_cells, grand = _protected(rows, month_cells, grand)
    return Ledger(
        municipality=municipality,
        year=year,
        per=str(Per(per)),
        suppress=suppress,
        months=month_cells,
        total=grand,
        rows=rows,
        area_contracts=area_contracts(municipality, year, suppress=suppress, tariffs=tariffs),
    )


def _size(cell: Cell) -> int:
    """Persons in a cell for the small-cell rule; cost for nobody counts as small too."""
    if cell.clients:
        return cell.clients
    return 1 if (cell.expected_cents or cell.actual_cents) else 0


def _protected(
    rows: list[LedgerRow], months: list[Cell], grand: Cell
) -> tuple[list[LedgerRow], list[Cell], Cell]:
    """The small-cell rule over the whole table. Amounts add up along each row (months to the row's total)
    and down each month (groups to the month's total), so a hidden amount is not given away by
    subtraction; the unique-client counts travel with their cell."""
    sizes: dict[tuple[Any, ...], int] = {("total",): _size(grand)}
    lines: list[tuple[list[tuple[Any, ...]], tuple[Any, ...] | None]] = []
    for m, cell in enumerate(months):
        sizes[("month", m)] = _size(cell)
    for r, row in enumerate(rows):
        sizes[("row", r)] = _size(row.total)
        for m, cell in enumerate(row.months):
            sizes[("cell", r, m)] = _size(cell)
        lines.append(([("cell", r, m) for m in range(len(row.months))], ("row", r)))
    for m in range(len(months)):
        lines.append(([("cell", r, m) for r in range(len(rows))], ("month", m)))
    lines.append(([("month", m) for m in range(len(months))], ("total",)))
    lines.append(([("row", r) for r in range(len(rows))], ("total",)))
    hidden = hidden_cells(sizes, lines)

    def kept(key: tuple[Any, ...], value: Cell) -> Cell:
        return Cell(None, None, None, suppressed=True, month=value.month) if key in hidden else value

    rows = [
        LedgerRow(
            row.key,
            row.label,
            kept(("row", r), row.total),
            [kept(("cell", r, m), c) for m, c in enumerate(row.months)],
        )
        for r, row in enumerate(rows)
    ]
    return rows, [kept(("month", m), c) for m, c in enumerate(months)], kept(("total",), grand)


def area_contracts(
    municipality: Municipality, year: int, *, suppress: bool = True, tariffs: ContractedProducts | None = None
) -> list[AreaContractRow]:
    """The area contracts in force in the year: spent (booked lines of their allocations) and expected
    against the yearly lump sum; unique clients in the year against the baseline and whether the risk valve
    opens (providers.selectors.risk_valve_exceeded: more clients than the baseline plus the percentage).
    Allocations count for the contract they were made under (Allocation.contract)."""
    contracts = list(
        Contract.objects.filter(
            municipality=municipality,
            kind=ContractKind.AREA,
            start_date__lte=date(year, 12, 31),
            end_date__gte=date(year, 1, 1),
        )
        .select_related("party")
        .prefetch_related("districts")
        .order_by("name")
    )
    if not contracts:
        return []
    area = Q(contract__kind=ContractKind.AREA)
    expected = expected_by(municipality, year, ("contract_id",), area, tariffs)
    clients = clients_by(municipality, year, ("contract_id",), area)
    spent: dict[int, int] = {}
    for line in _actual_by(
        municipality, year, ("allocation__contract_id",), Q(allocation__contract__kind=ContractKind.AREA)
    ):
        spent[line["allocation__contract_id"]] = spent.get(line["allocation__contract_id"], 0) + line["cents"]
    rows = []
    for contract in contracts:
        unique = clients.get((contract.pk,), {}).get("clients", 0)
        cents = sum(expected.get((contract.pk,), []))
        cell = _cell(unique, cents, spent.get(contract.pk, 0), suppress)
        threshold = risk_valve_threshold(contract)
        rows.append(
            AreaContractRow(
                uuid=contract.uuid,
                name=contract.name,
                party=contract.party.name,
                districts=sorted(d.name for d in contract.districts.all()),
                start_date=contract.start_date,
                end_date=contract.end_date,
                lump_sum_cents=contract.lump_sum_cents or 0,
                baseline_clients=contract.baseline_clients or 0,
                risk_valve_percent=contract.risk_valve_percent,
                risk_valve_clients=threshold,
                clients=cell.clients,
                expected_cents=cell.expected_cents,
                spent_cents=cell.actual_cents,
                suppressed=cell.suppressed,
                risk_valve_triggered=None if threshold is None else risk_valve_exceeded(contract, unique),
            )
        )
    return rows


# -- the contract review -------------------------------------------------------------------------------------
@dataclass
class ProviderReviewRow:
    uuid: UUID
    name: str
    agb_code: str
    under_contract: bool
    clients_now: int | None
    clients_year: int | None
    spend_year_cents: int | None
    clients_last_12_months: bool
    suppressed: bool = False


@dataclass
class UncontractedRow:
    """A product asked for (by allocation or by a provider's request) without a contract for the provider."""

    provider_uuid: UUID
    provider: str
    product_category: str
    product_code: str
    law: str  # allocations: the law; requests: "" (the request names the product only)
    kind: str  # requests: 315 or 317; allocations: ""
    count: int | None
    suppressed: bool = False

    @property
    def law_label(self) -> str:
        return str(ProvisionLaw(self.law).label) if self.law in ProvisionLaw.values else self.law


@dataclass
class ContractReview:
    municipality: Municipality
    today: date
    year: int
    suppress: bool
    providers: list[ProviderReviewRow]
    uncontracted_allocations: list[UncontractedRow]
    uncontracted_requests: list[UncontractedRow]
    area_contracts: list[AreaContractRow]

    @property
    def candidates_to_end(self) -> list[ProviderReviewRow]:
        """Providers with a contract and no clients in the last twelve months."""
        return [p for p in self.providers if p.under_contract and not p.clients_last_12_months]

    @property
    def any_suppressed(self) -> bool:
        rows: list[Any] = [*self.providers, *self.uncontracted_allocations, *self.uncontracted_requests]
        return any(r.suppressed for r in rows) or any(a.suppressed for a in self.area_contracts)


def _review_providers(municipality: Municipality, today: date, suppress: bool) -> list[ProviderReviewRow]:
    """Three queries: the providers of the municipality (serving it, under one of its contracts, or with an
    allocation in it), their clients (one pass over the allocations) and their spend this year."""
    year_start, year_end = date(today.year, 1, 1), date(today.year, 12, 31)
    subcontract = Contract.subcontractors.through.objects.filter(
        contract_id=OuterRef("pk"), organisation_id=OuterRef(OuterRef("organisation_id"))
    )
    in_force = Contract.objects.filter(
        municipality=municipality, kind__in=PRODUCT_CONTRACTS, start_date__lte=today, end_date__gte=today
    ).filter(Q(party_id=OuterRef("organisation_id")) | Q(Exists(subcontract)))
    serving = Provider.municipalities.through.objects.filter(municipality=municipality)
    subcontractors = Contract.subcontractors.through.objects.filter(contract__municipality=municipality)
    related = (
        Q(pk__in=serving.values("provider_id"))
        | Q(organisation__in=Contract.objects.filter(municipality=municipality).values("party_id"))
        | Q(organisation__in=subcontractors.values("organisation_id"))
        | Q(pk__in=Allocation.objects.filter(municipality=municipality).values("provider_id"))
    )
    providers = (
        Provider.objects.filter(related)
        .annotate(name=F("organisation__name"), under_contract=Exists(in_force))
        .order_by("organisation__name", "pk")
        .values("pk", "uuid", "name", "agb_code", "under_contract")
    )

    def clients(begin: date, end: date) -> Count:
        covered = Q(start_date__lte=end, last_day__gte=begin)
        return Count(Case(When(covered, then=F("resident_id"))), distinct=True)

    counted: dict[int, dict[str, Any]] = {
        row["provider_id"]: dict(row)
        for row in Allocation.objects.filter(municipality=municipality, status__in=COSTING)
        .alias(last_day=last_day_of_care())
        .values("provider_id")
        .annotate(
            now=clients(today, today),
            year=clients(year_start, year_end),
            recent=clients(today - YEAR, today),
        )
        .order_by()
    }
    spend = {
        row["provider_id"]: row["cents"]
        for row in InvoiceLine.objects.filter(
            municipality=municipality,
            status=InvoiceStatus.BOOKED,
            month__gte=year_start,
            month__lte=year_end,
        )
        .values("provider_id")
        .annotate(cents=Sum("amount_cents"))
        .order_by()
    }
    rows = []
    for p in providers:
        found = counted.get(p["pk"], {})
        now, year, cents = found.get("now", 0), found.get("year", 0), spend.get(p["pk"], 0)
        hide_spend = suppress and year < SMALL and (year > 0 or cents != 0)
        hide_now = suppress and is_small(now)
        rows.append(
            ProviderReviewRow(
                uuid=p["uuid"],
                name=p["name"],
                agb_code=p["agb_code"],
                under_contract=p["under_contract"],
                clients_now=None if hide_now else now,
                clients_year=None if hide_spend else year,
                spend_year_cents=None if hide_spend else cents,
                clients_last_12_months=found.get("recent", 0) > 0,
                suppressed=hide_now or hide_spend,
            )
        )
    return rows


def _uncontracted_allocations(
    municipality: Municipality, today: date, suppress: bool
) -> list[UncontractedRow]:
    """Allocations of the last twelve months (or still running) whose product had no contract for their
    provider on their start date."""
    allocations = (
        Allocation.objects.filter(municipality=municipality)
        .alias(last_day=last_day_of_care())
        .filter(last_day__gte=today - YEAR)
        .alias(contracted=Exists(ContractProduct.objects.filter(contracted_q(OuterRef("start_date")))))
        .filter(contracted=False)
        .values("provider__uuid", "provider__organisation__name", "law", "product_category", "product_code")
        .annotate(clients=Count("resident_id", distinct=True))
        .order_by("provider__organisation__name", "product_category", "product_code", "law")
    )
    rows = []
    for a in allocations:
        hidden = suppress and is_small(a["clients"])
        rows.append(
            UncontractedRow(
                provider_uuid=a["provider__uuid"],
                provider=a["provider__organisation__name"],
                product_category=a["product_category"],
                product_code=a["product_code"],
                law=a["law"],
                kind="",
                count=None if hidden else a["clients"],
                suppressed=hidden,
            )
        )
    return rows


def _uncontracted_requests(municipality: Municipality, suppress: bool) -> list[UncontractedRow]:
    """Providers' requests (315, 317) of the last twelve months for a product they had no contract for on
    the day the request came in."""
    since = timezone.now() - YEAR
    requests = (
        ProviderRequest.objects.filter(municipality=municipality, created_at__gte=since)
        .alias(day=TruncDate("created_at"))
        .alias(contracted=Exists(ContractProduct.objects.filter(contracted_q(OuterRef("day")))))
        .filter(contracted=False)
        .values("provider__uuid", "provider__organisation__name", "kind", "product_category", "product_code")
        .annotate(requests=Count("pk"))
        .order_by("provider__organisation__name", "product_category", "product_code", "kind")
    )
    rows = []
    for r in requests:
        hidden = suppress and is_small(r["requests"])
        rows.append(
            UncontractedRow(
                provider_uuid=r["provider__uuid"],
                provider=r["provider__organisation__name"],
                product_category=r["product_category"],
                product_code=r["product_code"],
                law="",
                kind=r["kind"],
                count=None if hidden else r["requests"],
                suppressed=hidden,
            )
        )
    return rows


def contract_review(
    municipality: Municipality, *, today: date | None = None, suppress: bool = True
) -> ContractReview:
    """The yearly contract review: per provider clients in care now and spend this year; providers under
    contract without clients in the last twelve months; products asked for without a contract; the area
    contracts against lump sum and risk valve. A fixed number of queries."""
    today = today or timezone.localdate()
    return ContractReview(
        municipality=municipality,
        today=today,
        year=today.year,
        suppress=suppress,
        providers=_review_providers(municipality, today, suppress),
        uncontracted_allocations=_uncontracted_allocations(municipality, today, suppress),
        uncontracted_requests=_uncontracted_requests(municipality, suppress),
        area_contracts=area_contracts(municipality, today.year, suppress=suppress),
    )


# -- invoice imports -----------------------------------------------------------------------------------------
def invoice_imports(municipality: Municipality, limit: int = 20) -> list[InvoiceImport]:
    return list(
        InvoiceImport.objects.filter(municipality=municipality)
        .select_related("imported_by")
        .order_by("-created_at")[:limit]
    )


@dataclass
class InvoiceImportDetail:
    invoice_import: InvoiceImport
    booked: int
    booked_cents: int
    flagged: list[dict[str, Any]] = field(default_factory=list)  # the first FLAGGED_SHOWN, no resident data


def invoice_import_detail(municipality: Municipality, import_uuid: UUID | str) -> InvoiceImportDetail:
    """One import of the municipality (404 otherwise): what was booked, and the flagged lines with their
    allocation number, provider and reason."""
    invoice_import = get_or_404(
        InvoiceImport.objects.filter(municipality=municipality).select_related("imported_by"),
        uuid=import_uuid,
    )
    booked = InvoiceLine.objects.filter(invoice_import=invoice_import, status=InvoiceStatus.BOOKED).aggregate(
        lines=Count("pk"), cents=Coalesce(Sum("amount_cents"), 0)
    )
    flagged = [
        dict(line)
        for line in InvoiceLine.objects.filter(invoice_import=invoice_import, status=InvoiceStatus.FLAGGED)
        .order_by("created_at", "pk")
        .values(
            "allocation__number",
            "provider__organisation__name",
            "provider__agb_code",
            "month",
            "product_category",
            "product_code",
            "quantity",
            "amount_cents",
            "flag_reason",
        )[:FLAGGED_SHOWN]
    ]
    return InvoiceImportDetail(invoice_import, booked["lines"], booked["cents"], flagged)
