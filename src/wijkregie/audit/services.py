"""The one way to write to the audit trail. `record()` is called inside the caller's transaction, so a change
and its audit row commit or roll back together. `inzage_export()` is the resident's right of access."""

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.db import models, transaction
from django.http import Http404
from django.utils import timezone

from .constants import Action, Channel
from .inzage import NOT_FOUND, inzage_document, resident_by_bsn
from .models import AuditEvent
from .policies import AuditPolicy, home_household


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


def inzage_export(*, acting_user: Any, bsn: str, channel: Channel = Channel.WEB) -> dict[str, Any]:
    """The AVG inzage document for the resident with this BSN, and its EXPORT row, in one transaction.

    Unknown BSN and not allowed look the same (Http404 with NOT_FOUND); neither writes a row. The BSN is
    never written to the audit trail: the row names the resident by uuid.
    """
    resident = resident_by_bsn(bsn)
    if resident is None or not AuditPolicy(acting_user).can_export_inzage(resident):
        raise Http404(NOT_FOUND)
    household = home_household(resident)
    with transaction.atomic():
        document = inzage_document(resident)
        record(
            actor=acting_user,
            action=Action.EXPORT,
            obj=resident,
            household_uuid=household.uuid if household else None,
            channel=channel,
        )
    return document
