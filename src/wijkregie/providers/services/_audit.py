"""The audit row of a provider or contract change.

`wijkregie.audit.services.record` cannot be imported here: that module also holds the AVG inzage export,
which reads households, and the import contract "Providers and contracts know no household" forbids that
path. This writes the same row `record()` writes (actor, role, action, channel, object, field names) through
the audit model, inside the caller's transaction. When `record()` moves to a module of its own, call it here.
"""

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import timezone

from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent


def audit(
    *,
    actor: Any,
    action: Action,
    obj: models.Model,
    fields: Iterable[str] = (),
    channel: Channel = Channel.WEB,
) -> AuditEvent:
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor=actor if authenticated else None,
        actor_role=getattr(actor, "role", "") if authenticated else "",
        action=action,
        channel=channel,
        object_type=obj._meta.label_lower,
        object_uuid=getattr(obj, "uuid", None),
        household_uuid=None,
        break_glass=False,
        fields=sorted(fields),
    )
