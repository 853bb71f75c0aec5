"""Optimistic locking for what people edit (plan goals and actions, residents, providers, ...): each row
carries a version that every change raises by one. A change made on an older version than the stored one
is refused with `EditedMeanwhile`, so two people editing the same thing never silently overwrite each
other: the API answers 412 (`If-Match`), a page shows the current values with a Dutch message."""

from collections.abc import Iterable
from typing import TypeVar

from django.db import models

EDITED_MEANWHILE = (
    "Dit is intussen door iemand anders gewijzigd. Hieronder staat wat nu is opgeslagen; "
    "breng uw wijziging zo nodig opnieuw aan."
)


class EditedMeanwhile(Exception):
    """The change was made on an older version than the stored one."""

    def __init__(self, current_version: int) -> None:
        super().__init__(EDITED_MEANWHILE)
        self.current_version = current_version


class Versioned(models.Model):
    version = models.PositiveIntegerField("versie", default=1, editable=False)

    class Meta:
        abstract = True


V = TypeVar("V", bound=Versioned)


def locked_current(instance: V, expected_version: int | None) -> V:
    """Inside a transaction: the row as stored now, locked until the change commits (on SQLite the
    transaction's write lock does this), so a change is made on fresh values, never on what a request
    read before. `expected_version` None: the caller sent no version and the change applies on top."""
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if expected_version is not None and current.version != expected_version:
        raise EditedMeanwhile(current.version)
    return current


def save_new_version(instance: Versioned, fields: Iterable[str]) -> None:
    """Save the changed fields and the next version (the row is locked by `locked_current`)."""
    instance.version += 1
    instance.save(update_fields=[*fields, "version"])
