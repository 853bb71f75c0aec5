"""Writing one audit row. On its own, without the inzage export, so that apps that must not reach households
(providers and contracts) can audit too; `wijkregie.audit.services.record` is the same function.

Whether a row was written through break-the-glass is worked out here, from the actor and the household,
for every change in every app: the app that owns the access rule (households) registers the check from its
AppConfig.ready(), so the writer stays below every app and no service has to carry the flag along.
"""

from collections.abc import Callable, Collection, Iterable
from typing import Any
from uuid import UUID

from django.db import models
from django.utils import timezone

from .constants import Action, Channel
from .models import AuditEvent

# (actor, household uuids) -> those the actor reaches only through a break-the-glass grant (one query).
BreakGlassCheck = Callable[[Any, Collection[UUID]], set[UUID]]
_break_glass_checks: list[BreakGlassCheck] = []


def register_break_glass_check(check: BreakGlassCheck) -> None:
    if check not in _break_glass_checks:
        _break_glass_checks.append(check)


def _is_staff(actor: Any) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def _through_break_glass(actor: Any, household_uuids: Collection[UUID]) -> set[UUID]:
    if not household_uuids or not _is_staff(actor):
        return set()
    found: set[UUID] = set()
    for check in _break_glass_checks:
        found |= check(actor, household_uuids)
    return found


def record(
    *,
    actor: Any,
    action: Action,
    obj: models.Model | None = None,
    household_uuid: UUID | None = None,
    fields: Iterable[str] = (),
    channel: Channel = Channel.WEB,
    break_glass: bool | None = None,
    object_type: str | None = None,
) -> AuditEvent:
    """One row. `break_glass` None (the default): worked out from the actor and the household (one query
    for a caseworker's row on a household); a caller that already knows it may say so."""
    if break_glass is None:
        break_glass = household_uuid is not None and household_uuid in _through_break_glass(
            actor, [household_uuid]
        )
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor=actor if authenticated else None,
        actor_role=getattr(actor, "role", "") if authenticated else "",
        action=action,
        channel=channel,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_uuid=getattr(obj, "uuid", None),
        household_uuid=household_uuid,
        break_glass=break_glass,
        fields=sorted(fields),
    )


def record_reads(
    *,
    actor: Any,
    object_type: str,
    shown: Iterable[tuple[UUID | None, UUID | None]],
    channel: Channel = Channel.WEB,
) -> int:
    """One access row per (object uuid, household uuid) a list showed to `actor`, in one INSERT, with the
    break-the-glass flag worked out for all of them in one query. The rows a list shows are personal data
    too (names, addresses, BSNs), so a list read is audited like a dossier read. Returns the rows written."""
    rows = list(dict.fromkeys(shown))
    if not rows or not _is_staff(actor):
        return 0
    glass = _through_break_glass(actor, {household for _obj, household in rows if household is not None})
    now = timezone.now()
    AuditEvent.objects.bulk_create(
        AuditEvent(
            occurred_at=now,
            actor=actor,
            actor_role=getattr(actor, "role", ""),
            action=Action.READ,
            channel=channel,
            object_type=object_type,
            object_uuid=obj,
            household_uuid=household,
            break_glass=household in glass,
            fields=[],
        )
        for obj, household in rows
    )
    return len(rows)
