"""Writes that stay right when two requests arrive at once. A check before a write is advice for the
message; what makes a duplicate impossible is a unique constraint in the database (on SQLite
`select_for_update` does nothing), and the loser of such a race gets the same Dutch answer as a user who
was simply too late."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


@contextmanager
def unique_or_refused(errors: dict[str, list[str]]) -> Iterator[None]:
    """Run the writes inside in a savepoint; a unique constraint they break becomes `errors`."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        raise ValidationError(errors) from exc
