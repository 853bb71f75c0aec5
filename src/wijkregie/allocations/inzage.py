"""The resident's allocations to providers for the AVG inzage document: which provider, what, for which
period, and where the care stands. The iWmo/iJw message files themselves are not included: they repeat
these facts in the standard's codes. One query."""

from typing import Any

from wijkregie.households.inzage import iso
from wijkregie.households.models import Resident

from .models import Allocation


def allocations_of(resident: Resident) -> list[dict[str, Any]]:
    allocations = (
        Allocation.objects.filter(resident=resident)
        .select_related("provider__organisation", "beschikking")
        .order_by("start_date", "pk")
    )
    return [
        {
            "toewijzingnummer": a.number,
            "aanbieder": a.provider.organisation.name,
            "beschikking": a.beschikking.reference,
            "productcode": a.product_code,
            "omvang": a.volume,
            "budget_in_eurocent": a.budget_cents,
            "ingangsdatum": iso(a.start_date),
            "einddatum": iso(a.end_date),
            "status": a.get_status_display(),
            "keuze_van_de_inwoner": a.resident_choice,
            "zorg_gestart_op": iso(a.started_on),
            "zorg_gestopt_op": iso(a.stopped_on),
            "ingetrokken_op": iso(a.revoked_on),
        }
        for a in allocations
    ]


# What this app adds to the AVG inzage document (collected by wijkregie.oversight.inzage).
SECTIONS = {"toewijzingen": allocations_of}
