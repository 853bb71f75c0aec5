"""Refreshing the steering store: the trajectories whose facts changed since the last refresh are derived
again from the operational tables (allocations, booked invoice lines, the household's district, the
contracted tariffs) and written whole; nothing else is touched. A first refresh, a new year and a changed
tariff take every trajectory of the municipality."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from wijkregie.accounts.models import User
from wijkregie.allocations.constants import AllocationStatus, InvoiceStatus
from wijkregie.allocations.models import Allocation, InvoiceImport, InvoiceLine
from wijkregie.allocations.selectors.ledger import COSTING, ContractedProducts
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record
from wijkregie.decisions.amounts import EUROS, month_cents
from wijkregie.households.models import Household, HouseholdMembership, Resident
from wijkregie.organisation.models import Municipality
from wijkregie.providers.models import Contract, ContractProduct

from .constants import WMO_CATEGORY_OF_PRODUCT, CostSource
from .household_facts import changed_households, household_facts_clear, household_facts_write
from .models import CareYear, GoalResult, LadderStep, MeldingFact, ScoreChange, StoreState, TermFact
from .policies import SteeringPolicy
from .pseudonyms import household_key, person_key, source_key

STORE_OBJECT = "monitoring.careyear"
BATCH = 2_000


@dataclass(frozen=True)
class Refreshed:
    trajectories: int
    rows: int
    full: bool
    households: int = 0
    facts: int = 0

    def summary(self) -> str:
        kind = "volledig" if self.full else "bijgewerkt"
        return (
            f"{self.trajectories} trajecten {kind}, {self.rows} jaarregels geschreven; "
            f"{self.households} huishoudens met {self.facts} plan- en effectregels"
        )


def _last_day(allocation: Allocation) -> date | None:
    """The allocation's last day of care: its end, or its stop date when care stopped; None: open-ended."""
    stopped = allocation.stopped_on if allocation.status == AllocationStatus.STOPPED else None
    if allocation.end_date and stopped:
        return min(allocation.end_date, stopped)
    return stopped or allocation.end_date


def _months(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return months


def _rows(
    allocation: Allocation, tariffs: ContractedProducts, declared: dict[date, int], until: date
) -> list[CareYear]:
    """The allocation's rows, one per year it overlaps up to `until`'s year (an open-ended one runs to its
    end). Realised: declared where declared, else expected, for the months up to `until`'s month."""
    last = _last_day(allocation)
    end = min(last, date(until.year, 12, 31)) if last else date(until.year, 12, 31)
    if end < allocation.start_date:
        return []
    per_year: dict[int, list[date]] = defaultdict(list)
    for month in _months(allocation.start_date, end):
        per_year[month.year].append(month)
    organisation = allocation.provider.organisation_id
    stopped = allocation.stopped_on if allocation.status == AllocationStatus.STOPPED else None
    person, source = person_key(allocation.resident.uuid), source_key(allocation.uuid)
    this_month = until.replace(day=1)
    rows = []
    for year, months in sorted(per_year.items()):
        expected = realised = 0.0
        paid, declared_months = 0, 0
        for month in months:
            tariff = None
            if allocation.unit != EUROS and allocation.budget_cents is None:
                tariff = tariffs.month_tariff(
                    organisation, allocation.product_category, allocation.product_code, month
                )
            cents = month_cents(
                month=month, start=allocation.start_date, end=allocation.end_date,
                stopped_on=stopped, volume=allocation.volume,
                budget_cents=allocation.budget_cents, unit=allocation.unit, frequency=allocation.frequency,
                tariff_cents=tariff,
            )  # fmt: skip
            expected += cents
            if month in declared:
                paid += declared[month]
                declared_months += 1
                realised += declared[month]
            elif month <= this_month:  # a month still to come is a forecast, not spend
                realised += cents
        source_kind = (
            CostSource.DECLARED
            if declared_months == len(months)
            else CostSource.EXPECTED
            if declared_months == 0
            else CostSource.MIXED
        )
        rows.append(
            CareYear(
                person=person,
                source=source,
                municipality_id=allocation.municipality_id,
                district_id=allocation.household.district_id,
                year=year,
                law=allocation.law,
                product_category=allocation.product_category,
                wmo_category=WMO_CATEGORY_OF_PRODUCT.get(allocation.product_category, "")
                if allocation.law == "wmo"
                else "",
                provider_id=allocation.provider_id,
                first_day=max(allocation.start_date, date(year, 1, 1)),
                last_day=min(end, date(year, 12, 31)),
                expected_cents=round(expected),
                declared_cents=paid,
                realised_cents=round(realised),
                cost_source=source_kind,
            )
        )
    return rows


def _changed(municipality: Municipality, since: datetime) -> set[int]:
    """Allocations whose facts changed: the allocation, its household (a move changes the district), or a
    booked declaration line since `since`."""
    allocations = Allocation.objects.filter(municipality=municipality)
    changed = set(
        allocations.filter(Q(updated_at__gte=since) | Q(household__updated_at__gte=since)).values_list(
            "pk", flat=True
        )
    )
    # Lines are written once, by the import that read them: the imports since, not a scan of every line.
    imports = InvoiceImport.objects.filter(municipality=municipality, created_at__gte=since)
    changed |= set(
        InvoiceLine.objects.filter(invoice_import__in=imports, allocation__isnull=False)
        .values_list("allocation_id", flat=True)
        .distinct()
    )
    return changed


def _tariffs_changed(municipality: Municipality, since: datetime) -> bool:
    """A tariff or a contract period changed: every expected cost of the municipality may change with it."""
    products = ContractProduct.objects.filter(contract__municipality=municipality, updated_at__gte=since)
    contracts = Contract.objects.filter(municipality=municipality, updated_at__gte=since)
    return products.exists() or contracts.exists()


def _declared(allocation_ids: list[int]) -> dict[int, dict[date, int]]:
    booked = InvoiceLine.objects.filter(allocation_id__in=allocation_ids, status=InvoiceStatus.BOOKED)
    declared: dict[int, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for allocation, month, cents in booked.values_list("allocation_id", "month", "amount_cents"):
        declared[allocation][month] += cents
    return declared


def _write(municipality: Municipality, ids: Iterable[int], tariffs: ContractedProducts, today: date) -> int:
    """The rows of these allocations, derived again and written whole, a batch at a time."""
    ids = sorted(ids)
    written = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        allocations = list(
            Allocation.objects.filter(pk__in=chunk, status__in=COSTING).select_related(
                "resident", "household", "provider"
            )
        )
        declared = _declared([a.pk for a in allocations])
        rows = [row for a in allocations for row in _rows(a, tariffs, declared.get(a.pk, {}), today)]
        gone = [
            source_key(uuid)
            for uuid in Allocation.objects.filter(pk__in=chunk).values_list("uuid", flat=True)
        ]
        CareYear.objects.filter(municipality=municipality, source__in=gone).delete()
        CareYear.objects.bulk_create(rows, batch_size=1_000)
        written += len(rows)
    return written


def _analyse_store() -> None:
    """Fresh statistics after a whole refresh, so the reports take the covering index (SQLite does not
    gather them by itself)."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(CareYear._meta.db_table)}")


def store_refresh(
    *,
    acting_user: User | None,
    municipality: Municipality,
    full: bool = False,
    channel: Channel = Channel.SYSTEM,
) -> Refreshed:
    """Bring the municipality's store up to now. `acting_user` None: the nightly job."""
    if acting_user is not None:
        SteeringPolicy(acting_user).municipality_or_404(municipality)
    now, today = timezone.now(), timezone.localdate()
    with transaction.atomic():
        state = StoreState.objects.select_for_update().filter(municipality=municipality).first()
        whole = full or state is None or state.refreshed_on.year != today.year
        if not whole and state is not None and _tariffs_changed(municipality, state.refreshed_at):
            whole = True
        if whole:
            CareYear.objects.filter(municipality=municipality).delete()
            household_facts_clear(municipality)
            ids = set(Allocation.objects.filter(municipality=municipality).values_list("pk", flat=True))
            homes = set(Household.objects.filter(municipality=municipality).values_list("pk", flat=True))
        else:
            assert state is not None
            ids = _changed(municipality, state.refreshed_at)
            homes = changed_households(municipality, state.refreshed_at, today)
        rows = _write(municipality, ids, ContractedProducts(municipality), today)
        facts = household_facts_write(municipality, homes, today)
        if whole:
            _analyse_store()
        StoreState.objects.update_or_create(
            municipality=municipality,
            defaults={
                "refreshed_at": now,
                "refreshed_on": today,
                "rows": CareYear.objects.filter(municipality=municipality).count(),
                "residents": HouseholdMembership.objects.filter(
                    end_date__isnull=True, household__municipality=municipality
                ).count(),
            },
        )
        result = Refreshed(len(ids), rows, whole, len(homes), facts)
        record(
            actor=acting_user,
            action=Action.UPDATE,
            object_type=STORE_OBJECT,
            fields=[
                f"trajecten={result.trajectories}",
                f"jaarregels={rows}",
                f"huishoudens={len(homes)}",
                f"plan_en_effectregels={facts}",
                f"volledig={'ja' if whole else 'nee'}",
            ],
            channel=channel,
        )
    return result


def store_refresh_nightly() -> str:
    """The recurring job: every municipality's store brought up to now."""
    parts = []
    for municipality in Municipality.objects.order_by("name"):
        done = store_refresh(acting_user=None, municipality=municipality)
        parts.append(f"{municipality.name}: {done.summary()}")
    return "; ".join(parts) or "geen gemeenten"


def person_rows_delete(
    *, acting_user: User | None, resident: Resident, channel: Channel = Channel.SYSTEM
) -> int:
    """A person's rows out of the store, when their data must go: found by recomputing their pseudonym, and
    the plan and effect rows of every household they belonged to (derived again at the next whole refresh
    from what the casework still holds)."""
    person = person_key(resident.uuid)
    homes = [
        household_key(uuid)
        for uuid in HouseholdMembership.objects.filter(resident=resident).values_list(
            "household__uuid", flat=True
        )
    ]
    with transaction.atomic():
        deleted, _ = CareYear.objects.filter(person=person).delete()
        facts, _ = ScoreChange.objects.filter(Q(person=person) | Q(household__in=homes)).delete()
        for model in (LadderStep, GoalResult, MeldingFact, TermFact):
            facts += model.objects.filter(household__in=homes).delete()[0]
        record(
            actor=acting_user,
            action=Action.DELETE,
            object_type=STORE_OBJECT,
            fields=[f"jaarregels={deleted}", f"plan_en_effectregels={facts}"],
            channel=channel,
        )
    return deleted + facts
