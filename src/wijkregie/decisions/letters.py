"""The beschikking letter as PDF. (First version: the full template per municipality follows.)"""

from django.template.loader import render_to_string

from .models import Beschikking


def beschikking_html(beschikking: Beschikking) -> str:
    return render_to_string("decisions/letters/beschikking.html", {"beschikking": beschikking})


def beschikking_pdf(beschikking: Beschikking) -> bytes:
    import weasyprint  # here, not at module level: the app runs without Pango

    pdf: bytes = weasyprint.HTML(string=beschikking_html(beschikking)).write_pdf()
    return pdf
