"""The confirmation of receipt of a melding (Wmo 2015 art. 2.3.2 lid 1), as a PDF from the municipality's
template: `intake/letters/<cbs_code>/receipt.html` when it has one, else the default. Made once by
services.melding_receipt_make and kept as sent."""

from typing import Any

from django.template.loader import select_template
from django.utils import translation

from wijkregie.households.selectors import postal_address

from .constants import Law
from .models import Melding

DEFAULT_TEMPLATE = "intake/letters/receipt.html"
MUNICIPALITY_TEMPLATE = "intake/letters/{cbs_code}/receipt.html"


def receipt_context(melding: Melding, sent_on: Any) -> dict[str, Any]:
    resident = melding.resident
    return {
        "melding": melding,
        "municipality": melding.household.municipality,
        "resident": resident,
        "address": postal_address(resident),
        "team": melding.team,
        "sent_on": sent_on,
        "wmo": Law.WMO in (melding.laws or []),
    }


def receipt_html(melding: Melding, sent_on: Any) -> str:
    context = receipt_context(melding, sent_on)
    template = select_template(
        [MUNICIPALITY_TEMPLATE.format(cbs_code=context["municipality"].cbs_code), DEFAULT_TEMPLATE]
    )
    with translation.override("nl"):
        return template.render(context)


def receipt_pdf(melding: Melding, sent_on: Any) -> bytes:
    import weasyprint  # here, not at module level: the app runs without Pango

    pdf: bytes = weasyprint.HTML(string=receipt_html(melding, sent_on)).write_pdf()
    return pdf
