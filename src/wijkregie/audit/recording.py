"""Writing one audit row. On its own, without the inzage export, so that apps that must not reach households
(providers and contracts) can audit too; `wijkregie.audit.services.record` is the same function.

Whether a row was written through break-the-glass is worked out here, from the actor and the household,
for every change in every app: the app that owns the access rule (households) registers the check from its
AppConfig.ready(), so the writer stays below every app and no service has to carry the flag along.
"""

from collections.abc import Callable, Iterable
from typing import Any
from uuid import UUID

from django.db import models
from django.utils import timezone

from .constants import Action, Channel
from .models import AuditEvent

# (actor, household uuid) -> does the actor reach that household only through a break-the-glass grant?
BreakGlassCheck = Callable[[Any, UUID], bool]
_break_glass_checks: list[BreakGlassCheck] = []


def register_break_glass_check(check: BreakGlassCheck) -> None:
    if check not in _break_glass_checks:
        _break_glass_checks.append(check)


def _through_break_glass(actor: Any, household_uuid: UUID | None) -> bool:
    if household_uuid is None or actor is None or not getattr(actor, "is_authenticated", False):
        return False
    return any(check(actor, household_uuid) for check in _break_glass_checks)


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
        break_glass = _through_break_glass(actor, household_uuid)
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
