"""The steering store at scale (not a test): cost per unique client over 10,000,000 ledger lines.

    .venv/bin/python bench/monitoring.py [--lines 10000000] [--households 300000] [--keep]

Builds a fresh database (an SQLite file in a temporary directory, or a new PostgreSQL database
`<name>_bench_monitoring` next to the one in DATABASE_URL) with `wijkregie demo --households N`, then gives
Westerhoek four years of maatwerk in bulk: allocations (each with its aanvraag and beschikking) to the
demo's contracted providers, 6 to 36 months long between January 2023 and December 2026, and one booked
declaration line per allocation and month up to last month, until there are --lines ledger lines. Then it
times, side by side in one run:

  * the store's whole refresh (the first one; a rebuild);
  * the incremental refresh after a day's changes: 2,000 allocations changed, and 2,000 new allocations
    with their 20,000 booked lines;
  * the cost-per-client report of one year from the store (`monitoring.selectors.cost_per_client`), per law
    and per district, the median of 5 runs;
  * the same figures with a plain ORM aggregation over the operational tables (distinct residents with an
    allocation overlapping the year, booked lines of the year), the median of 5 runs,

and checks that both give the same unique clients and spend for a year that is wholly declared. --keep
keeps (and reuses) the database.
"""

import argparse
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import build_demo, database_size, in_workdir, set_up_django

YEAR = 2025  # wholly declared: store and operational tables must agree on it
FIRST = date(2023, 1, 1)
CHUNK = 20_000  # allocations written per round
RUNS = 5


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lines", type=int, default=10_000_000, help="booked declaration lines")
    parser.add_argument("--households", type=int, default=300_000)
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the benchmark database")
    parser.add_argument("--settings", default="wijkregie.conf.test", help="Django settings module")
    args = parser.parse_args()
    in_workdir(args.keep, lambda workdir: run(args, workdir))


def run(args: argparse.Namespace, workdir: Path) -> None:
    set_up_django(args.settings, workdir)
    from django.conf import settings
    from django.db import connection

    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        database["TEST"]["NAME"] = str(workdir / f"bench-monitoring-{args.lines}.sqlite3")
        label = "SQLite"
    else:
        database["TEST"]["NAME"] = f"{database['NAME']}_bench_monitoring"
        label = "PostgreSQL"
    old_name = database["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=args.keep)
    try:
        print(f"Demo ({args.households:,} households): {build_demo(args.households)}", flush=True)
        made = ledger(args.lines)
        print(f"Ledger: {made}; database {database_size()}", flush=True)
        measure(label)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=args.keep)


def _months(first: date, count: int) -> list[date]:
    return [
        date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1)
        for i in range(count)
    ]


def ledger(lines: int) -> str:
    """Allocations with their aanvraag and beschikking, and their booked lines, until `lines` are there."""
    from django.db import connection, transaction

    from wijkregie.allocations.models import InvoiceLine
    from wijkregie.organisation.models import Municipality

    west = Municipality.objects.get(cbs_code="9901")
    have = InvoiceLine.objects.filter(municipality=west).count()
    if have >= lines:
        return f"reused {have:,} lines"
    started = time.monotonic()
    world = _World(west)
    written = allocations = 0
    with transaction.atomic():
        while written < lines:
            made, chunk = world.chunk(CHUNK, lines - written)
            written += chunk
            allocations += made
            print(f"  {written:,} lines", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return f"{allocations:,} allocations, {written:,} lines in {time.monotonic() - started:.0f} s"


class _World:
    """What the bulk draws from: Westerhoek's residents with their household and district, the contracted
    products with their provider and tariff, a custom provision per law."""

    def __init__(self, west: Any) -> None:
        from wijkregie.households.models import HouseholdMembership
        from wijkregie.providers.models import ContractProduct, Provider
        from wijkregie.provisions.constants import ProvisionKind
        from wijkregie.provisions.models import Provision

        self.west = west
        self.rng = random.Random(15)
        self.people = list(
            HouseholdMembership.objects.filter(
                household__municipality=west, end_date__isnull=True
            ).values_list("resident_id", "household_id")
        )
        products = ContractProduct.objects.filter(
            contract__municipality=west, tariff_cents__isnull=False, product_code__gt=""
        ).values_list("contract__party_id", "product_category", "product_code", "tariff_cents", "unit")
        provider_of = dict(Provider.objects.values_list("organisation_id", "pk"))
        self.products = [(provider_of[party], *rest) for party, *rest in products if party in provider_of]
        provisions = Provision.objects.filter(municipality=west, kind=ProvisionKind.CUSTOM)
        self.provision = {p.law: p for p in provisions if p.law}
        self.number = 10_000_000

    def chunk(self, count: int, lines_wanted: int) -> tuple[int, int]:
        from django.utils import timezone

        from wijkregie.allocations.constants import AllocationStatus, InvoiceStatus
        from wijkregie.allocations.models import Allocation, InvoiceImport, InvoiceLine
        from wijkregie.core.bulk import DbValues, insert_rows, reserve_ids
        from wijkregie.decisions.models import Beschikking, MaatwerkRequest

        rng, now, this_month = self.rng, timezone.now(), timezone.localdate().replace(day=1)
        plans = []
        declared = 0
        while len(plans) < count and declared < lines_wanted:
            resident, household = rng.choice(self.people)
            provider, category, code, tariff, unit = rng.choice(self.products)
            law = "jeugdwet" if category >= "40" else "wmo"
            start = _months(FIRST, 48)[rng.randrange(42)]
            length = min(rng.randrange(6, 37), 48 - ((start.year - 2023) * 12 + start.month - 1))
            months = _months(start, length)
            past = sum(month < this_month for month in months)
            if declared + past > lines_wanted:  # the last one ends where the lines run out
                months = months[: lines_wanted - declared]
                past = len(months)
            declared += past
            plans.append((resident, household, provider, category, code, tariff, unit, law, months))
        requests = MaatwerkRequest.objects.bulk_create(
            [
                MaatwerkRequest(
                    household_id=p[1], resident_id=p[0], provision=self.provision[p[7]], law=p[7],
                    received_on=p[8][0],
                )
                for p in plans
            ],
            batch_size=2_000,
        )  # fmt: skip
        beschikkingen = Beschikking.objects.bulk_create(
            [Beschikking(request=r, reference=f"BM-{r.pk}", motivation="Bulk.") for r in requests],
            batch_size=2_000,
        )
        made = []
        for p, b in zip(plans, beschikkingen, strict=True):
            self.number += 1
            after = _months(p[8][-1], 2)[1]
            made.append(
                Allocation(
                    municipality=self.west, beschikking=b, household_id=p[1], resident_id=p[0],
                    provider_id=p[2], number=self.number, law=p[7], product_category=p[3], product_code=p[4],
                    volume=2, unit=p[6], frequency="2", start_date=p[8][0],
                    end_date=date.fromordinal(after.toordinal() - 1),
                    status=AllocationStatus.STARTED,
                )
            )  # fmt: skip
        allocations = Allocation.objects.bulk_create(made, batch_size=2_000)
        imports = {
            provider: InvoiceImport.objects.create(
                municipality=self.west, file_name="bulk.csv", sha256=f"{self.number:032d}{provider:032d}"
            ).pk
            for provider in {p[2] for p in plans}
        }
        values = DbValues()
        moment = values.moment(now)
        rows = []
        for a, p in zip(allocations, plans, strict=True):
            monthly = p[5] * 2 * 52 // 12 + rng.randrange(-500, 500)
            for month in p[8]:
                if month < this_month:
                    rows.append((a.pk, p[2], month, p[3], p[4], monthly))
        ids = reserve_ids(InvoiceLine, len(rows))
        insert_rows(
            InvoiceLine,
            ["id", "uuid", "created_at", "updated_at", "invoice_import", "municipality", "provider",
             "allocation", "month", "product_category", "product_code", "quantity", "amount_cents", "status",
             "flag_reason"],
            [
                (pk, values.uuid(uuid.uuid4()), moment, moment, imports[provider], self.west.pk, provider,
                 allocation, values.day(month), category, code, 1, cents, InvoiceStatus.BOOKED.value, "")
                for pk, (allocation, provider, month, category, code, cents) in zip(ids, rows, strict=True)
            ],
        )  # fmt: skip
        return len(plans), len(rows)


def _median(call: Callable[[], Any]) -> tuple[float, Any]:
    times, answer = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        answer = call()
        times.append(time.perf_counter() - started)
    return statistics.median(times), answer


def measure(label: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wijkregie.monitoring.selectors import Per, cost_per_client
    from wijkregie.monitoring.services import store_refresh
    from wijkregie.organisation.models import Municipality

    west = Municipality.objects.get(cbs_code="9901")
    started = time.perf_counter()
    whole = store_refresh(acting_user=None, municipality=west, full=True)
    print(
        f"| {label} | whole refresh | {time.perf_counter() - started:.1f} s | {whole.summary()} |", flush=True
    )
    _day_of_changes(west)
    started = time.perf_counter()
    day = store_refresh(acting_user=None, municipality=west)
    print(
        f"| {label} | refresh after a day | {time.perf_counter() - started:.1f} s | {day.summary()} |",
        flush=True,
    )
    for per in (Per.LAW, Per.DISTRICT):
        with CaptureQueriesContext(connection) as queries:
            cost_per_client(west, YEAR, per=per)
        seconds, store = _median(lambda per=per: cost_per_client(west, YEAR, per=per))
        took = f"{seconds * 1000:.0f} ms"
        print(f"| {label} | report from the store, per {per} | {took} | {len(queries)} queries |")
        seconds, plain = _median(lambda per=per: _plain(west, YEAR, per))
        print(f"| {label} | plain ORM over the ledger, per {per} | {seconds * 1000:.0f} ms | |", flush=True)
        figures = {cell.key: (cell.clients, cell.spend_cents) for cell in store.rows}
        assert figures == plain, f"store and operational tables differ per {per}: {figures} {plain}"
        print(f"  same figures per {per}: {sorted(figures.items())[:3]} …")


def _day_of_changes(west: Any) -> None:
    """2,000 allocations changed, and 2,000 new ones with 20,000 booked lines."""
    from django.db import transaction
    from django.db.models import Max
    from django.utils import timezone

    from wijkregie.allocations.models import Allocation

    with transaction.atomic():
        changed = list(
            Allocation.objects.filter(municipality=west).order_by("?").values_list("pk", flat=True)[:2_000]
        )
        Allocation.objects.filter(pk__in=changed).update(updated_at=timezone.now())
        world = _World(west)
        world.number = Allocation.objects.aggregate(Max("number"))["number__max"]  # after any earlier run
        world.chunk(2_000, 20_000)


def _plain(west: Any, year: int, per: str) -> dict[str, tuple[int, int]]:
    """The same figures straight from the operational tables: the way without a store."""
    from django.db.models import Count, Q, Sum

    from wijkregie.allocations.constants import InvoiceStatus
    from wijkregie.allocations.models import Allocation, InvoiceLine
    from wijkregie.allocations.selectors.ledger import COSTING

    field = {"law": "law", "district": "household__district_id"}[per]
    overlapping = Allocation.objects.filter(
        municipality=west, status__in=COSTING, start_date__lte=date(year, 12, 31)
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=date(year, 1, 1)))
    clients = dict(
        overlapping.order_by()
        .values(field)
        .annotate(n=Count("resident", distinct=True))
        .values_list(field, "n")
    )
    spend = dict(
        InvoiceLine.objects.filter(
            municipality=west,
            status=InvoiceStatus.BOOKED,
            month__gte=date(year, 1, 1),
            month__lte=date(year, 12, 1),
        )
        .order_by()
        .values(f"allocation__{field}")
        .annotate(cents=Sum("amount_cents"))
        .values_list(f"allocation__{field}", "cents")
    )
    return {str(key or ""): (clients[key], spend.get(key, 0)) for key in clients}


if __name__ == "__main__":
    main()
