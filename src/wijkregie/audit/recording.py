"""Writing one audit row. On its own, without the inzage export, so that apps that must not reach households
(providers and contracts) can audit too; `wijkregie.audit.services.record` is the same function."""

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.db import models
from django.utils import timezone

from .constants import Action, Channel
from .models import AuditEvent


def record(
    *,
    actor: Any,
    action: Action,
    obj: models.Model | None = None,
    household_uuid: UUID | None = None,
    fields: Iterable[str] = (),
    channel: Channel = Channel.WEB,
    break_glass: bool = False,
    object_type: str | None = None,
) -> AuditEvent:
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
