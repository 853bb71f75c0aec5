"""The resident's right of access: `inzage_export()` writes the EXPORT row in the same transaction."""

from typing import Any

from django.db import transaction
from django.http import Http404

from wijkregie.accounts.models import User
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record

from .inzage import NOT_FOUND, inzage_document, resident_by_bsn
from .policies import AuditPolicy, home_household


def inzage_export(*, acting_user: User, bsn: str, channel: Channel = Channel.WEB) -> dict[str, Any]:
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
