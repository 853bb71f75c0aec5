"""The floor under the vroegsignalering year (not a test): only the writes a year needs, nothing else.

    .venv/bin/python bench/early_warning_floor.py [--signals 1000000] [--cases 910000]

On SQLite, in a new database file with the project's own connection settings (WAL, the page cache of
WIJKREGIE_SQLITE_CACHE_MB) and the project's own tables and indexes of Signal, SignalCase and TimelineEntry
(made by Django's schema editor from the models), it times only what a national year must write, with rows
built beforehand and not timed, through the raw driver, a month per transaction:

  * a year of signals inserted (executemany), as reading the files in does;
  * every signal written once with what matching decided (a temporary table and one UPDATE ... FROM, as
    `core.bulk.update_rows` does);
  * a year of zaken inserted, and one timeline line per zaak.

No parsing, no checks, no reads, no foreign-key checks (the other tables are absent), no audit: what it
prints is less than any import with this data model can take. `bench/early_warning.py` measures the import
itself; docs/benchmarks.md sets the two side by side.
"""

import argparse
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import set_up_django

MONTHS = 12
NOW = "2026-12-07 12:00:00"


def _timed(raw: Any, months: Iterable[Callable[[], None]]) -> float:
    """The seconds the months take, each in its own transaction."""
    total = 0.0
    for month in months:
        start = time.perf_counter()
        raw.execute("BEGIN")
        month()
        raw.execute("COMMIT")
        total += time.perf_counter() - start
    return total


def _insert(raw: Any, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> Callable[[], None]:
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    return lambda: raw.executemany(sql, rows)


SIGNAL_COLUMNS = (
    "uuid", "created_at", "updated_at", "external_id", "partner_type", "amount", "arose_on", "signal_date",
    "crisis", "warm_handover", "bsn", "postcode", "house_number", "house_number_suffix", "birth_date", "sex",
    "status", "status_reason", "municipality_id", "file_id",
)  # fmt: skip
CASE_COLUMNS = (
    "uuid", "created_at", "updated_at", "version", "municipality_id", "household_id", "district_id",
    "matching_run_id", "period_start", "period_end", "matched_on", "team_id", "crisis", "signal_count",
    "person_count", "total_amount", "partner_types", "oldest_signal_on", "result", "handover_line",
)  # fmt: skip
TIMELINE_COLUMNS = ("household_id", "occurred_at", "kind", "description", "actor_id")


def _signal_rows(month: int, count: int, rnd: random.Random) -> list[tuple[Any, ...]]:
    day = f"2026-{month:02d}-15"
    return [
        (uuid.uuid4().hex, NOW, NOW, f"VS-{month:02d}-{i:07d}", "Huur", 400, None, day, 0, 0,
         str(rnd.randrange(10**8, 10**9)), "", None, "", None, "", "Nieuw", "", 1, month)
        for i in range(count)
    ]  # fmt: skip


def _update(raw: Any, ids: list[int], month: int) -> Callable[[], None]:
    rows = [(pk, "Gematcht", "", month, pk, pk // 2, pk // 2, NOW) for pk in ids]

    def write() -> None:
        raw.execute(
            "CREATE TEMP TABLE decided"
            " (id INTEGER PRIMARY KEY, status, reason, run, resident, home, zaak, at)"
        )
        raw.executemany("INSERT INTO decided VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        raw.execute(
            "UPDATE early_warning_signal SET status = d.status, status_reason = d.reason,"
            " matching_run_id = d.run,"
            " resident_id = d.resident, household_id = d.home, case_id = d.zaak, updated_at = d.at"
            " FROM decided d WHERE d.id = early_warning_signal.id"
        )
        raw.execute("DROP TABLE decided")

    return write


def _case_rows(month: int, households: list[int]) -> list[tuple[Any, ...]]:
    start, end = f"2026-{month:02d}-01", f"2026-{month:02d}-28"
    return [
        (uuid.uuid4().hex, NOW, NOW, 1, 1, household, 3, month, start, end, "2026-12-07", 5, 0, 1, 1, 400,
         '["Huur"]', f"2026-{month:02d}-15", "", "")
        for household in households
    ]  # fmt: skip


def run(args: argparse.Namespace, workdir: Path) -> None:
    database = workdir / "floor.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    set_up_django(args.settings, workdir)
    from django.db import connection

    from wijkregie.early_warning.models import Signal, SignalCase
    from wijkregie.households.models import TimelineEntry

    with connection.schema_editor() as editor:
        for model in (Signal, SignalCase, TimelineEntry):
            editor.create_model(model)
    connection.ensure_connection()
    raw = connection.connection
    raw.isolation_level = None  # the months' own BEGIN and COMMIT
    raw.execute("PRAGMA foreign_keys = OFF")  # the tables they point to are not there
    rnd = random.Random(7)
    per_month = args.signals // MONTHS
    signals = [_signal_rows(month, per_month, rnd) for month in range(1, MONTHS + 1)]
    insert = _timed(raw, [_insert(raw, "early_warning_signal", SIGNAL_COLUMNS, rows) for rows in signals])
    ids = [pk for (pk,) in raw.execute("SELECT id FROM early_warning_signal ORDER BY id")]
    months = [ids[m * per_month : (m + 1) * per_month] for m in range(MONTHS)]
    update = _timed(raw, [_update(raw, chunk, m + 1) for m, chunk in enumerate(months)])
    households = list(range(1, 1_000_001))
    rnd.shuffle(households)
    per_case = args.cases // MONTHS
    chosen = [
        [households[(m * per_case + i) % len(households)] for i in range(per_case)] for m in range(MONTHS)
    ]
    cases = _timed(
        raw,
        [
            _insert(raw, "early_warning_signalcase", CASE_COLUMNS, _case_rows(m + 1, c))
            for m, c in enumerate(chosen)
        ],
    )
    lines = [[(h, NOW, "vroegsignaal", "Vroegsignaal: vroegsignaalzaak", None) for h in c] for c in chosen]
    timeline = _timed(
        raw, [_insert(raw, "households_timelineentry", TIMELINE_COLUMNS, rows) for rows in lines]
    )
    total = insert + update + cases + timeline
    print(
        f"floor on SQLite, {per_month * MONTHS:,} signals and {per_case * MONTHS:,} zaken,"
        " a month a transaction:"
    )
    for name, seconds in (
        ("insert the signals", insert),
        ("write each signal once", update),
        ("insert the zaken", cases),
        ("insert a timeline line per zaak", timeline),
        ("together", total),
    ):
        print(f"  {name:<34} {seconds:6.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signals", type=int, default=1_000_000)
    parser.add_argument(
        "--cases", type=int, default=910_000, help="zaken in the year (the import makes 910,380)"
    )
    parser.add_argument("--settings", default="wijkregie.conf.test", help="Django settings module")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wijkregie-floor-") as workdir:
        run(args, Path(workdir))


if __name__ == "__main__":
    main()
