"""The resident's maatwerk requests for the AVG inzage document: the request, the omgekeerde toets as
recorded, the decision, the beschikking (without the letter itself, which the resident received) and any
bezwaar and beroep. Staff appear by name, as in the rest of the document. Three queries in all."""

from typing import Any

from django.db.models import Prefetch

from wijkregie.households.inzage import iso, staff_name
from wijkregie.households.models import Resident

from .models import MaatwerkRequest, Objection


def _objection(o: Objection) -> dict[str, Any]:
    return {
        "ontvangen_op": iso(o.received_on),
        "hoorzitting_op": iso(o.hearing_on),
        "uitkomst": o.get_outcome_display() if o.outcome else None,
        "beslist_op": iso(o.decided_on),
        "motivering": o.motivation,
        "beroep_ingesteld_op": iso(o.appeal_filed_on),
        "uitspraak_beroep": o.get_appeal_outcome_display() if o.appeal_outcome else None,
        "uitspraak_op": iso(o.appeal_decided_on),
    }


def requests_of(resident: Resident) -> list[dict[str, Any]]:
    requests = (
        MaatwerkRequest.objects.filter(resident=resident)
        .select_related("provision", "reverse_test__decided_by", "reverse_test__approved_by", "beschikking")
        .prefetch_related(
            Prefetch("beschikking__objections", queryset=Objection.objects.order_by("received_on", "pk"))
        )
        .defer("beschikking__letter")
        .order_by("received_on", "pk")
    )
    return [_request(r) for r in requests]


def _request(r: MaatwerkRequest) -> dict[str, Any]:
    test = getattr(r, "reverse_test", None)
    beschikking = getattr(r, "beschikking", None)
    return {
        "voorziening": r.provision.name,
        "wet": r.get_law_display(),
        "ontvangen_op": iso(r.received_on),
        "status": r.get_status_display(),
        "ingetrokken_op": iso(r.withdrawn_on),
        "omgekeerde_toets": None
        if test is None
        else {
            "vraag_en_situatie": test.question_situation,
            "nodig_resultaat": test.needed_outcome,
            "eigen_kracht_netwerk_algemeen": test.own_strength_network_general,
            "waarom_niet_genoeg": test.why_not_enough,
            "wat_de_wet_beoogt": test.law_intent,
            "regels": test.rules,
            "afwijking": test.deviation_motivation,
            "uitkomst": test.get_outcome_display() if test.outcome else None,
            "besloten_op": iso(test.decided_on),
            "besloten_door": staff_name(test.decided_by),
            "goedgekeurd_door": staff_name(test.approved_by),
        },
        "beschikking": None
        if beschikking is None
        else {
            "kenmerk": beschikking.reference,
            "ingangsdatum": iso(beschikking.start_date),
            "einddatum": iso(beschikking.end_date),
            "omvang": beschikking.volume,
            "budget_in_eurocent": beschikking.budget_cents,
            "motivering": beschikking.motivation,
            "ondertekend_op": iso(beschikking.signed_on),
            "bezwaren": [_objection(o) for o in beschikking.objections.all()],
        },
    }


# What this app adds to the AVG inzage document (collected by wijkregie.oversight.inzage).
SECTIONS = {"maatwerk": requests_of}
