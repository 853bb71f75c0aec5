"""The AVG inzage document for one resident: everything held about them, and who accessed it.

Read side only; the export service (services.inzage_export) checks the policy and writes the EXPORT row.
Each app says what it holds about a resident in its own `inzage.py` (a `SECTIONS` dict of key → collector);
this module finds them in the order of INSTALLED_APPS, so no app below has to know this one. It adds the
`toegang` part itself: every audit row on the resident and on their households since they joined.
Format: docs/inzage.md. The document speaks Dutch because it is written for the resident.
A fixed number of queries however many households, timeline lines or audit rows there are.
"""

from collections.abc import Callable
from functools import cache
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from wijkregie.accounts.constants import Role
from wijkregie.audit.constants import Action, Channel
from wijkregie.audit.models import AuditEvent
from wijkregie.core.identifiers import is_valid_bsn, normalise_bsn
from wijkregie.households.inzage import any_of, iso, memberships_of, period, staff_name
from wijkregie.households.models import Resident

FORMAT = "wijkregie-inzage/1"
NOT_FOUND = "Niet gevonden: er is geen inwoner met dit BSN waarvan u de gegevens mag exporteren."

InzageSection = Callable[[Resident], Any]


def resident_by_bsn(bsn: str) -> Resident | None:
    bsn = normalise_bsn(bsn)
    return Resident.objects.filter(bsn=bsn).first() if is_valid_bsn(bsn) else None


@cache
def sections() -> dict[str, InzageSection]:
    """key → collector, from every installed app's `inzage.SECTIONS`, in the order of INSTALLED_APPS."""
    found: dict[str, InzageSection] = {}
    for config in apps.get_app_configs():
        name = f"{config.name}.inzage"
        if config.name == __package__:
            continue
        try:
            module = import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        for key, collect in getattr(module, "SECTIONS", {}).items():
            if key in found or key in ("formaat", "aangemaakt_op", "toegang"):
                raise ValueError(f"Inzage-onderdeel {key!r} bestaat al ({name}).")
            found[key] = collect
    return found


def _access(event: AuditEvent) -> dict[str, Any]:
    role = dict(Role.choices).get(event.actor_role, event.actor_role)
    return {
        "moment": iso(event.occurred_at),
        "medewerker": staff_name(event.actor) or "Systeem",
        "rol": role,
        "actie": event.action,
        "actie_omschrijving": dict(Action.choices).get(event.action, event.action),
        "kanaal": dict(Channel.choices).get(event.channel, event.channel),
        "doorbroken_toegang": event.break_glass,
        "huishouden_uuid": str(event.household_uuid) if event.household_uuid else None,
        "onderdeel": event.object_type,
        "velden": list(event.fields or []),
    }


def accesses_of(resident: Resident) -> list[dict[str, Any]]:
    """Every audit row on the resident, and on each of their households from the day they joined it."""
    since_joining = [
        Q(household_uuid=m.household.uuid, occurred_at__gte=period(m)[0]) for m in memberships_of(resident)
    ]
    events = (
        AuditEvent.objects.filter(Q(object_uuid=resident.uuid) | any_of(since_joining))
        .select_related("actor")
        .order_by("occurred_at", "pk")
    )
    return [_access(event) for event in events]


def inzage_document(resident: Resident) -> dict[str, Any]:
    """All data held about the resident, each app's part under its own keys, and who accessed it."""
    return {
        "formaat": FORMAT,
        "aangemaakt_op": iso(timezone.now()),
        **{key: collect(resident) for key, collect in sections().items()},
        "toegang": accesses_of(resident),
    }
