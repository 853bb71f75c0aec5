"""The meldingen about a resident, for the AVG inzage document (oversight.inzage). The reporter's name is left
out: it is another person's data (AVG art. 15 lid 4); the channel says who kind of reported it."""

from typing import Any

from wijkregie.households.models import Resident

from .constants import Law
from .models import Melding


def meldingen_of(resident: Resident) -> list[dict[str, Any]]:
    meldingen = (
        Melding.objects.filter(resident=resident)
        .prefetch_related("routings__team")
        .order_by("received_on", "pk")
    )
    return [
        {
            "ontvangen_op": m.received_on.isoformat(),
            "kanaal": m.get_channel_display(),
            "vraag": m.question,
            "wetten": [Law(law).label for law in m.laws if law in Law.values],
            "urgentie": m.get_urgency_display(),
            "inwoner_op_de_hoogte": m.resident_informed,
            "status": m.get_status_display(),
            "routering": [
                {
                    "naar": r.team.name,
                    "reden": r.reason,
                    "omgerouteerd": r.is_rerouting,
                    "op": r.routed_at.isoformat(),
                }
                for r in sorted(m.routings.all(), key=lambda r: (r.routed_at, r.pk))
            ],
        }
        for m in meldingen
    ]


# What this app adds to the AVG inzage document (collected by wijkregie.oversight.inzage).
SECTIONS = {"meldingen": meldingen_of}
