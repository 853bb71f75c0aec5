"""Vroegsignalering benchmark (not a test): a national year of signals read in, matched and bundled.

    .venv/bin/python bench/early_warning.py [--households 1000000] [--signals 1000000] [--per-row 10000]
        [--settings MODULE]

Starts from the kept database of bench/pages.py (`--keep`; built here when missing: `wijkregie demo
--households N`) and works on a copy of it (a file copy on SQLite, CREATE DATABASE ... TEMPLATE on
PostgreSQL), so every run starts from the same data. It writes a year of signals for the demo's current
adult residents, in proportion to each municipality's residents: twelve monthly JSON files per
municipality after the documented layout, 90% by BSN, 8% by address and birth date, 2% by a BSN the
register does not know: of those the BRP fake knows one in twenty (0.1% of all: registered from the BRP one
by one, as in production) and not the rest; a resident may have several signals in a
year, so repeats and extended zaken occur as in life. Then, side by side in one run:

  * per row: the first --per-row signals of the year through the ORM one at a time (create each signal,
    find its resident and household, decide, get or create the zaak, save both), extrapolated to the year;
  * in bulk: every file through `signal_file_import` and every month through `matching_run`, as the page,
    the API and the drop folder do; parsing alone is timed separately (not added).

Prints the times, the ratio and the query counts of the outreach queue and of a zaak after the first
month and after the year (they must not grow with the data).
"""

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import build_demo, set_up_django  # the demo database the page benchmark keeps, its setup

KINDS = [("Zorg", 41), ("Huur", 20), ("Energie", 20), ("Water", 18), ("Hypotheek", 1)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--signals", type=int, default=1_000_000)
    parser.add_argument("--per-row", type=int, default=10_000, help="signals done per row, extrapolated")
    parser.add_argument("--settings", default="wijkregie.conf.test", help="Django settings module")
    args = parser.parse_args()
    workdir = Path(tempfile.gettempdir()) / "wijkregie-bench"
    workdir.mkdir(parents=True, exist_ok=True)
    set_up_django(args.settings, workdir)
    copy = _copy_of_kept_database(args.households, workdir)
    try:
        run(args)
    finally:
        _drop(copy)


def _copy_of_kept_database(households: int, workdir: Path) -> str:
    from django.conf import settings
    from django.db import connection

    database = settings.DATABASES["default"]
    kept = (
        str(workdir / f"bench-{households}.sqlite3")
        if connection.vendor == "sqlite"
        else f"{database['NAME']}_bench_{households}"
    )
    database["TEST"]["NAME"] = kept
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=True)
    print(f"demo database: {build_demo(households)}")
    connection.close()
    if connection.vendor == "sqlite":
        copy = str(workdir / f"early-warning-{households}.sqlite3")
        shutil.copyfile(kept, copy)
    else:
        copy = f"{kept}_ew"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{copy}"')
            cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{kept}"')
        connection.close()
    database["NAME"] = copy
    connection.settings_dict["NAME"] = copy
    return copy


def _drop(copy: str) -> None:
    from django.db import connection

    connection.close()
    if connection.vendor == "sqlite":
        Path(copy).unlink(missing_ok=True)
        return
    connection.settings_dict["NAME"] = "postgres"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{copy}"')
    connection.close()


# -- the year of signals -------------------------------------------------------------------------------------
def _year(today: date) -> list[tuple[date, date]]:
    from wijkregie.early_warning.services.matching import month_bounds

    months = []
    first = today.replace(day=1)
    for back in range(12, 0, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        months.append(month_bounds(year, month + 1))
    return months


def _people(today: date) -> dict[int, list[tuple[Any, ...]]]:
    """Current adult residents per municipality: (bsn, postcode, house number, birth date)."""
    from wijkregie.households.models import HouseholdMembership

    adult = today - timedelta(days=18 * 366)
    rows = HouseholdMembership.objects.filter(end_date__isnull=True, resident__birth_date__lte=adult)
    people: dict[int, list[tuple[Any, ...]]] = {}
    for municipality, *person in rows.values_list(
        "household__municipality_id", "resident__bsn", "resident__postcode", "resident__house_number",
        "resident__birth_date",
    ).iterator(chunk_size=20_000):  # fmt: skip
        people.setdefault(municipality, []).append(tuple(person))
    return people


def _files(total: int, today: date) -> list[tuple[int, date, date, bytes]]:
    """(municipality, month start, month end, JSON file) for the year."""
    from wijkregie.core.identifiers import bsn_with_check_digit
    from wijkregie.integrations.brp.fake import NOT_FOUND_BSN

    rng = random.Random(2026)
    people = _people(today)
    everyone = sum(len(p) for p in people.values())
    kinds, weights = zip(*KINDS, strict=True)
    files = []
    number = 0
    for start, end in _year(today):
        days = (end - start).days
        for municipality, persons in sorted(people.items()):
            items = []
            for _ in range(round(total / 12 * len(persons) / everyone)):
                number += 1
                bsn, postcode, house, born = rng.choice(persons)
                chance = rng.random()
                if chance < 0.001:
                    client: dict[str, Any] = {
                        "burgerservicenummer": bsn_with_check_digit(90_000_000 + number)
                    }
                elif chance < 0.02:
                    client = {"burgerservicenummer": NOT_FOUND_BSN}
                elif chance < 0.10:
                    client = {"postcode": postcode, "huisnummer": house, "geboortedatum": born.isoformat()}
                else:
                    client = {"burgerservicenummer": bsn}
                on = start + timedelta(days=rng.randint(0, days))
                items.append({
                    "ID": f"B-{number:07d}", "signaalpartner": {"type": rng.choices(kinds, weights)[0]},
                    "bedrag": rng.randint(50, 3000), "ontstaansdatum": (on - timedelta(days=40)).isoformat(),
                    "signaaldatum": on.isoformat(), "crisissignaal": rng.random() < 0.03, "client": client,
                })  # fmt: skip
            items = [item for item in items if item["client"].get("burgerservicenummer", "x")]
            files.append((municipality, start, end, json.dumps({"vroegsignalen": items}, indent=1).encode()))
    return files


# -- per row through the ORM ---------------------------------------------------------------------------------
def _per_row(files: list[tuple[int, date, date, bytes]], limit: int, today: date) -> tuple[int, float]:
    """The same work one signal at a time: the way an import is written without the bulk paths."""
    from django.db import transaction

    from wijkregie.early_warning import signal_io
    from wijkregie.early_warning.constants import SignalStatus
    from wijkregie.early_warning.models import (
        EarlyWarningSettings,
        MatchingRun,
        Signal,
        SignalCase,
        SignalFile,
    )
    from wijkregie.households.models import HouseholdMembership, Resident

    done = 0
    started = time.perf_counter()
    for municipality, start, end, content in files:
        if done >= limit:
            break
        rows = signal_io.read(content, file_format="json", today=today).rows[: limit - done]
        config = EarlyWarningSettings.objects.get(municipality_id=municipality)
        with transaction.atomic():
            signal_file = SignalFile.objects.create(
                municipality_id=municipality, name="per-rij", sha256=f"per-row-{start}-{municipality}",
                file_format="json", source="page", received_at=_now(), signal_count=len(rows),
            )  # fmt: skip
            run = MatchingRun.objects.create(
                municipality_id=municipality, period_start=start - timedelta(days=366),
                period_end=end - timedelta(days=366), matched_on=today, started_at=_now(),
            )  # fmt: skip
            for row in rows:
                signal = Signal.objects.create(
                    municipality_id=municipality, file=signal_file, external_id=f"R-{row.external_id}",
                    partner_type=row.partner_type, amount=row.amount, arose_on=row.arose_on,
                    signal_date=row.signal_date - timedelta(days=366), crisis=row.crisis, bsn=row.bsn,
                    postcode=row.postcode, house_number=row.house_number, birth_date=row.birth_date,
                )  # fmt: skip
                resident = (
                    Resident.objects.filter(bsn=row.bsn).first()
                    if row.bsn
                    else Resident.objects.filter(
                        postcode=row.postcode, house_number=row.house_number, birth_date=row.birth_date
                    ).first()
                )
                membership = (
                    HouseholdMembership.objects.filter(resident=resident, end_date__isnull=True).first()
                    if resident
                    else None
                )
                if membership is None:
                    signal.status = SignalStatus.NOT_RESIDENT
                elif not row.crisis and row.amount < config.default_threshold:
                    signal.status = SignalStatus.OTHER_REASON
                else:
                    case, _ = SignalCase.objects.get_or_create(
                        household_id=membership.household_id, period_start=run.period_start,
                        defaults={"municipality_id": municipality, "matching_run": run,
                                  "period_end": run.period_end, "matched_on": today,
                                  "team": config.outreach_team, "oldest_signal_on": signal.signal_date},
                    )  # fmt: skip
                    case.signal_count += 1
                    case.total_amount += row.amount
                    case.save()
                    signal.status, signal.case = SignalStatus.MATCHED, case
                signal.resident, signal.household = resident, membership and membership.household
                signal.matching_run = run
                signal.save()
                done += 1
    return done, time.perf_counter() - started


def _now() -> Any:
    from django.utils import timezone

    return timezone.now()


# -- in bulk, as Wijkregie does it ---------------------------------------------------------------------------
def _bulk(files: list[tuple[int, date, date, bytes]], today: date) -> dict[str, Any]:
    from wijkregie.early_warning import signal_io
    from wijkregie.early_warning.services import files as signal_files
    from wijkregie.early_warning.services import matching
    from wijkregie.organisation.models import Municipality

    municipalities = {m.pk: m for m in Municipality.objects.all()}
    timings: dict[str, float] = Counter()
    parsed = time.perf_counter()
    for _, _, _, content in files:
        signal_io.read(content, file_format="json", today=today)
    timings["parse"] = time.perf_counter() - parsed
    statuses: Counter[str] = Counter()
    cases = 0
    first_month = files[0][1]
    early: tuple[int, int] = (0, 0)
    started = time.perf_counter()
    for municipality, start, end, content in files:
        if start != first_month and not early[0]:
            paused = time.perf_counter()
            early = _page_queries()  # after a month: the queue has pages, as after a year
            started += time.perf_counter() - paused
        step = time.perf_counter()
        signal_files.signal_file_import(
            acting_user=None, municipality=municipalities[municipality], content=content,
            name=f"vroegsignalen-{start:%Y-%m}.json",
        )  # fmt: skip
        timings["read"] += time.perf_counter() - step
        step = time.perf_counter()
        run = matching.matching_run(
            acting_user=None, municipality=municipalities[municipality], period_start=start, period_end=end
        )
        timings["match"] += time.perf_counter() - step
        statuses.update(run.counts["per_status"])
        cases += run.counts["zaken_nieuw"]
    timings["total"] = time.perf_counter() - started
    return {"timings": timings, "statuses": statuses, "cases": cases, "queries": early}


def _page_queries() -> tuple[int, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from wijkregie.accounts.models import User
    from wijkregie.early_warning.models import EarlyWarningSettings, SignalCase

    client = Client()
    client.force_login(User.objects.get(username="sanne"))
    west = EarlyWarningSettings.objects.get(municipality__cbs_code="9901")
    case = SignalCase.objects.filter(team=west.outreach_team).order_by("-pk").first()
    assert case is not None
    client.get(reverse("early_warning:queue"))  # session warm-up
    counts = []
    for url in (reverse("early_warning:queue"), reverse("early_warning:case", args=[case.uuid])):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            assert client.get(url).status_code == 200
            print(f"  {url}: {(time.perf_counter() - started) * 1000:.0f} ms")
        counts.append(len(queries))
    return counts[0], counts[1]


def run(args: argparse.Namespace) -> None:
    from django.db import connection
    from django.utils import timezone

    today = timezone.localdate()
    label = connection.vendor
    made = time.perf_counter()
    files = _files(args.signals, today)
    signals = sum(content.count(b'"ID"') for *_, content in files)
    print(f"{label}: {signals:,} signals in {len(files)} files written in {time.perf_counter() - made:.0f} s")
    done, per_row = _per_row(files, args.per_row, today)
    print(f"per row: {done:,} signals in {per_row:.1f} s ({per_row / done * 1e6:.0f} µs a signal)")
    result = _bulk(files, today)
    before, after = result["queries"], _page_queries()
    timings = result["timings"]
    extrapolated = per_row / done * signals
    print(
        f"bulk: read {timings['read']:.1f} s (parsing alone {timings['parse']:.1f} s), "
        f"match and bundle {timings['match']:.1f} s, end to end {timings['total']:.1f} s"
    )
    ratio = extrapolated / timings["total"]
    print(f"per row, extrapolated to {signals:,}: {extrapolated:.0f} s; bulk is {ratio:.1f}x faster")
    statuses = ", ".join(f"{status} {n:,}" for status, n in sorted(result["statuses"].items()))
    print(f"zaken made: {result['cases']:,}; signals per status: {statuses}")
    print(f"queries: queue {before[0]} -> {after[0]}, zaak {before[1]} -> {after[1]}")


if __name__ == "__main__":
    main()
