"""Writing many ready rows at once, for the demo generator and the file imports that must take a national
year in seconds (ADR 0004): COPY on PostgreSQL, one prepared INSERT for all rows on SQLite. Constraints,
indexes and the database's own checks all stay on; the caller holds the transaction."""

import operator
import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, cast

from django.db import connection
from django.db.models import Field, Model


class DbValues:
    """Values as the database driver takes them: native on PostgreSQL, Django's text forms on SQLite."""

    def __init__(self) -> None:
        native = connection.vendor == "postgresql"
        self.uuid: Callable[[uuid.UUID], Any] = _same if native else operator.attrgetter("hex")
        self.moment: Callable[[datetime], Any] = _same if native else connection.ops.adapt_datetimefield_value
        self.day: Callable[[date], Any] = _same if native else connection.ops.adapt_datefield_value


def _same(value: Any) -> Any:
    return value


def reserve_ids(model: type[Model], number: int) -> Sequence[int]:
    """Primary keys for rows inserted with explicit ids (the caller holds the write transaction)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, number],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        first = cursor.fetchone()[0] + 1
        return range(first, first + number)


def insert_rows(model: type[Model], fields: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert ready rows fast: COPY on PostgreSQL, one prepared INSERT for all rows on SQLite.
    Constraints, indexes and the database's own checks all stay on."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(cast(Field, model._meta.get_field(name)).column or name) for name in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608
