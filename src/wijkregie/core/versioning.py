"""Optimistic locking for what people edit (plan goals and actions, residents, providers, ...): each row
carries a version that every change raises by one. A change made on an older version than the stored one
is refused with `EditedMeanwhile`, so two people editing the same thing never silently overwrite each
other: the API answers 412 (`If-Match`), a page shows the current values with a Dutch message."""

from collections.abc import Iterable
from typing import TypeVar

from django.db import models
from django.http import Http404

EDITED_MEANWHILE = (
    "Dit is intussen door iemand anders gewijzigd. Hieronder staat wat nu is opgeslagen; "
    "breng uw wijziging zo nodig opnieuw aan."
)


class EditedMeanwhile(Exception):
    """The change was made on an older version than the stored one."""

    def __init__(self, current_version: int, *, asked: bool = True) -> None:
        super().__init__(EDITED_MEANWHILE)
        self.current_version = current_version
        # The caller named the version it changed (If-Match, a form's hidden field): the API answers 412;
        # without one the change still met a newer version than it was worked out on: 409.
        self.asked = asked


class Versioned(models.Model):
    version = models.PositiveIntegerField("versie", default=1, editable=False)

    class Meta:
        abstract = True


V = TypeVar("V", bound=Versioned)


def locked_current(instance: V, expected_version: int | None) -> V:
    """Inside a transaction: the row as stored now, locked until the change commits (on SQLite the
    transaction's write lock does this), so a change is made on fresh values, never on what a request
    read before. `expected_version` None: the caller sent no version and the change applies on top."""
    current = type(instance)._default_manager.select_for_update().filter(pk=instance.pk).first()
    if current is None:  # removed meanwhile
        raise Http404
    if expected_version is not None and current.version != expected_version:
        raise EditedMeanwhile(current.version)
    return current


def check_version(instance: Versioned, expected_version: int | None) -> None:
    """Refuse a change on an older version than `instance` as read, before anything else: also when the
    change turns out to change nothing (an `If-Match` is a precondition, whatever the body)."""
    if expected_version is not None and expected_version != instance.version:
        raise EditedMeanwhile(instance.version)


def locked_unchanged(instance: V, expected_version: int | None) -> V:
    """Inside a transaction, for a change worked out on `instance` as the caller read it (a partial change
    merged onto its values, a comparison with them): the row as stored now, locked, and refused when it
    has a newer version than the one sent or the one read, so values nobody meant to touch are never
    written back stale."""
    current = locked_current(instance, expected_version)
    if current.version != instance.version:
        raise EditedMeanwhile(current.version, asked=expected_version is not None)
    return current


def save_new_version(instance: Versioned, fields: Iterable[str] | None = None) -> None:
    """Save the changed fields (all fields: None) and the next version; the row is locked by
    `locked_current` or `locked_unchanged`."""
    instance.version += 1
    instance.save(update_fields=None if fields is None else [*fields, "version"])
