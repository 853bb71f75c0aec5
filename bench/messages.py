"""iWmo/iJw message benchmark (not a test): messages per second, in one process.

    .venv/bin/python bench/messages.py [--messages 100000] [--standard iwmo] [--no-database] [--keep]
                                       [--settings MODULE]

1. The library, without a database: builds N WMO301 (or JW301) messages with `build_301` and validates each
   against the official XSD from WIJKREGIE_ISTANDAARDEN_DIR; runs `structural_errors` on them; reads the N
   305 and N 307 messages the built-in fake provider writes in answer (`parse`, then `structural_errors`).
2. Import through the application: a fresh database (an SQLite file in a temporary directory, or a new
   PostgreSQL database `<name>_bench_messages_<N>` next to the one in DATABASE_URL) gets N allocations, made
   with bulk_create (one municipality, provider, contract and shared beschikking; N households, residents and
   memberships). Then the N 305s and afterwards the N 307s go one by one through
   `allocations.services.messages.message_receive`: hash check, parse, XSD, structural checks, and in one
   transaction the Message row, the allocation's new status, the audit rows and the timeline line.

Every message differs (BSN, allocation number, dates; a fifth of the 301s with a Budget instead of an
Omvang). The first of each kind is checked to be valid before timing; after each import every allocation
is checked to have the status the messages gave it. Prints one table row per step.
"""

import argparse
import gc
import os
import platform
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

MUNICIPALITY, PROVIDER = "9901", "12345678"
FIRST_NUMBER = 100_000
PRODUCT = {"iwmo": ("02", "02A01"), "ijw": ("45", "45A03")}
LAW = {"iwmo": "wmo", "ijw": "jeugdwet"}  # ProvisionLaw values
CHUNK = 5_000


@dataclass
class Row:
    step: str
    messages: int
    seconds: float
    db: str = "–"
    cpu: float = 1.0  # share of the wall time this process spent on a CPU (the rest: waiting, e.g. for I/O)
    queries: str = "–"

    @property
    def per_second(self) -> float:
        return self.messages / self.seconds if self.seconds else float("inf")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=100_000, help="messages per step")
    parser.add_argument("--standard", choices=["iwmo", "ijw"], default="iwmo")
    parser.add_argument("--no-database", action="store_true", help="only the library steps (1)")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    parser.add_argument("--settings", default="wijkregie.conf.test", help="Django settings module")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="wijkregie-bench-messages-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings  # not the Makefile's dev default
    os.environ["WIJKREGIE_VAR_DIR"] = str(workdir)
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'unused.sqlite3'}")
    try:
        import django

        django.setup()
        from lxml import etree

        rows, starts, stops = library(args.messages, args.standard)
        if not args.no_database:
            rows += imported(args.messages, args.standard, starts, stops, workdir, keep=args.keep)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    libxml = ".".join(map(str, etree.LIBXML_VERSION))
    print(f"\nPython {platform.python_version()}, lxml {etree.__version__}, libxml2 {libxml}, one process\n")
    print("| step | standard | db | messages | seconds | messages/s | on the CPU | statements per message |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for row in rows:
        cells = [row.step, args.standard, row.db, f"{row.messages:,}", f"{row.seconds:.2f}",
                 f"{row.per_second:,.0f}", f"{row.cpu:.0%}", row.queries]  # fmt: skip
        print("| " + " | ".join(cells) + " |")


def timed(step: str, items: Iterable[Any], work: Callable[[Any], object], db: str = "–") -> Row:
    items = list(items)
    started, cpu = time.perf_counter(), time.process_time()
    for item in items:
        work(item)
    row = Row(step, len(items), time.perf_counter() - started, db)
    row.cpu = (time.process_time() - cpu) / row.seconds if row.seconds else 1.0
    load = os.getloadavg()[0]  # other processes on the machine take CPU from the benchmark
    print(
        f"  {step}: {row.per_second:,.0f} messages/s ({row.cpu:.0%} on the CPU, load {load:.1f})", flush=True
    )
    return row


# ------------------------------------------------------------------------------------ 1. the library


def library(n: int, standard: Any) -> tuple[list[Row], list[bytes], list[bytes]]:
    """The library steps; also returns the fake provider's N 305s and N 307s answering the built 301s."""
    from wijkregie.integrations.istandaarden.messages import build_301, parse
    from wijkregie.integrations.istandaarden.validation import structural_errors, xsd_errors, xsd_schema

    if xsd_schema(standard, "301") is None:
        raise SystemExit(
            "De XSD's staan niet in WIJKREGIE_ISTANDAARDEN_DIR; zonder XSD valt er niets te meten."
        )
    allocations = [allocation(standard, i) for i in range(n)]
    assert xsd_errors(build_301(allocations[0]), standard, "301") == []
    assert structural_errors(allocations[0]) == []
    gc.collect()
    gc.freeze()  # the inputs are set-up, not work: keep the collector from walking them while timing

    built: list[bytes] = []
    rows = [timed("build 301 (build_301)", allocations, lambda m: built.append(build_301(m)))]
    rows.append(timed("XSD-validate 301 (xsd_errors)", built, lambda x: xsd_errors(x, standard, "301")))
    rows.append(
        timed("build + XSD-validate 301", allocations, lambda m: xsd_errors(build_301(m), standard, "301"))
    )
    rows.append(timed("structural check 301 (structural_errors)", allocations, structural_errors))
    del allocations

    started = time.perf_counter()
    starts = [start_care(built[i], i) for i in range(n)]
    stops = [stop_care(built[i], i) for i in range(n)]
    print(
        f"  (the fake provider wrote {2 * n:,} answers in {time.perf_counter() - started:.1f} s)", flush=True
    )
    for sample, kind in ((starts[0], "305"), (stops[0], "307")):
        assert xsd_errors(sample, standard, kind) == [], kind
        assert structural_errors(sample) == [], kind
    gc.collect()
    gc.freeze()
    rows.append(timed("parse 305", starts, parse))
    rows.append(timed("parse + structural check 305", starts, lambda x: structural_errors(parse(x))))
    rows.append(timed("parse 307", stops, parse))
    rows.append(timed("parse + structural check 307", stops, lambda x: structural_errors(parse(x))))
    return rows, starts, stops


# ----------------------------------------------------------------------------- 2. import into a database


def imported(
    n: int, standard: Any, starts: list[bytes], stops: list[bytes], workdir: Path, *, keep: bool
) -> list[Row]:
    from django.conf import settings
    from django.db import connection

    from wijkregie.integrations.istandaarden.messages import build_301

    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        database["TEST"]["NAME"] = str(workdir / f"bench-messages-{n}.sqlite3")
        db = f"SQLite {sqlite3.sqlite_version}"
    else:
        database["TEST"]["NAME"] = f"{database['NAME']}_bench_messages_{n}"
    old_name = database["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)
    if connection.vendor != "sqlite":
        version = connection.pg_version  # type: ignore[attr-defined]
        db = f"PostgreSQL {version // 10000}.{version % 10000}"
    try:
        # One more allocation than messages: its 305 and 307 warm up and count the queries, untimed.
        warm_up = build_301(allocation(standard, n))
        started = time.perf_counter()
        allocations_create(standard, n + 1)
        print(f"  ({n + 1:,} allocations created in {time.perf_counter() - started:.1f} s, {db})", flush=True)
        rows = [
            receive("import 305 (message_receive)", "305", starts, start_care(warm_up, n), db, "gestart"),
            receive("import 307 (message_receive)", "307", stops, stop_care(warm_up, n), db, "gestopt"),
        ]
    finally:
        if not keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    return rows


def receive(step: str, kind: str, files: list[bytes], warm_up: bytes, db: str, expected: str) -> Row:
    """Every file through message_receive, one by one; afterwards every allocation has `expected`."""
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from wijkregie.allocations.models import Allocation
    from wijkregie.allocations.services.messages import PROCESSED, message_receive

    with CaptureQueriesContext(connection) as captured:
        assert message_receive(f"{kind}-warm-up.xml", warm_up) == (PROCESSED, ""), step
    gc.collect()
    gc.freeze()
    outcomes: dict[str, int] = {}

    def one(item: tuple[int, bytes]) -> None:
        outcome, _ = message_receive(f"{kind}-{item[0]:07d}.xml", item[1])
        outcomes[outcome] = outcomes.get(outcome, 0) + 1

    row = timed(step, enumerate(files), one, db)
    # Statements, not transaction control: SQLite's driver shows BEGIN and COMMIT, PostgreSQL's does not.
    control = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE")
    row.queries = str(sum(1 for query in captured.captured_queries if not query["sql"].startswith(control)))
    statuses = dict(Allocation.objects.values_list("status").annotate(count=Count("id")).order_by())
    assert outcomes == {PROCESSED: len(files)}, outcomes
    assert statuses == {expected: len(files) + 1}, statuses
    return row


def allocations_create(standard: Any, total: int) -> None:
    """N allocations matching the 301s `allocation(standard, i)` describes, with their households and
    residents, in chunks with bulk_create; the rows they share are made once."""
    from django.db import transaction

    from wijkregie.allocations.constants import AllocationStatus
    from wijkregie.allocations.models import Allocation
    from wijkregie.core.identifiers import search_key
    from wijkregie.decisions.models import Beschikking, MaatwerkRequest, ReverseTest
    from wijkregie.households.constants import Relation
    from wijkregie.households.models import Household, HouseholdMembership, Resident
    from wijkregie.organisation.constants import OrganisationKind
    from wijkregie.organisation.models import District, Municipality, Organisation
    from wijkregie.providers.constants import ContractKind
    from wijkregie.providers.models import Contract, Provider
    from wijkregie.provisions.constants import ProvisionKind, Weight
    from wijkregie.provisions.models import Provision

    category, code = PRODUCT[standard]
    with transaction.atomic():
        municipality = Municipality.objects.create(name="Westerhoek", cbs_code=MUNICIPALITY)
        district = District.objects.create(municipality=municipality, name="Centrum")
        organisation = Organisation.objects.create(name="Zorg Thuis", kind=OrganisationKind.CARE_PROVIDER)
        provider = Provider.objects.create(organisation=organisation, agb_code=PROVIDER)
        provider.municipalities.add(municipality)
        contract = Contract.objects.create(
            municipality=municipality,
            kind=ContractKind.OPEN_HOUSE,
            name="Open house",
            party=organisation,
            start_date=date(2024, 1, 1),
            end_date=date(2027, 12, 31),
        )
        provision = Provision.objects.create(
            municipality=municipality,
            kind=ProvisionKind.CUSTOM,
            name="Begeleiding",
            law=LAW[standard],
            product_category=category,
            product_code=code,
            unit="04",
            frequency="2",
            weight=Weight.LIGHT,
        )
    beschikking = None
    for first in range(0, total, CHUNK):
        chunk = range(first, min(first + CHUNK, total))
        with transaction.atomic():
            households = Household.objects.bulk_create(
                [Household(municipality=municipality, district=district) for _ in chunk], batch_size=CHUNK
            )
            residents = Resident.objects.bulk_create(
                [
                    Resident(
                        bsn=bsn(i),
                        surname=f"Achternaam{i}",
                        surname_search=search_key(f"Achternaam{i}"),
                        birth_date=date(1940 + i % 60, 1 + i % 12, 1 + i % 28),
                        postcode=f"{9700 + i % 100}AB",
                        house_number=1 + i % 200,
                        city="Westerhoek",
                    )
                    for i in chunk
                ],
                batch_size=CHUNK,
            )
            HouseholdMembership.objects.bulk_create(
                [
                    HouseholdMembership(
                        household=h, resident=r, relation=Relation.HEAD, start_date=date(2020, 1, 1)
                    )
                    for h, r in zip(households, residents, strict=True)
                ],
                batch_size=CHUNK,
            )
            if (
                beschikking is None
            ):  # one granted beschikking shared by all (Allocation.beschikking is a plain FK)
                request = MaatwerkRequest.objects.create(
                    household=households[0],
                    resident=residents[0],
                    provision=provision,
                    law=LAW[standard],
                    received_on=date(2024, 12, 1),
                )
                ReverseTest.objects.create(request=request)
                beschikking = Beschikking.objects.create(
                    request=request, reference="BENCH-1", motivation="Benchmark"
                )
                shared = {"municipality": municipality, "beschikking": beschikking, "provider": provider,
                          "contract": contract, "status": AllocationStatus.ACCEPTED}  # fmt: skip
            Allocation.objects.bulk_create(
                [
                    _allocation_row(allocation(standard, i).products[0], shared, h, r, standard)
                    for i, h, r in zip(chunk, households, residents, strict=True)
                ],
                batch_size=CHUNK,
            )  # fmt: skip
    from django.db import connection

    with connection.cursor() as cursor:  # planner statistics after a bulk load, as the demo does
        cursor.execute("ANALYZE")


def _allocation_row(
    product: Any, shared: dict[str, Any], household: Any, resident: Any, standard: str
) -> Any:
    """The allocation the 301's product describes, accepted by the provider (its 302 came back clean)."""
    from wijkregie.allocations.models import Allocation

    return Allocation(
        **shared,
        household=household,
        resident=resident,
        number=product.allocation_number,
        law=LAW[standard],
        product_category=product.product_category,
        product_code=product.product_code,
        volume=product.volume,
        unit=product.unit,
        frequency=product.frequency,
        budget_cents=product.budget_cents,
        start_date=product.start,
        end_date=product.end,
    )


# -------------------------------------------------------------------------------------------- data


def bsn(i: int) -> str:
    from wijkregie.core.identifiers import bsn_with_check_digit

    base = 10_000_000 + i * 7
    while (found := bsn_with_check_digit(base)) is None:
        base += 1
    return found


def allocation(standard: Any, i: int) -> Any:
    from wijkregie.integrations.istandaarden.messages import (
        Address,
        AllocatedProduct,
        Allocation301,
        Client,
        Header,
    )

    category, code = PRODUCT[standard]
    start = _start(i)
    product = AllocatedProduct(
        allocation_number=FIRST_NUMBER + i,
        provider_reference=f"ZA-{i}",
        product_category=category,
        product_code=code,
        allocated_on=start,
        allocated_at=clock(9, i % 60, 0),
        start=start,
        end=start + timedelta(days=182) if i % 3 else None,
        volume=None if i % 5 == 0 else 1 + i % 8,
        unit="" if i % 5 == 0 else "04",
        frequency="" if i % 5 == 0 else "2",
        budget_cents=250_000 if i % 5 == 0 else None,
    )
    return Allocation301(
        header=Header(standard, "301", MUNICIPALITY, PROVIDER, f"WR{i:010d}", start),
        client=Client(
            bsn=bsn(i),
            birth_date=date(1940 + i % 60, 1 + i % 12, 1 + i % 28),
            gender=str(i % 3),
            surname=f"Achternaam{i}",
            surname_prefix="van" if i % 4 == 0 else "",
            given_names="Anna Maria",
            initials="AM",
            name_usage="1",
            address=Address("01", f"{9700 + i % 100}AB", 1 + i % 200),
        ),
        products=(product,),
    )


def _start(i: int) -> date:
    return date(2025, 1, 1) + timedelta(days=i % 365)


def _care(i: int) -> tuple[date, date]:
    """When the fake provider starts and stops care on allocation i: within the allocation's period."""
    started = _start(i) + timedelta(days=i % 7)
    return started, started + timedelta(days=30 + i % 90)


def start_care(message_301: bytes, i: int) -> bytes:
    from wijkregie.integrations.istandaarden.fake_provider import start_care_305

    return start_care_305(message_301, started_on=_care(i)[0], identification=f"ZS{i:010d}")


def stop_care(message_301: bytes, i: int) -> bytes:
    from wijkregie.integrations.istandaarden.fake_provider import stop_care_307

    started, stopped = _care(i)
    return stop_care_307(message_301, started_on=started, stopped_on=stopped, identification=f"ZE{i:010d}")


if __name__ == "__main__":
    main()
