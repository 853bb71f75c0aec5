"""The letter to a resident with a signal, as a PDF from the municipality's template
(`early_warning/letters/<cbs_code>/outreach.html` when it has one, else the default): plain Dutch, only the
resident's own kinds of creditor. Made once by services.outreach.case_letters_make and kept as sent."""

from datetime import date

from django.template.loader import select_template
from django.utils import translation

from wijkregie.households.models import Resident
from wijkregie.households.selectors import postal_address

from .constants import PartnerType
from .models import SignalCase

DEFAULT_TEMPLATE = "early_warning/letters/outreach.html"
MUNICIPALITY_TEMPLATE = "early_warning/letters/{cbs_code}/outreach.html"
# How the letter names a creditor's kind to a resident.
PLAIN_KINDS = {
    PartnerType.RENT: "uw huur",
    PartnerType.MORTGAGE: "uw hypotheek",
    PartnerType.ENERGY: "uw energierekening",
    PartnerType.WATER: "uw waterrekening",
    PartnerType.HEALTH: "uw zorgverzekering",
    PartnerType.CAK_INSURANCE: "uw zorgverzekering (CAK)",
    PartnerType.CAK_CONTRIBUTION: "uw eigen bijdrage (CAK)",
    PartnerType.DUO: "uw studieschuld (DUO)",
    PartnerType.TAX: "uw belastingen",
    PartnerType.BENEFITS: "uw toeslagen",
    PartnerType.OTHER: "een vaste rekening",
}


def outreach_html(case: SignalCase, resident: Resident, kinds: list[str], sent_on: date) -> str:
    municipality = case.municipality
    context = {
        "case": case,
        "resident": resident,
        "address": postal_address(resident),
        "kinds": [PLAIN_KINDS.get(PartnerType(kind), "een vaste rekening") for kind in kinds],
        "team": case.team,
        "municipality": municipality,
        "sent_on": sent_on,
    }
    template = select_template(
        [MUNICIPALITY_TEMPLATE.format(cbs_code=municipality.cbs_code), DEFAULT_TEMPLATE]
    )
    with translation.override("nl"):
        return template.render(context)


def outreach_pdf(case: SignalCase, resident: Resident, kinds: list[str], sent_on: date) -> bytes:
    import weasyprint  # here, not at module level: the app runs without Pango

    pdf: bytes = weasyprint.HTML(string=outreach_html(case, resident, kinds, sent_on)).write_pdf()
    return pdf
