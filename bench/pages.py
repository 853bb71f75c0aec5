"""Page benchmark at scale (not a test): server time and SQL queries per request, in-process.

    .venv/bin/python bench/pages.py [--households 100000] [--requests 200] [--keep] [--settings MODULE]

Builds a fresh database with `wijkregie demo --households N` (an SQLite file in a temporary directory, or a
new PostgreSQL database `<name>_bench_<N>` next to the one in DATABASE_URL), then times Mijn werkvoorraad,
the dossier, the whole timeline, the task lists, the caseload and search through django.test.Client as anna
(consulent), bo (backoffice, municipality-wide) and teun (teamleider), and prints one table row per page and
user. --keep keeps the database for a rerun.
"""

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any


@dataclass
class Row:
    page: str
    user: str
    p50: float
    p95: float
    queries: str


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page and user")
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the benchmark database")
    parser.add_argument("--settings", default="wijkregie.conf.test", help="Django settings module")
    args = parser.parse_args()

    in_workdir(args.keep, lambda workdir: run(args, workdir))


def in_workdir(keep: bool, work: Callable[[Path], None]) -> None:
    """Run in a work directory: the kept one (its databases reused) or a new one, removed afterwards."""
    workdir = Path(tempfile.gettempdir()) / "wijkregie-bench" if keep else Path(tempfile.mkdtemp())
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        work(workdir)
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def set_up_django(settings_module: str, workdir: Path) -> None:
    """Django for an in-process benchmark: test settings, the work directory, no 2FA, no debug."""
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module  # not the Makefile's dev default
    os.environ["WIJKREGIE_VAR_DIR"] = str(workdir)
    os.environ["WIJKREGIE_REQUIRE_2FA"] = "false"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'unused.sqlite3'}")

    import django

    django.setup()


def run(args: argparse.Namespace, workdir: Path) -> None:
    set_up_django(args.settings, workdir)
    from django.conf import settings
    from django.db import connection

    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        database["TEST"]["NAME"] = str(workdir / f"bench-{args.households}.sqlite3")
    else:
        database["TEST"]["NAME"] = f"{database['NAME']}_bench_{args.households}"
    old_name = database["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=args.keep)
    if connection.vendor == "sqlite":
        db_label = f"SQLite {sqlite3.sqlite_version}"
    else:
        version = connection.pg_version  # type: ignore[attr-defined]
        db_label = f"PostgreSQL {version // 10000}.{version % 10000}"
    try:
        build = build_demo(args.households)
        size = database_size()
        rows = measure(args.requests)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=args.keep)
    households = f"{args.households:,}"
    print(f"\nDemo build ({households} households, {db_label}): {build}; database {size}\n")
    print("| page | user | db | households | p50 ms | p95 ms | queries |")
    print("|---|---|---|---:|---:|---:|---:|")
    for row in rows:
        cells = [row.page, row.user, db_label, households, f"{row.p50:.1f}", f"{row.p95:.1f}", row.queries]
        print("| " + " | ".join(cells) + " |")


def build_demo(households: int) -> str:
    from django.core.management import call_command

    from wijkregie.demo.generator import demo_exists

    if demo_exists():
        return "reused an existing database"
    started = time.monotonic()
    call_command("demo", households=households, stdout=StringIO())
    return f"{time.monotonic() - started:.1f} s"


def database_size() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
        else:
            cursor.execute("SELECT pg_database_size(current_database())")
        return f"{cursor.fetchone()[0] / 2**20:.0f} MiB"


def measure(requests: int) -> list[Row]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from wijkregie.accounts.models import User
    from wijkregie.households.models import Resident
    from wijkregie.households.policies import HouseholdPolicy

    rng = random.Random(2026)
    users = {name: User.objects.get(username=name) for name in ("anna", "bo", "teun")}
    visible = list(HouseholdPolicy(users["anna"]).visible().values_list("uuid", flat=True))
    dossiers = [f"/huishoudens/{key}/" for key in rng.choices(visible, k=requests)]
    # Search terms from random residents of Westerhoek (anna's municipality); many are outside her caseload.
    westerhoek = Resident.objects.filter(postcode__startswith="971")
    last = westerhoek.order_by("-pk").values_list("pk", flat=True).first() or 0
    people = list(
        westerhoek.filter(pk__in=[rng.randint(1, last) for _ in range(requests * 3)]).values(
            "bsn", "surname_search", "postcode", "house_number"
        )[:requests]
    )
    searches: dict[str, list[dict[str, Any]]] = {
        "search: surname prefix": [{"surname": p["surname_search"][:4]} for p in people],
        # Longer prefixes are narrower ranges, where PostgreSQL's estimates were worst (docs/benchmarks.md).
        "search: surname prefix, 6 letters": [{"surname": p["surname_search"][:6]} for p in people],
        "search: BSN": [{"bsn": p["bsn"]} for p in people],
        "search: postcode + huisnummer": [
            {"postcode": p["postcode"], "house_number": p["house_number"]} for p in people
        ],
    }
    plan: list[tuple[str, str, list[tuple[str, dict[str, Any] | None]]]] = []  # page, user, (path, POST data)
    for name in ("anna", "bo", "teun"):
        plan.append(("Mijn werkvoorraad (GET /)", name, [("/", None)]))
        plan.append(("dossier (GET /huishoudens/<uuid>/)", name, [(path, None) for path in dossiers]))
    timelines = [f"{path}tijdlijn/" for path in dossiers]
    plan.append(("timeline (GET /huishoudens/<uuid>/tijdlijn/)", "anna", [(p, None) for p in timelines]))
    plan.append(
        ("timeline, page 2 (GET …/tijdlijn/?pagina=2)", "anna", [(f"{p}?pagina=2", None) for p in timelines])
    )
    plan.append(("tasks: mine (GET /taken/)", "anna", [("/taken/", None)]))
    plan.append(("tasks: team (GET /taken/team/)", "teun", [("/taken/team/", None)]))
    plan.append(("caseload (GET /caseload/)", "teun", [("/caseload/", None)]))
    for page, payloads in searches.items():
        for name in ("anna", "bo"):
            plan.append((f"{page} (POST /zoeken/)", name, [("/zoeken/", data) for data in payloads]))

    rows = []
    for page, name, calls in plan:
        client = Client()
        client.force_login(users[name])
        for call in calls[-5:]:  # warm up: templates, url resolvers, connection
            send(client, call)
        timings, queries = [], []
        for i in range(requests):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = send(client, calls[i % len(calls)])
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (page, name, response.status_code)
            queries.append(len(captured.captured_queries))
        low, high = min(queries), max(queries)
        p95 = statistics.quantiles(timings, n=20)[18]
        rows.append(
            Row(page, name, statistics.median(timings), p95, str(low) if low == high else f"{low}–{high}")
        )
        print(
            f"  {page}, {name}: p50 {rows[-1].p50:.1f} ms, p95 {p95:.1f} ms, {rows[-1].queries} queries",
            flush=True,
        )
    return rows


def send(client: Any, call: tuple[str, dict[str, Any] | None]) -> Any:
    path, data = call
    return client.get(path) if data is None else client.post(path, data)


if __name__ == "__main__":
    main()
