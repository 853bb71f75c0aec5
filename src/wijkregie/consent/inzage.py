"""A resident's consents (or the recorded legal basis), for the AVG inzage document."""

from typing import Any

from wijkregie.households.models import Resident

from .constants import DossierPart
from .models import Consent


def consents_of(resident: Resident) -> list[dict[str, Any]]:
    consents = (
        Consent.objects.filter(resident=resident).prefetch_related("organisations").order_by("given_on", "pk")
    )
    return [
        {
            "grondslag": c.get_basis_display(),
            "wettelijke_grondslag": c.get_legal_basis_display() if c.legal_basis else "",
            "organisaties": sorted(o.name for o in c.organisations.all()),
            "onderdelen": [DossierPart(p).label for p in c.parts if p in DossierPart.values],
            "doel": c.purpose,
            "gegeven_op": c.given_on.isoformat(),
            "hoe": c.get_method_display(),
            "geldig_tot": c.expires_on.isoformat() if c.expires_on else None,
            "ingetrokken_op": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
        }
        for c in consents
    ]


# What this app adds to the AVG inzage document (collected by wijkregie.oversight.inzage).
SECTIONS = {"toestemmingen": consents_of}
