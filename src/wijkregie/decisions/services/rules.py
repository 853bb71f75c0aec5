"""Writes for a municipality's decision configuration: its mandates and its decision rules."""

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction

from wijkregie.accounts.constants import Role
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.services import record
from wijkregie.organisation.models import Municipality
from wijkregie.provisions.constants import Weight

from ..models import Mandate


@dataclass(frozen=True)
class DefaultMandate:
    role: str
    weights: list[str] = field(default_factory=list)
    max_yearly_cents: int | None = None
    may_cosign: bool = False


# The usual split: the wijkteam decides light maatwerk up to a modest amount, the teamleider as well and may
# co-sign, the backoffice decides everything. Four eyes above the yearly amount in DecisionRules.
DEFAULT_MANDATES = (
    DefaultMandate(Role.CONSULENT, [Weight.LIGHT], 500_000),
    DefaultMandate(Role.TEAMLEIDER, [Weight.LIGHT], 1_500_000, may_cosign=True),
    DefaultMandate(Role.BACKOFFICE, [], None, may_cosign=True),
)


def mandates_install_defaults(
    *, acting_user: Any | None, municipality: Municipality, channel: Channel = Channel.SYSTEM
) -> list[Mandate]:
    """The starter mandates for a municipality that has none (nothing is added when it has any)."""
    created: list[Mandate] = []
    try:
        with transaction.atomic():
            if Mandate.objects.filter(municipality=municipality).exists():
                return []
            for data in DEFAULT_MANDATES:
                mandate = Mandate.objects.create(
                    municipality=municipality,
                    role=data.role,
                    weights=list(data.weights),
                    max_yearly_cents=data.max_yearly_cents,
                    may_cosign=data.may_cosign,
                )
                record(
                    actor=acting_user,
                    action=Action.CREATE,
                    obj=mandate,
                    fields=["role", "weights", "max_yearly_cents", "may_cosign"],
                    channel=channel,
                )
                created.append(mandate)
    except IntegrityError:
        return []
    return created
