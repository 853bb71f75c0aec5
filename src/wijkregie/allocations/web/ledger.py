"""The cost ledger, invoice imports and the contract review, for the contractmanager and beleid of a
municipality (beleid reads only, without small cells). Thin: forms check the shape, the service reads in
files, the selectors aggregate; everyone else gets 404."""

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods

from wijkregie.accounts.requests import StaffRequest
from wijkregie.core.forms import StyledForm
from wijkregie.core.htmx import render_page

from ..selectors import ledger as selectors
from ..selectors.ledger import LedgerAccess, Per
from ..services import ledger as services

MAX_UPLOAD = 10 * 1024 * 1024
YEARS_BACK = 5


def year_choices() -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    return [(str(y), str(y)) for y in range(this_year + 1, this_year - YEARS_BACK - 1, -1)]


class LedgerForm(StyledForm):
    jaar = forms.TypedChoiceField(
        label="Jaar",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Kies een jaar uit de lijst."},
    )
    per = forms.ChoiceField(
        label="Verdeeld per",
        choices=Per.choices,
        required=False,
        error_messages={"invalid_choice": "Kies wet, product, aanbieder of wijk."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = year_choices()  # type: ignore[attr-defined]


class InvoiceImportForm(StyledForm):
    bestand = forms.FileField(
        label="Declaratiebestand (CSV)",
        error_messages={"required": "Kies een bestand.", "empty": "Het bestand is leeg."},
    )


@login_required
@require_GET
def ledger(request: HttpRequest) -> HttpResponse:
    access = LedgerAccess(request.user)
    municipality = access.municipality_or_404()
    year, per = timezone.localdate().year, Per.LAW.value
    form = LedgerForm(request.GET or None, initial={"jaar": str(year), "per": per})
    if form.is_bound and form.is_valid():
        year, per = form.cleaned_data["jaar"] or year, form.cleaned_data["per"] or per
    context = {
        "form": form,
        "ledger": selectors.ledger(municipality, year, per, suppress=access.suppress_small),
        "may_import": access.may_import(municipality),
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render_page(request, "allocations/ledger.html", "allocations/ledger_results.html", context, status)


@login_required
@require_http_methods(["GET", "POST"])
def invoice_import(request: StaffRequest) -> HttpResponse:
    municipality = LedgerAccess(request.user).import_municipality_or_404()
    posted = request.method == "POST"
    form = InvoiceImportForm(request.POST if posted else None, request.FILES if posted else None)
    file_errors: list[str] = []
    if posted and form.is_valid():
        upload = form.cleaned_data["bestand"]
        if upload.size > MAX_UPLOAD:
            file_errors = ["Het bestand is groter dan 10 MB."]
        else:
            try:
                result = services.invoice_import(
                    acting_user=request.user,
                    municipality=municipality,
                    content=upload.read(),
                    filename=upload.name,
                )
            except ValidationError as error:
                file_errors = error.message_dict.get("file", error.messages)
            else:
                if result.repeated:
                    when = date_format(timezone.localtime(result.invoice_import.created_at), "j F Y")
                    messages.info(request, f"Dit bestand is al ingelezen op {when}. Er is niets veranderd.")
                else:
                    messages.success(
                        request,
                        f"Declaratie ingelezen: {result.booked} regels geboekt, {result.flagged} gemarkeerd.",
                    )
                return redirect("allocations:invoice_import_detail", import_uuid=result.invoice_import.uuid)
    return render(
        request,
        "allocations/ledger_import.html",
        {
            "form": form,
            "file_errors": file_errors,
            "columns": services.COLUMNS,
            "imports": selectors.invoice_imports(municipality),
        },
        status=400 if file_errors or (posted and form.errors) else 200,
    )


@login_required
@require_GET
def invoice_import_detail(request: HttpRequest, import_uuid: UUID) -> HttpResponse:
    municipality = LedgerAccess(request.user).import_municipality_or_404()
    detail = selectors.invoice_import_detail(municipality, import_uuid)
    return render(
        request,
        "allocations/ledger_import_detail.html",
        {"detail": detail, "shown": selectors.FLAGGED_SHOWN},
    )


@login_required
@require_GET
def contract_review(request: HttpRequest) -> HttpResponse:
    access = LedgerAccess(request.user)
    municipality = access.municipality_or_404()
    review = selectors.contract_review(municipality, suppress=access.suppress_small)
    return render(request, "allocations/contract_review.html", {"review": review})
