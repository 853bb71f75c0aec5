"""A resident's vroegsignalen and the zaken they were in, for the AVG inzage document: also a signal with the
resident's BSN that matching did not link (it was about them all the same)."""

from typing import Any

from django.db.models import Q

from wijkregie.households.models import Resident

from .constants import SignalStatus
from .models import Signal


def signals_of(resident: Resident) -> list[dict[str, Any]]:
    signals = (
        Signal.objects.filter(Q(resident=resident) | Q(bsn=resident.bsn))
        .select_related("partner", "case")
        .prefetch_related("case__attempts", "case__letters")
        .order_by("signal_date", "pk")
    )
    return [_signal(signal, resident) for signal in signals]


def _signal(signal: Signal, resident: Resident) -> dict[str, Any]:
    case = signal.case
    zaak = None
    if case is not None:
        zaak = {
            "matchingperiode": [case.period_start.isoformat(), case.period_end.isoformat()],
            "opgepakt_op": case.picked_up_on.isoformat() if case.picked_up_on else None,
            "contactpogingen": [
                {"datum": a.made_on.isoformat(), "dagdeel": a.day_part, "soort": a.kind, "bereikt": a.reached}
                for a in sorted(case.attempts.all(), key=lambda a: (a.made_on, a.pk))
            ],
            "brieven": [
                letter.sent_on.isoformat()
                for letter in case.letters.all()
                if letter.resident_id == resident.pk
            ],
            "eindresultaat": case.result,
            "eindresultaat_op": case.result_on.isoformat() if case.result_on else None,
        }
    return {
        "id": signal.external_id,
        "soort_partner": signal.partner_type,
        "partner": signal.partner.name if signal.partner else "",
        "bedrag": signal.amount,
        "signaaldatum": signal.signal_date.isoformat(),
        "ontstaansdatum": signal.arose_on.isoformat() if signal.arose_on else None,
        "status": SignalStatus(signal.status).label,
        "reden": signal.status_reason,
        "zaak": zaak,
    }


# What this app adds to the AVG inzage document (collected by wijkregie.oversight.inzage).
SECTIONS = {"vroegsignalen": signals_of}
