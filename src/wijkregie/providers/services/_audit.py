"""The audit row of a provider or contract change: `record()` without a household."""

from collections.abc import Iterable
from typing import Any

from django.db import models

from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.audit.recording import record


def audit(
    *,
    actor: Any,
    action: Action,
    obj: models.Model,
    fields: Iterable[str] = (),
    channel: Channel = Channel.WEB,
) -> AuditEvent:
    return record(actor=actor, action=action, obj=obj, fields=fields, channel=channel)
