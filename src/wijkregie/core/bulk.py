"""Writing many ready rows at once, for the demo generator and the file imports that must take a national
year in seconds (ADR 0004): COPY on PostgreSQL, one prepared INSERT for all rows on SQLite. Constraints,
indexes and the database's own checks all stay on; the caller holds the transaction."""

import operator
import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, cast

from django.db import connection, transaction
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
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608


def update_rows(model: type[Model], fields: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Update many rows, each with its own values, in one statement: the rows (primary key first, then
    `fields`) go into a temporary table the way insert_rows writes, then one UPDATE ... FROM sets them."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [cast(Field, model._meta.get_field(name)) for name in fields]
    names = [quote(column.column or column.name) for column in columns]
    types = [cast(Field, model._meta.pk).rel_db_type(connection)]
    types += [
        column.rel_db_type(connection) if column.is_relation else column.db_type(connection)
        for column in columns
    ]
    scratch = quote(f"bulk_{model._meta.db_table}")
    definitions = ", ".join(f"{name} {kind}" for name, kind in zip(["id", *names], types, strict=True))
    assignments = ", ".join(f"{name} = {scratch}.{name}" for name in names)
    # In a savepoint: on an error the scratch table goes with the rollback, on both databases.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {scratch} ({definitions})")
        if connection.vendor == "postgresql":
            with connection.wrap_database_errors, cursor.cursor.copy(f"COPY {scratch} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(types))
            cursor.executemany(f"INSERT INTO {scratch} VALUES ({placeholders})", rows)  # noqa: S608
        cursor.execute(f"UPDATE {table} SET {assignments} FROM {scratch} WHERE {table}.id = {scratch}.id")  # noqa: S608
        cursor.execute(f"DROP TABLE {scratch}")
