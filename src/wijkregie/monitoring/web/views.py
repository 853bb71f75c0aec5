"""The steering pages (SteeringPolicy; 404 otherwise). Thin: the form checks the choice, the selector reads
the store. Like the other steering pages they write no audit row on reading, as they show no person; the
refresh they can start is a change and is audited."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from wijkregie.accounts.requests import StaffRequest
from wijkregie.audit.constants import Channel
from wijkregie.core.forms import StyledForm
from wijkregie.core.htmx import render_page
from wijkregie.core.spreadsheet import csv_bytes, xlsx_bytes
from wijkregie.provisions.constants import ProvisionLaw

from .. import services
from ..policies import SteeringPolicy
from ..selectors import CostPerClient, Per, cost_per_client, cost_table

YEARS_BACK = 5
CHOOSE = "Kies uit de lijst."
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class CostForm(StyledForm):
    jaar = forms.TypedChoiceField(
        label="Jaar", coerce=int, required=False, empty_value=None, error_messages={"invalid_choice": CHOOSE}
    )
    wet = forms.ChoiceField(
        label="Wet",
        choices=[("", "Alle wetten"), (ProvisionLaw.WMO, "Wmo 2015"), (ProvisionLaw.YOUTH, "Jeugdwet")],
        required=False,
        error_messages={"invalid_choice": CHOOSE},
    )
    per = forms.ChoiceField(
        label="Verdeeld per", choices=Per.choices, required=False, error_messages={"invalid_choice": CHOOSE}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        years = range(this_year, this_year - YEARS_BACK - 1, -1)
        self.fields["jaar"].choices = [(str(y), str(y)) for y in years]  # type: ignore[attr-defined]


def _answer(request: HttpRequest) -> tuple[CostForm, CostPerClient, bool]:
    municipality = SteeringPolicy(request.user).municipality_or_404()
    year, law, per = timezone.localdate().year, "", Per.LAW.value
    form = CostForm(request.GET or None, initial={"jaar": str(year), "per": per})
    valid = not form.is_bound or form.is_valid()
    if form.is_bound and valid:
        data = form.cleaned_data
        year, law, per = data["jaar"] or year, data["wet"] or "", data["per"] or per
    return form, cost_per_client(municipality, year, law=law, per=per), valid


@login_required
@require_GET
def cost_page(request: HttpRequest) -> HttpResponse:
    form, answer, valid = _answer(request)
    context = {"form": form, "answer": answer, "query": request.GET.urlencode()}
    return render_page(
        request, "monitoring/cost.html", "monitoring/cost_results.html", context, 200 if valid else 400
    )


@login_required
@require_GET
def cost_export(request: HttpRequest, file_format: str) -> HttpResponse:
    if file_format not in FORMATS:
        raise Http404
    _form, answer, valid = _answer(request)
    if not valid:
        text = "Kies een jaar, een wet en een verdeling uit de lijsten op de pagina."
        return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")
    rows = cost_table(answer)
    data = csv_bytes(rows) if file_format == "csv" else xlsx_bytes("Kosten per cliënt", rows)
    response = HttpResponse(data, content_type=FORMATS[file_format])
    name = f"kosten-per-client-{answer.municipality.cbs_code}-{answer.year}-{answer.per}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


@login_required
@require_POST
def refresh(request: StaffRequest) -> HttpResponse:
    municipality = SteeringPolicy(request.user).municipality_or_404()
    done = services.store_refresh(acting_user=request.user, municipality=municipality, channel=Channel.WEB)
    messages.success(request, f"De sturingsgegevens zijn bijgewerkt: {done.summary()}.")
    return redirect("monitoring:cost")
