"""The written report of the onderzoek for the resident (Wmo 2015 art. 2.3.2 lid 8), as a PDF from the
municipality's template: `assessment/letters/<cbs_code>/report.html` when it has one, else the default. It
says what was discussed in the words on record (the household's story and wishes, each member's situation
per life domain with its level); made once by services.report_letter_make and kept as sent."""

from typing import Any

from django.template.loader import select_template
from django.utils import translation

DEFAULT_TEMPLATE = "assessment/letters/report.html"
MUNICIPALITY_TEMPLATE = "assessment/letters/{cbs_code}/report.html"


def report_html(context: dict[str, Any]) -> str:
    """The letter for the values services.report_letter_make gathers (report, municipality, addressee, the
    members' scores and level labels)."""
    template = select_template(
        [MUNICIPALITY_TEMPLATE.format(cbs_code=context["municipality"].cbs_code), DEFAULT_TEMPLATE]
    )
    with translation.override("nl"):
        return template.render(context)


def report_pdf(context: dict[str, Any]) -> bytes:
    import weasyprint  # here, not at module level: the app runs without Pango

    pdf: bytes = weasyprint.HTML(string=report_html(context)).write_pdf()
    return pdf
